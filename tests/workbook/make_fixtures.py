#!/usr/bin/python3
"""Writes the workbooks the workbook-reading tests score (tests/golden/workbook-*).

Each is written part by part, so that every kind of cell a spreadsheet
stores stands in it exactly: shared and inline strings, numbers as Excel
writes them (0.89999999999999991 for a ratio shown as 90%), percent, date
and zero-padded code formats, booleans, cached and missing formula
values, error values, merged header cells, hidden and empty rows, the
_xHHHH_ escape. Run: tests/workbook/make_fixtures.py DIR
"""
import os
import sys
import zipfile
from xml.sax.saxutils import escape

NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'


def package(path, sheets, shared, styles_xml, extra=None, date1904=False, order=None):
    """sheets: [(name, sheet_xml, state)]"""
    parts = {}
    ct = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
          '<Default Extension="xml" ContentType="application/xml"/>',
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    for i, _ in enumerate(sheets):
        ct.append('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (i + 1))
    ct.append('</Types>')
    parts['[Content_Types].xml'] = ''.join(ct)
    parts['_rels/.rels'] = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                            '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % RNS)
    wb = ['<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="%s" xmlns:r="%s">' % (NS, RNS)]
    wb.append('<workbookPr%s/><sheets>' % (' date1904="1"' if date1904 else ''))
    rels = ['<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    for i, (name, xml, state) in enumerate(sheets):
        wb.append('<sheet name="%s" sheetId="%d" r:id="rId%d"%s/>' % (escape(name), i + 1, i + 1, ' state="%s"' % state if state else ''))
        rels.append('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, RNS, i + 1))
        parts['xl/worksheets/sheet%d.xml' % (i + 1)] = xml
    n = len(sheets)
    rels.append('<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>' % (n + 1, RNS))
    rels.append('<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>' % (n + 2, RNS))
    rels.append('</Relationships>')
    wb.append('</sheets></workbook>')
    parts['xl/workbook.xml'] = ''.join(wb)
    parts['xl/_rels/workbook.xml.rels'] = ''.join(rels)
    sst = ['<?xml version="1.0" encoding="UTF-8"?><sst xmlns="%s" count="%d" uniqueCount="%d">' % (NS, len(shared), len(shared))]
    for s in shared:
        sst.append(s if s.startswith('<si>') else '<si><t xml:space="preserve">%s</t></si>' % escape(s))
    sst.append('</sst>')
    parts['xl/sharedStrings.xml'] = ''.join(sst)
    parts['xl/styles.xml'] = styles_xml
    if extra:
        parts.update(extra)
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name in (order or parts):
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), parts[name], zipfile.ZIP_DEFLATED)


# Styles: 0 general, 1 percent (id 10), 2 date (id 14), 3 custom 000000,
# 4 custom yyyy"年"m"月"d"日", 5 custom 0.0%, 6 datetime (id 22)
STYLES = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="%s">'
          '<numFmts count="2"><numFmt numFmtId="164" formatCode="000000"/>'
          '<numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
          '<numFmt numFmtId="166" formatCode="0.0%%;[Red]\\-0.0%%"/></numFmts>'
          '<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="14"/><xf numFmtId="164"/>'
          '<xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="22"/></cellXfs></styleSheet>' % NS)


def cell(ref, kind, value=None, style=0, formula=None):
    s = ' s="%d"' % style if style else ''
    f = '<f>%s</f>' % escape(formula) if formula else ''
    if kind == 's':
        return '<c r="%s" t="s"%s>%s<v>%d</v></c>' % (ref, s, f, value)
    if kind == 'inline':
        return '<c r="%s" t="inlineStr"%s><is><t>%s</t></is></c>' % (ref, s, escape(value))
    if kind == 'rich':
        return '<c r="%s" t="inlineStr"%s><is>%s</is></c>' % (ref, s, value)
    if kind == 'b':
        return '<c r="%s" t="b"%s>%s<v>%s</v></c>' % (ref, s, f, value)
    if kind == 'e':
        return '<c r="%s" t="e"%s>%s<v>%s</v></c>' % (ref, s, f, value)
    if kind == 'str':
        return '<c r="%s" t="str"%s>%s<v>%s</v></c>' % (ref, s, f, escape(value))
    if kind == 'nocache':
        return '<c r="%s"%s>%s</c>' % (ref, s, f)
    return '<c r="%s"%s>%s<v>%s</v></c>' % (ref, s, f, value)


