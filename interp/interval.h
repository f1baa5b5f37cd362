/* interval: the intervals of band branches and grades.
 *
 * An interval has a lower and an upper bound, each present or not and each
 * included or not, so that "80%（含）-90%" is [80%, 90%). It is written with
 * % when its bounds were, and printed the same way. The bounds are owned
 * decimals (decimal.h): whoever holds the interval clears them. */
#ifndef SCORE_INTERVAL_H
#define SCORE_INTERVAL_H

#include <stdbool.h>

#include "ast.h"
#include "decimal.h"
#include "strbuf.h"

typedef struct interval {
	bool has_lo, has_hi, lo_incl, hi_incl;
	bool percent;  /* written with %: printed so too */
	dec_t lo, hi;
} interval;

/* The interval a band branch or grade states; iv's decimals are the caller's. */
void interval_of_arm(const ast_arm *arm, interval *iv);
/* Inline: every band branch of every row asks it. */
static inline bool interval_contains(const interval *iv, const dec_t *x)
{
	if (iv->has_lo) {
		int c = dec_cmp(x, &iv->lo);
		if (c < 0 || (c == 0 && !iv->lo_incl))
			return false;
	}
	if (iv->has_hi) {
		int c = dec_cmp(x, &iv->hi);
		if (c > 0 || (c == 0 && !iv->hi_incl))
			return false;
	}
	return true;
}
/* A percent value's points in two words, the same digits over a
 * hundredth of the denominator (a cell's 87.45% is 8745/10000, its points
 * 8745/100): false for any other, which interval_format_value shifts. */
static inline bool interval_percent_points(const dec_t *x, dec_t *points)
{
	if (x->big || dec_gmp_only)
		return false;
	/* one unsigned division by the constant, its remainder told by the product */
	uint64_t den = (uint64_t)x->den, q = den / 100;
	if (q * 100 != den)
		return false;
	*points = (dec_t){x->num, (int64_t)q, NULL};
	return true;
}
/* "[80%, 90%)", "< 60", "= 5", or "else" for an interval with no bounds. */
void interval_format(strbuf *sb, const interval *iv);
/* A value as an interval of its kind prints it: 0.9 as 90% when percent. */
void interval_format_value(strbuf *sb, const dec_t *x, bool percent);

/* ---- algebra (score check): intervals with open or closed, finite or
 * infinite ends. Each result is owned by the caller (interval_clear). */

interval interval_full(void);                                  /* every value */
interval interval_closed(const dec_t *lo, const dec_t *hi);    /* [lo, hi] */
interval interval_copy(const interval *a);
void interval_clear(interval *iv);
bool interval_empty(const interval *iv);
interval interval_intersect(const interval *a, const interval *b);
/* Whether the interval holds a whole number (for counts). */
bool interval_has_integer(const interval *iv);

/* A set of disjoint intervals: what a band's branches leave uncovered. */
#define INTERVAL_SET_MAX 64
typedef struct interval_set {
	interval s[INTERVAL_SET_MAX];
	int n;
} interval_set;

void interval_set_clear(interval_set *set);
/* Takes iv (an empty one, or one past the limit, is dropped). */
void interval_set_add(interval_set *set, interval iv);
/* set = set − cut */
void interval_set_subtract(interval_set *set, const interval *cut);
/* out = (s ∩ domain) − every interval of left: where s overlaps what came
 * before it. */
void interval_set_outside(const interval *s, const interval *domain, const interval_set *left, interval_set *out);

#endif
