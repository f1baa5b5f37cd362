#include "diff.h"

#include <errno.h>
#include <string.h>

#include "../include/score_status.h"
#include "i18n.h"
#include "mem.h"
#include "output.h"
#include "policy.h"
#include "datafile.h"
#include "utf8.h"
#include "row.h"

#define DIFF_TOP 5

typedef struct top_delta {
	char *id;
	dec_t delta;
} top_delta;

typedef struct diff_state {
	const prog *a, *b;
	int *match;         /* node of b for each node of a, or -1 */
	sheet_format fmt;
	FILE *file;         /* where the sheet and the summary go */
	sheet *out;         /* the changed rows */
	long rows, changed, unscored;
	top_delta top[DIFF_TOP];
	int ntop;
	long *matrix;       /* (ngrades a + 1) × (ngrades b + 1); the last: no grade */
	dec_t sum_a, sum_b, min_a, max_a, min_b, max_b;
	bool failed;
} diff_state;

/* Writes the summary's text to the output file. */
static void write_text(diff_state *s, strbuf *sb)
{
	if (sb->len && fwrite(sb->data, 1, sb->len, s->file) != sb->len)
		s->failed = true;
	sb_clear(sb);
}

static void note_top(diff_state *s, const char *id, const dec_t *delta)
{
	dec_t mag = DEC_ZERO;
	dec_abs(&mag, delta);
	int at = s->ntop;
	while (at > 0) {
		dec_t other = DEC_ZERO;
		dec_abs(&other, &s->top[at - 1].delta);
		int c = dec_cmp(&mag, &other);
		dec_clear(&other);
		if (c <= 0)
			break;
		at--;
	}
	if (at < DIFF_TOP) {
		if (s->ntop == DIFF_TOP) {
			mem_free(s->top[DIFF_TOP - 1].id);
			dec_clear(&s->top[DIFF_TOP - 1].delta);
		} else {
			s->ntop++;
		}
		memmove(&s->top[at + 1], &s->top[at], (size_t)(s->ntop - 1 - at) * sizeof *s->top);
		s->top[at].id = mem_strdup(id);
		s->top[at].delta = DEC_ZERO;
		dec_set(&s->top[at].delta, delta);
	}
	dec_clear(&mag);
}

static void put_signed(strbuf *sb, const dec_t *d)
{
	if (dec_sgn(d) > 0)
		sb_putc(sb, '+');
	dec_format(sb, d);
}

static void put_score(strbuf *sb, const row *v, int node)
{
	if (row_node_status(v, node) == ROW_NA)
		sb_puts(sb, "n/a");
	else
		dec_format(sb, row_node_score(v, node));
}

static const char *grade_of(const prog *p, const row *v)
{
	return row_grade(v) >= 0 ? p->grades[row_grade(v)].label : "";
}


