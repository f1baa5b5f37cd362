#include "cases.h"

#include <string.h>

#include "../include/score_status.h"
#include "i18n.h"
#include "explain.h"
#include "mem.h"
#include "output.h"
#include "policy.h"
#include "report.h"
#include "datafile.h"
#include "utf8.h"
#include "row.h"

#define EXPECT_PREFIX "expect:"

/* What an expect: column checks. */
typedef enum expect_kind { EX_NODE, EX_TOTAL, EX_GRADE, EX_ERROR, EX_BONUS } expect_kind;

typedef struct expect_col {
	size_t column;     /* index in the header */
	expect_kind kind;
	int index;         /* node or bonus */
	const char *name;  /* as shown */
} expect_col;

static bool find_expectations(datafile_file *d, const prog *p, expect_col **out, int *count)
{
	expect_col *cols = NULL;
	int n = 0;
	bool ok = true;
	size_t plen = strlen(EXPECT_PREFIX);
	for (size_t c = 0; c < d->nheader; c++) {
		size_t len;
		const char *h = datafile_field(d, c, &len);
		if (len <= plen || memcmp(h, EXPECT_PREFIX, plen) != 0)
			continue;
		const char *name = h + plen;
		expect_col e = {c, EX_NODE, -1, NULL};
		if (strcmp(name, "total") == 0) {
			e.kind = EX_TOTAL;
			e.name = "total";
		} else if (strcmp(name, "grade") == 0) {
			e.kind = EX_GRADE;
			e.name = "grade";
		} else if (strcmp(name, "error") == 0) {
			e.kind = EX_ERROR;
			e.name = "error";
		} else {
			for (int i = 0; i < p->nnodes && e.index < 0; i++)
				if (strcmp(p->nodes[i].column, name) == 0 || strcmp(p->nodes[i].path, name) == 0) {
					e.index = i;
					e.name = p->nodes[i].column;
				}
			for (int i = 0; i < p->nbonuses && e.index < 0; i++)
				if (strcmp(p->bonuses[i].name, name) == 0) {
					e.kind = EX_BONUS;
					e.index = i;
					e.name = p->bonuses[i].name;
				}
			if (e.index < 0) {
				fprintf(stderr, _("%s: column '%s' expects an indicator the policy does not have\n"), d->name, h);
				ok = false;
				continue;
			}
		}
		cols = mem_append_room(cols, sizeof *cols, (size_t)(n));
		cols[n++] = e;
	}
	*out = cols;
	*count = n;
	if (ok && n == 0) {
		fprintf(stderr, _("%s: no expect: columns (expect:total, expect:grade, expect:<indicator>)\n"), d->name);
		ok = false;
	}
	return ok;
}

/* The actual value of an expectation, as text; false when not applicable. */
static bool actual_of(const prog *p, const row *v, const expect_col *e, strbuf *sb)
{
	switch (e->kind) {
	case EX_NODE:
		if (row_node_status(v, e->index) == ROW_NA) {
			sb_puts(sb, "n/a");
			return false;
		}
		dec_format(sb, row_node_score(v, e->index));
		return true;
	case EX_BONUS:
		dec_format(sb, row_bonus(v, e->index));
		return true;
	case EX_TOTAL:
		dec_format(sb, row_total(v));
		return true;
	case EX_GRADE:
		if (row_grade(v) >= 0)
			sb_puts(sb, p->grades[row_grade(v)].label);
		return true;
	case EX_ERROR:
		return true;
	}
	return true;
}

static bool matches(const expect_col *e, const char *want, size_t wn, const char *got)
{
	if (e->kind == EX_GRADE)
		return strlen(got) == wn && memcmp(got, want, wn) == 0;
	if (strcmp(got, "n/a") == 0 || (wn == 3 && memcmp(want, "n/a", 3) == 0))
		return strlen(got) == wn && memcmp(got, want, wn) == 0;
	dec_t a = DEC_ZERO, b = DEC_ZERO;
	bool ok = dec_parse(&a, want, wn, 60) == DEC_OK && dec_parse(&b, got, strlen(got), 60) == DEC_OK &&
		  dec_cmp(&a, &b) == 0;
	dec_clear(&a);
	dec_clear(&b);
	return ok;
}

