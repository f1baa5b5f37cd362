/* sheet: CSV, JSON and aligned tables (see write_rows.h). */
#include "write_rows.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <stdint.h>
#include <string.h>

#include "mem.h"
#include "utf8.h"

struct sheet {
	FILE *out;
	sheet_format fmt;
	bool datafile_only;     /* sheet_new_rows: rows stay in line until taken */
	bool failed;
	long rows;
	int col;            /* the next cell's column */
	bool in_row;        /* a member of the row is written (JSON) */
	const char *indent; /* JSON: before each row */
	strbuf line;        /* the row being formatted */
	size_t cell_at;     /* sheet_cell_open: where its text starts in line */
	strbuf cell;        /* sheet_cell_open's text where it is not written in place */
	char **headers;
	char **json_keys;   /* each header as a JSON string with ": " after it, made once */
	size_t *json_key_lens;
	bool *numeric;      /* right-aligned in a table, bare numbers in JSON */
	int ncols;
	char **cells;       /* table: every cell of every row, row-major */
	size_t ncells, capcells;
};

sheet *sheet_new(FILE *out, sheet_format fmt)
{
	sheet *s = mem_calloc(1, sizeof *s);
	s->out = out;
	s->fmt = fmt;
	s->indent = "";
	return s;
}

sheet *sheet_new_rows(sheet_format fmt)
{
	sheet *s = sheet_new(NULL, fmt);
	s->datafile_only = true;
	/* every row follows another: JSON's first row loses its ',' when written */
	s->rows = 1;
	return s;
}

void sheet_take(sheet *s, strbuf *out)
{
	strbuf t = *out;
	*out = s->line;
	s->line = t;
	sb_clear(&s->line);
}

void sheet_write_rows(sheet *s, const char *text, size_t n, long nrows)
{
	if (s->fmt == SHEET_JSON && s->rows == 0 && n && text[0] == ',') {
		text++;
		n--;
	}
	if (n && fwrite(text, 1, n, s->out) != n)
		s->failed = true;
	s->rows += nrows;
}

void sheet_free(sheet *s)
{
	if (!s)
		return;
	for (int c = 0; c < s->ncols; c++) {
		mem_free(s->headers[c]);
		mem_free(s->json_keys[c]);
	}
	mem_free(s->headers);
	mem_free(s->json_keys);
	mem_free(s->json_key_lens);
	mem_free(s->numeric);
	for (size_t i = 0; i < s->ncells; i++)
		mem_free(s->cells[i]);
	mem_free(s->cells);
	sb_free(&s->line);
	sb_free(&s->cell);
	mem_free(s);
}

void sheet_column(sheet *s, const char *name, bool numeric)
{
	s->headers = mem_append_room(s->headers, sizeof *s->headers, (size_t)s->ncols);
	s->numeric = mem_append_room(s->numeric, sizeof *s->numeric, (size_t)s->ncols);
	s->headers[s->ncols] = mem_strdup(name);
	s->json_keys = mem_append_room(s->json_keys, sizeof *s->json_keys, (size_t)s->ncols);
	s->json_key_lens = mem_append_room(s->json_key_lens, sizeof *s->json_key_lens, (size_t)s->ncols);
	strbuf key = STRBUF_INIT;
	sb_json_string(&key, name, strlen(name));
	sb_puts(&key, ": ");
	s->json_key_lens[s->ncols] = key.len;
	s->json_keys[s->ncols] = sb_take(&key);
	s->numeric[s->ncols] = numeric;
	s->ncols++;
}

/* Whether s must be quoted as a CSV field: inline in both its callers,
 * where a call of its own cost each field of every row more than it saves. */
