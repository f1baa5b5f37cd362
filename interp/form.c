/* form: the usual forms of a rule, matched on its instructions (form.h). */
#include "form.h"

#include <stdint.h>

#include "mem.h"

/* The instructions of one function, read in order by a match. */
typedef struct reader {
	const prog *p;
	const prog_instr *at, *end;
} reader;

static bool is(const reader *r, int op)
{
	return r->at < r->end && r->at->op == op;
}

/* A constant's index as the program has it. */
static bool is_const(const prog *p, int k)
{
	return k >= 0 && k < p->nconsts;
}

static bool take_operand(reader *r, form_operand *o)
{
	if (is(r, OP_INPUT)) {
		*o = (form_operand){true, !r->at->b, r->at->a};
	} else if (is(r, OP_CONST) && is_const(r->p, r->at->a)) {
		*o = (form_operand){false, false, r->at->a};
	} else {
		return false;
	}
	r->at++;
	return true;
}

static bool is_arith(int op)
{
	return op == OP_ADD || op == OP_SUB || op == OP_MUL || op == OP_DIV;
}

static bool is_test(int op)
{
	return op == OP_LT || op == OP_LE || op == OP_GT || op == OP_GE || op == OP_EQ || op == OP_NE;
}

/* x, or x op y, with y pushed or carried by the operation as a constant. */
static bool take_amount(reader *r, form *s)
{
	if (!take_operand(r, &s->x))
		return false;
	const prog_instr *mark = r->at;
	if (take_operand(r, &s->y) && r->at < r->end && is_arith(r->at->op) && !r->at->b) {
		s->op = r->at->op;
		r->at++;
	} else if ((r->at = mark) < r->end && is_arith(r->at->op) && r->at->b && is_const(r->p, r->at->a)) {
		s->y = (form_operand){false, false, r->at->a};
		s->op = r->at->op;
		r->at++;
	}
	return true;
}

/* RETURN of the top value, the function's last instruction. */
static bool at_return(const reader *r)
{
	return is(r, OP_RETURN) && !r->at->b && r->at + 1 == r->end;
}

/* CONST m, MIN of two: the score held to at most m (or no such pair). */
static void take_at_most(reader *r, form *s)
{
	s->at_most = -1;
	if (r->end - r->at >= 2 && is(r, OP_CONST) && is_const(r->p, r->at->a) && r->at[1].op == OP_MIN &&
	    r->at[1].a == 2) {
		s->at_most = r->at->a;
		r->at += 2;
	}
}

/* d made a multiple of c's denominator: false when c is no word or d no longer fits. */
static bool den_with(int64_t *d, const dec_t *c)
{
	if (c->big || c->den <= 0)
		return false;
	int64_t g = (int64_t)dec_gcd64((uint64_t)*d, (uint64_t)c->den);
	return !__builtin_mul_overflow(*d / g, c->den, d);
}

/* The checklist's constants as words over one denominator (form.h), when
 * they are words, that denominator fits, and so does the sum of them all
 * taken in any part; check_den stays 0 otherwise. */
static void checklist_in_words(const prog *p, form *s)
{
	if (s->n > FORM_BAND_WORDS)
		return;
	int64_t d = 1, reach;
	if (!den_with(&d, &p->consts[s->points]))
		return;
	for (int k = 0; k < s->n; k++)
		if (!den_with(&d, &p->consts[p->code[s->first + 3 * k + 2].a]))
			return;
	const dec_t *start = &p->consts[s->points];
	if (__builtin_mul_overflow(start->num, d / start->den, &s->check_start) || s->check_start == INT64_MIN)
		return;
	reach = s->check_start < 0 ? -s->check_start : s->check_start;
	for (int k = 0; k < s->n; k++) {
		const dec_t *c = &p->consts[p->code[s->first + 3 * k + 2].a];
		int64_t *item = &s->check_items[k];
		/* every item's magnitude added to the start's: no part of the sum can overflow */
		if (__builtin_mul_overflow(c->num, d / c->den, item) || *item == INT64_MIN ||
		    __builtin_add_overflow(reach, *item < 0 ? -*item : *item, &reach))
			return;
	}
	s->check_den = d;
}