static void pad_to(strbuf *sb, const char *s, size_t width, bool right)
{
	size_t w = utf8_width(s, strlen(s));
	if (right)
		for (size_t i = w; i < width; i++)
			sb_putc(sb, ' ');
	sb_puts(sb, s);
	if (!right)
		for (size_t i = w; i < width; i++)
			sb_putc(sb, ' ');
}

/* ---- coverage ----------------------------------------------------------------------- */

/* Marks f and every function it calls: code that no rule can run (a stdlib
 * helper this policy does not use) has no coverage to report. */
static void mark_reached(const prog *p, int f, bool *reached)
{
	if (reached[f])
		return;
	reached[f] = true;
	for (int at = p->funcs[f].start; at < p->funcs[f].start + p->funcs[f].len; at++)
		if (p->code[at].op == OP_CALL)
			mark_reached(p, (int)p->code[at].a, reached);
}

static int report_coverage(const prog *p, const unsigned *counts)
{
	int gaps = 0;
	strbuf sb = STRBUF_INIT;
	size_t ncode = (size_t)p->ncode + 1;
	int *owner = mem_calloc(ncode, sizeof *owner);          /* instruction → function */
	bool *clause_return = mem_calloc(ncode, sizeof *clause_return);
	bool *reached = mem_calloc((size_t)p->nfuncs + 1, sizeof *reached);
	for (int f = 0; f < p->nfuncs; f++)
		for (int at = p->funcs[f].start; at < p->funcs[f].start + p->funcs[f].len; at++)
			owner[at] = f;
	for (int f = p->nuser_funcs; f < p->nfuncs; f++)
		mark_reached(p, f, reached);
	for (int i = 0; i < p->nnodes; i++) {
		const prog_node *n = &p->nodes[i];
		for (int k = 0; k < n->nzeros + n->nnas; k++) {
			int f = k < n->nzeros ? n->zeros[k].func : n->nas[k - n->nzeros].func;
			clause_return[p->funcs[f].start + p->funcs[f].len - 1] = true;
		}
	}
	for (int at = 0; at < p->ncode; at++) {
		const prog_instr *in = &p->code[at];
		if (!reached[owner[at]])
			continue;
		const char *fname = p->funcs[owner[at]].name;
		int line, col;
		diag_line_col(p->diag, p->code_loc[at], &line, &col);
		const char *where = diag_source_name(p->diag, p->code_loc[at].file);
		sb_clear(&sb);
		if ((in->op == OP_IN_RANGE || in->op == OP_BAND_TEST) && counts[2 * at + 1] == 0) {
			const strbuf *band = &p->interval_texts[in->op == OP_BAND_TEST ? in->c : in->a];
			printf(_("coverage: %s:%d:%d: band branch %s of %s is never taken\n"), where, line, col, band->data, fname);
			gaps++;
		} else if (in->op == OP_JUMP_IF_FALSE && (counts[2 * at] == 0 || counts[2 * at + 1] == 0)) {
			/* a branch that jumps back into a band test is covered there */
			if (at > 0 && p->code[at - 1].op == OP_IN_RANGE)
				continue;
			printf(counts[2 * at] == 0 ? _("coverage: %s:%d:%d: this condition is never false (in %s)\n")
						   : _("coverage: %s:%d:%d: this condition is never true (in %s)\n"),
			       where, line, col, fname);
			gaps++;
		} else if (in->op == OP_RETURN && clause_return[at] && counts[2 * at + 1] == 0) {
			printf(_("coverage: %s:%d:%d: this clause's condition never holds (%s)\n"), where, line, col, fname);
			gaps++;
		}
	}
	sb_free(&sb);
	mem_free(owner);
	mem_free(clause_return);
	mem_free(reached);
	if (!gaps)
		printf("%s", _("coverage: every band branch, condition and clause is reached\n"));
	return gaps;
}

/* ---- running the cases ---------------------------------------------------------------- */

static void write_record(strbuf *sb, datafile_file *d, const expect_col *ex, int nex, char **replace)
{
	for (size_t c = 0; c < d->nheader; c++) {
		if (c)
			sb_putc(sb, ',');
		const char *s = NULL;
		for (int k = 0; k < nex && replace; k++)
			if (ex[k].column == c && replace[k])
				s = replace[k];
		size_t n;
		if (!s)
			s = datafile_field(d, c, &n);
		else
			n = strlen(s);
		sheet_csv_field(sb, s, n);
	}
	sb_putc(sb, '\n');
}

