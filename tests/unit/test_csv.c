/* csv: RFC 4180 records from memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read_csv.h"
#include "write_rows.h"
#include "utf8.h"
#include "tests.h"

static csv_reader *open_text(const char *text, FILE **f)
{
	*f = fmemopen((void *)text, strlen(text), "rb");
	return csv_open(*f);
}

static void expect_field(csv_reader *r, size_t i, const char *want)
{
	size_t n;
	const char *s = csv_field(r, i, &n);
	CU_ASSERT_EQUAL(n, strlen(want));
	CU_ASSERT_NSTRING_EQUAL(s, want, n);
}

static void test_quotes_commas_newlines(void)
{
	FILE *f;
	csv_reader *r = open_text("\xEF\xBB\xBFid,note\r\n\"a,b\",\"say \"\"hi\"\"\nthere\"\r\n\n,last\n", &f);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	expect_field(r, 0, "id"); /* the byte-order mark is gone */
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	CU_ASSERT_EQUAL(csv_nfields(r), 2);
	expect_field(r, 0, "a,b");
	expect_field(r, 1, "say \"hi\"\nthere");
	CU_ASSERT_EQUAL(csv_row(r), 2);
	CU_ASSERT_EQUAL(csv_last_line(r), 3);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD); /* the blank line is skipped */
	expect_field(r, 0, "");
	expect_field(r, 1, "last");
	CU_ASSERT_EQUAL(csv_row(r), 4); /* but numbered, as a spreadsheet numbers it */
	CU_ASSERT_EQUAL(csv_line(r), 5);
	CU_ASSERT_EQUAL(csv_next(r), CSV_EOF);
	csv_close(r);
	fclose(f);
}

static void test_malformed(void)
{
	FILE *f;
	csv_reader *r = open_text("a,b\n\"x\"y,1\n2,3\n\"open,4\n", &f);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	CU_ASSERT_EQUAL(csv_next(r), CSV_BAD);
	CU_ASSERT_STRING_EQUAL(csv_error(r), "unexpected 'y' after the closing quote of field 1");
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD); /* reading goes on */
	expect_field(r, 0, "2");
	CU_ASSERT_EQUAL(csv_next(r), CSV_BAD);
	CU_ASSERT_STRING_EQUAL(csv_error(r), "the quote that opens field 1 on line 4 is never closed: everything from there "
					     "to the end of the file was read into that field");
	CU_ASSERT_EQUAL(csv_next(r), CSV_EOF);
	csv_close(r);
	fclose(f);
}

static void test_no_final_newline(void)
{
	FILE *f;
	csv_reader *r = open_text("a,b\n1,2", &f);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	expect_field(r, 1, "2");
	CU_ASSERT_EQUAL(csv_next(r), CSV_EOF);
	csv_close(r);
	fclose(f);
}

/* ---- records across the reader's buffer ------------------------------------------
 * Records are split where they lie in the reader's 64 KiB buffer, and one
 * that crosses its end is moved to the front and read on: generated
 * records of every length, with LF and CRLF line ends, blank lines, quoted
 * fields (some spanning lines), Chinese text, spaces, tabs and '!' (bytes
 * the field scan passes over), long fields, read from a
 * file (read(2)) and from memory (fread), must come back field for field
 * with their row and line numbers. */

#define GEN_RECORDS 6000
#define GEN_FIELDS 5

typedef struct gen_record {
	long row, line;
	char *field[GEN_FIELDS];
} gen_record;

