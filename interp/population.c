#include "population.h"

#include <stdlib.h>

#include "i18n.h"
#include "mem.h"
#include "ranking.h"

/* One group of one aggregate. Owns its decimals. */
typedef struct pop_group {
	long n;
	dec_t sum, min, max;
	ranking values;    /* ranks only: every value, sorted when sealed */
} pop_group;

typedef struct pop_aggregate {
	lang_aggregate kind;
	int ngroups;
	pop_group *groups;
} pop_aggregate;

struct population {
	int naggs;
	pop_aggregate *aggs;
};

static bool keeps_values(lang_aggregate k)
{
	return k == AGG_RANK || k == AGG_RANK_ASC;
}

population *population_new(const prog *p)
{
	population *pop = mem_calloc(1, sizeof *pop);
	pop->naggs = p->naggs;
	pop->aggs = mem_calloc((size_t)p->naggs, sizeof *pop->aggs);
	for (int k = 0; k < p->naggs; k++) {
		pop_aggregate *a = &pop->aggs[k];
		a->kind = p->aggs[k].kind;
		int g = p->aggs[k].group;
		a->ngroups = g < 0 ? 1 : p->inputs[g].type == IN_ONEOF ? p->inputs[g].noptions : 2;
		a->groups = mem_calloc((size_t)a->ngroups, sizeof *a->groups);
		for (int i = 0; i < a->ngroups; i++)
			a->groups[i].sum = a->groups[i].min = a->groups[i].max = DEC_ZERO;
	}
	return pop;
}

void population_free(population *pop)
{
	if (!pop)
		return;
	for (int k = 0; k < pop->naggs; k++) {
		for (int i = 0; i < pop->aggs[k].ngroups; i++) {
			pop_group *g = &pop->aggs[k].groups[i];
			dec_clear(&g->sum);
			dec_clear(&g->min);
			dec_clear(&g->max);
			ranking_free(&g->values);
		}
		mem_free(pop->aggs[k].groups);
	}
	mem_free(pop->aggs);
	mem_free(pop);
}

void population_add(population *pop, int agg, const dec_t *x, int group)
{
	pop_aggregate *a = &pop->aggs[agg];
	if (group < 0 || group >= a->ngroups)
		return;
	pop_group *g = &a->groups[group];
	if (a->kind != AGG_COUNT) {
		if (!g->n || dec_cmp(x, &g->min) < 0)
			dec_set(&g->min, x);
		if (!g->n || dec_cmp(x, &g->max) > 0)
			dec_set(&g->max, x);
		dec_add(&g->sum, &g->sum, x);
	}
	if (keeps_values(a->kind))
		ranking_add(&g->values, x);
	g->n++;
}

void population_seal(population *pop)
{
	for (int k = 0; k < pop->naggs; k++)
		for (int i = 0; i < pop->aggs[k].ngroups; i++)
			ranking_seal(&pop->aggs[k].groups[i].values);
}

bool population_value(const population *pop, int agg, const dec_t *x, int group, dec_t *out, strbuf *why)
{
	const pop_aggregate *a = &pop->aggs[agg];
	if (group < 0 || group >= a->ngroups) {
		sb_puts(why, _("the row's group is not one of the input's values"));
		return false;
	}
	const pop_group *g = &a->groups[group];
	if (a->kind == AGG_COUNT) {
		dec_set_int(out, g->n);
		return true;
	}
	if (!g->n) {
		sb_puts(why, _("no unit of its group has a value to take it over"));
		return false;
	}
	switch (a->kind) {
	case AGG_RANK: /* ties share the better place, as RANK.EQ */
	case AGG_RANK_ASC:
		dec_set_int(out, ranking_place(&g->values, x, a->kind == AGG_RANK_ASC));
		return true;
	case AGG_SUM:
		dec_set(out, &g->sum);
		return true;
	case AGG_MEAN: {
		dec_t n = DEC_ZERO;
		dec_set_int(&n, g->n);
		dec_div(out, &g->sum, &n);
		dec_clear(&n);
		return true;
	}
	case AGG_MIN:
		dec_set(out, &g->min);
		return true;
	case AGG_MAX:
		dec_set(out, &g->max);
		return true;
	case AGG_SHARE:
		if (dec_sgn(&g->max) <= 0) {
			strbuf m = STRBUF_INIT;
			dec_format(&m, &g->max);
			sb_printf(why, _("the largest value is %s, so there is no share of it"), m.data);
			sb_free(&m);
			return false;
		}
		dec_div(out, x, &g->max);
		return true;
	case AGG_COUNT:
	case AGG__COUNT:
		break;
	}
	return false;
}

long population_size(const population *pop, int agg, int group)
{
	const pop_aggregate *a = &pop->aggs[agg];
	return group >= 0 && group < a->ngroups ? a->groups[group].n : 0;
}
