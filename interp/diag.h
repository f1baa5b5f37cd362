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

/* Where a policy's messages go, and the texts they point into: one per
 * policy being built (no state is shared between policies or threads). The
 * log owns its sources' texts; once built, nothing writes to it. */
typedef struct diag_log diag_log;

diag_log *diag_log_new(void);
void diag_log_free(diag_log *log);
/* Takes ownership of text; returns the source's index. */
int diag_add_source(diag_log *log, const char *name, char *text, size_t len);
const char *diag_source_name(const diag_log *log, int file);
const char *diag_source_text(const diag_log *log, int file, size_t *len);
int diag_source_count(const diag_log *log);
void diag_line_col(const diag_log *log, srcloc loc, int *line, int *col);
/* The line of the location, 1-based, or 0. */
int diag_line(const diag_log *log, srcloc loc);

typedef enum diag_kind { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_kind;

void diag_report(diag_log *log, diag_kind kind, srcloc loc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_vreport(diag_log *log, diag_kind kind, srcloc loc, const char *fmt, va_list ap);
#define diag_error(log, loc, ...) diag_report(log, DIAG_ERROR, loc, __VA_ARGS__)
#define diag_warning(log, loc, ...) diag_report(log, DIAG_WARNING, loc, __VA_ARGS__)
#define diag_note(log, loc, ...) diag_report(log, DIAG_NOTE, loc, __VA_ARGS__)

/* Messages as values (for the library): each one, with its place. */
typedef struct diag_message {
	diag_kind kind;
	const char *file;   /* NULL when it names no place in a source */
	int line, column;   /* 1-based; 0 without a place */
	char *text;         /* translated, without the place or the caret */
} diag_message;

/* Keep every message from now on (and print them too only when print). */
void diag_keep(diag_log *log, bool print);
size_t diag_kept_count(const diag_log *log);
const diag_message *diag_kept(const diag_log *log, size_t i);

int diag_error_count(const diag_log *log);
int diag_warning_count(const diag_log *log);
/* Messages go to stderr unless redirected (tests capture them). */
void diag_set_stream(diag_log *log, FILE *f);

#endif