/* One run of score test over a file of cases. */
typedef struct case_run {
	const prog *p;
	datafile_file *d;
	row *v;
	expect_col *ex;
	int nex;
	FILE *upd;          /* --update: the cases file being rewritten, or NULL */
	strbuf line;        /* what is written to it */
	char **replace;     /* the expectations a failing case gets instead */
	strbuf where, got, table, why;
	int passed, failed, updated, not_updated;
	bool unreadable;    /* a case could not be read: --update changes nothing */
} case_run;

/* A case the reader could not make a record of: false when the run must
 * stop (under --update, which would lose it). */
static bool case_unreadable(case_run *c, const datafile_driver *r)
{
	printf(_("%s: FAIL: %s\n"), r->where.data, r->why.data);
	c->failed += (int)r->lost;
	if (!c->upd)
		return true;
	printf(_("%s: this case cannot be read, so --update changed nothing: mend it first\n"), r->where.data);
	c->unreadable = true;
	return false;
}

/* A case that stopped with an error: passed when it expected that error. */
static void case_stopped(case_run *c, const datafile_driver *r, const char *want_err, size_t want_err_len)
{
	const char *err = r->stage == ROWS_AT_SCORING ? r->why.data : _("a cell was refused (above)");
	if (want_err_len && strstr(err, want_err) && want_err_len <= strlen(err)) {
		c->passed++;
	} else {
		printf(_("%s: FAIL: %s\n"), c->where.data, err);
		c->failed++;
		c->not_updated += c->upd != NULL; /* no scores to write */
	}
	if (c->upd)
		write_record(&c->line, c->d, c->ex, c->nex, NULL);
}

/* The expectation k of a scored case against what it got: true when it
 * holds; else a line of the table of what failed. */
static bool case_expectation(case_run *c, int k)
{
	const expect_col *e = &c->ex[k];
	size_t wn;
	const char *want = datafile_field(c->d, e->column, &wn);
	sb_clear(&c->got);
	actual_of(c->p, c->v, e, &c->got);
	const char *got = sb_text(&c->got);
	mem_free(c->replace[k]);
	/* a blank expectation is not checked, and stays blank; an error
	 * expected of a row that scores is blanked */
	c->replace[k] = !wn ? NULL : mem_strdup(e->kind == EX_ERROR ? "" : got);
	if (e->kind == EX_ERROR) {
		if (wn)
			sb_printf(&c->table, _("  error      expected an error containing '%.*s', but the row was scored\n"),
				  (int)wn, want);
		return !wn;
	}
	if (!wn || matches(e, want, wn, got))
		return true;
	char *w = mem_strndup(want, wn);
	sb_puts(&c->table, "  ");
	pad_to(&c->table, e->name, 20, false);
	pad_to(&c->table, w, 10, true);
	sb_puts(&c->table, "  ");
	pad_to(&c->table, got, 10, true);
	mem_free(w);
	if (e->kind == EX_NODE) {
		sb_clear(&c->why);
		explain_node(&c->why, c->p, c->v, e->index);
		if (c->why.len)
			sb_printf(&c->table, "   %s", c->why.data);
	}
	sb_putc(&c->table, '\n');
	return false;
}

/* A case that scored: each expectation checked; a failure printed as a
 * table of expected and actual values. */
static void case_scored(case_run *c)
{
	bool ok = true;
	sb_clear(&c->table);
	for (int k = 0; k < c->nex; k++)
		ok &= case_expectation(c, k);
	if (ok) {
		c->passed++;
	} else {
		c->failed++;
		strbuf head = STRBUF_INIT;
		sb_puts(&head, "  ");
		pad_to(&head, "", 20, false);
		pad_to(&head, _("expected"), 10, true);
		sb_puts(&head, "  ");
		pad_to(&head, _("actual"), 10, true);
		printf(_("%s: FAIL\n%s\n%s"), c->where.data, head.data, c->table.data);
		sb_free(&head);
	}
	if (c->upd) {
		/* only the cases reported are rewritten */
		write_record(&c->line, c->d, c->ex, c->nex, ok ? NULL : c->replace);
		c->updated += !ok;
	}
}