/* One row: returns true when something in it changed. */
static bool compare_row(diff_state *s, const char *id, const row *va, const row *vb)
{
	const prog *a = s->a, *b = s->b;
	strbuf changes = STRBUF_INIT, tmp = STRBUF_INIT;
	bool json = s->fmt == SHEET_JSON || s->fmt == SHEET_JSONL;
	int nchanges = 0;
	for (int i = 0; i < a->nnodes; i++) {
		int j = s->match[i];
		if (j < 0)
			continue;
		bool na_a = row_node_status(va, i) == ROW_NA, na_b = row_node_status(vb, j) == ROW_NA;
		if (na_a == na_b && (na_a || dec_cmp(row_node_score(va, i), row_node_score(vb, j)) == 0))
			continue;
		if (json) {
			sb_puts(&changes, nchanges ? ", {\"indicator\": " : "{\"indicator\": ");
			sb_json_string(&changes, a->nodes[i].path, strlen(a->nodes[i].path));
			sb_puts(&changes, ", \"old\": ");
			sb_clear(&tmp);
			put_score(&tmp, va, i);
			sb_puts(&changes, na_a ? "null" : tmp.data);
			sb_puts(&changes, ", \"new\": ");
			sb_clear(&tmp);
			put_score(&tmp, vb, j);
			sb_puts(&changes, na_b ? "null" : tmp.data);
			sb_putc(&changes, '}');
		} else {
			if (nchanges)
				sb_puts(&changes, "；");
			sb_printf(&changes, "%s ", a->nodes[i].column);
			put_score(&changes, va, i);
			sb_puts(&changes, "→");
			put_score(&changes, vb, j);
		}
		nchanges++;
	}
	dec_t delta = DEC_ZERO;
	dec_sub(&delta, row_total(vb), row_total(va));
	const char *ga = grade_of(a, va), *gb = grade_of(b, vb);
	bool changed = nchanges || !dec_is_zero(&delta) || strcmp(ga, gb) != 0;
	if (changed) {
		note_top(s, id, &delta);
		sheet_cell(s->out, id, strlen(id));
		sb_clear(&tmp);
		dec_format(&tmp, row_total(va));
		sheet_cell(s->out, tmp.data, tmp.len);
		sb_clear(&tmp);
		dec_format(&tmp, row_total(vb));
		sheet_cell(s->out, tmp.data, tmp.len);
		sb_clear(&tmp);
		if (json)
			dec_format(&tmp, &delta);
		else
			put_signed(&tmp, &delta);
		sheet_cell(s->out, tmp.data, tmp.len);
		sheet_cell(s->out, ga, strlen(ga));
		sheet_cell(s->out, gb, strlen(gb));
		sb_clear(&tmp);
		sb_putc(&tmp, '[');
		sb_puts(&tmp, json ? sb_text(&changes) : "");
		sb_putc(&tmp, ']');
		sheet_cell_json(s->out, sb_text(&changes), changes.len, tmp.data, tmp.len);
		sheet_end_row(s->out);
		s->changed++;
	}
	dec_clear(&delta);
	sb_free(&changes);
	sb_free(&tmp);
	return changed;
}

static void track_totals(diff_state *s, const row *va, const row *vb)
{
	const dec_t *ta = row_total(va), *tb = row_total(vb);
	if (s->rows == 0) {
		dec_set(&s->min_a, ta);
		dec_set(&s->max_a, ta);
		dec_set(&s->min_b, tb);
		dec_set(&s->max_b, tb);
	}
	dec_add(&s->sum_a, &s->sum_a, ta);
	dec_add(&s->sum_b, &s->sum_b, tb);
	if (dec_cmp(ta, &s->min_a) < 0)
		dec_set(&s->min_a, ta);
	if (dec_cmp(ta, &s->max_a) > 0)
		dec_set(&s->max_a, ta);
	if (dec_cmp(tb, &s->min_b) < 0)
		dec_set(&s->min_b, tb);
	if (dec_cmp(tb, &s->max_b) > 0)
		dec_set(&s->max_b, tb);
	int ga = row_grade(va) >= 0 ? row_grade(va) : s->a->ngrades;
	int gb = row_grade(vb) >= 0 ? row_grade(vb) : s->b->ngrades;
	s->matrix[ga * (s->b->ngrades + 1) + gb]++;
}

static void put_mean(strbuf *sb, const dec_t *sum, long n)
{
	dec_t m = DEC_ZERO, d = DEC_ZERO;
	dec_set_int(&d, n ? n : 1);
	dec_div(&m, sum, &d);
	dec_round(&m, &m, 2, DEC_HALF_UP);
	dec_format(sb, &m);
	dec_clear(&m);
	dec_clear(&d);
}

/* "mean 89.8, min 84.07, max 95", or the same as a JSON object. */
static void put_totals(strbuf *sb, bool json, const dec_t *sum, const dec_t *min, const dec_t *max, long rows)
{
	sb_puts(sb, json ? "{\"mean\": " : _("mean "));
	put_mean(sb, sum, rows);
	sb_puts(sb, json ? ", \"min\": " : _(", min "));
	dec_format(sb, min);
	sb_puts(sb, json ? ", \"max\": " : _(", max "));
	dec_format(sb, max);
	if (json)
		sb_putc(sb, '}');
}

