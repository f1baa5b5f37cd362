#include "analyze.h"

#include <string.h>

#include "explain.h"
#include "i18n.h"
#include "mem.h"
#include "strbuf.h"
#include "vm.h"

static void show_interval(strbuf *sb, const interval *s, bool percent)
{
	interval iv = *s; /* borrowed for printing only, as a percent or not */
	iv.percent = percent;
	if (!s->has_lo && !s->has_hi)
		sb_puts(sb, _("every value"));
	else
		interval_format(sb, &iv);
}

/* ---- the reach of expressions ----------------------------------------------------- */

typedef struct reach {
	bool lo_inf, hi_inf;
	dec_t lo, hi;
} reach;

static reach r_full(void)
{
	return (reach){true, true, DEC_ZERO, DEC_ZERO};
}

static reach r_const(const dec_t *v)
{
	reach r = {false, false, DEC_ZERO, DEC_ZERO};
	dec_set(&r.lo, v);
	dec_set(&r.hi, v);
	return r;
}

static reach r_ints(int64_t lo, int64_t hi)
{
	reach r = {false, false, DEC_ZERO, DEC_ZERO};
	dec_set_int(&r.lo, lo);
	dec_set_int(&r.hi, hi);
	return r;
}

static void r_free(reach *r)
{
	dec_clear(&r->lo);
	dec_clear(&r->hi);
}

static reach r_copy(const reach *a)
{
	reach r = *a;
	r.lo = r.hi = DEC_ZERO;
	dec_set(&r.lo, &a->lo);
	dec_set(&r.hi, &a->hi);
	return r;
}

/* Hull of a and b, into a. */
static void r_join(reach *a, const reach *b)
{
	if (b->lo_inf)
		a->lo_inf = true;
	else if (!a->lo_inf && dec_cmp(&b->lo, &a->lo) < 0)
		dec_set(&a->lo, &b->lo);
	if (b->hi_inf)
		a->hi_inf = true;
	else if (!a->hi_inf && dec_cmp(&b->hi, &a->hi) > 0)
		dec_set(&a->hi, &b->hi);
}

/* Bounds that outgrow VM_MAX_BITS are dropped (the reach widens to
 * infinity on that side): still sound, and arithmetic stays cheap. */
static reach r_sized(reach r)
{
	if (!r.lo_inf && dec_bits(&r.lo) > VM_MAX_BITS) {
		r.lo_inf = true;
		dec_set_int(&r.lo, 0);
	}
	if (!r.hi_inf && dec_bits(&r.hi) > VM_MAX_BITS) {
		r.hi_inf = true;
		dec_set_int(&r.hi, 0);
	}
	return r;
}

static reach r_add(const reach *a, const reach *b, bool sub)
{
	reach r = {false, false, DEC_ZERO, DEC_ZERO};
	if (!sub) {
		r.lo_inf = a->lo_inf || b->lo_inf;
		r.hi_inf = a->hi_inf || b->hi_inf;
		if (!r.lo_inf)
			dec_add(&r.lo, &a->lo, &b->lo);
		if (!r.hi_inf)
			dec_add(&r.hi, &a->hi, &b->hi);
	} else {
		r.lo_inf = a->lo_inf || b->hi_inf;
		r.hi_inf = a->hi_inf || b->lo_inf;
		if (!r.lo_inf)
			dec_sub(&r.lo, &a->lo, &b->hi);
		if (!r.hi_inf)
			dec_sub(&r.hi, &a->hi, &b->lo);
	}
	return r_sized(r);
}

static bool r_is_zero(const reach *a)
{
	return !a->lo_inf && !a->hi_inf && dec_is_zero(&a->lo) && dec_is_zero(&a->hi);
}

static reach r_mul(const reach *a, const reach *b)
{
	if (r_is_zero(a) || r_is_zero(b))
		return r_ints(0, 0);
	if (a->lo_inf || a->hi_inf || b->lo_inf || b->hi_inf)
		return r_full(); /* an over-approximation: enough to flag the rule */
	const dec_t *x[2] = {&a->lo, &a->hi}, *y[2] = {&b->lo, &b->hi};
	reach r = {false, false, DEC_ZERO, DEC_ZERO};
	dec_t t = DEC_ZERO;
	for (int i = 0; i < 4; i++) {
		dec_mul(&t, x[i / 2], y[i % 2]);
		if (i == 0 || dec_cmp(&t, &r.lo) < 0)
			dec_set(&r.lo, &t);
		if (i == 0 || dec_cmp(&t, &r.hi) > 0)
			dec_set(&r.hi, &t);
	}
	dec_clear(&t);
	return r_sized(r);
}

static bool r_nonneg(const reach *a)
{
	return !a->lo_inf && dec_sgn(&a->lo) >= 0;
}

static bool r_nonpos(const reach *a)
{
	return !a->hi_inf && dec_sgn(&a->hi) <= 0;
}

static reach r_div(const reach *a, const reach *b)
{
	bool may_be_zero = (b->lo_inf || dec_sgn(&b->lo) <= 0) && (b->hi_inf || dec_sgn(&b->hi) >= 0);
	bool b_pos = !may_be_zero && r_nonneg(b), b_neg = !may_be_zero && r_nonpos(b);
	if (r_is_zero(a))
		return r_ints(0, 0);
	if (b_pos || b_neg) {
		/* b holds no 0: a × [1/hi, 1/lo], where an infinite end of b gives 0 */
		reach inv = {false, false, DEC_ZERO, DEC_ZERO};
		dec_t one = DEC_ZERO;
		dec_set_int(&one, 1);
		if (b_pos) {
			if (!b->hi_inf)
				dec_div(&inv.lo, &one, &b->hi);
			dec_div(&inv.hi, &one, &b->lo);
		} else {
			dec_div(&inv.lo, &one, &b->hi);
			if (!b->lo_inf)
				dec_div(&inv.hi, &one, &b->lo);
		}
		reach r = r_mul(a, &inv);
		r_free(&inv);
		dec_clear(&one);
		return r;
	}
	/* b may be 0 (that row stops with an error) or is unbounded: only the
	 * signs are known, as for a ratio of two amounts of money */
	bool b_ge = r_nonneg(b), b_le = r_nonpos(b);
	reach r = r_full();
	if ((r_nonneg(a) && b_ge) || (r_nonpos(a) && b_le))
		r.lo_inf = false; /* [0, +inf) */
	else if ((r_nonneg(a) && b_le) || (r_nonpos(a) && b_ge))
		r.hi_inf = false; /* (-inf, 0] */
	return r;
}

