/* Fuzz harness 2: CSV bytes → read and score against a fixed rubric, with
 * the same steps as `score` (header, cells, VM, report, explanations); half
 * of the inputs are read as GB18030. The first byte's next bits choose the
 * report: JSON; the HTML page, whose rows must balance and whose text must
 * never open a tag; or the workbook (every sheet, 评分表 included), read
 * back with the workbook reader, whose 汇总 must give back every id. Each
 * input is also read as -j reads it (check_lines). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "read_cell.h"
#include "read_csv.h"
#include "fuzz_common.h"
#include "report.h"
#include "row.h"
#include "read_xlsx.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char rubric[] =
	"policy \"fuzz\" { total 20; round 2 half_up; grade 优 >= 18; grade 差 < 18; }\n"
	"input 单位: id;\ninput 实际支出, 到位资金: money;\ninput 控制率, 满意度: percent;\n"
	"input 有制度: yesno;\ninput 违规: count;\ninput 公开: oneof(\"按规定公开\", \"部分公开\", \"未公开\");\n"
	"input 酌情: manual [0, 2] default 1;\n"
	"indicator 过程 12 {\n"
	"  indicator 执行率 4 = prorata(实际支出 / 到位资金, 4);\n"
	"  indicator 控制 3 = from 3 deduct 0.5 per 1% of 控制率 - 100%;\n"
	"  indicator 制度 3 = checklist { 有制度: 1; 违规 == 0: 2; } zero if 违规 > 5;\n"
	"  indicator 公开 2 = match 公开 { \"按规定公开\": 2; \"部分公开\": 1; else: 0; } na if not 有制度 move to 执行率;\n"
	"}\n"
	"indicator 效果 8 = band 满意度 { >= 90%: 8; [80%, 90%): 6; else: 酌情; };\n";

/* How often needle occurs in the n bytes at s. */
static long occurs(const char *s, size_t n, const char *needle)
{
	long k = 0;
	size_t m = strlen(needle);
	for (size_t at = 0; at + m <= n; at++)
		if (memcmp(s + at, needle, m) == 0)
			k++;
	return k;
}

/* The page: each row opened is closed, and no text of the data opens a tag
 * (the data's '<' arrive as &lt;). */
static void check_page(FILE *out)
{
	long size = ftell(out);
	char *page = size > 0 ? malloc((size_t)size) : NULL;
	if (!page)
		return;
	rewind(out);
	if (fread(page, 1, (size_t)size, out) == (size_t)size) {
		if (occurs(page, (size_t)size, "<tr") != occurs(page, (size_t)size, "</tr>") ||
		    occurs(page, (size_t)size, "<script") || occurs(page, (size_t)size, "<td") != occurs(page, (size_t)size, "</td>"))
			__builtin_trap();
	}
	free(page);
}

/* The workbook: its 汇总, after the header's two rows, gives back the ids
 * written, in order. */
static void check_workbook(FILE *out, const strbuf *ids, long nids)
{
	rewind(out);
	strbuf err = STRBUF_INIT;
	xlsxin *wb = xlsxin_open(out, "汇总", &err);
	if (!wb) /* the writer's own workbook must open */
		__builtin_trap();
	long at = 0, k = 0;
	const char *want = ids->data;
	while (xlsxin_next(wb) == XLSXIN_ROW && k < nids) {
		if (++at <= 2)
			continue;
		size_t n;
		const char *got = xlsxin_cell(wb, 0, &n);
		if (n != strlen(want) || memcmp(got, want, n) != 0)
			__builtin_trap();
		want += strlen(want) + 1;
		k++;
	}
	if (k != nids)
		__builtin_trap();
	xlsxin_close(wb);
	sb_free(&err);
}

/* -j's way of reading: each plain line that csv_next_line takes, split by
 * csv_split_line, has the row, line and fields csv_next gives the same
 * record (or is not UTF-8, where csv_next refuses it); the rest are read
 * by csv_next in step. Two readers over the same bytes, side by side. */