static unsigned gen_next(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

/* Appends one field's text and its CSV form; returns the line breaks its
 * quoted form holds. */
static int gen_field(unsigned *seed, char *text, strbuf *csv)
{
	unsigned kind = gen_next(seed) % 10, len = gen_next(seed) % 12;
	if (kind == 0)
		len = 200 + gen_next(seed) % 3000; /* long: many cross the buffer's end */
	size_t n = 0;
	int breaks = 0;
	bool quoted = kind == 1 || kind == 2;
	for (unsigned i = 0; i < len; i++) {
		unsigned c = gen_next(seed) % 40;
		if (c < 3 && n + 3 < 4000) {
			memcpy(text + n, "评", 3); /* three UTF-8 bytes */
			n += 3;
		} else if (quoted && c == 3) {
			text[n++] = ',';
		} else if (quoted && c == 4) {
			text[n++] = '"';
		} else if (kind == 2 && c == 5) {
			text[n++] = '\n';
			breaks++;
		} else if (c >= 6 && c <= 9) {
			/* bytes below '#' that end no field, and '#' itself */
			text[n++] = " !\t#"[c - 6];
		} else {
			text[n++] = (char)('a' + c % 26);
		}
	}
	text[n] = '\0';
	if (!quoted) {
		sb_puts(csv, text);
		return 0;
	}
	sb_putc(csv, '"');
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '"')
			sb_putc(csv, '"');
		sb_putc(csv, text[i]);
	}
	sb_putc(csv, '"');
	return breaks;
}

/* A record taken as a plain line (csv_next_line), split as a thread of -j
 * splits it: the same fields, each ending in a NUL. */
static void check_line(csv_reader *r, const char *line, size_t len, const gen_record *rec)
{
	char *copy = malloc(len + 1);
	memcpy(copy, line, len);
	copy[len] = '\0';
	uint32_t at[GEN_FIELDS + 1], lens[GEN_FIELDS + 1];
	CU_ASSERT_EQUAL_FATAL(csv_split_line(copy, len, ',', at, lens, GEN_FIELDS + 1), GEN_FIELDS);
	CU_ASSERT_EQUAL(csv_row(r), rec->row);
	CU_ASSERT_EQUAL(csv_line(r), rec->line);
	for (int i = 0; i < GEN_FIELDS; i++) {
		CU_ASSERT_EQUAL_FATAL(lens[i], strlen(rec->field[i]));
		CU_ASSERT_FATAL(memcmp(copy + at[i], rec->field[i], lens[i]) == 0);
		CU_ASSERT_EQUAL(copy[at[i] + lens[i]], '\0');
	}
	free(copy);
}

/* Reads the records back; with lines, each plain one as a line (the rest
 * by csv_next). Returns how many were taken as lines. */
static int check_generated(FILE *f, const gen_record *recs, int n, bool lines)
{
	csv_reader *r = csv_open(f);
	int taken = 0;
	for (int k = 0; k < n; k++) {
		const char *line;
		size_t line_len;
		/* the first record is csv_next's: it looks for a byte-order mark */
		if (lines && k > 0 && csv_next_line(r, &line, &line_len)) {
			check_line(r, line, line_len, &recs[k]);
			taken++;
			continue;
		}
		CU_ASSERT_EQUAL_FATAL(csv_next(r), CSV_RECORD);
		CU_ASSERT_EQUAL_FATAL(csv_nfields(r), GEN_FIELDS);
		CU_ASSERT_EQUAL(csv_row(r), recs[k].row);
		CU_ASSERT_EQUAL(csv_line(r), recs[k].line);
		for (int i = 0; i < GEN_FIELDS; i++) {
			size_t len;
			const char *s = csv_field(r, (size_t)i, &len);
			CU_ASSERT_EQUAL_FATAL(len, strlen(recs[k].field[i]));
			CU_ASSERT_FATAL(memcmp(s, recs[k].field[i], len) == 0);
			CU_ASSERT_EQUAL(s[len], '\0'); /* every field ends in a NUL */
		}
	}
	CU_ASSERT_EQUAL(csv_next(r), CSV_EOF);
	csv_close(r);
	return taken;
}

