#include "report.h"

#include <string.h>

#include "explain.h"
#include "i18n.h"
#include "mem.h"
#include "write_rows.h"
#include "write_html.h"
#include "write_xlsx.h"

struct report {
	const prog *p;
	sheet *out;
	xlsx *xl;         /* instead of out, for SHEET_XLSX */
	html *web;        /* instead of out, for SHEET_HTML */
	bool failed;
	sheet_format fmt;
	bool explain;
	strbuf scratch;   /* a row's number or 扣分说明 being made */
};

static void declare_columns(report *r)
{
	const prog *p = r->p;
	if (p->nids == 0)
		sheet_column(r->out, "row", true);
	for (int i = 0; i < p->nids; i++)
		sheet_column(r->out, p->inputs[p->ids[i]].column, false);
	for (int i = 0; i < p->nnodes; i++)
		sheet_column(r->out, p->nodes[i].column, true);
	for (int i = 0; i < p->nbonuses; i++)
		sheet_column(r->out, p->bonuses[i].name, true);
	sheet_column(r->out, "total", true);
	sheet_column(r->out, "grade", false);
	if (r->explain && r->fmt != SHEET_JSON && r->fmt != SHEET_JSONL)
		sheet_column(r->out, i18n_word(W_EXPLANATION), false);
}

report *report_new_part(const prog *p, sheet_format fmt, bool explain)
{
	report *r = mem_calloc(1, sizeof *r);
	r->p = p;
	r->fmt = fmt;
	r->explain = explain;
	r->out = sheet_new_rows(fmt);
	declare_columns(r);
	return r;
}

void report_take(report *part, strbuf *out)
{
	sheet_take(part->out, out);
}

void report_write_rows(report *r, const strbuf *rows, long nrows)
{
	sheet_write_rows(r->out, sb_text(rows), rows->len, nrows);
}

report *report_new(const prog *p, FILE *out, sheet_format fmt, const report_options *o)
{
	report *r = mem_calloc(1, sizeof *r);
	r->p = p;
	r->fmt = fmt;
	r->explain = o->explain;
	if (fmt == SHEET_XLSX) {
		r->xl = xlsx_open(out, p, o->explain, o->unit_sheets, o->places, o->signatures);
		r->failed = !r->xl;
		return r;
	}
	if (fmt == SHEET_HTML) {
		r->web = html_open(out, p, o->dir, o->signatures);
		r->failed = !r->web;
		return r;
	}
	r->out = sheet_new(out, fmt);
	declare_columns(r);
	sheet_start(r->out, "[", "");
	return r;
}

void report_free(report *r)
{
	if (!r)
		return;
	if (r->xl)
		xlsx_close(r->xl); /* not finished: the caller discards the file */
	html_free(r->web);
	sheet_free(r->out);
	sb_free(&r->scratch);
	mem_free(r);
}

void report_skip(report *r, long number, const char *id, const char *why)
{
	if (r->xl)
		xlsx_unscored(r->xl, number, id, why);
	if (r->web)
		html_unscored(r->web, number, id, why);
}

void report_row(report *r, long number, const char *const *ids, const size_t *idlens, const row *v)
{
	const prog *p = r->p;
	if (r->fmt == SHEET_XLSX) {
		if (r->xl)
			xlsx_row(r->xl, number, ids, idlens, v);
		return;
	}
	if (r->fmt == SHEET_HTML) {
		strbuf id = STRBUF_INIT;
		if (p->nids)
			sb_putn(&id, ids[0], idlens[0]);
		else
			sb_printf(&id, i18n_word(W_ROW_N), number);
		if (r->web)
			html_row(r->web, number, id.data, v);
		sb_free(&id);
		return;
	}
	strbuf *num = &r->scratch; /* kept from row to row: no allocation per row */
	sb_clear(num);
	if (p->nids == 0) {
		sb_printf(num, "%ld", number);
		sheet_cell(r->out, num->data, num->len);
	}
	for (int i = 0; i < p->nids; i++)
		sheet_cell(r->out, ids[i], idlens[i]);
	const dec_t *scores = row_scores(v);
	if (scores) {
		sheet_numbers(r->out, scores, p->nnodes);
	} else {
		for (int i = 0; i < p->nnodes; i++) {
			if (row_node_status(v, i) == ROW_NA)
				sheet_null(r->out);
			else
				sheet_number(r->out, row_node_score(v, i));
		}
	}
	for (int i = 0; i < p->nbonuses; i++)
		sheet_number(r->out, row_bonus(v, i));
	sheet_number(r->out, row_total(v));
	int g = row_grade(v);
	const char *grade = g >= 0 ? p->grades[g].label : "";
	sheet_cell(r->out, grade, strlen(grade));
	if (r->explain) {
		sb_clear(num);
		if (r->fmt == SHEET_JSON || r->fmt == SHEET_JSONL) {
			explain_row_json(num, p, v);
			sheet_json_member(r->out, "explain", num->data, num->len);
			strbuf total = STRBUF_INIT, json = STRBUF_INIT;
			explain_total(&total, p, v);
			if (total.len) { /* a rescale, a bonus item, a veto: said beside the leaves */
				sb_json_string(&json, total.data, total.len);
				sheet_json_member(r->out, "explain_total", json.data, json.len);
			}
			sb_free(&total);
			sb_free(&json);
		} else {
			explain_row(sheet_cell_open(r->out), p, v);
			sheet_cell_close(r->out);
		}
	}
	sheet_end_row(r->out);
}

bool report_finish(report *r)
{
	if (r->fmt == SHEET_XLSX) {
		bool ok = !r->failed && xlsx_close(r->xl);
		r->xl = NULL;
		return ok;
	}
	if (r->fmt == SHEET_HTML) {
		bool ok = !r->failed && html_close(r->web);
		r->web = NULL;
		return ok;
	}
	return sheet_finish(r->out, "\n]\n", "]\n");
}