/* CONST z, then for each item INPUT i, JUMP_IF_FALSE over the next, ADD
 * constant k; then at most a constant; then RETURN. */
static bool match_checklist(reader *r, form *s)
{
	if (!is(r, OP_CONST) || !is_const(r->p, r->at->a))
		return false;
	s->points = r->at->a;
	r->at++;
	s->first = (int)(r->at - r->p->code);
	s->n = 0;
	while (r->end - r->at >= 3 && r->at[0].op == OP_INPUT && r->at[1].op == OP_JUMP_IF_FALSE && r->at[1].a == 1 &&
	       r->at[2].op == OP_ADD && r->at[2].b && is_const(r->p, r->at[2].a)) {
		s->n++;
		r->at += 3;
	}
	take_at_most(r, s);
	if (s->n == 0 || !at_return(r))
		return false;
	s->kind = FORM_CHECKLIST;
	checklist_in_words(r->p, s);
	return true;
}

/* A bound num/den over d (a multiple of den), moved in by one when open
 * (move: +1 for a lower bound, -1 for an upper): false when it does not fit. */
static bool bound_over(const dec_t *b, int64_t d, bool incl, int move, int64_t *out)
{
	return !__builtin_mul_overflow(b->num, d / b->den, out) && (incl || !__builtin_add_overflow(*out, move, out));
}

/* The band's bounds as words over one denominator (form.h), when they are
 * words, that denominator fits, and the band has at most FORM_BAND_WORDS
 * branches; band_den stays 0 otherwise. */
static void band_in_words(const prog *p, form *s)
{
	if (s->n > FORM_BAND_WORDS)
		return;
	int64_t d = 1;
	for (int k = 0; k < s->n; k++) {
		const interval *iv = &p->intervals[p->code[s->first + 2 * k].c];
		const dec_t *b[2] = {iv->has_lo ? &iv->lo : NULL, iv->has_hi ? &iv->hi : NULL};
		for (int e = 0; e < 2; e++)
			if (b[e] && !den_with(&d, b[e]))
				return;
	}
	for (int k = 0; k < s->n; k++) {
		const interval *iv = &p->intervals[p->code[s->first + 2 * k].c];
		s->band_lo[k] = INT64_MIN;
		s->band_hi[k] = INT64_MAX;
		if ((iv->has_lo && !bound_over(&iv->lo, d, iv->lo_incl, 1, &s->band_lo[k])) ||
		    (iv->has_hi && !bound_over(&iv->hi, d, iv->hi_incl, -1, &s->band_hi[k])))
			return;
	}
	s->band_den = d;
}

/* SET_LOCAL 0, then for each branch BAND_TEST over the next of local 0 and
 * RETURN of a constant, then either LOCAL 0 and FAIL (no else branch) or
 * the else branch's RETURN of a constant, as the last. */
static bool match_band(reader *r, form *s, const prog_func *f)
{
	if (f->nlocals != 1 || !is(r, OP_SET_LOCAL) || r->at->a != 0)
		return false;
	r->at++;
	s->first = (int)(r->at - r->p->code);
	s->n = 0;
	while (r->end - r->at >= 2 && r->at[0].op == OP_BAND_TEST && r->at[0].a == 1 && r->at[0].b == 0 &&
	       r->at[0].c < r->p->nintervals && r->at[1].op == OP_RETURN && r->at[1].b &&
	       is_const(r->p, r->at[1].a)) {
		s->n++;
		r->at += 2;
	}
	s->otherwise = -1;
	if (r->end - r->at == 1 && r->at->op == OP_RETURN && r->at->b && is_const(r->p, r->at->a))
		s->otherwise = r->at->a; /* else: a constant */
	else if (r->end - r->at != 2 || r->at[0].op != OP_LOCAL || r->at[0].a != 0 || r->at[1].op != OP_FAIL)
		return false;
	if (s->n == 0)
		return false;
	s->kind = FORM_BAND;
	band_in_words(r->p, s);
	return true;
}

