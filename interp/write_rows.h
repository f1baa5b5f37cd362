/* sheet: the one output layer. Rows of named columns, written as CSV, JSON
 * or an aligned table, for every command that prints rows (run, diff).
 *
 * CSV quotes a field only when it must; JSON writes one object per row, with
 * a numeric column's numbers bare (a fraction such as 1/3 stays a string);
 * a table aligns its columns for a terminal, Chinese characters counting two
 * wide, numbers to the right, and so keeps its rows until sheet_finish. Every
 * row is formatted whole before it is written: output never holds part of
 * one. */
#ifndef SCORE_SHEET_H
#define SCORE_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "decimal.h"
#include "strbuf.h"

/* In score.h's order (score_format). JSONL: one JSON object per line. */
/* SHEET_XLSX and SHEET_HTML are report.c's (write_xlsx.h, write_html.h), never a sheet's */
typedef enum sheet_format { SHEET_CSV, SHEET_JSON, SHEET_TABLE, SHEET_JSONL, SHEET_XLSX, SHEET_HTML } sheet_format;

typedef struct sheet sheet;

/* Does not take ownership of out. */
sheet *sheet_new(FILE *out, sheet_format fmt);
/* A sheet that writes nothing: it formats rows (CSV, JSON, JSON Lines) for
 * another thread, which takes them with sheet_take and hands them to the
 * sheet that writes (sheet_write_rows). Its columns are declared as that
 * sheet's; it is never started. */
sheet *sheet_new_rows(sheet_format fmt);
/* Moves the rows formatted since the last call into out (cleared first). */
void sheet_take(sheet *s, strbuf *out);
/* Writes nrows rows formatted by a sheet_new_rows sheet of the same format
 * and columns, as if each had been written here. */
void sheet_write_rows(sheet *s, const char *text, size_t n, long nrows);
void sheet_free(sheet *s);
/* Declares the next column (before sheet_start). */
void sheet_column(sheet *s, const char *name, bool numeric);
/* Writes CSV's header line, or JSON's opening text (e.g. "["); JSON rows
 * then start on a new line after indent. */
void sheet_start(sheet *s, const char *json_open, const char *json_indent);

/* The next cell of the row. */
void sheet_cell(sheet *s, const char *text, size_t n);
/* A text cell its maker writes straight into the row, not copied there
 * (the 扣分说明, a kilobyte a row): sheet_cell_open gives the strbuf to
 * append its text to, and sheet_cell_close makes it the cell sheet_cell
 * would have written for that text. Nothing else is written to the sheet
 * between the two. */
strbuf *sheet_cell_open(sheet *s);
void sheet_cell_close(sheet *s);
/* A number cell, formatted straight into the row (dec_format): what
 * sheet_cell would write for its text, without the copy and the scan for
 * characters to quote, which a number never holds. */
void sheet_number(sheet *s, const dec_t *v);
/* n number cells from v[0..n-1]: sheet_number for each, with one reserve
 * in CSV for the run (a row's scores). */
void sheet_numbers(sheet *s, const dec_t *v, int n);
/* An empty cell: nothing in CSV, null in JSON, n/a in a table. */
void sheet_null(sheet *s);
/* A cell written as text in CSV and tables, and as raw JSON (an array, an
 * object) in JSON. */
void sheet_cell_json(sheet *s, const char *text, size_t n, const char *json, size_t jn);
/* A JSON-only member of the row, after its cells (CSV and tables skip it). */
void sheet_json_member(sheet *s, const char *key, const char *json, size_t jn);
void sheet_end_row(sheet *s);
long sheet_rows(const sheet *s);

/* Writes what is held (the table) and JSON's closing text (close_rows after
 * some rows, close_empty after none); false when any write failed. */
bool sheet_finish(sheet *s, const char *close_rows, const char *close_empty);

/* Appends s as one CSV field, quoted when it needs to be. */
void sheet_csv_field(strbuf *sb, const char *s, size_t n);

#endif