/* The summary, as text lines after the rows: for CSV each line starts
 * with "# ", so that the rows stay one table to readers that skip comment
 * lines (pandas' comment='#') and the summary still goes with the report. */
static void summary_text(diff_state *s, FILE *f, const char *prefix, const char *const *added, int nadded,
			 const char *const *removed, int nremoved)
{
	const prog *a = s->a, *b = s->b;
	strbuf t = STRBUF_INIT, sb = STRBUF_INIT;
	sb_printf(&t, _("rows compared: %ld; changed: %ld"), s->rows, s->changed);
	if (s->unscored)
		sb_printf(&t, _("; not scored: %ld"), s->unscored);
	sb_putc(&t, '\n');
	for (int i = 0; i < nadded; i++)
		sb_printf(&t, _("indicator added: %s\n"), added[i]);
	for (int i = 0; i < nremoved; i++)
		sb_printf(&t, _("indicator removed: %s\n"), removed[i]);
	if (s->rows) {
		sb_puts(&t, _("total before: "));
		put_totals(&t, false, &s->sum_a, &s->min_a, &s->max_a, s->rows);
		sb_puts(&t, "\n");
		sb_puts(&t, _("total after:  "));
		put_totals(&t, false, &s->sum_b, &s->min_b, &s->max_b, s->rows);
		sb_puts(&t, "\n");
	}
	for (int i = 0; i < s->ntop; i++) {
		sb_clear(&sb);
		put_signed(&sb, &s->top[i].delta);
		const char *label = _("largest deltas:");
		if (i)
			sb_printf(&t, "%*s %s %s\n", (int)utf8_width(label, strlen(label)), "", s->top[i].id, sb.data);
		else
			sb_printf(&t, "%s %s %s\n", label, s->top[i].id, sb.data);
	}
	/* the grade migration matrix: rows are old grades, columns new ones */
	sb_puts(&t, _("grades (old ↓, new →):"));
	for (int j = 0; j <= b->ngrades; j++)
		sb_printf(&t, "\t%s", j < b->ngrades ? b->grades[j].label : "-");
	sb_putc(&t, '\n');
	for (int i = 0; i <= a->ngrades; i++) {
		sb_printf(&t, "  %s", i < a->ngrades ? a->grades[i].label : "-");
		for (int j = 0; j <= b->ngrades; j++)
			sb_printf(&t, "\t%ld", s->matrix[i * (b->ngrades + 1) + j]);
		sb_putc(&t, '\n');
	}
	for (const char *line = t.data; line && *line;) {
		size_t n = strcspn(line, "\n");
		fprintf(f, "%s%.*s\n", prefix, (int)n, line);
		line += n + (line[n] != '\0');
	}
	sb_free(&sb);
	sb_free(&t);
}

static void summary_json(diff_state *s, const char *prefix, const char *const *added, int nadded, const char *const *removed,
			 int nremoved)
{
	const prog *a = s->a, *b = s->b;
	strbuf buf = STRBUF_INIT, *sb = &buf;
	sb_puts(sb, prefix);
	sb_printf(sb, "\"summary\": {\"rows\": %ld, \"changed\": %ld, \"not_scored\": %ld, \"added\": [", s->rows,
		  s->changed, s->unscored);
	for (int i = 0; i < nadded; i++) {
		if (i)
			sb_puts(sb, ", ");
		sb_json_string(sb, added[i], strlen(added[i]));
	}
	sb_puts(sb, "], \"removed\": [");
	for (int i = 0; i < nremoved; i++) {
		if (i)
			sb_puts(sb, ", ");
		sb_json_string(sb, removed[i], strlen(removed[i]));
	}
	sb_puts(sb, "], \"before\": ");
	put_totals(sb, true, &s->sum_a, &s->min_a, &s->max_a, s->rows);
	sb_puts(sb, ", \"after\": ");
	put_totals(sb, true, &s->sum_b, &s->min_b, &s->max_b, s->rows);
	sb_puts(sb, ", \"largest\": [");
	for (int i = 0; i < s->ntop; i++) {
		sb_puts(sb, i ? ", {\"id\": " : "{\"id\": ");
		sb_json_string(sb, s->top[i].id, strlen(s->top[i].id));
		sb_puts(sb, ", \"delta\": ");
		dec_format(sb, &s->top[i].delta);
		sb_putc(sb, '}');
	}
	sb_puts(sb, "], \"grades\": {");
	bool first = true;
	for (int i = 0; i <= a->ngrades; i++)
		for (int j = 0; j <= b->ngrades; j++) {
			long n = s->matrix[i * (b->ngrades + 1) + j];
			if (!n)
				continue;
			strbuf key = STRBUF_INIT;
			sb_printf(&key, "%s→%s", i < a->ngrades ? a->grades[i].label : "-",
				  j < b->ngrades ? b->grades[j].label : "-");
			sb_puts(sb, first ? "" : ", ");
			sb_json_string(sb, key.data, key.len);
			sb_printf(sb, ": %ld", n);
			sb_free(&key);
			first = false;
		}
	sb_puts(sb, "}}}\n");
	write_text(s, sb);
	sb_free(sb);
}

