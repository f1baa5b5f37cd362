/* population: what a policy's rules over all units need from every row.
 *
 * rank(支出进度), all_mean(满意度 by 地区) and the like are values over the
 * population, the units of the data file: a first pass over the file adds
 * each row's argument of each aggregate (population_add), the population
 * is sealed, and the second pass scores every row against it
 * (population_value). Memory is one number per row for a rank (its values,
 * sorted once) and a few numbers per group for the others, never the rows.
 *
 * The population of an aggregate is every row whose cells are all read and
 * whose argument (and group) can be computed: a row refused for a bad cell
 * is out; a row that a rule later stops is in, because its facts are valid
 * and which rules stop can depend on the population itself. */
#ifndef SCORE_POPULATION_H
#define SCORE_POPULATION_H

#include <stdbool.h>

#include "program.h"
#include "strbuf.h"

typedef struct population population;

population *population_new(const prog *p);
void population_free(population *pop);

/* A row's argument x of aggregate agg (ignored by all_count), in group
 * (the option's index; 0 when the aggregate has none). */
void population_add(population *pop, int agg, const dec_t *x, int group);
/* Ends the first pass: sorts what ranks need. */
void population_seal(population *pop);

/* The aggregate's value for a row whose argument is x in group; false, with
 * why, when it has none (an empty group, a largest value of 0). */
bool population_value(const population *pop, int agg, const dec_t *x, int group, dec_t *out, strbuf *why);
/* How many units the aggregate was taken over, in group. */
long population_size(const population *pop, int agg, int group);

#endif
