/* diag: the source texts and every message about them.
 *
 * Sources are registered once (diag_add_source takes ownership of the text)
 * and identified by a small index; a location is a byte span in one of them.
 * Messages print as `file:line:col: error: text`, then the source line and a
 * caret under the span, measured in terminal columns so that it stands under
 * Chinese text too. Lines and columns count from 1; columns count characters. */
#ifndef SCORE_DIAG_H
#define SCORE_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct srcloc {
	int file;        /* index from diag_add_source; -1 for "no location" */
	uint32_t start;  /* byte offset of the first byte */
	uint32_t end;    /* byte offset just past the last byte */
} srcloc;

#define SRCLOC_NONE ((srcloc){-1, 0, 0})

int diag_add_source(const char *name, char *text, size_t len);
const char *diag_source_name(int file);
const char *diag_source_text(int file, size_t *len);
int diag_source_count(void);
void diag_line_col(srcloc loc, int *line, int *col);
/* The line of the location, 1-based, or 0. */
int diag_line(srcloc loc);

typedef enum diag_kind { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_kind;

void diag_report(diag_kind kind, srcloc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_vreport(diag_kind kind, srcloc loc, const char *fmt, va_list ap);
#define diag_error(loc, ...) diag_report(DIAG_ERROR, loc, __VA_ARGS__)
#define diag_warning(loc, ...) diag_report(DIAG_WARNING, loc, __VA_ARGS__)
#define diag_note(loc, ...) diag_report(DIAG_NOTE, loc, __VA_ARGS__)

int diag_error_count(void);
int diag_warning_count(void);
/* Messages go to stderr unless redirected (tests capture them). */
void diag_set_stream(FILE *f);
/* Forgets every source and count (for tests and fuzzers). */
void diag_reset(void);

#endif