static inline __attribute__((always_inline)) bool csv_needs_quotes(const char *s, size_t n)
{
	/* the bytes that make a field need quotes: one lookup a byte (an
	 * 扣分说明 is a kilobyte a row); '#' too, so that a reader skipping
	 * comment lines (score diff's summary) never cuts a field at one */
	static const bool quotable[256] = {[','] = true, ['"'] = true, ['\n'] = true, ['\r'] = true, ['#'] = true};
	bool q = n && (s[0] == ' ' || s[n - 1] == ' ');
	size_t i = 0;
	if (n >= 64 && !q && memchr(s, ',', n))
		q = true; /* a long field with a comma (the 扣分说明's "[80%, 90%)"): found
			   * by the C library's scan, many bytes a step, before the five-way one */
#ifdef __SSE2__
	if (n >= 32) {
		/* a long field (the 扣分说明): sixteen bytes a step where the machine
		 * has them (every x86-64) */
		const __m128i comma = _mm_set1_epi8(','), dquote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'),
			      cr = _mm_set1_epi8('\r'), hash = _mm_set1_epi8('#');
		for (; i + 16 <= n && !q; i += 16) {
			__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, comma), _mm_cmpeq_epi8(w, dquote)),
						   _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, lf), _mm_cmpeq_epi8(w, cr)),
								_mm_cmpeq_epi8(w, hash)));
			q = _mm_movemask_epi8(hit) != 0;
		}
	}
#endif
	for (; i + 8 <= n && !q; i += 8) {
		/* eight bytes a step: is any of them , " \n \r or #? */
		uint64_t w;
		memcpy(&w, s + i, 8);
		q = (utf8_word_has(w, ',') | utf8_word_has(w, '"') | utf8_word_has(w, '\n') | utf8_word_has(w, '\r') |
		     utf8_word_has(w, '#')) != 0;
	}
	for (; i < n && !q; i++)
		q = quotable[(unsigned char)s[i]];
	return q;
}

void sheet_csv_field(strbuf *sb, const char *s, size_t n)
{
	if (!csv_needs_quotes(s, n)) {
		sb_putn(sb, s, n);
		return;
	}
	sb_putc(sb, '"');
	const char *from = s, *end = s + n, *quote;
	while ((quote = memchr(from, '"', (size_t)(end - from)))) {
		sb_putn(sb, from, (size_t)(quote + 1 - from)); /* up to and with it, then doubled */
		sb_putc(sb, '"');
		from = quote + 1;
	}
	sb_putn(sb, from, (size_t)(end - from));
	sb_putc(sb, '"');
}

static bool is_json(const sheet *s)
{
	return s->fmt == SHEET_JSON || s->fmt == SHEET_JSONL;
}

static void write_line(sheet *s)
{
	if (s->datafile_only)
		return;
	if (s->line.len && fwrite(s->line.data, 1, s->line.len, s->out) != s->line.len)
		s->failed = true;
	sb_clear(&s->line);
}

void sheet_start(sheet *s, const char *json_open, const char *json_indent)
{
	if (s->fmt == SHEET_CSV) {
		for (int c = 0; c < s->ncols; c++) {
			if (c)
				sb_putc(&s->line, ',');
			sheet_csv_field(&s->line, s->headers[c], strlen(s->headers[c]));
		}
		sb_putc(&s->line, '\n');
		write_line(s);
	} else if (s->fmt == SHEET_JSON) { /* JSON Lines: no opening */
		sb_puts(&s->line, json_open);
		write_line(s);
		s->indent = json_indent;
	}
}

/* Before a CSV cell: its separator. */
static inline void csv_separate(sheet *s)
{
	if (s->col > 0)
		sb_putc(&s->line, ',');
}

/* Before a cell or member: the separator of its format. The key is a
 * column's prepared JSON key (column >= 0) or key (a member's). */
static inline void open_member(sheet *s, int column, const char *key)
{
	if (s->fmt == SHEET_CSV) { /* the most written: first, and at once */
		csv_separate(s);
		return;
	}
	if (!is_json(s))
		return;
	if (!s->in_row) {
		s->in_row = true;
		if (s->fmt == SHEET_JSON) {
			sb_puts(&s->line, s->rows ? ",\n" : "\n");
			sb_puts(&s->line, s->indent);
		}
		sb_putc(&s->line, '{');
	} else {
		sb_putn(&s->line, ", ", 2); /* a member a cell: no strlen */
	}
	if (column >= 0) {
		sb_putn(&s->line, s->json_keys[column], s->json_key_lens[column]);
	} else {
		sb_json_string(&s->line, key, strlen(key));
		sb_puts(&s->line, ": ");
	}
}

static void keep_cell(sheet *s, const char *text, size_t n)
{
	s->cells = mem_grow(s->cells, sizeof *s->cells, &s->capcells, s->ncells + 1);
	s->cells[s->ncells++] = mem_strndup(text, n);
}