/* Which indicator of the new policy each old one is (by its path), and
 * those in only one of them. */
static void match_nodes(diff_state *s, const char **added, int *nadded, const char **removed, int *nremoved)
{
	const prog *a = s->a, *b = s->b;
	for (int i = 0; i < a->nnodes; i++) {
		s->match[i] = -1;
		for (int j = 0; j < b->nnodes; j++)
			if (strcmp(a->nodes[i].path, b->nodes[j].path) == 0)
				s->match[i] = j;
		if (s->match[i] < 0)
			removed[(*nremoved)++] = a->nodes[i].path;
	}
	for (int j = 0; j < b->nnodes; j++) {
		bool found = false;
		for (int i = 0; i < a->nnodes && !found; i++)
			found = s->match[i] == j;
		if (!found)
			added[(*nadded)++] = b->nodes[j].path;
	}
}

/* Every row, scored by both policies and compared. */
static void diff_rows(diff_state *s, datafile_driver *r, row *va, row *vb)
{
	const prog *a = s->a;
	datafile_file *d = r->d;
	const char **ids = mem_calloc((size_t)a->nids + 1, sizeof *ids);
	size_t *lens = mem_calloc((size_t)a->nids + 1, sizeof *lens);
	strbuf id = STRBUF_INIT;
	datafile_step step;
	while ((step = datafile_drive(r)) != ROWS_END) {
		if (step == ROWS_SKIPPED) {
			datafile_report_skip(r);
			s->unscored += r->lost;
			continue;
		}
		sb_clear(&id);
		if (a->nids) {
			datafile_ids(&d->cur, a, d->col_of_input, ids, lens);
			for (int i = 0; i < a->nids; i++)
				sb_printf(&id, "%s%.*s", i ? "/" : "", (int)lens[i], ids[i]);
		} else {
			sb_printf(&id, "row %ld", datafile_row(d));
		}
		compare_row(s, id.data, va, vb);
		track_totals(s, va, vb);
		s->rows++;
	}
	sb_free(&id);
	mem_free(ids);
	mem_free(lens);
}

static void diff_state_free(diff_state *s)
{
	for (int i = 0; i < s->ntop; i++) {
		mem_free(s->top[i].id);
		dec_clear(&s->top[i].delta);
	}
	dec_clear(&s->sum_a);
	dec_clear(&s->sum_b);
	dec_clear(&s->min_a);
	dec_clear(&s->max_a);
	dec_clear(&s->min_b);
	dec_clear(&s->max_b);
	sheet_free(s->out);
	mem_free(s->matrix);
	mem_free(s->match);
}

/* The rows that change, then the summary, from the open data into out
 * (closed: kept only when whole). */