static void test_across_buffer(void)
{
	unsigned seed = 2026;
	strbuf csv = STRBUF_INIT;
	gen_record *recs = calloc(GEN_RECORDS, sizeof *recs);
	char text[4100];
	long row = 0, line = 1;
	for (int k = 0; k < GEN_RECORDS; k++) {
		if (gen_next(&seed) % 25 == 0) {
			sb_puts(&csv, "\n"); /* a blank line: a row, not a record */
			row++;
			line++;
		}
		recs[k].row = ++row;
		recs[k].line = line;
		for (int i = 0; i < GEN_FIELDS; i++) {
			if (i)
				sb_putc(&csv, ',');
			line += gen_field(&seed, text, &csv);
			recs[k].field[i] = strdup(text);
		}
		bool last = k == GEN_RECORDS - 1;
		if (!last || gen_next(&seed) % 2)
			sb_puts(&csv, gen_next(&seed) % 3 == 0 ? "\r\n" : "\n");
		line++;
	}
	CU_ASSERT(csv.len > 4 * 65536); /* the buffer is refilled many times */
	FILE *mem = fmemopen(csv.data, csv.len, "rb");
	check_generated(mem, recs, GEN_RECORDS, false);
	fclose(mem);
	FILE *file = tmpfile();
	CU_ASSERT_EQUAL_FATAL(fwrite(csv.data, 1, csv.len, file), csv.len);
	rewind(file);
	check_generated(file, recs, GEN_RECORDS, false);
	/* as -j reads them: most as lines, those with quotes or cut by the
	 * buffer's end by csv_next, in the same order and numbering */
	rewind(file);
	int taken = check_generated(file, recs, GEN_RECORDS, true);
	CU_ASSERT(taken > GEN_RECORDS / 4);
	CU_ASSERT(taken < GEN_RECORDS - GEN_RECORDS / 10);
	fclose(file);
	for (int k = 0; k < GEN_RECORDS; k++)
		for (int i = 0; i < GEN_FIELDS; i++)
			free(recs[k].field[i]);
	free(recs);
	sb_free(&csv);
}

/* Lines ended by a lone CR (old Mac files), a NUL inside a field, a line
 * longer than the buffer, and a field over the limit. */
static void test_line_ends_and_limits(void)
{
	FILE *f;
	csv_reader *r = open_text("a,b\rc,d\r\re,f", &f);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	expect_field(r, 0, "c");
	expect_field(r, 1, "d");
	CU_ASSERT_EQUAL(csv_line(r), 2);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	expect_field(r, 1, "f");
	CU_ASSERT_EQUAL(csv_row(r), 4);
	CU_ASSERT_EQUAL(csv_next(r), CSV_EOF);
	csv_close(r);
	fclose(f);

	static const char with_nul[] = "a,b\nx\0y,2\n3,4\n";
	f = fmemopen((void *)with_nul, sizeof with_nul - 1, "rb");
	r = csv_open(f);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	CU_ASSERT_EQUAL(csv_next(r), CSV_BAD);
	CU_ASSERT_PTR_NOT_NULL(strstr(csv_error(r), "NUL"));
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	expect_field(r, 1, "4");
	csv_close(r);
	fclose(f);

	strbuf big = STRBUF_INIT;
	sb_puts(&big, "a,b\n");
	for (int i = 0; i < 100000; i++)
		sb_putc(&big, 'x');
	sb_puts(&big, ",1\n2,3\n");
	f = fmemopen(big.data, big.len, "rb");
	r = csv_open(f);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	CU_ASSERT_EQUAL(csv_next(r), CSV_BAD); /* 100,000 bytes: over the field limit */
	CU_ASSERT_PTR_NOT_NULL(strstr(csv_error(r), "longer than 65536 bytes"));
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	expect_field(r, 0, "2");
	csv_close(r);
	fclose(f);

	f = fmemopen(big.data, big.len, "rb");
	r = csv_open(f);
	csv_set_max_field(r, 0); /* no limit: the line is longer than the buffer, read all the same */
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	size_t n;
	csv_field(r, 0, &n);
	CU_ASSERT_EQUAL(n, 100000);
	expect_field(r, 1, "1");
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	expect_field(r, 1, "3");
	csv_close(r);
	fclose(f);

	f = fmemopen("a,b\n12345,6\n", 13, "rb");
	r = csv_open(f);
	csv_set_max_field(r, 4);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	CU_ASSERT_EQUAL(csv_next(r), CSV_BAD);
	CU_ASSERT_PTR_NOT_NULL(strstr(csv_error(r), "field 1 is longer than 4 bytes"));
	csv_close(r);
	fclose(f);
	sb_free(&big);
}

