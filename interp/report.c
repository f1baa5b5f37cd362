#include "report.h"

#include <string.h>

#include "explain.h"
#include "mem.h"
#include "utf8.h"

struct report {
	const prog *p;
	FILE *out;
	report_format fmt;
	bool explain;
	bool failed;
	long rows;
	strbuf line;
	char **headers;   /* column names */
	bool *numeric;    /* right-aligned in a table */
	int ncols;
	char **cells;     /* table: every cell of every row, row-major */
	size_t ncells, capcells;
};

static void add_col(report *r, const char *name, bool numeric)
{
	r->headers = mem_append_room(r->headers, sizeof *r->headers, (size_t)(r->ncols));
	r->numeric = mem_append_room(r->numeric, sizeof *r->numeric, (size_t)(r->ncols));
	r->headers[r->ncols] = mem_strdup(name);
	r->numeric[r->ncols] = numeric;
	r->ncols++;
}

void report_csv_field(strbuf *sb, const char *s, size_t n)
{
	bool q = n && (s[0] == ' ' || s[n - 1] == ' ');
	for (size_t i = 0; i < n && !q; i++)
		q = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
	if (!q) {
		sb_putn(sb, s, n);
		return;
	}
	sb_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			sb_putc(sb, '"');
		sb_putc(sb, s[i]);
	}
	sb_putc(sb, '"');
}


static void write_line(report *r)
{
	if (r->line.len && fwrite(r->line.data, 1, r->line.len, r->out) != r->line.len)
		r->failed = true;
	sb_clear(&r->line);
}

report *report_new(const prog *p, FILE *out, report_format fmt, bool explain)
{
	report *r = mem_calloc(1, sizeof *r);
	r->p = p;
	r->out = out;
	r->fmt = fmt;
	r->explain = explain;
	if (p->nids == 0)
		add_col(r, "row", true);
	for (int i = 0; i < p->nids; i++)
		add_col(r, p->inputs[p->ids[i]].column, false);
	for (int i = 0; i < p->nnodes; i++)
		add_col(r, p->nodes[i].column, true);
	for (int i = 0; i < p->nbonuses; i++)
		add_col(r, p->bonuses[i].name, true);
	add_col(r, "total", true);
	add_col(r, "grade", false);
	if (explain && fmt != REPORT_JSON)
		add_col(r, "扣分说明", false);
	if (fmt == REPORT_CSV) {
		for (int c = 0; c < r->ncols; c++) {
			if (c)
				sb_putc(&r->line, ',');
			report_csv_field(&r->line, r->headers[c], strlen(r->headers[c]));
		}
		sb_putc(&r->line, '\n');
		write_line(r);
	} else if (fmt == REPORT_JSON) {
		sb_puts(&r->line, "[");
		write_line(r);
	}
	return r;
}

void report_free(report *r)
{
	if (!r)
		return;
	for (int c = 0; c < r->ncols; c++)
		mem_free(r->headers[c]);
	mem_free(r->headers);
	mem_free(r->numeric);
	for (size_t i = 0; i < r->ncells; i++)
		mem_free(r->cells[i]);
	mem_free(r->cells);
	sb_free(&r->line);
	mem_free(r);
}

static void put_cell(report *r, int col, const char *s, size_t n, bool present, bool first)
{
	switch (r->fmt) {
	case REPORT_CSV:
		if (!first)
			sb_putc(&r->line, ',');
		if (present)
			report_csv_field(&r->line, s, n);
		break;
	case REPORT_JSON:
		sb_puts(&r->line, first ? "{" : ", ");
		sb_json_string(&r->line, r->headers[col], strlen(r->headers[col]));
		sb_puts(&r->line, ": ");
		if (!present)
			sb_puts(&r->line, "null");
		else if (r->numeric[col] && !memchr(s, '/', n))
			sb_putn(&r->line, s, n);
		else
			sb_json_string(&r->line, s, n);
		break;
	case REPORT_TABLE:
		r->cells = mem_grow(r->cells, sizeof *r->cells, &r->capcells, r->ncells + 1);
		r->cells[r->ncells++] = present ? mem_strndup(s, n) : mem_strdup("n/a");
		break;
	}
}

