#!/usr/bin/python3
"""The Excel loop, as an evaluator goes round it, checked end to end.

  roundtrip.py SCORE POLICY DATA.csv WORKDIR

1. score template writes the form (with the data's ids prefilled);
2. the form is filled from DATA.csv by openpyxl as a person types: numbers
   as numbers, percents as fractions in the form's percent cells, dates as
   dates, yes/no and text as text;
3. the filled form scores exactly as DATA.csv does;
4. LibreOffice opens the filled form and saves it again: still the same;
5. score -f xlsx writes the scores as a workbook, which LibreOffice turns
   into CSV: the same numbers as score's own CSV; with --explain and
   --unit-sheets, LibreOffice prints it;
6. every XML part of every workbook score wrote parses.
Exits 1 with a message at the first difference.
"""
import csv
import datetime
import decimal
import io
import os
import shutil
import subprocess
import sys
import xml.dom.minidom
import zipfile

import openpyxl

score, policy, data, work = sys.argv[1:5]
score = os.path.abspath(score)
policy = os.path.abspath(policy)
data = os.path.abspath(data)
os.makedirs(work, exist_ok=True)
os.chdir(work)
failures = []


def run(*args, stdin=None):
    p = subprocess.run([score, *args], capture_output=True, input=stdin)
    return p.returncode, p.stdout.decode('utf-8'), p.stderr.decode('utf-8')


def parts_parse(path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith('.xml') or name.endswith('.rels'):
                xml.dom.minidom.parseString(z.read(name))
    return True


def soffice(args):
    home = os.path.abspath('lo-home')
    env = dict(os.environ, HOME=home)
    subprocess.run(['soffice', '-env:UserInstallation=file://' + home, '--headless', *args], check=True,
                   capture_output=True, env=env, timeout=300)


rows = list(csv.reader(open(data, encoding='utf-8-sig')))
header, body = rows[0], rows[1:]
rc, want, err = run(policy, data)
with open('ids.txt', 'w', encoding='utf-8') as f:
    pass
rc, _, err = run('template', '-o', 'form.xlsx', policy)
assert rc == 0, err
parts_parse('form.xlsx')
form = openpyxl.load_workbook('form.xlsx')
ws = form['填报']
columns = {}
for c in range(1, ws.max_column + 1):
    name = str(ws.cell(1, c).value).split('\n')[0]
    columns[name] = c
for r, row in enumerate(body, start=2):
    for name, text in zip(header, row):
        if name not in columns or text == '':
            continue
        cell = ws.cell(r, columns[name])
        fmt = cell.number_format if cell.has_style else ws.column_dimensions[cell.column_letter].number_format
        t = text.strip()
        try:
            if t.endswith('%'):
                cell.value = decimal.Decimal(t[:-1]) / 100
                cell.number_format = '0.00%'
            elif '%' in str(fmt) and t:
                cell.value = decimal.Decimal(t)
            else:
                cell.value = int(t) if t.isdigit() and not t.startswith('0') else decimal.Decimal(t) if t.replace('.', '', 1).isdigit() and not t.startswith('0') or t.startswith('0.') else t
                cell.number_format = cell.number_format if not isinstance(cell.value, str) else '@'
        except decimal.InvalidOperation:
            cell.value = t
form.save('filled.xlsx')
rc, got, err = run(policy, 'filled.xlsx')
if got != want:
    failures.append('the filled form scores differently from %s:\n%s\n%s' % (data, want, got))

# LibreOffice opens and saves it again
os.makedirs('lo', exist_ok=True)
soffice(['--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', 'lo', 'filled.xlsx'])
rc, got, err = run(policy, 'lo/filled.xlsx')
if got != want:
    failures.append('the form saved by LibreOffice scores differently:\n%s\n%s\n%s' % (want, got, err))

# with every sheet score writes: each part parses, and LibreOffice opens it
rc, _, err = run('-e', '--unit-sheets', '-o', 'full.xlsx', policy, data)
assert os.path.exists('full.xlsx'), err
parts_parse('full.xlsx')
soffice(['--convert-to', 'pdf', '--outdir', 'lo', 'full.xlsx'])
if not os.path.getsize(os.path.join('lo', 'full.pdf')):
    failures.append('LibreOffice cannot print full.xlsx')

# the scores as a workbook, read back by LibreOffice
rc, _, err = run('-o', 'scores.xlsx', policy, data)
assert os.path.exists('scores.xlsx'), err
parts_parse('scores.xlsx')
soffice(['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', 'lo',
         'scores.xlsx'])
sheets = sorted(f for f in os.listdir('lo') if f.startswith('scores') and f.endswith('.csv'))
summary = [f for f in sheets if '汇总' in f] or sheets[:1]
got_rows = list(csv.reader(open(os.path.join('lo', summary[0]), encoding='utf-8')))
want_rows = list(csv.reader(io.StringIO(want)))
# the workbook's header is as deep as the tree; its data rows follow it;
# after the CSV's columns comes 排名, each total's place (ties share the
# better one), which is checked against the CSV's totals here
depth = len(got_rows) - len(want_rows[1:])
total_at = want_rows[0].index('total')
totals = [decimal.Decimal(w[total_at]) for w in want_rows[1:] if w[total_at] != '']
for w, g in zip(want_rows[1:], got_rows[depth:]):
    wn = [x for x in w if x != '']
    gn = [x for x in g if x != '']
    norm = lambda xs: [str(decimal.Decimal(x).normalize()) if x.replace('.', '', 1).replace('-', '', 1).isdigit() else x for x in xs]
    place = str(1 + sum(t > decimal.Decimal(w[total_at]) for t in totals)) if w[total_at] != '' else None
    if place is None or not gn or gn[-1] != place or norm(wn) != norm(gn[:-1]):
        failures.append('LibreOffice reads the scores workbook as %s where score wrote %s and place %s' % (g, w, place))
for f in failures:
    print('roundtrip:', f, file=sys.stderr)
print('roundtrip %s/%s: %s' % (os.path.basename(os.path.dirname(data)), os.path.basename(data), 'FAILED' if failures else 'ok'))
sys.exit(1 if failures else 0)
