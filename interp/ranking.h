/* ranking: places among many values, exactly: every value kept, sorted
 * once, a place found by binary search. Ties share the better place, as
 * Excel's RANK.EQ. Used by rank() over a population and by the 排名 of
 * the totals. Owns its decimals. */
#ifndef SCORE_RANKING_H
#define SCORE_RANKING_H

#include "decimal.h"

typedef struct ranking {
	dec_t *values;
	long n;
	size_t cap;
} ranking;

#define RANKING_INIT ((ranking){NULL, 0, 0})

void ranking_add(ranking *r, const dec_t *x);
/* Sorts what was added; places are asked only after it. */
void ranking_seal(ranking *r);
/* 1 for the largest (descending), or for the smallest (ascending). */
long ranking_place(const ranking *r, const dec_t *x, bool ascending);
void ranking_free(ranking *r);

#endif