static void check_lines(const uint8_t *data, size_t size)
{
	FILE *fa = fmemopen((void *)data, size, "rb"), *fb = fmemopen((void *)data, size, "rb");
	csv_reader *a = fa ? csv_open(fa) : NULL, *b = fb ? csv_open(fb) : NULL;
	char *copy = malloc(size + 1);
	enum { CAP = 64 };
	uint32_t at[CAP], lens[CAP];
	for (long k = 0; a && b && copy && k < 100000; k++) {
		const char *line;
		size_t len;
		bool took = k > 0 && csv_next_line(b, &line, &len); /* the first: csv_next looks for a byte-order mark */
		csv_status sa = csv_next(a);
		if (!took) {
			csv_status sb = csv_next(b);
			if (sa != sb || csv_row(a) != csv_row(b) || csv_line(a) != csv_line(b))
				__builtin_trap();
			if (sa == CSV_EOF || sa == CSV_IOERR)
				break;
			continue;
		}
		if ((sa != CSV_RECORD && sa != CSV_BAD) || csv_row(a) != csv_row(b) || csv_line(a) != csv_line(b) || len > size)
			__builtin_trap();
		memcpy(copy, line, len);
		size_t n = csv_split_line(copy, len, ',', at, lens, CAP);
		if (sa == CSV_BAD) {
			if (utf8_invalid_at(copy, len) == len) /* a plain line is refused only for its text */
				__builtin_trap();
			continue;
		}
		if (n != csv_nfields(a))
			__builtin_trap();
		for (size_t i = 0; i < n && i < CAP; i++) {
			size_t flen;
			const char *f = csv_field(a, i, &flen);
			if (flen != lens[i] || memcmp(f, copy + at[i], flen) != 0)
				__builtin_trap();
		}
	}
	free(copy);
	csv_close(a);
	csv_close(b);
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static prog *p;
	static FILE *sink;
	if (!p) {
		p = fuzz_compile(rubric, sizeof rubric - 1);
		sink = fopen("/dev/null", "w");
		if (!p)
			__builtin_trap();
	}
	if (size)
		check_lines(data, size);
	FILE *in = fmemopen((void *)data, size ? size : 1, "rb");
	if (!in)
		return 0;
	if (size == 0)
		fgetc(in); /* an empty file */
	/* odd first byte: read the bytes as GB18030, through iconv */
	csv_reader *r = size && (data[0] & 1) ? csv_open_encoding(in, "GB18030") : csv_open(in);
	if (!r) {
		fclose(in);
		return 0;
	}
	csv_set_max_field(r, 4096);
	row *v = row_new(p);
	int kind = size ? (data[0] >> 1) & 3 : 0; /* 0, 1: JSON; 2: HTML; 3: XLSX */
	FILE *out = kind >= 2 ? tmpfile() : sink;
	if (!out)
		out = sink, kind = 0;
	report_options ro = {.explain = true, .unit_sheets = kind == 3, .signatures = true};
	report *rep = report_new(p, out, kind == 2 ? SHEET_HTML : kind == 3 ? SHEET_XLSX : SHEET_JSON, &ro);
	strbuf written = STRBUF_INIT; /* the first ids, each NUL-ended */
	long nwritten = 0;
	row_set_tracing(v, true);
	int col[16];
	size_t nheader = 0;
	if (csv_next(r) == CSV_RECORD) {
		nheader = csv_nfields(r);
		for (int i = 0; i < p->ninputs; i++) {
			col[i] = -1;
			for (size_t c = 0; c < nheader; c++) {
				size_t n;
				const char *h = csv_field(r, c, &n);
				if (n == strlen(p->inputs[i].column) && memcmp(h, p->inputs[i].column, n) == 0)
					col[i] = (int)c;
			}
		}
		csv_status st;
		while ((st = csv_next(r)) != CSV_EOF && st != CSV_IOERR) {
			if (st == CSV_BAD || csv_nfields(r) != nheader)
				continue;
			bool ok = true;
			strbuf why = STRBUF_INIT;
			for (int i = 0; i < p->ninputs; i++) {
				if (p->inputs[i].type == IN_ID)
					continue;
				size_t n = 0;
				const char *s = col[i] >= 0 ? csv_field(r, (size_t)col[i], &n) : "";
				cell_result cr = cell_parse(&p->inputs[i], s, n, &row_inputs(v)[i], &why);
				row_set_missing(v, i, cr == CELL_EMPTY);
				ok &= cr != CELL_BAD;
			}
			sb_free(&why);
			if (ok && row_score(v)) {
				const char *ids[1] = {""};
				size_t lens[1] = {0};
				if (col[0] >= 0)
					ids[0] = csv_field(r, (size_t)col[0], &lens[0]);
				report_row(rep, csv_row(r), ids, lens, v);
				if (nwritten < 64) {
					sb_putn(&written, ids[0], lens[0]);
					sb_putc(&written, '\0');
					nwritten++;
				}
			}
		}
	}
	bool finished = report_finish(rep);
	report_free(rep);
	if (kind == 2 && finished)
		check_page(out);
	if (kind == 3 && finished && nwritten)
		check_workbook(out, &written, nwritten);
	if (out != sink)
		fclose(out);
	sb_free(&written);
	row_free(v);
	csv_close(r);
	fclose(in);
	return 0;
}
