/* row: one row scored, by the semantics of a rubric over the VM's rules.
 *
 * In order: which indicators do not apply and where their weight moves
 * (move to, spread, rescale); "zero if" vetoes; each leaf's rule, rescaled
 * when its weight moved, rounded and checked against [0, weight]; parents
 * as the sum of their children (capped ones at their weight); the total,
 * rescaled for weight taken out; bonus items; the grade, unless a policy
 * veto decides it. */
#include "row.h"

#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "utf8.h"

struct row {
	const prog *p;
	bool tracing;         /* keep what explanations need (the VM's trace) */
	bool first_pass;      /* scoring for rules over all units that read scores: those taking one count 0 */
	dec_t *no_aggs;       /* what a rule over all units gives in that pass: 0 (naggs of them), or NULL */
	dec_t *pre;           /* the scores of that pass, which the aggregates' arguments read; or NULL */
	bool has_population;  /* rules over all units are taken over a file's units */
	strbuf *left_out;     /* by aggregate, when tracing: why the population left this row out, or empty */
	int nnodes, nbonuses, ninputs, naggs;  /* kept so that row_free needs no program */
	strbuf *texts;     /* by input: the cell of each list input */
	vm *v;
	dec_t *eff;        /* effective weight of each node */
	dec_t *score;
	row_status *status;
	int *note;
	bool *na;          /* not applicable, by itself or through a parent */
	dec_t *bonus;
	const prog_clause **na_by; /* the clause that took each indicator out, or NULL */
	dec_t *na_weight;          /* and the weight it moved */
	dec_t total, removed, tmp2;
	dec_t raw_total;           /* the total before it was rescaled */
	int grade, veto;
	bool moved;                /* a weight moved in the last row: eff, na and na_by are not as declared */
	bool any_na;               /* the policy has "na if" clauses */
	int *declared_note;        /* each node's own note, what note starts a row as */
	int64_t unit;              /* 10^places when the policy rounds to at most 18 places, else 0 */
	int64_t *top;              /* each node's declared weight in units of 10^-places, or -1 (and -1 when its floor is not 0) */
	int *work, nwork;          /* the nodes with a veto or a rule, in order: what step 2 visits */
	int *sums, nsums;          /* the parents, each after its children: what step 3 visits */
};

/* Node i's effective weight set to its declared one, held over 10^places
 * when that is exact (5 as 500/100): the scores are, and a weight is
 * compared with them and taken from in words at one denominator. */
static void declared_weight(row *r, int i)
{
	const dec_t *w = &r->p->nodes[i].weight;
	int64_t n;
	if (r->unit && !w->big && w->den > 0 && r->unit % w->den == 0 &&
	    !__builtin_mul_overflow(w->num, r->unit / w->den, &n)) {
		dec_t in_units = {n, r->unit, NULL};
		dec_set(&r->eff[i], &in_units);
	} else {
		dec_set(&r->eff[i], w);
	}
}

