#include "write_tally.h"

#include "mem.h"

static void stat_add(tally_stat *s, const dec_t *v)
{
	if (s->n == 0 || dec_cmp(v, &s->lo) < 0)
		dec_set(&s->lo, v);
	if (s->n == 0 || dec_cmp(v, &s->hi) > 0)
		dec_set(&s->hi, v);
	dec_add(&s->sum, &s->sum, v);
	s->n++;
}

static void stat_init(tally_stat *s)
{
	s->n = 0;
	s->sum = s->lo = s->hi = DEC_ZERO;
}

static void stat_clear(tally_stat *s)
{
	dec_clear(&s->sum);
	dec_clear(&s->lo);
	dec_clear(&s->hi);
}

void tally_init(tally *t, const prog *p)
{
	t->p = p;
	t->scored = 0;
	t->by_grade = mem_calloc((size_t)p->ngrades + 1, sizeof *t->by_grade);
	t->node = mem_calloc((size_t)p->nnodes, sizeof *t->node);
	for (int i = 0; i < p->nnodes; i++)
		stat_init(&t->node[i]);
	stat_init(&t->total);
}

void tally_add(tally *t, const row *v)
{
	const prog *p = t->p;
	t->scored++;
	int g = row_grade(v);
	t->by_grade[g >= 0 ? g : p->ngrades]++;
	for (int i = 0; i < p->nnodes; i++)
		if (row_node_status(v, i) != ROW_NA)
			stat_add(&t->node[i], row_node_score(v, i));
	stat_add(&t->total, row_total(v));
}

void tally_free(tally *t)
{
	for (int i = 0; i < t->p->nnodes; i++)
		stat_clear(&t->node[i]);
	stat_clear(&t->total);
	mem_free(t->node);
	mem_free(t->by_grade);
}

/* The exact mean of what s counted (n > 0), rounded half up to places. */
static void mean_over(dec_t *out, const tally_stat *s, const dec_t *per, int places)
{
	dec_t n = DEC_ZERO, mean = DEC_ZERO;
	dec_set_int(&n, s->n);
	dec_div(&mean, &s->sum, &n);
	if (per)
		dec_div(&mean, &mean, per);
	dec_round(out, &mean, places, DEC_HALF_UP);
	dec_clear(&n);
	dec_clear(&mean);
}

bool tally_mean(dec_t *out, const tally *t, const tally_stat *s)
{
	if (s->n == 0)
		return false;
	mean_over(out, s, NULL, t->p->places >= 0 ? t->p->places : 2);
	return true;
}

bool tally_rate(dec_t *out, const tally_stat *s, const dec_t *weight)
{
	if (s->n == 0 || dec_sgn(weight) <= 0)
		return false;
	mean_over(out, s, weight, 4);
	return true;
}