/* min (want_min) or max of two reaches, bound by bound */
static reach r_minmax(const reach *a, const reach *b, bool want_min)
{
	reach r = {false, false, DEC_ZERO, DEC_ZERO};
	if (want_min) {
		r.lo_inf = a->lo_inf || b->lo_inf;
		if (!r.lo_inf)
			dec_set(&r.lo, dec_cmp(&a->lo, &b->lo) < 0 ? &a->lo : &b->lo);
		r.hi_inf = a->hi_inf && b->hi_inf;
		if (!r.hi_inf)
			dec_set(&r.hi, a->hi_inf ? &b->hi : b->hi_inf ? &a->hi : dec_cmp(&a->hi, &b->hi) < 0 ? &a->hi : &b->hi);
	} else {
		r.hi_inf = a->hi_inf || b->hi_inf;
		if (!r.hi_inf)
			dec_set(&r.hi, dec_cmp(&a->hi, &b->hi) > 0 ? &a->hi : &b->hi);
		r.lo_inf = a->lo_inf && b->lo_inf;
		if (!r.lo_inf)
			dec_set(&r.lo, a->lo_inf ? &b->lo : b->lo_inf ? &a->lo : dec_cmp(&a->lo, &b->lo) > 0 ? &a->lo : &b->lo);
	}
	return r;
}

#define ANALYZE_MAX_GUARDS 64

typedef struct analyzer {
	prog *p;
	ast_decl *const *fns;
	reach *locals;      /* by slot, in the function being analyzed */
	int nlocals;
	int node;
	srcloc *reported;   /* band locations already reported (helpers run many times) */
	int *reported_variant; /* and for which key of a table (ast_expr.variant) */
	int nreported;
	long steps;         /* expressions visited, against ANALYZE_MAX_STEPS */
	strbuf depends;     /* the rules over all units the current rule takes, as written */
	/* the conditions around the expression being analysed (an if's, the
	 * left side of and/or, a band's or match's subject), and how many
	 * min, max, abs or clamp hold it: what guards a division or a
	 * difference of dates */
	const ast_expr *guards[ANALYZE_MAX_GUARDS];
	int nguards;
	int bounded;
} analyzer;

/* Functions are analysed at each call, with the arguments' reach, so that
 * calls nested in calls could take exponential time: past this many
 * expressions the analysis stops, and says so. */
#define ANALYZE_MAX_STEPS 2000000

static reach reach_of(analyzer *an, ast_expr *e);

static bool already_reported(analyzer *an, srcloc loc);

/* reach_of e with cond among the guards around it. */
static reach guarded_reach(analyzer *an, const ast_expr *cond, ast_expr *e)
{
	bool pushed = an->nguards < ANALYZE_MAX_GUARDS;
	if (pushed)
		an->guards[an->nguards++] = cond;
	reach r = reach_of(an, e);
	if (pushed)
		an->nguards--;
	return r;
}

/* Whether e reads input i (its operands and a call's arguments). */
static bool mentions(const ast_expr *e, int i)
{
	if (!e)
		return false;
	if (e->kind == E_NAME)
		return e->ref == REF_INPUT && e->slot == i;
	for (int k = 0; k < 4; k++)
		if (mentions(e->kid[k], i))
			return true;
	if (e->kind == E_CALL)
		for (size_t k = 0; k < e->list.len; k++)
			if (mentions(e->list.items[k], i))
				return true;
	return false;
}

/* Whether a condition around the expression reads input i, or, when
 * bounded counts, a min, max, abs or clamp holds it. */
static bool is_guarded(const analyzer *an, int i, bool bounded_counts)
{
	if (bounded_counts && an->bounded)
		return true;
	for (int k = 0; k < an->nguards; k++)
		if (mentions(an->guards[k], i))
			return true;
	return false;
}

static const char *input_at(const analyzer *an, const ast_expr *e, lang_input_type t1, lang_input_type t2,
			    lang_input_type t3, lang_input_type t4)
{
	if (!e || e->kind != E_NAME || e->ref != REF_INPUT)
		return NULL;
	lang_input_type t = an->p->inputs[e->slot].type;
	return t == t1 || t == t2 || t == t3 || t == t4 ? an->p->inputs[e->slot].name : NULL;
}

/* a / b where b is an input that can be 0 and nothing tests it first: the
 * rows where it is 0 stop with an error. */
static void check_divisor(analyzer *an, const ast_expr *e, const reach *b)
{
	const ast_expr *d = e->kid[1];
	const char *name = input_at(an, d, IN_COUNT, IN_MONEY, IN_NUMBER, IN_PERCENT);
	bool may_be_zero = (b->lo_inf || dec_sgn(&b->lo) <= 0) && (b->hi_inf || dec_sgn(&b->hi) >= 0);
	if (!name || !may_be_zero || is_guarded(an, d->slot, false) || already_reported(an, e->loc))
		return;
	diag_warning(an->p->diag, e->loc,
		     "this divides by %s, which can be 0 (no lower bound above 0): a row where it is stops with an "
		     "error; write ratio(…, %s, WHEN_ZERO) to say what 0 gives, or test %s first",
		     name, name, name);
}

/* d2 - d1 of two dates that nothing orders first: negative for a row that
 * gives them the other way round. */
static void check_date_difference(analyzer *an, const ast_expr *e)
{
	const char *late = input_at(an, e->kid[0], IN_DATE, IN_DATE, IN_DATE, IN_DATE);
	const char *early = input_at(an, e->kid[1], IN_DATE, IN_DATE, IN_DATE, IN_DATE);
	if (!late || !early || is_guarded(an, e->kid[0]->slot, true) || is_guarded(an, e->kid[1]->slot, true) ||
	    already_reported(an, e->loc))
		return;
	diag_warning(an->p->diag, e->loc,
		     "%s - %s is negative for a row whose %s comes after its %s: test their order first, or write "
		     "max(0, %s - %s)",
		     late, early, early, late, late, early);
}

static reach input_reach(analyzer *an, int i)
{
	prog_input *in = &an->p->inputs[i];
	if (in->has_bounds) {
		reach r = {false, false, DEC_ZERO, DEC_ZERO};
		dec_set(&r.lo, &in->lo);
		dec_set(&r.hi, &in->hi);
		return r;
	}
	switch (in->type) {
	case IN_YESNO:
		return r_ints(0, 1);
	case IN_ONEOF:
		return r_ints(0, in->noptions - 1);
	case IN_COUNT:
	case IN_LIST:
	case IN_MONEY: {
		reach r = r_ints(0, 0);
		r.hi_inf = true;
		return r;
	}
	default:
		return r_full();
	}
}

static bool already_reported_as(analyzer *an, srcloc loc, int variant)
{
	for (int i = 0; i < an->nreported; i++)
		if (an->reported[i].file == loc.file && an->reported[i].start == loc.start &&
		    an->reported_variant[i] == variant)
			return true;
	an->reported = mem_append_room(an->reported, sizeof *an->reported, (size_t)(an->nreported));
	an->reported_variant = mem_append_room(an->reported_variant, sizeof *an->reported_variant, (size_t)(an->nreported));
	an->reported_variant[an->nreported] = variant;
	an->reported[an->nreported++] = loc;
	return false;
}