row *row_new(const prog *p)
{
	row *r = mem_calloc(1, sizeof *r);
	r->p = p;
	r->nnodes = p->nnodes;
	r->nbonuses = p->nbonuses;
	r->ninputs = p->ninputs;
	r->naggs = p->naggs;
	r->texts = mem_calloc((size_t)p->ninputs, sizeof *r->texts);
	r->v = vm_new(p);
	int n = p->nnodes ? p->nnodes : 1;
	r->eff = mem_calloc((size_t)n, sizeof *r->eff);
	r->score = mem_calloc((size_t)n, sizeof *r->score);
	for (int i = 0; i < n; i++)
		r->eff[i] = r->score[i] = DEC_ZERO;
	r->status = mem_calloc((size_t)n, sizeof *r->status);
	r->note = mem_calloc((size_t)n, sizeof *r->note);
	r->na = mem_calloc((size_t)n, sizeof *r->na);
	r->bonus = mem_calloc((size_t)p->nbonuses, sizeof *r->bonus);
	r->na_by = mem_calloc((size_t)n, sizeof *r->na_by);
	r->na_weight = mem_calloc((size_t)n, sizeof *r->na_weight);
	for (int i = 0; i < n; i++)
		r->na_weight[i] = DEC_ZERO;
	for (int i = 0; i < p->nbonuses; i++)
		r->bonus[i] = DEC_ZERO;
	r->total = r->removed = r->tmp2 = r->raw_total = DEC_ZERO;
	r->grade = r->veto = -1;
	r->declared_note = mem_calloc((size_t)n, sizeof *r->declared_note);
	r->unit = p->places >= 0 && p->places <= 18 ? dec_pow10[p->places] : 0;
	for (int i = 0; i < p->nnodes; i++) {
		declared_weight(r, i);
		r->declared_note[i] = p->nodes[i].note;
		r->any_na |= p->nodes[i].nnas > 0;
	}
	r->top = mem_calloc((size_t)n, sizeof *r->top);
	for (int i = 0; i < p->nnodes; i++) {
		const dec_t *w = &p->nodes[i].weight;
		int64_t t;
		r->top[i] = -1;
		if (r->unit && !w->big && !__builtin_mul_overflow(w->num, r->unit, &t) && t % w->den == 0 &&
		    dec_is_zero(&p->nodes[i].floor))
			r->top[i] = t / w->den;
	}
	r->work = mem_calloc((size_t)n, sizeof *r->work);
	r->sums = mem_calloc((size_t)n, sizeof *r->sums);
	for (int i = 0; i < p->nnodes; i++)
		if (p->nodes[i].nzeros || !p->nodes[i].nchildren)
			r->work[r->nwork++] = i;
	for (int i = p->nnodes - 1; i >= 0; i--) /* preorder backwards: children before their parent */
		if (p->nodes[i].nchildren)
			r->sums[r->nsums++] = i;
	vm_bind(r->v, r->eff, r->note);
	return r;
}

void row_free(row *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->nnodes; i++) {
		dec_clear(&r->eff[i]);
		dec_clear(&r->score[i]);
		dec_clear(&r->na_weight[i]);
	}
	for (int i = 0; i < r->ninputs; i++)
		sb_free(&r->texts[i]);
	mem_free(r->texts);
	mem_free(r->no_aggs); /* zeros, no digits to clear */
	for (int k = 0; r->left_out && k < r->naggs; k++)
		sb_free(&r->left_out[k]);
	mem_free(r->left_out);
	for (int i = 0; r->pre && i < r->nnodes; i++)
		dec_clear(&r->pre[i]);
	mem_free(r->pre);
	mem_free(r->na_by);
	mem_free(r->na_weight);
	dec_clear(&r->raw_total);
	for (int i = 0; i < r->nbonuses; i++)
		dec_clear(&r->bonus[i]);
	dec_clear(&r->total);
	dec_clear(&r->removed);
	dec_clear(&r->tmp2);
	mem_free(r->eff);
	mem_free(r->score);
	mem_free(r->status);
	mem_free(r->note);
	mem_free(r->declared_note);
	mem_free(r->top);
	mem_free(r->work);
	mem_free(r->sums);
	mem_free(r->na);
	mem_free(r->bonus);
	vm_free(r->v);
	mem_free(r);
}

/* ---- weights that move ----------------------------------------------------------- */

static void add_to_ancestors(row *r, int node, const dec_t *delta)
{
	for (int a = r->p->nodes[node].parent; a >= 0; a = r->p->nodes[a].parent)
		dec_add(&r->eff[a], &r->eff[a], delta);
}

/* Adds weight to a node: a leaf takes it, a parent shares it among its
 * applicable children in proportion to their weights. */
