/* tally: what the reports' summaries say about all the units, gathered
 * exactly as rows are scored: per indicator the units it applied to and the
 * sum, lowest and highest of their scores; the same of the totals; units per
 * grade. Owns its decimals. */
#ifndef SCORE_TALLY_H
#define SCORE_TALLY_H

#include "program.h"
#include "row.h"

typedef struct tally_stat {
	long n;          /* units counted */
	dec_t sum, lo, hi;
} tally_stat;

typedef struct tally {
	const prog *p;
	long scored;
	long *by_grade;     /* by grade index; [ngrades]: units in no band */
	tally_stat *node;   /* by node: units where it applied */
	tally_stat total;
} tally;

void tally_init(tally *t, const prog *p);
void tally_add(tally *t, const row *v);
void tally_free(tally *t);
/* The mean of a stat at the policy's places (2 when it keeps all), half up;
 * false when it counted no unit. */
bool tally_mean(dec_t *out, const tally *t, const tally_stat *s);
/* mean / weight, as a fraction at 4 places (a percent with two); false
 * when there is none or the weight is 0. */
bool tally_rate(dec_t *out, const tally_stat *s, const dec_t *weight);

#endif