static bool already_reported(analyzer *an, srcloc loc)
{
	return already_reported_as(an, loc, 0);
}

/* Whether e takes whole values only, so that a band over it has no gap
 * between consecutive integers (= 1; = 2; … is complete): counts, lists
 * and dates (days), ranks and unit counts, whole literals, count(),
 * floor(), ceil(), round(x), workdays(), date(), add_workdays(), and sums,
 * differences and products of such. */
static bool integral(analyzer *an, const ast_expr *e)
{
	switch (e->kind) {
	case E_NUM:
		return !e->num.percent && !strchr(e->num.text, '.');
	case E_NAME:
		return e->ref == REF_INPUT &&
		       (an->p->inputs[e->slot].type == IN_COUNT || an->p->inputs[e->slot].type == IN_LIST ||
			an->p->inputs[e->slot].type == IN_DATE);
	case E_NEG:
		return integral(an, e->kid[0]);
	case E_BIN:
		return (e->op == OPB_ADD || e->op == OPB_SUB || e->op == OPB_MUL) && integral(an, e->kid[0]) &&
		       integral(an, e->kid[1]);
	case E_CALL:
		if (e->ref == REF_AGGREGATE) {
			lang_aggregate k = an->p->aggs[e->slot].kind;
			return k == AGG_RANK || k == AGG_RANK_ASC || k == AGG_COUNT;
		}
		return e->ref == REF_NONE && e->slot < 0 &&
		       (e->op == BI_COUNT || e->op == BI_FLOOR || e->op == BI_CEIL || e->op == BI_WORKDAYS ||
			e->op == BI_DATE || e->op == BI_ADD_WORKDAYS || (e->op == BI_ROUND && e->list.len == 1));
	default:
		return false;
	}
}

/* The input a column parameter (local slot) stands for in the call being
 * analysed: its argument's reach is that input's index; -1 when unknown. */
static int column_of(const analyzer *an, int slot)
{
	int64_t k;
	if (slot < 0 || slot >= an->nlocals)
		return -1;
	const reach *r = &an->locals[slot];
	if (r->lo_inf || r->hi_inf || dec_cmp(&r->lo, &r->hi) != 0 || !dec_get_int(&r->lo, &k) || k < 0 ||
	    k >= an->p->ninputs)
		return -1;
	return (int)k;
}

/* A branch's score range, as far as its pick column reaches into it; an
 * empty cell (a column with no default) gives the top. A range the column's
 * values never reach fails every row that takes the branch with a value. */
static reach pick_reach(analyzer *an, const ast_expr *e)
{
	reach r = {false, false, DEC_ZERO, DEC_ZERO};
	ast_num_value(&e->num, &r.lo);
	ast_num_value(&e->num_hi, &r.hi);
	int slot = e->ref == REF_PARAM ? column_of(an, e->slot) : e->slot;
	if (slot < 0)
		return r; /* a column parameter outside a call: any column, the whole range */
	const prog_input *in = &an->p->inputs[slot];
	reach col = input_reach(an, slot);
	bool below = !col.hi_inf && dec_cmp(&col.hi, &r.lo) < 0;
	bool above = !col.lo_inf && dec_cmp(&col.lo, &r.hi) > 0;
	if ((below || above) && !already_reported(an, e->loc))
		diag_warning(an->p->diag, e->loc,
			     "input %s never holds a value in this score range: a row that takes this branch fails, unless its "
			     "cell is empty and the input has no default (then the top of the range is given)",
			     in->name);
	if (!below && !above) {
		if (!col.lo_inf && dec_cmp(&col.lo, &r.lo) > 0)
			dec_set(&r.lo, &col.lo);
		if (!col.hi_inf && dec_cmp(&col.hi, &r.hi) < 0 && in->has_default)
			dec_set(&r.hi, &col.hi);
	} else if (!in->has_default) {
		dec_set(&r.lo, &r.hi); /* only the empty cell's top */
	}
	r_free(&col);
	return r;
}

/* Band coverage: gaps, overlaps, branches no value reaches. Returns the
 * hull of the values of the branches that can be taken. */
static reach band_reach(analyzer *an, ast_expr *e)
{
	reach subj = reach_of(an, e->kid[0]);
	interval domain = interval_full();
	if (!subj.lo_inf) {
		domain.has_lo = true;
		domain.lo_incl = true;
		dec_set(&domain.lo, &subj.lo);
	}
	if (!subj.hi_inf) {
		domain.has_hi = true;
		domain.hi_incl = true;
		dec_set(&domain.hi, &subj.hi);
	}
	/* a band written once per key of a table is reported per key */
	bool report = !already_reported_as(an, e->loc, e->variant);
	int warnings_before = diag_warning_count(an->p->diag);
	bool percent = false;
	interval_set left = {.n = 0};
	interval_set_add(&left, interval_copy(&domain));
	reach result = {false, false, DEC_ZERO, DEC_ZERO};
	bool any = false;
	bool count = integral(an, e->kid[0]);
	strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < e->list.len; i++) {
		ast_arm *arm = e->list.items[i];
		interval s = interval_full();
		if (arm->kind == ARM_INTERVAL) {
			interval_clear(&s);
			interval_of_arm(arm, &s);
		}
		if (arm->kind == ARM_INTERVAL)
			percent |= (arm->has_lo && arm->lo.percent) || (arm->has_hi && arm->hi.percent);
		/* what this branch can still take: its span within what is left */
		bool reachable = false, overlaps = false;
		interval in_domain = interval_intersect(&s, &domain);
		bool in_dom = !interval_empty(&in_domain) && (!count || interval_has_integer(&in_domain));
		for (int k = 0; k < left.n; k++) {
			interval x = interval_intersect(&left.s[k], &s);
			if (!interval_empty(&x) && (!count || interval_has_integer(&x)))
				reachable = true;
			interval_clear(&x);
		}
		if (in_dom && !reachable)
			overlaps = true;
		if (report && !in_dom) {
			sb_clear(&sb);
			show_interval(&sb, &s, percent);
			diag_warning(an->p->diag, arm->loc, "no value reaches this branch (%s): the value is always outside it", sb.data);
		} else if (report && overlaps) {
			diag_warning(an->p->diag, arm->loc, "this branch can never be taken: the branches before it cover it");
		} else if (report && reachable && arm->kind == ARM_INTERVAL) {
			interval_set ov;
			interval_set_outside(&s, &domain, &left, &ov);
			for (int k = 0; k < ov.n; k++) {
				if (count && !interval_has_integer(&ov.s[k]))
					continue;
				sb_clear(&sb);
				show_interval(&sb, &ov.s[k], percent);
				diag_warning(an->p->diag, arm->loc, "this branch overlaps the ones before it on %s, where they win", sb.data);
				break;
			}
			interval_set_clear(&ov);
		}
		interval_clear(&in_domain);
		if (reachable) {
			reach v = reach_of(an, arm->value);
			if (!any)
				result = v;
			else {
				r_join(&result, &v);
				r_free(&v);
			}
			any = true;
		}
		interval_set_subtract(&left, &s);
		interval_clear(&s);
	}
	if (report) {
		for (int k = 0; k < left.n; k++) {
			if (count && !interval_has_integer(&left.s[k]))
				continue;
			sb_clear(&sb);
			show_interval(&sb, &left.s[k], percent);
			diag_warning(an->p->diag, e->loc, "this band does not cover %s: a value there matches no branch and the row stops with an error",
				     sb.data);
		}
	}
	if (report && e->variant && diag_warning_count(an->p->diag) > warnings_before)
		diag_note(an->p->diag, e->loc, "that is where %s, with the bounds the band's tables give for it", e->name);
	sb_free(&sb);
	interval_set_clear(&left);
	interval_clear(&domain);
	r_free(&subj);
	if (!any)
		return r_ints(0, 0);
	return result;
}