static bool add_gain(row *r, int node, const dec_t *gain, srcloc loc)
{
	const prog_node *n = &r->p->nodes[node];
	if (dec_is_zero(gain))
		return true; /* a share of nothing moves nothing */
	if (n->nchildren == 0) {
		dec_add(&r->eff[node], &r->eff[node], gain);
		add_to_ancestors(r, node, gain);
		return true;
	}
	dec_t sum = DEC_ZERO, part = DEC_ZERO;
	for (int i = 0; i < n->nchildren; i++)
		if (!r->na[n->children[i]])
			dec_add(&sum, &sum, &r->eff[n->children[i]]);
	bool ok = dec_sgn(&sum) > 0;
	if (!ok)
		vm_fail(r->v, loc, "weight cannot move into %s: the indicators inside it that apply weigh nothing", n->name);
	for (int i = 0; ok && i < n->nchildren; i++) {
		int c = n->children[i];
		if (r->na[c])
			continue;
		dec_mul(&part, gain, &r->eff[c]);
		dec_div(&part, &part, &sum);
		ok = add_gain(r, c, &part, loc);
	}
	dec_clear(&sum);
	dec_clear(&part);
	return ok;
}

static void mark_na(row *r, int node)
{
	r->na[node] = true;
	r->status[node] = ROW_NA;
	dec_set_int(&r->eff[node], 0);
	dec_set_int(&r->score[node], 0); /* no earlier row's score stays behind (vetoes read it) */
	for (int i = 0; i < r->p->nodes[node].nchildren; i++)
		mark_na(r, r->p->nodes[node].children[i]);
}

static bool apply_na(row *r, int node, const prog_clause *cl)
{
	const prog *p = r->p;
	r->moved = true;
	dec_t w = DEC_ZERO, neg = DEC_ZERO;
	dec_set(&w, &r->eff[node]);
	dec_neg(&neg, &w);
	add_to_ancestors(r, node, &neg);
	mark_na(r, node);
	r->note[node] = cl->note;
	r->na_by[node] = cl;
	dec_set(&r->na_weight[node], &w);
	bool ok = true;
	if (cl->mode == NA_MOVE) {
		/* a target whose own weight moved on takes this weight along with it
		 * (甲 → 乙 → 丙), whichever of them the text declares first; check
		 * refuses moves in a circle, so the chain ends */
		int to = cl->target;
		for (int steps = 0; r->na[to] && r->na_by[to] && r->na_by[to]->mode == NA_MOVE && steps < p->nnodes; steps++)
			to = r->na_by[to]->target;
		if (r->na[to]) {
			vm_fail(r->v, cl->loc, "the weight of %s cannot move to %s: that does not apply either",
				p->nodes[node].name, p->nodes[to].name);
			ok = false;
		} else {
			ok = add_gain(r, to, &w, cl->loc);
		}
	} else if (cl->mode == NA_SPREAD) {
		int parent = p->nodes[node].parent;
		int nsib = parent >= 0 ? p->nodes[parent].nchildren : p->nroots;
		const int *sib = parent >= 0 ? p->nodes[parent].children : p->roots;
		dec_t sum = DEC_ZERO, part = DEC_ZERO;
		for (int i = 0; i < nsib; i++)
			if (!r->na[sib[i]])
				dec_add(&sum, &sum, &r->eff[sib[i]]);
		if (dec_sgn(&sum) <= 0) {
			vm_fail(r->v, cl->loc, "the weight of %s cannot be spread: no sibling applies", p->nodes[node].name);
			ok = false;
		}
		for (int i = 0; ok && i < nsib; i++) {
			if (r->na[sib[i]])
				continue;
			dec_mul(&part, &w, &r->eff[sib[i]]);
			dec_div(&part, &part, &sum);
			ok = add_gain(r, sib[i], &part, cl->loc);
		}
		dec_clear(&sum);
		dec_clear(&part);
	} else {
		dec_add(&r->removed, &r->removed, &w);
	}
	dec_clear(&w);
	dec_clear(&neg);
	return ok;
}

/* ---- one row ----------------------------------------------------------------------- */

static void format2(strbuf *sb, const dec_t *a, const dec_t *b)
{
	dec_format(sb, a);
	sb_putc(sb, '\0');
	dec_format(sb, b);
}