def sheet(rows, merges=(), hidden=()):
    out = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="%s" xmlns:r="%s"><sheetData>' % (NS, RNS)]
    for r, cells in rows:
        out.append('<row r="%d"%s>%s</row>' % (r, ' hidden="1"' if r in hidden else '', ''.join(cells)))
    out.append('</sheetData>')
    if merges:
        out.append('<mergeCells count="%d">%s</mergeCells>' % (len(merges), ''.join('<mergeCell ref="%s"/>' % m for m in merges)))
    out.append('</worksheet>')
    return ''.join(out)


def readme_cells(d):
    """The readme example's facts as a form holds them: a title, a header
    over two rows with merged cells, percents as percents, yes/no as text
    and as booleans, a cached formula, a hidden row and an empty one."""
    shared = ['2024年 部门整体支出绩效评价 数据', '单位', '资金', '实际支出', '到位资金', '三公控制率', '满意度',
              '制度', '有制度', '制度执行', '有转移支付', '违规例数', '下达得分', '卫健局', '财政局', '教育局', '是', '否']
    S = {s: i for i, s in enumerate(shared)}
    rows = [
        (1, [cell('A1', 's', S['2024年 部门整体支出绩效评价 数据'])]),
        (3, [cell('A3', 's', S['单位']), cell('B3', 's', S['资金']), cell('D3', 's', S['三公控制率']),
             cell('E3', 's', S['满意度']), cell('F3', 's', S['制度']), cell('H3', 's', S['有转移支付']),
             cell('I3', 's', S['违规例数']), cell('J3', 's', S['下达得分'])]),
        (4, [cell('B4', 's', S['实际支出']), cell('C4', 's', S['到位资金']), cell('F4', 's', S['有制度']),
             cell('G4', 's', S['制度执行'])]),
        (5, [cell('A5', 's', S['卫健局']), cell('B5', 'n', '1427.9100000000001'), cell('C5', 'n', '1753.45'),
             cell('D5', 'n', '1', 1), cell('E5', 'n', '0.93679999999999997', 1), cell('F5', 'b', '1'),
             cell('G5', 's', S['是']), cell('H5', 'b', '0'), cell('I5', 'n', '0')]),
        (7, [cell('A7', 'inline', '财政局'), cell('B7', 'n', '980', 0, 'C7*0.98'), cell('C7', 'n', '1000'),
             cell('D7', 'n', '1.0249999999999999', 1), cell('E7', 'n', '0.89999999999999991', 1),
             cell('F7', 's', S['是']), cell('G7', 's', S['否']), cell('H7', 's', S['是']), cell('I7', 'n', '0'),
             cell('J7', 'n', '1.5')]),
        (8, [cell('A8', 'rich', '<r><t>教育</t></r><r><rPr><b/></rPr><t>局</t></r><rPh sb="0" eb="2"><t>jiaoyu</t></rPh>'),
             cell('B8', 'n', '500'), cell('C8', 'n', '1000'), cell('D8', 'n', '0.99', 1),
             cell('E8', 'n', '0.89990000000000003', 1), cell('F8', 's', S['是']), cell('G8', 's', S['是']),
             cell('H8', 's', S['是']), cell('I8', 'n', '1'), cell('J8', 'n', '2')]),
    ]
    package(os.path.join(d, 'readme.xlsx'), [('填报', sheet(rows, ['A1:J1', 'A3:A4', 'B3:C3', 'D3:D4', 'E3:E4', 'F3:G3', 'H3:H4', 'I3:I4', 'J3:J4'], hidden=[8]), None)],
            shared, STYLES)