/* Every case in turn. */
static void cases_drive(case_run *c, datafile_driver *r)
{
	datafile_step step;
	while ((step = datafile_drive(r)) != ROWS_END) {
		if (step == ROWS_SKIPPED && r->stage == ROWS_AT_RECORD) {
			if (!case_unreadable(c, r))
				break;
			continue;
		}
		sb_clear(&c->where);
		datafile_describe(&c->where, c->d, c->p, true);
		if (step == ROWS_SKIPPED) {
			const char *want_err = NULL;
			size_t want_err_len = 0;
			for (int k = 0; k < c->nex; k++)
				if (c->ex[k].kind == EX_ERROR)
					want_err = datafile_field(c->d, c->ex[k].column, &want_err_len);
			case_stopped(c, r, want_err, want_err_len);
			continue;
		}
		case_scored(c);
	}
}

/* --update: the cases file replaced by what was written, when every case
 * could be read; the status of the run. */
static int cases_update(case_run *c, const char *cases, bool read_error, int status)
{
	bool written = !c->unreadable && !read_error && fwrite(c->line.data, 1, c->line.len, c->upd) == c->line.len;
	if (!output_close(c->upd, cases, written)) {
		fprintf(stderr, _("score: cannot update '%s'\n"), cases);
		return SCORE_ERR_IO;
	}
	if (!written)
		return status;
	printf(P_("updated %d case in %s\n", "updated %d cases in %s\n", c->updated), c->updated, cases);
	if (c->not_updated)
		printf(P_("%d case failed with an error and could not be updated\n",
			  "%d cases failed with an error and could not be updated\n", c->not_updated),
		       c->not_updated);
	/* the update succeeded when every failure was rewritten */
	return c->not_updated ? SCORE_ERR_DATA : SCORE_OK;
}

/* The cases' file opened and its expectations found; the status when not. */
static int cases_open(case_run *c, datafile_file *d, const char *cases, const cases_options *o)
{
	datafile_source src = {o->encoding, o->delimiter, o->sheet};
	if (!datafile_open(d, cases, &src, c->p->naggs > 0))
		return SCORE_ERR_IO;
	c->d = d;
	if (d->wb && o->update) {
		fprintf(stderr, _("%s: --update rewrites a CSV file of cases, and this is a workbook\n"), d->name);
		return SCORE_ERR_USAGE;
	}
	if (!datafile_header(d, c->p))
		return datafile_header_failed(d);
	if (!find_expectations(d, c->p, &c->ex, &c->nex))
		return SCORE_ERR_DATA;
	if (o->update) {
		c->upd = output_open(cases, NULL, 0, NULL, 0); /* the cases file itself is the target */
		if (!c->upd)
			return SCORE_ERR_IO;
		write_record(&c->line, d, c->ex, c->nex, NULL);
	}
	return SCORE_OK;
}

int cases_run(const char *policy, const char *cases, const cases_options *o)
{
	int status;
	prog *p = policy_build(policy, o->policy, &status);
	if (!p)
		return status;
	case_run c = {.p = p, .line = STRBUF_INIT, .where = STRBUF_INIT, .got = STRBUF_INIT, .table = STRBUF_INIT,
		      .why = STRBUF_INIT};
	datafile_file d;
	status = cases_open(&c, &d, cases, o);
	if (status != SCORE_OK)
		goto done;
	c.v = row_new(p);
	row_set_tracing(c.v, true);
	unsigned *counts = o->coverage ? mem_calloc((size_t)p->ncode * 2 + 2, sizeof *counts) : NULL;
	row_set_coverage(c.v, counts);
	c.replace = mem_calloc((size_t)c.nex + 1, sizeof *c.replace);
	datafile_driver r;
	datafile_driver_init(&r, &d, p, c.v, true);
	cases_drive(&c, &r);
	status = r.read_error ? SCORE_ERR_IO : c.failed ? SCORE_ERR_DATA : SCORE_OK;
	if (c.upd) {
		status = cases_update(&c, cases, r.read_error, status);
		c.upd = NULL;
	}
	if (counts)
		report_coverage(p, counts);
	printf(_("%d passed, %d failed\n"), c.passed, c.failed);
	for (int k = 0; k < c.nex; k++)
		mem_free(c.replace[k]);
	mem_free(c.replace);
	mem_free(counts);
	datafile_driver_free(&r);
	row_free(c.v);
done:
	if (c.upd)
		output_close(c.upd, cases, false);
	if (c.d)
		datafile_close(&d);
	sb_free(&c.where);
	sb_free(&c.got);
	sb_free(&c.table);
	sb_free(&c.why);
	sb_free(&c.line);
	mem_free(c.ex);
	prog_free(p);
	return status;
}
