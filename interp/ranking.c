#include "ranking.h"

#include <stdlib.h>

#include "mem.h"

void ranking_add(ranking *r, const dec_t *x)
{
	r->values = mem_grow(r->values, sizeof *r->values, &r->cap, (size_t)r->n + 1);
	r->values[r->n] = DEC_ZERO;
	dec_set(&r->values[r->n], x);
	r->n++;
}

static int cmp_dec(const void *a, const void *b)
{
	return dec_cmp(a, b);
}

void ranking_seal(ranking *r)
{
	if (r->values)
		qsort(r->values, (size_t)r->n, sizeof *r->values, cmp_dec);
}

/* How many values are below x (or, with or_equal, at most x). */
static long count_below(const ranking *r, const dec_t *x, bool or_equal)
{
	long lo = 0, hi = r->n;
	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;
		int c = dec_cmp(&r->values[mid], x);
		if (c < 0 || (or_equal && c == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long ranking_place(const ranking *r, const dec_t *x, bool ascending)
{
	return ascending ? count_below(r, x, false) + 1 : r->n - count_below(r, x, true) + 1;
}

void ranking_free(ranking *r)
{
	for (long v = 0; v < r->n; v++)
		dec_clear(&r->values[v]);
	mem_free(r->values);
	*r = RANKING_INIT;
}
