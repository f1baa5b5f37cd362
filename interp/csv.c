#include "csv.h"

#include <string.h>

#include "mem.h"

#define CSV_CHUNK 65536

struct csv_reader {
	FILE *f;
	char *buf;
	size_t len, pos;
	bool eof;
	bool started;        /* the byte-order mark was looked for */
	strbuf rec;          /* the fields' bytes, each NUL-terminated */
	size_t *starts;      /* offset of each field in rec */
	size_t *lens;
	size_t nfields, capfields;
	long row, line, next_line;
	size_t max_field;
	char err[160];
};

csv_reader *csv_open(FILE *f)
{
	csv_reader *r = mem_calloc(1, sizeof *r);
	r->f = f;
	r->buf = mem_alloc(CSV_CHUNK);
	r->next_line = 1;
	r->max_field = 0;
	return r;
}

void csv_close(csv_reader *r)
{
	if (!r)
		return;
	mem_free(r->buf);
	sb_free(&r->rec);
	mem_free(r->starts);
	mem_free(r->lens);
	mem_free(r);
}

void csv_set_max_field(csv_reader *r, size_t max)
{
	r->max_field = max;
}

/* Makes at least one byte available; false at the end of the input. */
static bool fill(csv_reader *r)
{
	if (r->pos < r->len)
		return true;
	if (r->eof)
		return false;
	r->len = fread(r->buf, 1, CSV_CHUNK, r->f);
	r->pos = 0;
	if (r->len == 0) {
		r->eof = true;
		return false;
	}
	return true;
}

static int peek(csv_reader *r)
{
	return fill(r) ? (unsigned char)r->buf[r->pos] : -1;
}

static int get(csv_reader *r)
{
	return fill(r) ? (unsigned char)r->buf[r->pos++] : -1;
}

static void end_field(csv_reader *r, size_t start)
{
	if (r->nfields == r->capfields) {
		r->capfields = r->capfields ? r->capfields * 2 : 32;
		r->starts = mem_realloc(r->starts, r->capfields * sizeof *r->starts);
		r->lens = mem_realloc(r->lens, r->capfields * sizeof *r->lens);
	}
	r->starts[r->nfields] = start;
	r->lens[r->nfields] = r->rec.len - start;
	r->nfields++;
	sb_putc(&r->rec, '\0');
}

/* Skips to the end of the current line after a malformed record. */
static void skip_line(csv_reader *r)
{
	int c;
	while ((c = get(r)) >= 0 && c != '\n')
		;
	r->next_line++;
}

csv_status csv_next(csv_reader *r)
{
	if (!r->started) {
		r->started = true;
		if (peek(r) == 0xEF && r->len - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0)
			r->pos += 3;
	}
	for (;;) {
		sb_clear(&r->rec);
		r->nfields = 0;
		r->err[0] = '\0';
		int c = peek(r);
		if (c < 0)
			return ferror(r->f) ? CSV_IOERR : CSV_EOF;
		r->line = r->next_line;
		if (c == '\n' || c == '\r') {
			/* a blank line is not a record */
			get(r);
			if (c == '\r' && peek(r) == '\n')
				get(r);
			r->next_line++;
			continue;
		}
		r->row++;
		size_t start = 0;
		for (;;) {
			start = r->rec.len;
			c = peek(r);
			if (c == '"') {
				get(r);
				long open_line = r->next_line;
				for (;;) {
					c = get(r);
					if (c < 0) {
						snprintf(r->err, sizeof r->err, "a quoted field opened on line %ld is never closed",
							 open_line);
						return CSV_BAD;
					}
					if (c == '"') {
						if (peek(r) == '"') {
							get(r);
							sb_putc(&r->rec, '"');
							continue;
						}
						break;
					}
					if (c == '\n')
						r->next_line++;
					sb_putc(&r->rec, (char)c);
				}
				c = peek(r);
				if (c >= 0 && c != ',' && c != '\n' && c != '\r') {
					snprintf(r->err, sizeof r->err, "unexpected '%c' after the closing quote of field %zu",
						 c, r->nfields + 1);
					skip_line(r);
					return CSV_BAD;
				}
			} else {
				/* unquoted: copy up to the next separator in one go where possible */
				for (;;) {
					if (!fill(r))
						break;
					const char *p = r->buf + r->pos, *end = r->buf + r->len, *q = p;
					while (q < end && *q != ',' && *q != '\n' && *q != '\r')
						q++;
					sb_putn(&r->rec, p, (size_t)(q - p));
					r->pos += (size_t)(q - p);
					if (q < end)
						break;
				}
			}
			if (r->max_field && r->rec.len - start > r->max_field) {
				snprintf(r->err, sizeof r->err, "field %zu is longer than %zu bytes", r->nfields + 1,
					 r->max_field);
				end_field(r, start);
				skip_line(r);
				return CSV_BAD;
			}
			end_field(r, start);
			c = get(r);
			if (c == ',')
				continue;
			if (c == '\r' && peek(r) == '\n')
				get(r);
			if (c == '\n' || c == '\r')
				r->next_line++;
			return CSV_RECORD;
		}
	}
}

size_t csv_nfields(const csv_reader *r)
{
	return r->nfields;
}

const char *csv_field(const csv_reader *r, size_t i, size_t *len)
{
	*len = r->lens[i];
	return r->rec.data + r->starts[i];
}

long csv_row(const csv_reader *r)
{
	return r->row;
}

long csv_line(const csv_reader *r)
{
	return r->line;
}

const char *csv_error(const csv_reader *r)
{
	return r->err;
}