static reach arms_reach(analyzer *an, ast_list *arms)
{
	reach r = r_ints(0, 0);
	bool any = false;
	for (size_t i = 0; i < arms->len; i++) {
		ast_arm *arm = arms->items[i];
		reach v = reach_of(an, arm->value);
		if (!any) {
			r_free(&r);
			r = v;
		} else {
			r_join(&r, &v);
			r_free(&v);
		}
		any = true;
	}
	return r;
}

/* A rule over all units: a rank is at least 1 and a count at least 0; a
 * mean, minimum or maximum lies where the argument does; a share of the
 * largest is at most 1 when the argument is never negative. */
static reach aggregate_reach(analyzer *an, ast_expr *e)
{
	reach arg = e->list.len ? reach_of(an, e->list.items[0]) : r_full();
	reach r = r_full();
	size_t len;
	const char *text = diag_source_text(an->p->diag, e->loc.file, &len);
	strbuf call = STRBUF_INIT;
	sb_putn(&call, text + e->loc.start, e->loc.end - e->loc.start);
	if (!an->depends.data || !strstr(an->depends.data, call.data)) {
		sb_puts(&an->depends, an->depends.len ? ", " : "");
		sb_puts(&an->depends, call.data);
	}
	sb_free(&call);
	switch (an->p->aggs[e->slot].kind) {
	case AGG_RANK:
	case AGG_RANK_ASC:
	case AGG_COUNT:
		/* at most the data's units when check has them */
		r = r_ints(e->list.len ? 1 : 0, an->p->units > 0 ? an->p->units : 0);
		r.hi_inf = an->p->units <= 0;
		break;
	case AGG_MEAN:
	case AGG_MIN:
	case AGG_MAX:
		r = r_copy(&arg);
		break;
	case AGG_SHARE:
		if (!arg.lo_inf && dec_sgn(&arg.lo) >= 0)
			r = r_ints(0, 1);
		else
			an->p->aggs[e->slot].below_zero = true; /* for the witness search's candidates */
		break;
	case AGG_SUM:
		if (!arg.lo_inf && dec_sgn(&arg.lo) >= 0) {
			r = r_ints(0, 0);
			r.hi_inf = true;
		}
		break;
	case AGG__COUNT:
		break;
	}
	r_free(&arg);
	return r;
}

static reach call_reach(analyzer *an, ast_expr *e)
{
	int n = (int)e->list.len;
	if (e->ref == REF_HOOK) {
		/* a Lua function: any value (the witness search runs it) */
		for (int i = 0; i < n; i++) {
			reach t = reach_of(an, e->list.items[i]);
			r_free(&t);
		}
		return r_full();
	}
	if (e->ref == REF_AGGREGATE)
		return aggregate_reach(an, e);
	if (e->slot >= 0) {
		/* a user function: its body, with the arguments' reach for parameters */
		ast_decl *fn = an->fns[e->slot];
		reach *saved = an->locals;
		int saved_n = an->nlocals;
		int nl = an->p->funcs[e->slot].nlocals;
		reach *locals = mem_calloc((size_t)nl, sizeof *locals);
		for (int i = 0; i < nl; i++)
			locals[i] = r_full();
		for (int i = 0; i < n && i < nl; i++) {
			r_free(&locals[i]);
			locals[i] = reach_of(an, e->list.items[i]);
		}
		an->locals = locals;
		an->nlocals = nl;
		reach r = reach_of(an, fn->body);
		for (int i = 0; i < nl; i++)
			r_free(&locals[i]);
		mem_free(locals);
		an->locals = saved;
		an->nlocals = saved_n;
		return r;
	}
	reach *args = mem_calloc((size_t)n, sizeof *args);
	/* min, max, abs and clamp bound what they hold (a difference of dates) */
	bool bounds = e->op == BI_MIN || e->op == BI_MAX || e->op == BI_ABS || e->op == BI_CLAMP;
	an->bounded += bounds;
	for (int i = 0; i < n; i++)
		args[i] = reach_of(an, e->list.items[i]);
	an->bounded -= bounds;
	reach r;
	if (!lang_builtins[e->op].own_reach) { /* builtins.def: any number */
		for (int i = 0; i < n; i++)
			r_free(&args[i]);
		mem_free(args);
		return r_full();
	}
	switch ((lang_builtin)e->op) {
	case BI_MIN:
	case BI_MAX:
		r = r_copy(&args[0]);
		for (int i = 1; i < n; i++) {
			reach t = r_minmax(&r, &args[i], e->op == BI_MIN);
			r_free(&r);
			r = t;
		}
		break;
	case BI_SUM:
		r = r_copy(&args[0]);
		for (int i = 1; i < n; i++) {
			reach t = r_add(&r, &args[i], false);
			r_free(&r);
			r = t;
		}
		break;
	case BI_AVG:
		r = r_copy(&args[0]);
		for (int i = 1; i < n; i++)
			r_join(&r, &args[i]);
		break;
	case BI_COUNT:
		r = r_ints(0, n);
		break;
	case BI_CLAMP: {
		reach t = r_minmax(&args[0], &args[2], true);
		r = r_minmax(&t, &args[1], false);
		r_free(&t);
		break;
	}
	case BI_PRORATA: {
		/* within [0, points] or [0, cap] */
		const reach *cap = n == 3 ? &args[2] : &args[1];
		r = r_ints(0, 0);
		r.hi_inf = cap->hi_inf;
		if (!cap->hi_inf && dec_sgn(&cap->hi) > 0)
			dec_set(&r.hi, &cap->hi);
		break;
	}
	case BI_WORKDAYS: { /* at most the calendar days between, either way */
		if (args[0].lo_inf || args[0].hi_inf || args[1].lo_inf || args[1].hi_inf) {
			r = r_full();
			break;
		}
		r = r_add(&args[1], &args[0], true);
		reach zero = r_ints(0, 0);
		r_join(&r, &zero);
		r_free(&zero);
		break;
	}
	case BI_ABS:
		r = r_copy(&args[0]);
		if (r.lo_inf || dec_sgn(&r.lo) < 0) {
			bool hi_inf = r.lo_inf || r.hi_inf;
			dec_t hi = DEC_ZERO;
			if (!hi_inf) {
				dec_abs(&hi, &r.lo);
				if (dec_cmp(&r.hi, &hi) > 0)
					dec_set(&hi, &r.hi);
			}
			r_free(&r);
			r = r_ints(0, 0);
			r.hi_inf = hi_inf;
			dec_set(&r.hi, &hi);
			dec_clear(&hi);
		}
		break;
	case BI_ROUND: /* monotone: the ends' images, rounded as the VM rounds them */
	case BI_FLOOR:
	case BI_CEIL: {
		int places = ast_round_places(e);
		dec_round_mode mode = e->op == BI_FLOOR ? DEC_FLOOR : e->op == BI_CEIL ? DEC_CEIL : an->p->mode;
		r = r_copy(&args[0]);
		if (!r.lo_inf)
			dec_round(&r.lo, &r.lo, places, mode);
		if (!r.hi_inf)
			dec_round(&r.hi, &r.hi, places, mode);
		break;
	}
	default: /* OWN in builtins.def but no case here: any number */
		r = r_full();
		break;
	}
	for (int i = 0; i < n; i++)
		r_free(&args[i]);
	mem_free(args);
	return r;
}

