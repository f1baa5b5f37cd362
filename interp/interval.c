/* interval: bounds with their inclusivity, as bands and grades state them. */
#include "interval.h"

#include <string.h>

static void percent_cell_scale(dec_t *x)
{
	int64_t n;
	if (!x->big && x->den > 0 && x->den <= 10000 && 10000 % x->den == 0 &&
	    !__builtin_mul_overflow(x->num, 10000 / x->den, &n)) {
		x->num = n;
		x->den = 10000;
	}
}

void interval_of_arm(const ast_arm *arm, interval *iv)
{
	memset(iv, 0, sizeof *iv);
	iv->lo = iv->hi = DEC_ZERO;
	iv->has_lo = arm->has_lo;
	iv->has_hi = arm->has_hi;
	iv->lo_incl = arm->lo_incl;
	iv->hi_incl = arm->hi_incl;
	iv->percent = (arm->has_lo && arm->lo.percent) || (arm->has_hi && arm->hi.percent);
	if (arm->has_lo)
		ast_num_value(&arm->lo, &iv->lo);
	if (arm->has_hi)
		ast_num_value(&arm->hi, &iv->hi);
	if (iv->percent) {
		/* held over 10^4, the denominator of a percent cell with two
		 * decimals (87.45% is 8745/10000), when that is exact: such a
		 * cell is then compared with a bound in one comparison, not two
		 * cross products */
		percent_cell_scale(&iv->lo);
		percent_cell_scale(&iv->hi);
	}
}

void interval_format_value(strbuf *sb, const dec_t *x, bool percent)
{
	if (!percent) {
		dec_format(sb, x);
		return;
	}
	dec_t pct;
	if (interval_percent_points(x, &pct)) {
		dec_format(sb, &pct);
		sb_putc(sb, '%');
		return;
	}
	pct = DEC_ZERO;
	dec_shift10(&pct, x, 2);
	dec_format(sb, &pct);
	sb_putc(sb, '%');
	dec_clear(&pct);
}

static void format_bound(strbuf *sb, const interval *iv, const dec_t *x)
{
	interval_format_value(sb, x, iv->percent);
}

void interval_format(strbuf *sb, const interval *iv)
{
	if (iv->has_lo && iv->has_hi) {
		if (dec_cmp(&iv->lo, &iv->hi) == 0 && iv->lo_incl && iv->hi_incl) {
			sb_puts(sb, "= ");
			format_bound(sb, iv, &iv->lo);
			return;
		}
		sb_putc(sb, iv->lo_incl ? '[' : '(');
		format_bound(sb, iv, &iv->lo);
		sb_puts(sb, ", ");
		format_bound(sb, iv, &iv->hi);
		sb_putc(sb, iv->hi_incl ? ']' : ')');
	} else if (iv->has_lo) {
		sb_puts(sb, iv->lo_incl ? ">= " : "> ");
		format_bound(sb, iv, &iv->lo);
	} else if (iv->has_hi) {
		sb_puts(sb, iv->hi_incl ? "<= " : "< ");
		format_bound(sb, iv, &iv->hi);
	} else {
		sb_puts(sb, "else");
	}
}

/* ---- algebra: the intervals `score check` computes with --------------------------- */

interval interval_full(void)
{
	return (interval){false, false, false, false, false, DEC_ZERO, DEC_ZERO};
}

interval interval_closed(const dec_t *lo, const dec_t *hi)
{
	interval iv = {true, true, true, true, false, DEC_ZERO, DEC_ZERO};
	dec_set(&iv.lo, lo);
	dec_set(&iv.hi, hi);
	return iv;
}

interval interval_copy(const interval *a)
{
	interval iv = *a;
	iv.lo = iv.hi = DEC_ZERO;
	dec_set(&iv.lo, &a->lo);
	dec_set(&iv.hi, &a->hi);
	return iv;
}

void interval_clear(interval *iv)
{
	dec_clear(&iv->lo);
	dec_clear(&iv->hi);
}

bool interval_empty(const interval *iv)
{
	if (!iv->has_lo || !iv->has_hi)
		return false;
	int c = dec_cmp(&iv->lo, &iv->hi);
	return c > 0 || (c == 0 && !(iv->lo_incl && iv->hi_incl));
}

/* The tighter of two ends: the higher lower end, or the lower upper end; of
 * two equal ends the exclusive one. */
static void tighter(bool *has, bool *incl, dec_t *v, bool a_has, bool a_incl, const dec_t *a, bool b_has, bool b_incl,
		    const dec_t *b, bool lower)
{
	bool pick_a;
	if (!a_has)
		pick_a = false;
	else if (!b_has)
		pick_a = true;
	else {
		int c = dec_cmp(a, b);
		pick_a = c == 0 ? !a_incl : (lower ? c > 0 : c < 0);
	}
	*has = pick_a ? a_has : b_has;
	*incl = pick_a ? a_incl : b_incl;
	dec_set(v, pick_a ? a : b);
}

interval interval_intersect(const interval *a, const interval *b)
{
	interval iv = interval_full();
	tighter(&iv.has_lo, &iv.lo_incl, &iv.lo, a->has_lo, a->lo_incl, &a->lo, b->has_lo, b->lo_incl, &b->lo, true);
	tighter(&iv.has_hi, &iv.hi_incl, &iv.hi, a->has_hi, a->hi_incl, &a->hi, b->has_hi, b->hi_incl, &b->hi, false);
	return iv;
}

bool interval_has_integer(const interval *iv)
{
	if (!iv->has_lo || !iv->has_hi)
		return true;
	dec_t k = DEC_ZERO;
	dec_round(&k, &iv->lo, 0, DEC_CEIL);
	if (dec_cmp(&k, &iv->lo) == 0 && !iv->lo_incl) {
		dec_t one = DEC_ZERO;
		dec_set_int(&one, 1);
		dec_add(&k, &k, &one);
		dec_clear(&one);
	}
	int c = dec_cmp(&k, &iv->hi);
	bool has = c < 0 || (c == 0 && iv->hi_incl);
	dec_clear(&k);
	return has;
}

void interval_set_clear(interval_set *set)
{
	for (int i = 0; i < set->n; i++)
		interval_clear(&set->s[i]);
	set->n = 0;
}

void interval_set_add(interval_set *set, interval iv)
{
	if (interval_empty(&iv) || set->n == INTERVAL_SET_MAX) {
		interval_clear(&iv);
		return;
	}
	set->s[set->n++] = iv;
}

void interval_set_subtract(interval_set *set, const interval *cut)
{
	interval_set out = {.n = 0};
	for (int i = 0; i < set->n; i++) {
		const interval *piece = &set->s[i];
		if (cut->has_lo) {
			interval left = interval_full();
			left.has_hi = true;
			left.hi_incl = !cut->lo_incl;
			dec_set(&left.hi, &cut->lo);
			interval_set_add(&out, interval_intersect(piece, &left));
			interval_clear(&left);
		}
		if (cut->has_hi) {
			interval right = interval_full();
			right.has_lo = true;
			right.lo_incl = !cut->hi_incl;
			dec_set(&right.lo, &cut->hi);
			interval_set_add(&out, interval_intersect(piece, &right));
			interval_clear(&right);
		}
	}
	interval_set_clear(set);
	*set = out;
}

void interval_set_outside(const interval *s, const interval *domain, const interval_set *left, interval_set *out)
{
	out->n = 0;
	interval_set_add(out, interval_intersect(s, domain));
	for (int k = 0; k < left->n; k++)
		interval_set_subtract(out, &left->s[k]);
}