def kinds(d):
    """One row for each way a cell can fail, and the formats."""
    shared = ['单位', '编码', '下达日期', '实际支出', '到位资金', '满意度', '有制度', '备注',
              '甲', '乙', '丙', '丁', '戊', '己', '庚', '辛']
    S = {s: i for i, s in enumerate(shared)}
    hdr = (1, [cell('A1', 's', S['单位']), cell('B1', 's', S['编码']), cell('C1', 's', S['下达日期']),
               cell('D1', 's', S['实际支出']), cell('E1', 's', S['到位资金']), cell('F1', 's', S['满意度']),
               cell('G1', 's', S['有制度']), cell('H1', 's', S['备注'])])

    def row(r, name, *cells):
        return (r, [cell('A%d' % r, 's', S[name])] + list(cells))
    rows = [hdr,
            # 1023 shown as 001023; a date serial; 90% stored as a binary double
            row(2, '甲', cell('B2', 'n', '1023', 3), cell('C2', 'n', '45107', 2), cell('D2', 'n', '90'),
                cell('E2', 'n', '100'), cell('F2', 'n', '0.89999999999999991'), cell('G2', 'b', '1'),
                cell('H2', 'inline', 'line_x000D_break and _x005F_x0041_ kept')),
            # a custom Chinese date format; a percent in a custom format; 0.1+0.2
            row(3, '乙', cell('B3', 'n', '7', 3), cell('C3', 'n', '45108', 4), cell('D3', 'n', '0.30000000000000004'),
                cell('E3', 'n', '1'), cell('F3', 'n', '0.85', 5), cell('G3', 's', S['甲'] if False else S['单位']) if False else cell('G3', 'str', 'TRUE', 0, 'TRUE()')),
            # an error value in a column the policy reads
            row(4, '丙', cell('B4', 'n', '8', 3), cell('C4', 'n', '45107', 2), cell('D4', 'e', '#DIV/0!', 0, '1/0'),
                cell('E4', 'n', '100'), cell('F4', 'n', '0.9', 1), cell('G4', 'b', '0')),
            # a formula saved without its value
            row(5, '丁', cell('B5', 'n', '9', 3), cell('C5', 'n', '45107', 2), cell('D5', 'nocache', None, 0, 'E5*0.9'),
                cell('E5', 'n', '100'), cell('F5', 'n', '0.9', 1), cell('G5', 'b', '1')),
            # an error value where no input reads: scored
            row(6, '戊', cell('B6', 'n', '10', 3), cell('C6', 'n', '45107.75', 6), cell('D6', 'n', '1E2'),
                cell('E6', 'n', '1.0E+2'), cell('F6', 'n', '9.9999999999999995E-1', 1), cell('G6', 'b', '1'),
                cell('H6', 'e', '#N/A')),
            # a text that is no number, and a date of the 29 February 1900 that never was
            row(7, '己', cell('B7', 'n', '11', 3), cell('C7', 'n', '60', 2), cell('D7', 'inline', '九十'),
                cell('E7', 'n', '100'), cell('F7', 'n', '0.9', 1), cell('G7', 'b', '1')),
            ]
    # rows 9-10 merge the id: row 10's id stands in row 9 only
    rows.append(row(9, '庚', cell('B9', 'n', '12', 3), cell('C9', 'n', '45107', 2), cell('D9', 'n', '50'),
                    cell('E9', 'n', '100'), cell('F9', 'n', '0.9', 1), cell('G9', 'b', '1')))
    rows.append((10, [cell('B10', 'n', '13', 3), cell('C10', 'n', '45107', 2), cell('D10', 'n', '60'),
                      cell('E10', 'n', '100'), cell('F10', 'n', '0.9', 1), cell('G10', 'b', '1')]))
    rows.append((11, [cell('A11', 'inline', '   ')]))  # only spaces: an empty row
    rows.append(row(12, '辛', cell('B12', 'n', '14', 3), cell('C12', 'n', '45107', 2), cell('D12', 'n', '-0'),
                    cell('E12', 'n', '100'), cell('F12', 'n', '1', 1), cell('G12', 'b', '1')))
    package(os.path.join(d, 'kinds.xlsx'), [('说明', sheet([(1, [cell('A1', 'inline', '填报说明')])]), None),
                                            ('数据', sheet(rows, ['A9:A10']), None)], shared, STYLES)
    package(os.path.join(d, 'kinds1904.xlsx'), [('数据', sheet([hdr, rows[1]]), None)], shared, STYLES, date1904=True)