void sheet_cell(sheet *s, const char *text, size_t n)
{
	int c = s->col < s->ncols ? s->col : s->ncols - 1;
	open_member(s, c, NULL);
	if (s->fmt == SHEET_CSV)
		sheet_csv_field(&s->line, text, n);
	else if (is_json(s) && s->numeric[c] && n && !memchr(text, '/', n))
		sb_putn(&s->line, text, n);
	else if (is_json(s))
		sb_json_string(&s->line, text, n);
	else
		keep_cell(s, text, n);
	s->col++;
}

strbuf *sheet_cell_open(sheet *s)
{
	if (s->fmt != SHEET_CSV) {
		sb_clear(&s->cell);
		return &s->cell;
	}
	/* in CSV, after the quote the field will most likely need (a long
	 * text has a comma): taken back when it does not */
	csv_separate(s);
	sb_putc(&s->line, '"');
	s->cell_at = s->line.len;
	return &s->line;
}

void sheet_cell_close(sheet *s)
{
	if (s->fmt != SHEET_CSV) {
		sheet_cell(s, sb_text(&s->cell), s->cell.len);
		return;
	}
	size_t at = s->cell_at, n = s->line.len - at;
	char *text = s->line.data + at;
	if (!csv_needs_quotes(text, n)) {
		memmove(text - 1, text, n);
		s->line.len--;
		s->line.data[s->line.len] = '\0';
	} else if (!memchr(text, '"', n)) {
		sb_putc(&s->line, '"');
	} else {
		/* a quote in it, doubled: written again the one way, from a copy */
		sb_clear(&s->cell);
		sb_putn(&s->cell, text, n);
		s->line.len = at - 1;
		sheet_csv_field(&s->line, s->cell.data, s->cell.len);
	}
	s->col++;
}

/* A number cell the general way, in any format: a table's text, JSON's
 * number (or a fraction's string), a CSV value that is not the usual. */
static void number_cell(sheet *s, const dec_t *v)
{
	int c = s->col < s->ncols ? s->col : s->ncols - 1;
	if (s->fmt == SHEET_TABLE || (is_json(s) && !s->numeric[c])) {
		strbuf text = STRBUF_INIT;
		dec_format(&text, v);
		sheet_cell(s, text.data, text.len);
		sb_free(&text);
		return;
	}
	open_member(s, c, NULL);
	size_t at = s->line.len;
	sb_reserve(&s->line, DEC_PUT_ROOM);
	char *o = dec_put(s->line.data + at, v);
	if (o) {
		/* the usual score, written in place: never a fraction */
		*o = '\0';
		s->line.len = (size_t)(o - s->line.data);
	} else {
		dec_format(&s->line, v);
		if (is_json(s) && memchr(s->line.data + at, '/', s->line.len - at)) {
			/* a fraction such as 1/3 is no JSON number: a string */
			sb_putc(&s->line, '"');
			memmove(s->line.data + at + 1, s->line.data + at, s->line.len - at - 1);
			s->line.data[at] = '"';
			sb_putc(&s->line, '"');
		}
	}
	s->col++;
}

void sheet_numbers(sheet *s, const dec_t *v, int n)
{
	if (s->fmt != SHEET_CSV || n <= 0) {
		for (int i = 0; i < n; i++)
			number_cell(s, &v[i]);
		return;
	}
	/* the usual score in CSV, the most written cell: one reserve for the
	 * run, the separator and the digits in place (the general way, through
	 * open_member, costs about 30 instructions more a number) */
	sb_reserve(&s->line, (size_t)n * (DEC_PUT_ROOM + 1));
	char *o = s->line.data + s->line.len;
	/* the column count in a local: the bytes written may alias any field
	 * of s, which would be read back after each */
	int col = s->col;
	for (int i = 0; i < n; i++) {
		char *at = o;
		if (col > 0)
			*o++ = ',';
		if (!(o = dec_put(o, &v[i]))) {
			/* not a decimal in words: the general way, then the run goes on */
			*at = '\0';
			s->line.len = (size_t)(at - s->line.data);
			s->col = col;
			number_cell(s, &v[i]);
			col = s->col;
			sb_reserve(&s->line, (size_t)(n - i) * (DEC_PUT_ROOM + 1));
			o = s->line.data + s->line.len;
			continue;
		}
		col++;
	}
	s->col = col;
	*o = '\0';
	s->line.len = (size_t)(o - s->line.data);
}

