/* report: the scored rows, as CSV, JSON or an aligned table.
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

#include "program.h"
#include "vm.h"

typedef enum report_format { REPORT_CSV, REPORT_JSON, REPORT_TABLE } report_format;

typedef struct report report;

/* Does not take ownership of out. With explain, each row also carries its
 * 扣分说明 (a last column; in JSON, an "explain" array of per-leaf records);
 * the VM must then be tracing. */
report *report_new(const prog *p, FILE *out, report_format fmt, bool explain);
void report_free(report *r);
/* ids: the row's id values (p->nids of them), or NULL to number rows. */
void report_row(report *r, long row, const char *const *ids, const size_t *idlens, const vm *v);
/* Writes what is still held (the table, JSON's closing bracket); false when
 * writing failed at any point. */
bool report_finish(report *r);

/* Appends s as one CSV field, quoted when it needs to be. */
void report_csv_field(strbuf *sb, const char *s, size_t n);

#endif