static bool score_leaf(row *r, int i)
{
	const prog *p = r->p;
	const prog_node *n = &p->nodes[i];
	if (r->first_pass && n->uses_aggregate) { /* not read by any aggregate; known only in the second pass */
		dec_set_int(&r->score[i], 0);
		return true;
	}
	if (!vm_run(r->v, n->rule, i, &r->score[i]))
		return false;
	dec_t *s = &r->score[i];
	bool scaled = r->moved && !n->uses_weight && dec_cmp(&r->eff[i], &n->weight) != 0;
	if (scaled) {
		/* the weight grew or shrank: the rule's points count out of the new weight */
		if (dec_is_zero(&n->weight)) {
			vm_fail(r->v, n->loc, "%s has weight 0 and cannot take on moved weight unless its rule uses 'weight'",
				n->name);
			return false;
		}
		dec_mul(s, s, &r->eff[i]);
		dec_div(s, s, &n->weight);
	}
	if (r->tracing)
		vm_record_exact(r->v, i, s, scaled);
	/* a moved weight may be a fraction (5 spread over 30 gives 14/3): the
	 * exact score is held to it, before rounding takes full marks to 4.67 */
	bool inside = r->moved && dec_cmp(s, &n->floor) >= 0 && dec_cmp(s, &r->eff[i]) <= 0;
	if (p->places >= 0)
		dec_round(s, s, p->places, p->mode);
	if (!r->moved) {
		if (r->top[i] >= 0 && !s->big && s->den == r->unit)
			inside = s->num >= 0 && s->num <= r->top[i]; /* the usual score, in whole units of its places */
		else
			inside = dec_cmp(s, &n->floor) >= 0 && dec_cmp(s, &r->eff[i]) <= 0;
	}
	if (!inside) {
		strbuf sb = STRBUF_INIT;
		format2(&sb, s, &r->eff[i]);
		vm_fail(r->v, n->loc, "indicator %s scored %s, outside its range [0, %s]", n->path, sb.data,
			sb.data + strlen(sb.data) + 1);
		sb_free(&sb);
		return false;
	}
	return true;
}

/* The sum of the scores of nodes ids[0..n) into *sum (which holds 0, in
 * words) when each is a word in units of the policy's places, as a
 * rounded score is: added as integers. False, *sum untouched, otherwise. */
static bool sum_units(const row *r, const int *ids, int n, dec_t *sum)
{
	int64_t acc = 0;
	if (!r->unit || sum->big || dec_gmp_only)
		return false;
	for (int k = 0; k < n; k++) {
		const dec_t *c = &r->score[ids[k]];
		if (c->big || c->den != r->unit || __builtin_add_overflow(acc, c->num, &acc))
			return false;
	}
	sum->num = acc;
	sum->den = r->unit;
	return true;
}