static reach reach_of(analyzer *an, ast_expr *e)
{
	dec_t v = DEC_ZERO;
	reach r;
	if (++an->steps > ANALYZE_MAX_STEPS)
		return r_full();
	switch (e->kind) {
	case E_NUM:
		ast_num_value(&e->num, &v);
		r = r_const(&v);
		dec_clear(&v);
		return r;
	case E_BOOL:
		return r_ints(e->flag, e->flag);
	case E_STR:
		return r_ints(e->enum_value, e->enum_value);
	case E_NAME:
		if (e->ref == REF_INPUT)
			return input_reach(an, e->slot);
		if (e->ref == REF_SCORE)
			return r_full(); /* a score or the total: known only once scored */
		if (e->ref == REF_COLUMN)
			return r_ints(e->slot, e->slot); /* which column: column_of reads it back */
		if (e->slot >= 0 && e->slot < an->nlocals)
			return r_copy(&an->locals[e->slot]);
		return r_full();
	case E_WEIGHT: {
		/* at least the declared weight; more when weight moves to it */
		const prog_node *n = &an->p->nodes[an->node];
		r = r_const(&n->weight);
		for (int i = 0; i < an->p->nnodes; i++)
			for (int k = 0; k < an->p->nodes[i].nnas; k++) {
				const prog_clause *cl = &an->p->nodes[i].nas[k];
				if (cl->mode == NA_MOVE && cl->target == an->node)
					dec_add(&r.hi, &r.hi, &an->p->nodes[i].weight);
				else if (cl->mode == NA_SPREAD)
					r.hi_inf = true;
			}
		return r;
	}
	case E_NEG: {
		reach a = reach_of(an, e->kid[0]);
		r = (reach){a.hi_inf, a.lo_inf, DEC_ZERO, DEC_ZERO};
		if (!a.hi_inf)
			dec_neg(&r.lo, &a.hi);
		if (!a.lo_inf)
			dec_neg(&r.hi, &a.lo);
		r_free(&a);
		return r;
	}
	case E_NOT:
	case E_AND:
	case E_OR: {
		/* the left side of and/or guards the right */
		reach t = reach_of(an, e->kid[0]);
		r_free(&t);
		if (e->kid[1]) {
			t = guarded_reach(an, e->kid[0], e->kid[1]);
			r_free(&t);
		}
		return r_ints(0, 1);
	}
	case E_BIN: {
		reach a = reach_of(an, e->kid[0]), b = reach_of(an, e->kid[1]);
		if (e->op == OPB_DIV)
			check_divisor(an, e, &b);
		if (e->op == OPB_SUB)
			check_date_difference(an, e);
		if (e->op >= OPB_LT)
			r = r_ints(0, 1);
		else if (e->op == OPB_ADD || e->op == OPB_SUB)
			r = r_add(&a, &b, e->op == OPB_SUB);
		else if (e->op == OPB_MUL)
			r = r_mul(&a, &b);
		else
			r = r_div(&a, &b);
		r_free(&a);
		r_free(&b);
		return r;
	}
	case E_IF: {
		reach c = reach_of(an, e->kid[0]);
		r_free(&c);
		r = guarded_reach(an, e->kid[0], e->kid[1]);
		reach b = guarded_reach(an, e->kid[0], e->kid[2]);
		r_join(&r, &b);
		r_free(&b);
		return r;
	}
	case E_CALL:
		return call_reach(an, e);
	case E_BLOCK:
		for (size_t i = 0; i < e->list.len; i++) {
			ast_expr *let = e->list.items[i];
			if (let->slot >= 0 && let->slot < an->nlocals) {
				r_free(&an->locals[let->slot]);
				an->locals[let->slot] = reach_of(an, let->kid[0]);
			}
		}
		return reach_of(an, e->kid[0]);
	case E_BAND: {
		/* the subject guards the branches' values */
		bool pushed = an->nguards < ANALYZE_MAX_GUARDS;
		if (pushed)
			an->guards[an->nguards++] = e->kid[0];
		r = band_reach(an, e);
		if (pushed)
			an->nguards--;
		return r;
	}
	case E_MATCH: {
		reach s = reach_of(an, e->kid[0]);
		r_free(&s);
		bool pushed = an->nguards < ANALYZE_MAX_GUARDS;
		if (pushed)
			an->guards[an->nguards++] = e->kid[0];
		r = arms_reach(an, &e->list);
		if (pushed)
			an->nguards--;
		return r;
	}
	case E_CHECK: {
		/* each item adds 0 or its points */
		dec_t each = DEC_ZERO;
		if (e->flag)
			ast_num_value(&e->num, &each);
		r = r_ints(0, 0);
		for (size_t i = 0; i < e->list.len; i++) {
			ast_arm *item = e->list.items[i];
			reach c = reach_of(an, item->cond);
			r_free(&c);
			reach pts = item->value ? guarded_reach(an, item->cond, item->value) : r_const(&each);
			reach zero = r_ints(0, 0);
			r_join(&pts, &zero);
			reach t = r_add(&r, &pts, false);
			r_free(&r);
			r = t;
			r_free(&pts);
			r_free(&zero);
		}
		dec_clear(&each);
		if (e->kid[0]) {
			reach cap = reach_of(an, e->kid[0]);
			reach t = r_minmax(&r, &cap, true);
			r_free(&r);
			r = t;
			r_free(&cap);
		}
		return r;
	}
	case E_PICK:
		return pick_reach(an, e);
	case E_DEDUCT: {
		reach base = reach_of(an, e->kid[0]);
		for (int i = 1; i < 4; i++) {
			reach t = reach_of(an, e->kid[i]);
			r_free(&t);
		}
		/* max(0, base − deduction): within [0, max(0, base)]; capped: down
		 * to base − cap */
		r = r_ints(0, 0);
		r.hi_inf = base.hi_inf;
		if (!base.hi_inf && dec_sgn(&base.hi) > 0)
			dec_set(&r.hi, &base.hi);
		if (e->list.len) {
			reach cap = reach_of(an, e->list.items[0]);
			if (!base.lo_inf && !cap.hi_inf) {
				dec_t low = DEC_ZERO;
				dec_sub(&low, &base.lo, &cap.hi);
				if (dec_sgn(&low) < 0)
					dec_set(&r.lo, &low);
				dec_clear(&low);
			} else {
				r.lo_inf = true;
			}
			r_free(&cap);
		}
		r_free(&base);
		return r;
	}
	case E_LET:
		break;
	}
	return r_full();
}