void sheet_number(sheet *s, const dec_t *v)
{
	sheet_numbers(s, v, 1);
}

void sheet_null(sheet *s)
{
	int c = s->col < s->ncols ? s->col : s->ncols - 1;
	open_member(s, c, NULL);
	if (is_json(s))
		sb_puts(&s->line, "null");
	else if (s->fmt == SHEET_TABLE)
		keep_cell(s, "n/a", 3);
	s->col++;
}

void sheet_cell_json(sheet *s, const char *text, size_t n, const char *json, size_t jn)
{
	if (!is_json(s)) {
		sheet_cell(s, text, n);
		return;
	}
	int c = s->col < s->ncols ? s->col : s->ncols - 1;
	open_member(s, c, NULL);
	sb_putn(&s->line, json, jn);
	s->col++;
}

void sheet_json_member(sheet *s, const char *key, const char *json, size_t jn)
{
	if (!is_json(s))
		return;
	open_member(s, -1, key);
	sb_putn(&s->line, json, jn);
}

void sheet_end_row(sheet *s)
{
	if (s->fmt == SHEET_CSV)
		sb_putc(&s->line, '\n');
	else if (s->fmt == SHEET_JSON)
		sb_putc(&s->line, '}');
	else if (s->fmt == SHEET_JSONL)
		sb_puts(&s->line, "}\n");
	if (s->fmt != SHEET_TABLE)
		write_line(s);
	s->col = 0;
	s->in_row = false;
	s->rows++;
}

long sheet_rows(const sheet *s)
{
	return s->rows;
}

static void pad(strbuf *sb, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_putc(sb, ' ');
}

static void escape_cells(char **cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(cells[i]);
		bool plain = true;
		for (size_t k = 0; k < len && plain; k++)
			plain = (unsigned char)cells[i][k] >= 0x20 && (unsigned char)cells[i][k] < 0x7F;
		if (plain)
			continue;
		strbuf sb = STRBUF_INIT;
		utf8_show(&sb, cells[i], len, (size_t)-1);
		mem_free(cells[i]);
		cells[i] = sb.data ? sb_take(&sb) : mem_strdup("");
	}
}

static void table_line(sheet *s, char **cells, const size_t *widths)
{
	for (int c = 0; c < s->ncols; c++) {
		size_t w = utf8_width(cells[c], strlen(cells[c]));
		if (c)
			sb_puts(&s->line, "  ");
		if (s->numeric[c])
			pad(&s->line, widths[c] - w);
		sb_puts(&s->line, cells[c]);
		if (!s->numeric[c] && c + 1 < s->ncols)
			pad(&s->line, widths[c] - w);
	}
	sb_putc(&s->line, '\n');
	write_line(s);
}

bool sheet_finish(sheet *s, const char *close_rows, const char *close_empty)
{
	if (s->fmt == SHEET_JSON) {
		sb_puts(&s->line, s->rows ? close_rows : close_empty);
		write_line(s);
	} else if (s->fmt == SHEET_TABLE && s->ncols) {
		/* a table goes to a terminal: control characters and escape
		 * sequences in cells are shown escaped, as messages show them */
		escape_cells(s->headers, (size_t)s->ncols);
		escape_cells(s->cells, s->ncells);
		size_t *widths = mem_calloc((size_t)s->ncols, sizeof *widths);
		for (int c = 0; c < s->ncols; c++)
			widths[c] = utf8_width(s->headers[c], strlen(s->headers[c]));
		for (size_t i = 0; i < s->ncells; i++) {
			size_t w = utf8_width(s->cells[i], strlen(s->cells[i]));
			if (w > widths[i % (size_t)s->ncols])
				widths[i % (size_t)s->ncols] = w;
		}
		table_line(s, s->headers, widths);
		for (size_t i = 0; i + (size_t)s->ncols <= s->ncells; i += (size_t)s->ncols)
			table_line(s, s->cells + i, widths);
		mem_free(widths);
	}
	if (fflush(s->out) != 0)
		s->failed = true;
	return !s->failed;
}