void report_row(report *r, long row, const char *const *ids, const size_t *idlens, const vm *v)
{
	const prog *p = r->p;
	strbuf num = STRBUF_INIT;
	int col = 0;
	if (r->fmt == REPORT_JSON)
		sb_puts(&r->line, r->rows ? ",\n" : "\n");
	if (p->nids == 0) {
		sb_printf(&num, "%ld", row);
		put_cell(r, col++, num.data, num.len, true, true);
	}
	for (int i = 0; i < p->nids; i++, col++)
		put_cell(r, col, ids[i], idlens[i], true, col == 0);
	for (int i = 0; i < p->nnodes; i++, col++) {
		sb_clear(&num);
		bool present = vm_node_status(v, i) != VM_NA;
		if (present)
			dec_format(&num, vm_score(v, i));
		put_cell(r, col, num.data ? num.data : "", num.len, present, false);
	}
	for (int i = 0; i < p->nbonuses; i++, col++) {
		sb_clear(&num);
		dec_format(&num, vm_bonus(v, i));
		put_cell(r, col, num.data, num.len, true, false);
	}
	sb_clear(&num);
	dec_format(&num, vm_total(v));
	put_cell(r, col++, num.data, num.len, true, false);
	int g = vm_grade(v);
	const char *grade = g >= 0 ? p->grades[g].label : "";
	put_cell(r, col++, grade, strlen(grade), true, false);
	if (r->explain) {
		sb_clear(&num);
		if (r->fmt == REPORT_JSON) {
			explain_row_json(&num, p, v);
			sb_puts(&r->line, ", \"explain\": ");
			sb_putn(&r->line, num.data, num.len);
		} else {
			explain_row(&num, p, v);
			put_cell(r, col++, num.data ? num.data : "", num.len, true, false);
		}
	}
	if (r->fmt == REPORT_CSV)
		sb_putc(&r->line, '\n');
	else if (r->fmt == REPORT_JSON)
		sb_putc(&r->line, '}');
	write_line(r);
	sb_free(&num);
	r->rows++;
}

static void pad(strbuf *sb, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_putc(sb, ' ');
}

static void table_line(report *r, char **cells, const size_t *widths)
{
	for (int c = 0; c < r->ncols; c++) {
		size_t w = utf8_width(cells[c], strlen(cells[c]));
		if (c)
			sb_puts(&r->line, "  ");
		if (r->numeric[c])
			pad(&r->line, widths[c] - w);
		sb_puts(&r->line, cells[c]);
		if (!r->numeric[c] && c + 1 < r->ncols)
			pad(&r->line, widths[c] - w);
	}
	sb_putc(&r->line, '\n');
	write_line(r);
}

bool report_finish(report *r)
{
	if (r->fmt == REPORT_JSON) {
		sb_puts(&r->line, r->rows ? "\n]\n" : "]\n");
		write_line(r);
	} else if (r->fmt == REPORT_TABLE) {
		size_t *widths = mem_calloc((size_t)r->ncols, sizeof *widths);
		for (int c = 0; c < r->ncols; c++)
			widths[c] = utf8_width(r->headers[c], strlen(r->headers[c]));
		for (size_t i = 0; i < r->ncells; i++) {
			size_t w = utf8_width(r->cells[i], strlen(r->cells[i]));
			if (w > widths[i % (size_t)r->ncols])
				widths[i % (size_t)r->ncols] = w;
		}
		table_line(r, r->headers, widths);
		for (size_t i = 0; i + (size_t)r->ncols <= r->ncells; i += (size_t)r->ncols)
			table_line(r, r->cells + i, widths);
		mem_free(widths);
	}
	if (fflush(r->out) != 0)
		r->failed = true;
	return !r->failed;
}