static bool score_row(row *r)
{
	const prog *p = r->p;
	int nn = p->nnodes;
	vm_begin_row(r->v);
	if (r->pre && !r->first_pass)
		vm_bind_scores(r->v, r->pre, NULL); /* what rank(编制总量项) reads */
	dec_set_int(&r->removed, 0);
	if (r->moved) {
		/* only a row whose weights moved leaves them to put back */
		for (int i = 0; i < nn; i++) {
			declared_weight(r, i);
			r->na[i] = false;
			r->na_by[i] = NULL;
		}
		r->moved = false;
	}
	_Static_assert(ROW_SCORED == 0, "a zeroed status is ROW_SCORED");
	memset(r->status, 0, (size_t)nn * sizeof *r->status);
	memcpy(r->note, r->declared_note, (size_t)nn * sizeof *r->note);

	/* 1. which indicators do not apply, and where their weight goes */
	for (int i = 0; r->any_na && i < nn; i++) {
		const prog_node *n = &p->nodes[i];
		for (int k = 0; k < n->nnas && !r->na[i]; k++) {
			bool holds;
			if (!vm_run_cond(r->v, n->nas[k].func, i, &holds))
				return false;
			if (holds && !apply_na(r, i, &n->nas[k]))
				return false;
		}
	}
	/* 2. vetoes, then the rules of the leaves */
	for (int w = 0; w < r->nwork; w++) {
		int i = r->work[w];
		if (r->na[i])
			continue;
		const prog_node *n = &p->nodes[i];
		if (n->nzeros) {
			for (int k = 0; k < n->nzeros; k++) {
				bool holds;
				if (!vm_run_cond(r->v, n->zeros[k].func, i, &holds))
					return false;
				if (holds) {
					r->status[i] = ROW_ZERO;
					r->note[i] = n->zeros[k].note;
					break;
				}
			}
			if (n->nchildren)
				continue;
			if (r->status[i] == ROW_ZERO) {
				dec_set_int(&r->score[i], 0);
				continue;
			}
		}
		if (!score_leaf(r, i))
			return false;
	}
	/* 3. parents add up their children, after them */
	for (int w = 0; w < r->nsums; w++) {
		int i = r->sums[w];
		const prog_node *n = &p->nodes[i];
		if (r->na[i])
			continue;
		dec_t *s = &r->score[i];
		dec_set_int(s, 0);
		if (r->status[i] == ROW_ZERO)
			continue;
		if (!r->moved && sum_units(r, n->children, n->nchildren, s))
			; /* every child's score in whole units of the places */
		else
			for (int k = 0; k < n->nchildren; k++)
				if (!r->moved || !r->na[n->children[k]]) /* no weight moved: every child applies */
					dec_add(s, s, &r->score[n->children[k]]);
		if (n->capped && dec_cmp(s, &r->eff[i]) > 0)
			dec_set(s, &r->eff[i]);
	}
	if (r->first_pass)
		return true; /* the scores aggregates read are known; the total is not needed */
	/* 4. the total: roots, bonus items, rescaling */
	dec_set_int(&r->total, 0);
	if (r->moved || !sum_units(r, p->roots, p->nroots, &r->total))
		for (int k = 0; k < p->nroots; k++)
			if (!r->na[p->roots[k]])
				dec_add(&r->total, &r->total, &r->score[p->roots[k]]);
	if (dec_sgn(&r->removed) > 0) {
		dec_set(&r->raw_total, &r->total);
		dec_sub(&r->tmp2, &p->total, &r->removed);
		if (dec_sgn(&r->tmp2) <= 0) {
			vm_fail(r->v, SRCLOC_NONE, "no indicator applies: the total cannot be rescaled");
			return false;
		}
		dec_mul(&r->total, &r->total, &p->total);
		dec_div(&r->total, &r->total, &r->tmp2);
		if (p->places >= 0)
			dec_round(&r->total, &r->total, p->places, p->mode);
	}
	for (int b = 0; b < p->nbonuses; b++) {
		const prog_bonus *bo = &p->bonuses[b];
		if (!vm_run(r->v, bo->rule, -1, &r->bonus[b]))
			return false;
		if (p->places >= 0)
			dec_round(&r->bonus[b], &r->bonus[b], p->places, p->mode);
		if (dec_cmp(&r->bonus[b], &bo->lo) < 0 || dec_cmp(&r->bonus[b], &bo->hi) > 0) {
			strbuf sb = STRBUF_INIT;
			dec_format(&sb, &r->bonus[b]);
			sb_puts(&sb, _(" outside ["));
			dec_format(&sb, &bo->lo);
			sb_puts(&sb, ", ");
			dec_format(&sb, &bo->hi);
			sb_puts(&sb, "]");
			vm_fail(r->v, bo->loc, "bonus item %s gave %s", bo->name, sb.data);
			sb_free(&sb);
			return false;
		}
		dec_add(&r->total, &r->total, &r->bonus[b]);
	}
	if (p->nbonuses) {
		/* bonus items move the total, but never below 0 or above the policy's total */
		if (dec_sgn(&r->total) < 0)
			dec_set_int(&r->total, 0);
		if (dec_cmp(&r->total, &p->total) > 0)
			dec_set(&r->total, &p->total);
	}
	/* 5. the grade, unless a veto decides it */
	r->grade = -1;
	for (int g = 0; g < p->ngrades && r->grade < 0; g++)
		if (interval_contains(&p->grades[g].band, &r->total))
			r->grade = g;
	/* a veto that holds decides the grade (the first in the text); caps
	 * that hold each lower a better grade, the strictest standing */
	r->veto = -1;
	vm_bind_scores(r->v, r->score, &r->total); /* what vetoes read */
	for (int k = 0; k < p->nvetoes && (r->veto < 0 || p->vetoes[r->veto].kind != VETO_FORCE); k++) {
		const prog_veto *ve = &p->vetoes[k];
		bool holds;
		if (!vm_run_cond(r->v, ve->cond, -1, &holds))
			return false;
		if (!holds)
			continue;
		if (ve->kind == VETO_FORCE) {
			r->veto = k;
			r->grade = ve->grade;
			continue;
		}
		int cap = ve->kind == VETO_AT_MOST ? ve->grade : prog_grade_below(p, ve->grade);
		if (r->grade >= 0 && cap >= 0 && prog_grade_above(p, r->grade, cap)) {
			r->veto = k;
			r->grade = cap;
		}
	}
	if (r->grade < 0 && p->ngrades > 0) {
		/* a gap between the grade bands: never an empty grade in silence */
		strbuf sb = STRBUF_INIT;
		dec_format(&sb, &r->total);
		vm_fail(r->v, p->grades[0].loc, "the total %s is in none of the policy's grade bands (score check shows the gap)",
			sb.data);
		sb_free(&sb);
		return false;
	}
	return true;
}