/* Every three bytes that open with a three-byte lead (E0–EF) are found
 * valid UTF-8 exactly when RFC 3629's table says so: the shortcut for the
 * common Chinese character must not let an overlong form or a surrogate
 * through. */
static void test_utf8_three_bytes(void)
{
	long wrong = 0, valid = 0;
	for (int a = 0xE0; a <= 0xEF; a++)
		for (int b = 0; b < 256; b++)
			for (int c = 0; c < 256; c++) {
				char s[3] = {(char)a, (char)b, (char)c};
				int lo = a == 0xE0 ? 0xA0 : 0x80, hi = a == 0xED ? 0x9F : 0xBF;
				bool want = b >= lo && b <= hi && c >= 0x80 && c <= 0xBF;
				valid += want;
				wrong += (utf8_invalid_at(s, 3) == 3) != want;
			}
	CU_ASSERT_EQUAL(wrong, 0);
	CU_ASSERT_EQUAL(valid, 16 * 64 * 64 - 2 * 32 * 64); /* E0's and ED's excluded halves */
}

/* A field is quoted exactly when it holds , " \n \r or # anywhere (or
 * starts or ends with a space), whatever its length and wherever the byte
 * falls among the scan's steps of sixteen, eight and one; a quote inside
 * is doubled. */
static void test_field_quoting_at_every_place(void)
{
	static const char special[] = ",\"\n\r#";
	int checked = 0;
	for (size_t n = 1; n <= 80; n++) {
		char field[81];
		memset(field, 'x', n);
		strbuf sb = STRBUF_INIT;
		sheet_csv_field(&sb, field, n);
		CU_ASSERT(sb.len == n && memcmp(sb.data, field, n) == 0);
		sb_free(&sb);
		for (size_t at = 0; at < n; at++)
			for (const char *c = special; *c; c++) {
				memset(field, 'x', n);
				field[at] = *c;
				sb_clear(&sb);
				sheet_csv_field(&sb, field, n);
				size_t want = n + 2 + (*c == '"');
				bool ok = sb.len == want && sb.data[0] == '"' && sb.data[sb.len - 1] == '"';
				CU_ASSERT(ok);
				if (!ok)
					fprintf(stderr, "\n  length %zu, byte %d at %zu: not quoted as it must be\n", n, *c, at);
				checked++;
				sb_free(&sb);
			}
	}
	CU_ASSERT_EQUAL(checked, 5 * 80 * 81 / 2);
}


/* A row of two cells, "id" and text, the text written by sheet_cell or in
 * place (sheet_cell_open, sheet_cell_close), as the whole output. */
static char *sheet_of(sheet_format fmt, const char *text, size_t n, bool in_place)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	sheet *s = sheet_new(f, fmt);
	sheet_column(s, "id", false);
	sheet_column(s, "说明", false);
	sheet_start(s, "[", "  ");
	for (int row = 0; row < 2; row++) {
		sheet_cell(s, "u", 1);
		if (in_place) {
			strbuf *sb = sheet_cell_open(s);
			sb_putn(sb, text, n);
			sheet_cell_close(s);
		} else {
			sheet_cell(s, text, n);
		}
		sheet_end_row(s);
	}
	CU_ASSERT_TRUE(sheet_finish(s, "\n]\n", "]\n"));
	sheet_free(s);
	fclose(f);
	return out;
}

/* A text written in place is the cell sheet_cell writes for it, in every
 * format: unquoted, quoted, with quotes doubled, empty, spaced, long. */
static void test_cell_in_place(void)
{
	static const char *texts[] = {"", "plain", "a,b", "say \"hi\"", " lead", "trail ", "#", "line\nbreak", "\"",
				      "区间 [80%, 90%)；扣 1 分"};
	char long_text[1200];
	memset(long_text, 'x', sizeof long_text);
	static const sheet_format fmts[] = {SHEET_CSV, SHEET_JSON, SHEET_JSONL, SHEET_TABLE};
	int checked = 0;
	for (size_t f = 0; f < sizeof fmts / sizeof *fmts; f++) {
		for (size_t i = 0; i < sizeof texts / sizeof *texts + 3; i++) {
			size_t k = i - sizeof texts / sizeof *texts;
			if (i >= sizeof texts / sizeof *texts)
				long_text[600] = k == 0 ? 'x' : k == 1 ? ',' : '"'; /* none, a comma, a quote */
			const char *text = i < sizeof texts / sizeof *texts ? texts[i] : long_text;
			size_t n = i < sizeof texts / sizeof *texts ? strlen(text) : sizeof long_text;
			char *want = sheet_of(fmts[f], text, n, false), *got = sheet_of(fmts[f], text, n, true);
			CU_ASSERT_STRING_EQUAL(got, want);
			checked++;
			free(want);
			free(got);
		}
	}
	CU_ASSERT_EQUAL(checked, 4 * 13);
}