static void add_finding(prog *p, int node, bool above, const reach *r)
{
	p->findings = mem_append_room(p->findings, sizeof *p->findings, (size_t)(p->nfindings));
	prog_finding *f = &p->findings[p->nfindings++];
	f->node = node;
	f->above = above;
	f->bound = DEC_ZERO;
	f->unbounded = above ? r->hi_inf : r->lo_inf;
	if (!f->unbounded)
		dec_set(&f->bound, above ? &r->hi : &r->lo);
}

static void analyze_grades(prog *p)
{
	if (p->ngrades == 0)
		return;
	interval domain = interval_closed(&(dec_t){0, 1, NULL}, &p->total);
	interval_set left = {.n = 0};
	interval_set_add(&left, interval_copy(&domain));
	strbuf sb = STRBUF_INIT;
	for (int g = 0; g < p->ngrades; g++) {
		const interval *iv = &p->grades[g].band;
		interval s = interval_copy(iv);
		bool reachable = false;
		for (int k = 0; k < left.n; k++) {
			interval x = interval_intersect(&left.s[k], &s);
			reachable |= !interval_empty(&x);
			interval_clear(&x);
		}
		if (!reachable) {
			diag_warning(p->diag, p->grades[g].loc, "grade %s can never be given: the grades before it (or [0, total]) leave it no total",
				     p->grades[g].label);
		} else {
			interval_set ov;
			interval_set_outside(&s, &domain, &left, &ov);
			if (ov.n) {
				sb_clear(&sb);
				show_interval(&sb, &ov.s[0], false);
				diag_warning(p->diag, p->grades[g].loc, "grade %s overlaps the grades before it on %s, where they are given",
					     p->grades[g].label, sb.data);
			}
			interval_set_clear(&ov);
		}
		interval_set_subtract(&left, &s);
		interval_clear(&s);
	}
	for (int k = 0; k < left.n; k++) {
		sb_clear(&sb);
		show_interval(&sb, &left.s[k], false);
		diag_warning(p->diag, p->grades[p->ngrades - 1].loc, "totals in %s get no grade", sb.data);
	}
	sb_free(&sb);
	interval_set_clear(&left);
	interval_clear(&domain);
}

void analyze_policy(prog *p, ast_decl *const *node_decl, ast_decl *const *fns)
{
	analyzer an = {.p = p, .fns = fns, .node = -1, .depends = STRBUF_INIT};
	for (int i = 0; i < p->nnodes; i++) {
		if (p->nodes[i].rule < 0)
			continue;

		an.node = i;
		an.nlocals = p->funcs[p->nodes[i].rule].nlocals;
		an.locals = mem_calloc((size_t)an.nlocals, sizeof *an.locals);
		for (int k = 0; k < an.nlocals; k++)
			an.locals[k] = r_full();
		sb_clear(&an.depends);
		reach r = reach_of(&an, node_decl[i]->body);
		const prog_node *n = &p->nodes[i];
		if (an.depends.len)
			diag_note(p->diag, n->loc, "'%s' depends on every unit, through %s: its score changes when another row changes",
				  n->name, an.depends.data);
		/* a rule that reads `weight` speaks in its own weight's terms; the
		 * range check is against the declared weight (or more, when moved) */
		reach w = {false, false, DEC_ZERO, DEC_ZERO};
		dec_set(&w.hi, &n->weight);
		if (n->uses_weight) {
			ast_expr probe = {.kind = E_WEIGHT};
			r_free(&w);
			w = reach_of(&an, &probe);
		}
		if (r.hi_inf || dec_cmp(&r.hi, &w.hi) > 0)
			add_finding(p, i, true, &r);
		/* the reach is an over-approximation: a top below the weight is sure */
		if (!r.hi_inf && !n->uses_weight && dec_cmp(&r.hi, &n->weight) < 0 && an.steps <= ANALYZE_MAX_STEPS) {
			strbuf top = STRBUF_INIT, wt = STRBUF_INIT;
			dec_format(&top, &r.hi);
			dec_format(&wt, &n->weight);
			diag_warning(p->diag, n->loc, "'%s' can never score its weight %s: its rule gives at most %s", n->name, wt.data,
				     top.data);
			sb_free(&top);
			sb_free(&wt);
		}
		if (r.lo_inf || dec_cmp(&r.lo, &n->floor) < 0) /* below 0, or below a capped deduction's floor */
			add_finding(p, i, false, &r);
		r_free(&w);
		r_free(&r);
		for (int k = 0; k < an.nlocals; k++)
			r_free(&an.locals[k]);
		mem_free(an.locals);
		an.locals = NULL;
		if (an.steps > ANALYZE_MAX_STEPS) {
			diag_note(p->diag, n->loc,
				  "the range analysis stopped in this rule, after %d steps (its limit): this rule and those "
				  "after it were not checked for band gaps, and only examples can show their range",
				  ANALYZE_MAX_STEPS);
			break;
		}
	}
	mem_free(an.reported);
	mem_free(an.reported_variant);
	sb_free(&an.depends);
	analyze_grades(p);
}

/* ---- witnesses: inputs that take a rule out of range ---------------------------------- */

