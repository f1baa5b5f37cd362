/* xlsx: the scored rows as an Excel workbook (libxlsxwriter, constant
 * memory: each row is written as it comes, so a workbook of a million
 * units streams in flat memory).
 *
 * Sheets: 汇总, one row per unit under a header as deep as the indicator
 * tree (parents merged over their children, each with its 分值), then
 * 总分, 等级 and 排名; 未评分,
 * every row that could not be scored with its row number, id and reason;
 * and, when asked, one 评分表 sheet per unit in the published layout
 * (一级指标 … | 分值 | 评分标准 | 得分 | 扣分说明, a 合计 row, A4 print setup).
 * Ids are text (001023 keeps its zeros); scores are numbers shown with the
 * policy's places. An XLSX number is a binary double: each is the double
 * nearest the exact score, as typing it into Excel gives; a score that has
 * no such form (more than 15 digits, a fraction) is written as text. */
#ifndef SCORE_XLSX_H
#define SCORE_XLSX_H

#include <stdbool.h>
#include <stdio.h>

#include "program.h"
#include "ranking.h"
#include "row.h"

typedef struct xlsx xlsx;

/* Most 评分表 sheets one workbook takes (Excel slows down long before its
 * own limits). */
#define XLSX_MAX_UNIT_SHEETS 1000

/* A workbook written to out (a regular file, which must not be a pipe:
 * a zip is written with seeks); NULL when libxlsxwriter cannot start.
 * With places (not owned, filled before the first row), 汇总 has a 排名
 * column: each total's place among them, ties sharing the better one.
 * With signatures, each 评分表 ends with lines to sign. */
xlsx *xlsx_open(FILE *out, const prog *p, bool explain, bool unit_sheets, const ranking *places, bool signatures);
void xlsx_row(xlsx *x, long number, const char *const *ids, const size_t *idlens, const row *v);
/* A row that could not be scored: its number, id (may be empty), why. */
void xlsx_unscored(xlsx *x, long number, const char *id, const char *why);
/* Text as a cell shows it, within Excel's limits: a literal _xHHHH_
 * escaped, cut with a visible marker past 32,767 characters. */
void xlsx_cell_text(strbuf *out, const char *s);
/* Writes the workbook; false when it could not be written. Frees x. */
bool xlsx_close(xlsx *x);
/* After libxlsxwriter wrote a workbook to path: whether every part came out
 * whole (libxlsxwriter reads its temporary files back unchecked, so a read
 * error there would cut a part short in silence); says so on stderr. */
bool xlsx_written_whole(const char *path);

#endif