static int diff_write(diff_state *s, datafile_file *d, int *cols_b, FILE *out, const diff_options *o)
{
	const prog *a = s->a, *b = s->b;
	sheet_format fmt = o->format;
	s->fmt = fmt;
	FILE *w = output_encoding_begin(out, o->bom, o->output_encoding);
	if (!w) {
		w = out;
		s->failed = true;
	}
	s->file = w;
	s->out = sheet_new(w, fmt);
	static const char *const head[] = {"id", "old total", "new total", "delta", "old grade", "new grade", "changes"};
	for (size_t c = 0; c < sizeof head / sizeof *head; c++)
		sheet_column(s->out, head[c], c >= 1 && c <= 3);
	s->sum_a = s->sum_b = s->min_a = s->max_a = s->min_b = s->max_b = DEC_ZERO;
	s->matrix = mem_calloc((size_t)(a->ngrades + 1) * (size_t)(b->ngrades + 1), sizeof *s->matrix);
	s->match = mem_calloc((size_t)a->nnodes, sizeof *s->match);
	const char **added = mem_calloc((size_t)b->nnodes + 1, sizeof *added);
	const char **removed = mem_calloc((size_t)a->nnodes + 1, sizeof *removed);
	int nadded = 0, nremoved = 0;
	match_nodes(s, added, &nadded, removed, &nremoved);
	sheet_start(s->out, "{\"rows\": [", "  ");
	row *va = row_new(a), *vb = row_new(b);
	datafile_driver r;
	datafile_driver_init(&r, d, a, va, true);
	r.policy[0].label = _("old policy");
	datafile_driver_add(&r, b, cols_b, vb, _("new policy"));
	diff_rows(s, &r, va, vb);
	if (!sheet_finish(s->out, fmt == SHEET_JSON ? "\n]," : "", fmt == SHEET_JSON ? "\n]," : ""))
		s->failed = true;
	if (fmt == SHEET_JSON || fmt == SHEET_JSONL)
		summary_json(s, fmt == SHEET_JSON ? "\n" : "{", added, nadded, removed, nremoved);
	else
		summary_text(s, w, fmt == SHEET_CSV ? "# " : "", added, nadded, removed, nremoved);
	int status = r.read_error ? SCORE_ERR_IO : s->changed || nadded || nremoved || s->unscored ? SCORE_ERR_DATA : SCORE_OK;
	if (!output_encoding_end(w, out, o->output_encoding))
		s->failed = true;
	if (!output_close(out, o->output, !s->failed) || s->failed) {
		fprintf(stderr, _("score: cannot write the output: %s\n"), strerror(errno ? errno : EIO));
		status = SCORE_ERR_IO;
	}
	datafile_driver_free(&r);
	mem_free(added);
	mem_free(removed);
	row_free(va);
	row_free(vb);
	return status;
}

int diff_run(const char *old_policy, const char *new_policy, const char *data, const diff_options *o)
{
	int status;
	prog *a = policy_build(old_policy, o->policy, &status);
	prog *b = a ? policy_build(new_policy, o->policy, &status) : NULL;
	if (!a || !b) {
		prog_free(a);
		return status;
	}
	datafile_file d;
	datafile_source src = {o->encoding, o->delimiter, o->sheet};
	int *cols_b = NULL;
	if (!datafile_open(&d, data, &src, a->naggs > 0 || b->naggs > 0)) {
		status = SCORE_ERR_IO;
		goto built;
	}
	if (!datafile_header(&d, a) || !(cols_b = datafile_map(&d, b))) {
		status = datafile_header_failed(&d);
		goto opened;
	}
	size_t ninputs;
	const char **inputs = prog_read_files(a, b, data, &ninputs);
	const diag_log *logs[] = {a->diag, b->diag};
	FILE *out = output_open(o->output, inputs, ninputs, logs, 2);
	mem_free(inputs);
	if (!out) {
		status = SCORE_ERR_IO;
		goto opened;
	}
	diff_state s = {0};
	s.a = a;
	s.b = b;
	status = diff_write(&s, &d, cols_b, out, o);
	diff_state_free(&s);
opened:
	mem_free(cols_b);
	datafile_close(&d);
built:
	prog_free(a);
	prog_free(b);
	return status;
}