/* Values worth trying for an input: its bounds, 0, 1, the policy's constants. */
static int candidates(const prog *p, int i, dec_t *out, int max)
{
	const prog_input *in = &p->inputs[i];
	int n = 0;
	if (in->type == IN_YESNO || in->type == IN_ONEOF) {
		int k = in->type == IN_YESNO ? 2 : in->noptions;
		for (int j = 0; j < k && n < max; j++)
			dec_set_int(&out[n++], j);
		return n;
	}
	bool nonneg = in->type == IN_COUNT || in->type == IN_MONEY || in->type == IN_LIST;
	dec_t extra[4] = {DEC_ZERO, DEC_ZERO, DEC_ZERO, DEC_ZERO};
	dec_set_int(&extra[0], 0);
	dec_set_int(&extra[1], 1);
	dec_set_int(&extra[2], 1000000);
	dec_set_int(&extra[3], -1000000);
	if (in->has_bounds) {
		dec_set(&out[n++], &in->lo);
		dec_set(&out[n++], &in->hi);
	}
	/* the bounds of every band branch and the middle of each bounded one (a
	 * branch in the middle of the range whose score is too high is reached
	 * only from inside it), then the policy's constants */
	int nbounds = 3 * p->nintervals;
	for (int c = -4; c < p->nconsts + nbounds && n < max; c++) {
		if (c < 0) {
			dec_set(&out[n], &extra[c + 4]);
		} else if (c >= nbounds) {
			dec_set(&out[n], &p->consts[c - nbounds]);
		} else {
			const interval *iv = &p->intervals[c / 3];
			int which = c % 3;
			if ((which == 0 && !iv->has_lo) || (which == 1 && !iv->has_hi) || (which == 2 && !(iv->has_lo && iv->has_hi)))
				continue;
			if (which < 2) {
				dec_set(&out[n], which == 0 ? &iv->lo : &iv->hi);
			} else {
				dec_t two = DEC_ZERO;
				dec_set_int(&two, 2);
				dec_add(&out[n], &iv->lo, &iv->hi);
				dec_div(&out[n], &out[n], &two);
				dec_clear(&two);
			}
		}
		bool ok = !in->has_bounds || (dec_cmp(&out[n], &in->lo) >= 0 && dec_cmp(&out[n], &in->hi) <= 0);
		if (nonneg)
			ok = ok && dec_sgn(&out[n]) >= 0;
		if (in->type == IN_COUNT || in->type == IN_LIST)
			ok = ok && dec_is_int(&out[n]);
		n += ok;
	}
	for (int k = 0; k < 4; k++)
		dec_clear(&extra[k]);
	return n;
}

/* Marks the inputs that function f can read, through its calls too (a Lua
 * hook given no arguments reads the whole row). */
/* The inputs a function reads, through the functions it calls; picks: those
 * it takes a score within a range from (NULL: counted as read); aggs: the
 * rules over all units it takes (may be NULL). */
static void inputs_read(const prog *p, int f, bool *seen_func, bool *reads, bool *picks, bool *aggs)
{
	if (seen_func[f])
		return;
	seen_func[f] = true;
	const prog_func *fn = &p->funcs[f];
	for (int ip = fn->start; ip < fn->start + fn->len; ip++) {
		const prog_instr *in = &p->code[ip];
		if (in->op == OP_INPUT)
			reads[in->a] = true;
		else if (in->op == OP_PICK || in->op == OP_COLUMN) /* COLUMN: passed to a pick */
			(picks ? picks : reads)[in->a] = true;
		else if (in->op == OP_AGGREGATE && aggs)
			aggs[in->a] = true;
		else if (in->op == OP_CALL)
			inputs_read(p, (int)in->a, seen_func, reads, picks, aggs);
		else if (in->op == OP_HOOK && p->hookcalls[in->a].nargs == 0)
			for (int i = 0; i < p->ninputs; i++)
				reads[i] = true;
	}
}

/* Values worth trying for a rule over all units, where no population is:
 * ranks and counts as a population grows (to the data's units, when check
 * was given data); the others like a number. */
static int aggregate_candidates(const prog *p, int k, dec_t *out, int max)
{
	static const int64_t places[] = {1, 2, 3, 5, 10, 20, 50, 100, 1000, 1000000};
	int n = 0;
	switch (p->aggs[k].kind) {
	case AGG_RANK:
	case AGG_RANK_ASC:
	case AGG_COUNT:
		for (size_t i = 0; i < sizeof places / sizeof *places && n < max; i++)
			if (p->units <= 0 || places[i] < p->units)
				dec_set_int(&out[n++], places[i]);
		if (p->units > 0 && n < max)
			dec_set_int(&out[n++], p->units);
		return n;
	case AGG_SHARE:
		dec_set_int(&out[n++], 1);
		dec_set_int(&out[n++], 0);
		if (p->aggs[k].below_zero) /* this unit as far below 0 as the largest is above */
			dec_set_int(&out[n++], -1);
		return n;
	default:
		break;
	}
	dec_set_int(&out[n++], 0);
	dec_set_int(&out[n++], 1);
	for (int c = 0; c < p->nconsts && n < max; c++)
		dec_set(&out[n++], &p->consts[c]);
	return n;
}

/* The witness search's budget: runs of rules, each weighed by its steps. */
typedef struct search_budget {
	uint64_t left;
	bool spent;
} search_budget;

#define ANALYZE_SEARCH_STEPS 200000000ull

static bool try_rule(const prog *p, vm *v, int node, dec_t *got, search_budget *b)
{
	uint64_t cost = (uint64_t)p->funcs[p->nodes[node].rule].work + 16;
	if (b->left < cost) {
		b->spent = true;
		return false;
	}
	b->left -= cost;
	return vm_run_rule(v, node, got);
}

/* Greedy search, variable by variable (the inputs the rule reads, and the
 * rules over all units it takes, which have no population here), for the
 * values that push the rule furthest; started from several points (every
 * variable at its first, second and third candidate: lower bound, upper
 * bound, 0 or 1), since one start can sit on a plateau where no single
 * variable moves the result. Variable i < ninputs is input i, else
 * aggregate i - ninputs. */
static int var_candidates(const prog *p, int i, dec_t *cand, int max)
{
	return i < p->ninputs ? candidates(p, i, cand, max) : aggregate_candidates(p, i - p->ninputs, cand, max);
}