def hostile(d):
    """Workbooks that must be refused with a message."""
    shared = ['单位']
    ok = sheet([(1, [cell('A1', 's', 0)])])
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            '<sst xmlns="%s"><si><t>&lol2;</t></si></sst>' % NS)
    package(os.path.join(d, 'entities.xlsx'), [('a', ok, None)], shared, STYLES, extra={'xl/sharedStrings.xml': bomb})
    package(os.path.join(d, 'badxml.xlsx'), [('a', '<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1"><v>1</v></row>' % NS, None)], shared, STYLES)
    package(os.path.join(d, 'outoforder.xlsx'), [('a', sheet([(2, [cell('A2', 'n', '1')]), (1, [cell('A1', 'n', '1')])]), None)], shared, STYLES)
    package(os.path.join(d, 'hiddenonly.xlsx'), [('a', ok, 'hidden')], shared, STYLES)
    # a sheet that inflates far beyond its size: refused by its limit only when asked
    # more merged ranges over one row than a form has: refused, not crawled through
    def col(i):
        r = ''
        i += 1
        while i:
            i, k = divmod(i - 1, 26)
            r = chr(65 + k) + r
        return r
    merges = ['%s1:%s3' % (col(i), col(i)) for i in range(1001)]
    package(os.path.join(d, 'manymerges.xlsx'), [('a', sheet([(1, [cell('A1', 's', 0)])], merges), None)], shared, STYLES)
    # a row of more cells than a sheet has columns (all at one place): refused, memory bounded
    package(os.path.join(d, 'manycells.xlsx'), [('a', sheet([(1, [cell('A1', 's', 0)]), (2, ['<c r="B2"/>'] * 20000)]), None)],
            shared, STYLES)
    # an OpenDocument spreadsheet: a zip, but not a workbook of Excel's
    with zipfile.ZipFile(os.path.join(d, 'opendocument.ods'), 'w') as z:
        z.writestr(zipfile.ZipInfo('mimetype', (2024, 1, 1, 0, 0, 0)), 'application/vnd.oasis.opendocument.spreadsheet')
        z.writestr(zipfile.ZipInfo('content.xml', (2024, 1, 1, 0, 0, 0)), '<office:document-content/>')
    with open(os.path.join(d, 'notzip.xlsx'), 'wb') as f:
        f.write(b'PK\x03\x04 this is no zip at all')
    ole = bytearray(b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 504)
    with open(os.path.join(d, 'legacy.xls'), 'wb') as f:
        f.write(ole + b'W\0o\0r\0k\0b\0o\0o\0k\0' + b'\0' * 512)
    with open(os.path.join(d, 'encrypted.xlsx'), 'wb') as f:
        f.write(ole + 'EncryptedPackage'.encode('utf-16-le') + b'\0' * 512)