/* For the 扣分说明 of a scored row: the rules over all units whose
 * population left it out, because its argument (or group) could not be
 * computed for it, with the reason in the files' language. The row was
 * scored, so none of its rules took them. An argument over scores is
 * computed from the row's first pass, which succeeded when the row did: only
 * its group can be missing. */
static void note_left_out(row *r)
{
	const prog *p = r->p;
	if (!r->left_out)
		r->left_out = mem_calloc((size_t)p->naggs, sizeof *r->left_out);
	dec_t *inputs = vm_inputs(r->v);
	int was = i18n_files_begin();
	for (int k = 0; k < p->naggs; k++) {
		const prog_aggregate *a = &p->aggs[k];
		int64_t group = 0;
		sb_clear(&r->left_out[k]);
		if (a->group >= 0 && (vm_missing(r->v, a->group) || !dec_get_int(&inputs[a->group], &group)))
			sb_printf(&r->left_out[k], _("its %s is empty"), p->inputs[a->group].name);
		else if (!a->reads_scores && a->func >= 0 && !vm_run(r->v, a->func, -1, &r->tmp2))
			sb_puts(&r->left_out[k], vm_error(r->v));
	}
	i18n_files_end(was);
}

const char *row_left_out(const row *r, int agg)
{
	return r->left_out && r->left_out[agg].len ? r->left_out[agg].data : NULL;
}

bool row_score(row *r)
{
	if (r->p->aggs_read_scores) {
		/* the scores a rank reads, first: the row scored without its rules
		 * over all units, which no such score depends on */
		int n = r->p->nnodes;
		if (!r->pre) {
			r->pre = mem_calloc((size_t)n, sizeof *r->pre);
			for (int i = 0; i < n; i++)
				r->pre[i] = DEC_ZERO;
		}
		r->first_pass = true;
		bool ok = score_row(r);
		r->first_pass = false;
		if (!ok)
			goto failed;
		for (int i = 0; i < n; i++)
			dec_set(&r->pre[i], &r->score[i]);
	}
	if (score_row(r)) {
		if (r->tracing && r->has_population && r->p->naggs)
			note_left_out(r);
		return true;
	}
failed:
	/* a row is never refused without a reason */
	if (!*vm_error(r->v))
		vm_fail(r->v, SRCLOC_NONE, "the row could not be scored (no reason was recorded: please report this)");
	return false;
}

/* ---- the machine's side, for the row's callers ------------------------------------ */

dec_t *row_inputs(row *r)
{
	return vm_inputs(r->v);
}

void row_set_missing(row *r, int input, bool missing)
{
	vm_set_missing(r->v, input, missing);
}