static bool find_witness(const prog *p, vm *v, const prog_finding *f, dec_t *best, dec_t *aggs, search_budget *budget)
{
	enum { MAXC = 96, STARTS = 3 };
	dec_t *inputs = vm_inputs(v);
	dec_t cand[MAXC], got = DEC_ZERO, keep = DEC_ZERO;
	int nvars = p->ninputs + p->naggs;
	size_t nv = (size_t)(nvars ? nvars : 1);
	dec_t *best_vals = mem_calloc(nv, sizeof *best_vals);
	bool *reads = mem_calloc(nv, sizeof *reads), *picks = mem_calloc(nv, sizeof *picks);
	bool *seen = mem_calloc((size_t)p->nfuncs, sizeof *seen);
	int *vary = mem_calloc(nv, sizeof *vary), nvary = 0;
	inputs_read(p, p->nodes[f->node].rule, seen, reads, picks, reads + p->ninputs);
	for (int i = 0; i < nvars; i++)
		if (reads[i] && (i >= p->ninputs || p->inputs[i].type != IN_ID))
			vary[nvary++] = i;
#define VAR(i) ((i) < p->ninputs ? &inputs[i] : &aggs[(i) - p->ninputs])
	for (int k = 0; k < MAXC; k++)
		cand[k] = DEC_ZERO;
	for (int i = 0; i < nvars; i++)
		best_vals[i] = DEC_ZERO;
	bool have = false;
	for (int start = 0; start < STARTS; start++) {
		for (int i = 0; i < nvars; i++) {
			/* a pick left empty takes the top of its range: the highest score */
			if (i < p->ninputs)
				vm_set_missing(v, i, picks[i] && !reads[i]);
			int n = reads[i] ? var_candidates(p, i, cand, MAXC) : 0;
			if (n)
				dec_set(VAR(i), &cand[start < n ? start : 0]);
			else
				dec_set_int(VAR(i), 0);
		}
		if (try_rule(p, v, f->node, &got, budget)) {
			int c = dec_cmp(&got, best);
			if (!have || (f->above ? c > 0 : c < 0)) {
				dec_set(best, &got);
				for (int i = 0; i < nvars; i++)
					dec_set(&best_vals[i], VAR(i));
				have = true;
			}
		}
		for (int pass = 0; pass < 3; pass++)
			for (int j = 0; j < nvary; j++) {
				int i = vary[j];
				int n = var_candidates(p, i, cand, MAXC);
				dec_set(&keep, VAR(i));
				for (int k = 0; k < n; k++) {
					dec_set(VAR(i), &cand[k]);
					if (!try_rule(p, v, f->node, &got, budget))
						continue;
					int c = dec_cmp(&got, best);
					if (!have || (f->above ? c > 0 : c < 0)) {
						dec_set(best, &got);
						dec_set(&keep, &cand[k]);
						for (int m = 0; m < nvars; m++)
							dec_set(&best_vals[m], m == i ? &cand[k] : VAR(m));
						have = true;
					}
				}
				dec_set(VAR(i), &keep);
			}
	}
	/* leave the best values in place, for the caller to show */
	for (int i = 0; i < nvars; i++) {
		dec_set(VAR(i), &best_vals[i]);
		dec_clear(&best_vals[i]);
	}
#undef VAR
	mem_free(best_vals);
	mem_free(reads);
	mem_free(picks);
	mem_free(seen);
	mem_free(vary);
	for (int k = 0; k < MAXC; k++)
		dec_clear(&cand[k]);
	dec_clear(&got);
	dec_clear(&keep);
	const prog_node *node = &p->nodes[f->node];
	return have && (f->above ? dec_cmp(best, &node->weight) > 0 : dec_sgn(best) < 0);
}

void analyze_witnesses(const prog *p)
{
	if (!p->nfindings)
		return;
	vm *v = vm_new(p);
	vm_set_tracing(v, true);
	/* rules over all units take the values the search gives them */
	dec_t *aggs = mem_calloc((size_t)p->naggs, sizeof *aggs);
	for (int k = 0; k < p->naggs; k++)
		aggs[k] = DEC_ZERO;
	vm_set_free_aggregates(v, aggs);
	dec_t best = DEC_ZERO;
	strbuf sb = STRBUF_INIT, w = STRBUF_INIT;
	search_budget budget = {ANALYZE_SEARCH_STEPS, false};
	for (int k = 0; k < p->nfindings; k++) {
		const prog_finding *f = &p->findings[k];
		const prog_node *n = &p->nodes[f->node];
		if (budget.spent) {
			diag_note(p->diag, n->loc,
				  P_("the search for inputs that take rules outside their weight stopped at this rule, after "
				     "%llu steps (its limit): %d rule from here on may still score outside its weight",
				     "the search for inputs that take rules outside their weight stopped at this rule, after "
				     "%llu steps (its limit): %d rules from here on may still score outside their weight",
				     p->nfindings - k),
				  ANALYZE_SEARCH_STEPS, p->nfindings - k);
			break;
		}
		sb_clear(&w);
		dec_format(&w, &n->weight);
		if (find_witness(p, v, f, &best, aggs, &budget)) {
			/* name the inputs the rule read, at the values found */
			vm_run_rule(v, f->node, &best);
			const vm_trace *t = vm_node_trace(v, f->node);
			sb_clear(&sb);
			for (int i = 0; i < t->ninputs; i++) {
				const prog_input *in = &p->inputs[t->inputs[i]];
				sb_printf(&sb, "%s%s = ", i ? ", " : "", in->name);
				explain_value(&sb, in, &vm_inputs(v)[t->inputs[i]]);
			}
			if (t->pick >= 0 && t->pick_empty) {
				const prog_input *in = &p->inputs[t->pick];
				sb_puts(&sb, t->ninputs ? ", " : "");
				if (in->has_bounds && (dec_cmp(&t->pick_hi, &in->lo) < 0 || dec_cmp(&t->pick_hi, &in->hi) > 0)) {
					sb_printf(&sb, _("%s left empty"), in->name);
				} else {
					sb_printf(&sb, "%s = ", in->name);
					dec_format(&sb, &t->pick_hi);
				}
			}
			for (int i = 0; i < t->naggs; i++) {
				const prog_aggregate *a = &p->aggs[t->aggs[i]];
				size_t len;
				const char *text = diag_source_text(p->diag, a->loc.file, &len);
				sb_puts(&sb, sb.len ? ", " : "");
				sb_putn(&sb, text + a->loc.start, a->loc.end - a->loc.start);
				sb_puts(&sb, " = ");
				dec_format(&sb, &t->agg_values[i]);
			}
			strbuf val = STRBUF_INIT;
			dec_format(&val, &best);
			if (f->above)
				diag_warning(p->diag, n->loc, "'%s' can score %s, above its weight %s, e.g. when %s", n->name, val.data,
					     w.data, sb.data ? sb.data : _("(no input)"));
			else
				diag_warning(p->diag, n->loc, "'%s' can score %s, below 0, e.g. when %s", n->name, val.data,
					     sb.data ? sb.data : _("(no input)"));
			sb_free(&val);
		}
		/* No input found: the interval analysis, which does not follow
		 * conditions, over-approximated; say nothing rather than guess. */
	}
	sb_free(&sb);
	sb_free(&w);
	dec_clear(&best);
	vm_free(v);
	for (int k = 0; k < p->naggs; k++)
		dec_clear(&aggs[k]);
	mem_free(aggs);
}