/* JSON strings: every byte that must be escaped, at every offset of a
 * sixteen-byte block and past it, and runs of plain text (Chinese, ASCII,
 * 0x7f, 0x80..0xff) between them: the same bytes as escaping one byte at
 * a time. */
static void json_reference(strbuf *sb, const char *s, size_t n)
{
	sb_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			sb_putc(sb, '\\');
			sb_putc(sb, (char)c);
		} else if (c == '\n') {
			sb_puts(sb, "\\n");
		} else if (c == '\r') {
			sb_puts(sb, "\\r");
		} else if (c == '\t') {
			sb_puts(sb, "\\t");
		} else if (c < 0x20) {
			sb_printf(sb, "\\u%04x", c);
		} else {
			sb_putc(sb, (char)c);
		}
	}
	sb_putc(sb, '"');
}

static void test_json_strings(void)
{
	static const unsigned char specials[] = {'"', '\\', '\n', '\r', '\t', 0x00, 0x01, 0x1f, 0x20, 0x7f, 0x80, 0xe6, 0xff};
	const char *plain = "执行率 扣0.67分（执行率 83.34%；3.3336 → 3.33）abc";
	size_t plen = strlen(plain);
	int n = 0;
	for (size_t k = 0; k < sizeof specials; k++)
		for (size_t at = 0; at < 40; at++) {
			char text[80];
			memcpy(text, plain, 40 < plen ? 40 : plen);
			text[at] = (char)specials[k];
			text[(at * 7 + 3) % 40] = (char)specials[(k + 3) % sizeof specials]; /* a second, elsewhere */
			for (size_t len = at + 1; len <= 40; len += 13) {
				strbuf got = STRBUF_INIT, want = STRBUF_INIT;
				sb_json_string(&got, text, len);
				json_reference(&want, text, len);
				CU_ASSERT_EQUAL(got.len, want.len);
				CU_ASSERT(got.len == want.len && memcmp(got.data, want.data, got.len) == 0);
				sb_free(&got);
				sb_free(&want);
				n++;
			}
		}
	CU_ASSERT(n > 1000);
	strbuf sb = STRBUF_INIT;
	sb_json_string(&sb, "a\"b\\c\x01", 6);
	CU_ASSERT_STRING_EQUAL(sb.data, "\"a\\\"b\\\\c\\u0001\"");
	sb_clear(&sb);
	sb_json_string(&sb, "", 0);
	CU_ASSERT_STRING_EQUAL(sb.data, "\"\"");
	sb_free(&sb);
}

void tests_add_csv(void)
{
	CU_pSuite s = CU_add_suite("csv", NULL, NULL);
	CU_add_test(s, "JSON strings escaped as one byte at a time would", test_json_strings);
	CU_add_test(s, "quotes, commas, newlines, BOM, CRLF", test_quotes_commas_newlines);
	CU_add_test(s, "a field quoted wherever its special byte is", test_field_quoting_at_every_place);
	CU_add_test(s, "a cell written in place as sheet_cell writes it", test_cell_in_place);
	CU_add_test(s, "malformed records", test_malformed);
	CU_add_test(s, "no final newline", test_no_final_newline);
	CU_add_test(s, "records across the reader's buffer", test_across_buffer);
	CU_add_test(s, "lone CR line ends, NUL, long lines, field limit", test_line_ends_and_limits);
	CU_add_test(s, "UTF-8 of three bytes, as RFC 3629 has it", test_utf8_three_bytes);
}
