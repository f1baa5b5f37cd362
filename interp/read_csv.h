/* csv: a streaming RFC 4180 reader.
 *
 * Quoted fields may hold commas, quotes ("") and line breaks; lines end in
 * LF or CRLF; a UTF-8 byte-order mark at the start is skipped. Text that is
 * not UTF-8 makes its record bad, with a hint to use --encoding (Excel saves
 * Chinese CSV in GB18030 by default). One record is
 * held at a time, so memory does not grow with the file. Blank lines are
 * skipped. A malformed record is reported as such and reading goes on with
 * the next one. */
#ifndef SCORE_CSV_H
#define SCORE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "strbuf.h"

typedef struct csv_reader csv_reader;

typedef enum csv_status {
	CSV_RECORD,  /* a record was read */
	CSV_EOF,
	CSV_BAD,     /* a malformed record; csv_error says why */
	CSV_IOERR
} csv_status;

/* Does not take ownership of f. */
csv_reader *csv_open(FILE *f);
/* The same for a file in another encoding (an iconv name: gb18030, gbk,
 * big5, utf-16…), converted to UTF-8 as it is read; NULL when iconv does
 * not know the encoding. */
csv_reader *csv_open_encoding(FILE *f, const char *encoding);
/* The character between fields (',' unless set): '\t' for TSV, ';'. */
void csv_set_delimiter(csv_reader *r, char delim);
/* Bytes (at most 8) taken from f before the reader was opened, to be read
 * first: what was looked at to tell a workbook from text in a pipe. */
void csv_unread(csv_reader *r, const unsigned char *bytes, size_t n);
void csv_close(csv_reader *r);
csv_status csv_next(csv_reader *r);
/* The next record's bytes, unsplit and not yet checked as UTF-8, when it
 * is a plain line: no quote, no NUL, whole in the buffer and too short for
 * any field to pass a limit; they stay valid until the next read, and
 * csv_row and csv_line are the record's. False, with nothing read, for any
 * other record (and for converted input): csv_next reads it. What lets
 * threads split records each on its own, one thread finding where they end. */
bool csv_next_line(csv_reader *r, const char **line, size_t *len);
/* Splits a copy of such a line in place: each delimiter becomes the NUL
 * that ends its field. Returns the number of fields; the first cap have
 * their offsets and lengths in at and len. The same fields as csv_next. */
size_t csv_split_line(char *line, size_t n, char delim, uint32_t *at, uint32_t *len, size_t cap);
/* Why a record is not UTF-8: field (1-based) holds byte where it breaks. */
void csv_why_not_utf8(strbuf *why, size_t field, unsigned char byte);
size_t csv_nfields(const csv_reader *r);
const char *csv_field(const csv_reader *r, size_t i, size_t *len);
/* The bytes that every field of the record lies in (csv_field points into
 * them), valid until the next csv_next: a record can be copied whole. */
const char *csv_record(const csv_reader *r, size_t *len);
/* The record's number in the file, the header being 1 (as a spreadsheet
 * numbers its rows). */
long csv_row(const csv_reader *r);
/* The line where the record starts, and the last line it takes. */
long csv_line(const csv_reader *r);
long csv_last_line(const csv_reader *r);
/* True when a quoted field of the record holds a line break: which field,
 * and the line where its quote opened. A record that is bad for another
 * reason may then be the work of a stray quote that swallowed the lines. */
bool csv_quote_spans(const csv_reader *r, size_t *field, long *open_line);
/* Said in the language of messages, or of files while the thread is in
 * that mode (i18n.h). */
const char *csv_error(const csv_reader *r);
/* Refuse fields longer than this many bytes (0: no limit). A cell of a
 * rubric is short; the limit keeps a runaway field from growing memory. */
#define CSV_DEFAULT_MAX_FIELD 65536
/* A record may have at most as many fields as a spreadsheet has columns,
 * and hold at most 4 MiB: longer ones are bad, and skipped unkept. */
#define CSV_MAX_FIELDS 16384
#define CSV_MAX_FIELDS_TEXT "16384"
#define CSV_MAX_RECORD (4 * 1024 * 1024)
#define CSV_MAX_RECORD_TEXT "4 MiB"
void csv_set_max_field(csv_reader *r, size_t max);

#endif