cell_result row_set_cell(row *r, int input, const char *s, size_t n, strbuf *why)
{
	const prog_input *in = &r->p->inputs[input];
	cell_result cr = cell_parse(in, s, n, &vm_inputs(r->v)[input], why);
	vm_set_missing(r->v, input, cr == CELL_EMPTY);
	if (in->type == IN_LIST) {
		sb_clear(&r->texts[input]);
		utf8_trim(&s, &n);
		if (!n && in->default_text)
			sb_puts(&r->texts[input], in->default_text);
		else
			sb_putn(&r->texts[input], s, n);
	}
	return cr;
}

const char *row_text(const row *r, int input, size_t *len)
{
	*len = r->texts[input].len;
	return sb_text(&r->texts[input]);
}

void row_set_population(row *r, const population *pop)
{
	r->has_population = pop != NULL;
	vm_bind_population(r->v, pop);
}

void row_collect(row *r, population *pop)
{
	const prog *p = r->p;
	vm_begin_row(r->v);
	bool scored = false;
	if (p->aggs_read_scores) {
		/* a first pass: the row scored without its rules over all units */
		if (!r->no_aggs) {
			r->no_aggs = mem_calloc((size_t)p->naggs, sizeof *r->no_aggs);
			for (int k = 0; k < p->naggs; k++)
				r->no_aggs[k] = DEC_ZERO;
		}
		vm_set_free_aggregates(r->v, r->no_aggs);
		r->first_pass = true;
		scored = score_row(r);
		r->first_pass = false;
		vm_set_free_aggregates(r->v, NULL);
		if (scored)
			vm_bind_scores(r->v, r->score, NULL);
	}
	dec_t *inputs = vm_inputs(r->v);
	for (int k = 0; k < p->naggs; k++) {
		const prog_aggregate *a = &p->aggs[k];
		int64_t group = 0;
		if (a->group >= 0 && (vm_missing(r->v, a->group) || !dec_get_int(&inputs[a->group], &group)))
			continue;
		if (a->reads_scores && !scored)
			continue; /* a row that cannot be scored is left out */
		if (a->func >= 0 && !vm_run(r->v, a->func, -1, &r->tmp2))
			continue;
		population_add(pop, k, &r->tmp2, (int)group);
	}
}

void row_set_lua(row *r, luahook *lua)
{
	vm_set_lua(r->v, lua);
}

void row_set_tracing(row *r, bool on)
{
	r->tracing = on;
	vm_set_tracing(r->v, on);
}

void row_set_coverage(row *r, unsigned *counts)
{
	vm_set_coverage(r->v, counts);
}

const vm_trace *row_trace(const row *r, int node)
{
	return vm_node_trace(r->v, node);
}

const vm_trace *row_traces(const row *r)
{
	return vm_node_trace(r->v, 0);
}

const char *row_error(const row *r)
{
	return vm_error(r->v);
}

/* ---- results -------------------------------------------------------------------- */

const dec_t *row_node_score(const row *r, int node)
{
	return &r->score[node];
}

const dec_t *row_scores(const row *r)
{
	return r->moved ? NULL : r->score;
}

const dec_t *row_weight(const row *r, int node)
{
	return &r->eff[node];
}

row_status row_node_status(const row *r, int node)
{
	return r->status[node];
}

int row_node_note(const row *r, int node)
{
	return r->note[node];
}

const dec_t *row_bonus(const row *r, int i)
{
	return &r->bonus[i];
}

const dec_t *row_total(const row *r)
{
	return &r->total;
}

int row_grade(const row *r)
{
	return r->grade;
}

int row_veto(const row *r)
{
	return r->veto;
}

const prog_clause *row_na_clause(const row *r, int node, const dec_t **weight)
{
	*weight = &r->na_weight[node];
	return r->na_by[node];
}

bool row_rescaled(const row *r, const dec_t **raw_total, const dec_t **removed)
{
	*raw_total = &r->raw_total;
	*removed = &r->removed;
	return dec_sgn(&r->removed) > 0;
}
