#!/usr/bin/python3
"""Writes the printed rubric tables score init is tested on, one per seed,
each in a layout that printed reports use, from the indicator tree of the
seed's policy (the 说明 sheet of its score template form, which lists each
indicator with its 分值, 指标解释 and 评分标准 as printed):

  seed-000.csv   parents on the row of their first child, empty below it,
                 their weights written into their names: 决策（20分）
  seed-001.csv   every indicator on a row of its own, its weight beside it
                 (the form's own layout), title and notes around the table
  seed-002.csv   parents repeated on every row (a sheet's merged cells
                 exported), parents' weights not printed: added up
  seed-003.xlsx  parents in merged cells, written by openpyxl and saved
                 again by LibreOffice
  seed-004.csv   two title rows, the columns in another order (指标解释
                 first, 分值 last, headings with spaces), a 合计 row

Usage: make-tables.py SCORE OUTDIR (run by hand; its output is committed)."""
import csv, os, subprocess, sys, tempfile
import openpyxl
from openpyxl.styles import Alignment

score, outdir = sys.argv[1], sys.argv[2]
root = os.path.join(os.path.dirname(__file__), '..', '..')

def tree(policy):
    with tempfile.TemporaryDirectory() as d:
        form = os.path.join(d, 'f.xlsx')
        subprocess.run([score, 'template', '-o', form, policy], check=True)
        ws = openpyxl.load_workbook(form)['说明']
        rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == '一级指标')
    h = rows[head]
    depth = h.index('分值')
    nodes = []
    for r in rows[head + 1:]:
        if not any(r):
            break
        d = next(k for k in range(depth) if r[k])
        nodes.append(dict(depth=d + 1, name=r[d], weight=r[depth], definition=r[depth + 1] or '',
                          standard=r[depth + 2] or ''))
    for i, n in enumerate(nodes):
        n['leaf'] = i + 1 == len(nodes) or nodes[i + 1]['depth'] <= n['depth']
    return nodes, depth

def leaves_with_path(nodes):
    path = []
    for n in nodes:
        path = path[:n['depth'] - 1] + [n]
        if n['leaf']:
            yield list(path)

levels = ['一级指标', '二级指标', '三级指标', '四级指标']

def write_csv(name, rows):
    with open(os.path.join(outdir, name), 'w', newline='', encoding='utf-8') as f:
        csv.writer(f).writerows(rows)

def seed000(nodes, depth):
    rows = [levels[:depth] + ['分值', '评分标准', '指标解释']]
    seen = set()
    for path in leaves_with_path(nodes):
        leaf = path[-1]
        cells = []
        for k in range(depth):
            if k < len(path) - 1:
                p = path[k]
                cells.append('' if id(p) in seen else f"{p['name']}（{p['weight']}分）")
                seen.add(id(p))
            elif k == len(path) - 1:
                cells.append(leaf['name'])
            else:
                cells.append('')
        rows.append(cells + [leaf['weight'], leaf['standard'], leaf['definition']])
    write_csv('seed-000.csv', rows)

def seed001(nodes, depth):
    rows = [['深汕特别合作区 防疫专项资金 2020 绩效考核指标评分表'], [], levels[:depth] + ['分值', '指标解释', '评分标准']]
    for n in nodes:
        rows.append([''] * (n['depth'] - 1) + [n['name']] + [''] * (depth - n['depth']) +
                    [n['weight'], n['definition'], n['standard']])
    rows += [[], ['注：得分保留两位小数。']]
    write_csv('seed-001.csv', rows)

def seed002(nodes, depth):
    rows = [levels[:depth] + ['分值', '评分标准']]
    for path in leaves_with_path(nodes):
        leaf = path[-1]
        rows.append([p['name'] for p in path] + [''] * (depth - len(path)) + [leaf['weight'], leaf['standard']])
    write_csv('seed-002.csv', rows)

def seed003(nodes, depth):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '评分表'
    ws.append(['云溪区部门整体支出绩效评价指标体系'])
    ws.append(levels[:depth] + ['分值', '评分标准'])
    first = {}
    r = 3
    for path in leaves_with_path(nodes):
        leaf = path[-1]
        for k, p in enumerate(path):
            first.setdefault(id(p), (r, k, p))
            ws.cell(row=r, column=k + 1, value=p['name'] if first[id(p)][0] == r else None)
        ws.cell(row=r, column=depth + 1, value=leaf['weight'])
        ws.cell(row=r, column=depth + 2, value=leaf['standard'])
        r += 1
    last = {}
    r = 3
    for path in leaves_with_path(nodes):
        for p in path[:-1]:
            last[id(p)] = r
        r += 1
    for key, (row, k, p) in first.items():
        end = last.get(key, row)
        if end > row:
            ws.merge_cells(start_row=row, start_column=k + 1, end_row=end, end_column=k + 1)
            ws.cell(row=row, column=k + 1).alignment = Alignment(vertical='center')
    with tempfile.TemporaryDirectory() as d:
        made = os.path.join(d, 'seed-003.xlsx')
        wb.save(made)
        # saved again by LibreOffice, as an evaluator's Calc would
        subprocess.run(['soffice', f'-env:UserInstallation=file://{d}/lo', '--headless', '--convert-to',
                        'xlsx:Calc MS Excel 2007 XML', '--outdir', os.path.join(d, 'lo-out'), made],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.replace(os.path.join(d, 'lo-out', 'seed-003.xlsx'), os.path.join(outdir, 'seed-003.xlsx'))

def seed004(nodes, depth):
    rows = [['深圳市龙岗区部门整体支出绩效评价'], ['指标体系及评分标准'],
            ['指标解释'] + [l.replace('指标', ' 指标') for l in levels[:depth]] + ['评分标准', '分 值']]
    for n in nodes:
        rows.append([n['definition']] + [''] * (n['depth'] - 1) + [n['name']] + [''] * (depth - n['depth']) +
                    [n['standard'], n['weight']])
    rows.append(['', '合计', '', '', '', '100'][:depth + 3])
    write_csv('seed-004.csv', rows)

for seed, make in [('seed-000', seed000), ('seed-001', seed001), ('seed-002', seed002), ('seed-003', seed003),
                   ('seed-004', seed004)]:
    make(*tree(os.path.join(root, 'examples', seed, 'policy.rule')))