/* A deduction's points ÷ unit, for its runner's word way: when its
 * constants are words and its unit is above 0, and the quotient fits. */
static void per_unit(const prog *p, form *s)
{
	const prog_deduct *d = &p->deducts[s->deduct];
	const dec_t *pts = &p->consts[d->points], *unit = &p->consts[d->unit];
	s->in_words = false;
	if (pts->big || unit->big || p->consts[d->base].big || (d->cap >= 0 && p->consts[d->cap].big) || unit->num <= 0)
		return;
	/* (pn / pd) ÷ (un / ud) = pn·ud / (pd·un), each factor first reduced */
	uint64_t pn = pts->num < 0 ? 0 - (uint64_t)pts->num : (uint64_t)pts->num, pd = (uint64_t)pts->den;
	uint64_t un = (uint64_t)unit->num, ud = (uint64_t)unit->den;
	uint64_t g1 = dec_gcd64(pn, un), g2 = dec_gcd64(ud, pd);
	pn /= g1; /* g1 divides un, which is above 0 */
	un /= g1;
	ud /= g2;
	pd /= g2;
	uint64_t n, dd;
	if (__builtin_mul_overflow(pn, ud, &n) || __builtin_mul_overflow(pd, un, &dd) || n > INT64_MAX || dd > INT64_MAX)
		return;
	uint64_t g = dec_gcd64(n, dd);
	s->per_num = (int64_t)(n / g) * (pts->num < 0 ? -1 : 1);
	s->per_den = (int64_t)(dd / g);
	s->in_words = true;
}

static form match(const prog *p, const prog_func *f)
{
	form s = {.kind = FORM_NONE, .at_most = -1};
	if (f->nparams != 0)
		return s;
	reader r = {p, p->code + f->start, p->code + f->start + f->len};
	if (f->nlocals == 0 && match_checklist(&r, &s))
		return s;
	s = (form){.kind = FORM_NONE, .at_most = -1};
	r.at = p->code + f->start;
	if (!take_amount(&r, &s))
		return s;
	if (match_band(&r, &s, f))
		return s;
	if (f->nlocals != 0)
		return (form){.kind = FORM_NONE};
	if (at_return(&r)) {
		s.kind = FORM_VALUE;
	} else if (r.at < r.end && is_test(r.at->op) && r.at->b && is_const(p, r.at->a)) {
		s.test = r.at->op;
		s.against = r.at->a;
		r.at++;
		if (at_return(&r))
			s.kind = FORM_TEST;
	} else if (is(&r, OP_DEDUCT_K) && r.at->a >= 0 && r.at->a < p->ndeducts) {
		s.deduct = r.at->a;
		s.whole = r.at->b;
		r.at++;
		if (at_return(&r)) {
			s.kind = FORM_DEDUCT;
			per_unit(p, &s);
		}
	} else if (r.end - r.at >= 2 && is(&r, OP_CONST) && is_const(p, r.at->a) && r.at[1].op == OP_PRORATA &&
		   r.at[1].a == 2) {
		s.points = r.at->a;
		r.at += 2;
		take_at_most(&r, &s);
		if (at_return(&r))
			s.kind = FORM_PRORATA;
	}
	if (s.kind == FORM_NONE)
		return (form){.kind = FORM_NONE};
	return s;
}

form *form_find_all(const prog *p)
{
	form *all = mem_calloc(p->nfuncs > 0 ? (size_t)p->nfuncs : 1, sizeof *all);
	for (int i = 0; i < p->nfuncs; i++)
		all[i] = match(p, &p->funcs[i]);
	return all;
}

const char *form_name(form_kind k)
{
	switch (k) {
	case FORM_VALUE:
		return "value";
	case FORM_DEDUCT:
		return "deduction";
	case FORM_PRORATA:
		return "prorata";
	case FORM_BAND:
		return "band";
	case FORM_CHECKLIST:
		return "checklist";
	case FORM_TEST:
		return "test";
	case FORM_NONE:
		break;
	}
	return "";
}