def odd_parts(d):
    """Workbooks as other writers save them: parts named by absolute and
    relative paths, cells without references, ISO dates, escapes of
    characters outside the BMP; and each odd part refused by name."""
    shared = ['单位', '日期', '分', '甲', '乙', '丙', '丁']
    S = {s: i for i, s in enumerate(shared)}
    hdr = (1, ['<c t="s"><v>0</v></c>', '<c t="s"><v>1</v></c>', '<c t="s"><v>2</v></c>'])
    rows = [hdr,
            # no r on the cells: each stands after the one before it
            (2, ['<c t="s"><v>3</v></c>', '<c t="d"><v>2023-06-30T00:00:00</v></c>', '<c><v>5</v></c>']),
            (3, [cell('A3', 'inline', 'x_xD83D__xDE00_y'), '<c r="B3" t="d"><v>2023-06-30</v></c>', '<c r="C3" t="x"><v>6</v></c>']),
            (4, [cell('A4', 'inline', '_xD800_z_x0000__x00E9__xD83D__x0041_'), '<c r="B4" t="d"><v>2023-07-01T00:00</v></c>',
                 '<c r="C4" t="bx"><v>7</v></c>']),
            (5, [cell('A5', 'inline', '_xZZZZ__x41_'), cell('B5', 'n', '45107', 2), '<c r="C5" t="dx"><v>8</v></c>']),
            ]
    pkg_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId9" Type="%s/extended-properties"/>'
                '<Relationship Id="rId8" Type="%s/hyperlink" Target="https://example.com/" TargetMode="External"/>'
                '<Relationship Id="rId1" Type="%s/officeDocument" Target="/xl/./workbook.xml"/></Relationships>' % (RNS, RNS, RNS))
    book = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="%s" xmlns:r="%s"><workbookPr date1904="false"/><sheets>'
            '<sheet name="无编号"/><sheet name="数据" sheetId="1" state="visible" r:id="rId1"/></sheets></workbook>' % (NS, RNS))
    book_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="%s/worksheet" Target="./worksheets/../worksheets/sheet1.xml"/>'
                 '<Relationship Id="rId2" Type="%s/sharedStrings" Target="/xl/sharedStrings.xml"/>'
                 '<Relationship Id="rId3" Type="%s/sharedStrings" Target="missing.xml"/>'
                 '<Relationship Id="rId4" Type="%s/styles" Target="../xl/styles.xml"/>'
                 '<Relationship Id="rId5" Type="%s/styles" Target="missing.xml"/></Relationships>' % (RNS, RNS, RNS, RNS, RNS))
    package(os.path.join(d, 'paths.xlsx'), [('数据', sheet(rows), None)], shared, STYLES,
            extra={'_rels/.rels': pkg_rels, 'xl/workbook.xml': book, 'xl/_rels/workbook.xml.rels': book_rels})
    # a date with a time of day, an error value, a shared string the workbook lacks
    package(os.path.join(d, 'times.xlsx'), [('数据', sheet([hdr,
            (2, [cell('A2', 's', S['甲']), '<c r="B2" t="d"><v>2023-06-30T12:30:00</v></c>', cell('C2', 'n', '5')]),
            (3, [cell('A3', 's', S['乙']), cell('B3', 'n', '45107', 2), cell('C3', 'e', '#REF!')]),
            (4, [cell('A4', 's', S['丙']), cell('B4', 'n', '45107', 2), cell('C4', 's', 99)]),
            (5, [cell('A5', 's', S['丁']), cell('B5', 'n', '45107', 2), '<c r="C5" t="s"><v>x</v></c>'])]), None)], shared, STYLES)
    ok = [hdr, (2, [cell('A2', 's', S['甲']), cell('B2', 'n', '45107', 2), cell('C2', 'n', '5')])]
    # a cell beyond the last column, a cell whose reference names another row
    package(os.path.join(d, 'beyond.xlsx'), [('数据', sheet(ok + [(3, [cell('XFE3', 'n', '1')])]), None)], shared, STYLES)
    package(os.path.join(d, 'otherrow.xlsx'), [('数据', sheet(ok + [(3, [cell('A4', 'n', '1')])]), None)], shared, STYLES)
    package(os.path.join(d, 'rowzero.xlsx'), [('数据', sheet(ok).replace('<row r="2"', '<row r="0"'), None)], shared, STYLES)
    # the first visible sheet a chart; a sheet the relationships do not place
    chart_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="%s/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>' % RNS)
    package(os.path.join(d, 'chart.xlsx'), [('图表', sheet(ok), None)], shared, STYLES,
            extra={'xl/_rels/workbook.xml.rels': chart_rels})
    package(os.path.join(d, 'unplaced.xlsx'), [('数据', sheet(ok), None)], shared, STYLES,
            extra={'xl/_rels/workbook.xml.rels': chart_rels.replace('rId1', 'rId7')})
    # a sheet with no rows at all
    package(os.path.join(d, 'norows.xlsx'), [('数据', sheet([]), None)], shared, STYLES)


def by_openpyxl(d, csv_path, name):
    """A second writer: openpyxl, as a script fills a workbook (numbers as
    numbers, percents as fractions in percent cells)."""
    import csv
    import decimal
    import openpyxl
    rows = list(csv.reader(open(csv_path, encoding='utf-8-sig')))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = 'Sheet1'
    ws.append(rows[0])
    for r, row in enumerate(rows[1:], start=2):
        for c, t in enumerate(row, start=1):
            cell = ws.cell(r, c)
            try:
                if t.endswith('%'):
                    cell.value = decimal.Decimal(t[:-1]) / 100
                    cell.number_format = '0.00%'
                elif t and not (t.startswith('0') and len(t) > 1 and t[1] != '.'):
                    cell.value = decimal.Decimal(t)
                else:
                    cell.value = t or None
            except decimal.InvalidOperation:
                cell.value = t
    wb.properties.created = wb.properties.modified = __import__('datetime').datetime(2024, 1, 1)
    wb.save(os.path.join(d, name))


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else '.'
    readme_cells(out)
    kinds(out)
    hostile(out)
    odd_parts(out)
    here = os.path.dirname(os.path.abspath(__file__))
    by_openpyxl(out, os.path.join(here, '..', '..', 'examples', 'provinces', 'data.csv'), 'provinces.xlsx')
