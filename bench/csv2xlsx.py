#!/usr/bin/python3
"""csv2xlsx.py IN.csv OUT.xlsx: the rows of a CSV file as one sheet of a
workbook, streamed (numbers as numbers, "95.5%" as 0.955 in a percent
cell, the rest as inline strings), for make bench's workbook reading."""
import csv
import sys
import zipfile
from xml.sax.saxutils import escape

NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
PK = 'http://schemas.openxmlformats.org/package/2006/relationships'


def col(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref, t):
    if t.endswith('%'):
        try:
            float(t[:-1])
            from decimal import Decimal
            return '<c r="%s" s="1"><v>%s</v></c>' % (ref, Decimal(t[:-1]) / 100)
        except ValueError:
            pass
    else:
        try:
            float(t)
            if t.strip() == t and t.lower() not in ('nan', 'inf', '-inf') and not (t.startswith('0') and len(t) > 1 and t[1] != '.'):
                return '<c r="%s"><v>%s</v></c>' % (ref, t)
        except ValueError:
            pass
    return '<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, escape(t))


src, dst = sys.argv[1:3]
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED, allowZip64=True) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>')
    z.writestr('_rels/.rels', '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % (PK, RNS))
    z.writestr('xl/workbook.xml', '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>' % (NS, RNS))
    z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="%s/styles" Target="styles.xml"/></Relationships>' % (PK, RNS, RNS))
    z.writestr('xl/styles.xml', '<styleSheet xmlns="%s"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="10"/></cellXfs></styleSheet>' % NS)
    with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as out:
        out.write(('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="%s"><sheetData>' % NS).encode())
        buf = []
        for r, row in enumerate(csv.reader(open(src, encoding='utf-8-sig', newline='')), start=1):
            buf.append('<row r="%d">%s</row>' % (r, ''.join(cell(col(i) + str(r), t) for i, t in enumerate(row) if t != '')))
            if len(buf) == 10000:
                out.write(''.join(buf).encode())
                buf = []
        out.write((''.join(buf) + '</sheetData></worksheet>').encode())
