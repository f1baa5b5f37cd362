/* report: the scored rows, through the output layer (write_rows.h).
 *
 * Columns: the id columns (or "row" when the policy declares none), one per
 * indicator in tree order (a not-applicable one is left empty), one per bonus
 * item, then total and grade. Every row is formatted whole before it is
 * written, so output never holds part of a row. CSV and JSON stream; a table
 * must see every row to align its columns, so it keeps them until the end. */
#ifndef SCORE_REPORT_H
#define SCORE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "outdir.h"
#include "ranking.h"
#include "program.h"
#include "write_rows.h"
#include "row.h"


typedef struct report report;

/* Does not take ownership of out. With explain, each row also carries its
 * 扣分说明 (a last column; in JSON, an "explain" array of per-leaf records). */
typedef struct report_options {
	bool explain;          /* each row's 扣分说明 (the VM must then be tracing) */
	bool unit_sheets;      /* XLSX: a 评分表 sheet per unit */
	bool signatures;       /* XLSX and HTML: lines to sign under each 评分表 */
	outdir *dir;           /* HTML as a folder (write_html.h), or NULL */
	const ranking *places; /* XLSX's 排名: every unit's total, filled before the first row (not owned), or NULL */
} report_options;

report *report_new(const prog *p, FILE *out, sheet_format fmt, const report_options *o);
void report_free(report *r);
/* A report that formats rows for another thread (CSV, JSON, JSON Lines
 * only): report_row into it, report_take what it formatted, and
 * report_write_rows that into the report that writes. */
report *report_new_part(const prog *p, sheet_format fmt, bool explain);
void report_take(report *part, strbuf *out);
void report_write_rows(report *r, const strbuf *rows, long nrows);
/* ids: the row's id values (p->nids of them), or NULL to number rows. */
void report_row(report *r, long number, const char *const *ids, const size_t *idlens, const row *v);
/* A row that could not be scored: where XLSX keeps them (its 未评分 sheet);
 * the other formats leave them to the messages on stderr. id and why are
 * text, never NULL ("" when the row has no id). */
void report_skip(report *r, long number, const char *id, const char *why);
/* Writes what is still held (the table, JSON's closing bracket); false when
 * writing failed at any point. */
bool report_finish(report *r);

#endif
