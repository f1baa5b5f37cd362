#include "explain.h"

#include <string.h>

#include "date.h"
#include "i18n.h"


/* The release build writes labels inline, where a call costs more than the
 * copy; the coverage build (SCORE_COVERAGE) keeps the one function, so that
 * gcov counts its branches once, not again at each label's call with that
 * label's fixed length. */
#ifdef SCORE_COVERAGE
#define LABEL_INLINE
#else
#define LABEL_INLINE inline __attribute__((always_inline))
#endif

/* n bytes of s that has `slack` readable bytes (a label, a name): copied
 * `slack` bytes at once, whatever its length, where a call of memcpy, or a
 * branch on the length, costs more than the copy. */
static LABEL_INLINE void put_slack(strbuf *sb, const char *s, size_t n, size_t slack)
{
	if (n > slack) {
		sb_putn(sb, s, n);
		return;
	}
	size_t len = sb->len;
	if (len + slack + 1 > sb->cap)
		sb_grow(sb, slack);
	char *d = sb->data + len;
	sb->len = len + n;
	memcpy(d, s, slack);
	d[n] = '\0';
}

/* A label of the explanations, without measuring it each time: most are a
 * few bytes (扣, 分, （). */
static LABEL_INLINE void put_word(strbuf *sb, i18n_word_id w)
{
	size_t n;
	const char *s = i18n_word_n(w, &n);
	put_slack(sb, s, n, I18N_WORD_SLACK);
}

/* Writes a label's text from *s up to its next %s and steps past it: true;
 * or, at its end or another directive, the rest as it is: false. */
static bool put_to_hole(strbuf *sb, const char **s, const char *end)
{
	const char *at = memchr(*s, '%', (size_t)(end - *s));
	if (!at || at + 1 >= end || at[1] != 's') {
		sb_putn(sb, *s, (size_t)(end - *s));
		*s = end;
		return false;
	}
	sb_putn(sb, *s, (size_t)(at - *s));
	*s = at + 2;
	return true;
}

/* A label with texts in place of its %s, in order (no other directive):
 * the 扣分说明 is written a piece at a time, a row at a time, and a
 * printf for each piece cost more than the rest of the piece. */
static void put_filled(strbuf *sb, i18n_word_id w, const char *const *texts, int ntexts)
{
	size_t n;
	const char *s = i18n_word_n(w, &n), *end = s + n;
	for (int k = 0; k < ntexts; k++) {
		if (!put_to_hole(sb, &s, end))
			return;
		sb_puts(sb, texts[k]);
	}
	sb_putn(sb, s, (size_t)(end - s));
}

/* The same with one text. */
static void put_filled1(strbuf *sb, i18n_word_id w, const char *text)
{
	put_filled(sb, w, &text, 1);
}

/* A value as dec_format writes it: the usual (a score, a cell's number)
 * in place, inline, where the 扣分说明 writes a dozen a row. */
static LABEL_INLINE void put_number(strbuf *sb, const dec_t *x)
{
	sb_reserve(sb, DEC_PUT_ROOM);
	char *o = dec_put(sb->data + sb->len, x);
	if (!o) {
		dec_format(sb, x);
		return;
	}
	*o = '\0';
	sb->len = (size_t)(o - sb->data);
}

void explain_value(strbuf *sb, const prog_input *in, const dec_t *value)
{
	int64_t k;
	switch (in->type) {
	case IN_YESNO:
		put_word(sb, dec_is_zero(value) ? W_NO : W_YES);
		return;
	case IN_ONEOF:
		if (dec_get_int(value, &k) && k >= 0 && k < in->noptions)
			sb_puts(sb, in->options[k]);
		return;
	case IN_PERCENT: {
		dec_t points;
		if (interval_percent_points(value, &points)) { /* as interval_format_value, inline */
			put_number(sb, &points);
			sb_putc(sb, '%');
			return;
		}
		interval_format_value(sb, value, true);
		return;
	}
	case IN_LIST:
		dec_format(sb, value);
		put_word(sb, W_ITEMS);
		return;
	case IN_DATE:
		if (dec_get_int(value, &k)) {
			date_format(sb, k);
			return;
		}
		dec_format(sb, value);
		return;
	default:
		put_number(sb, value);
	}
}

/* An input's value in this row as the 扣分说明 shows it: a list with its items. */
static void explain_input(strbuf *sb, const prog *p, const row *v, int i)
{
	const prog_input *in = &p->inputs[i];
	explain_value(sb, in, &row_inputs((row *)v)[i]);
	if (in->type != IN_LIST)
		return;
	size_t n, pos = 0, len;
	const char *s = row_text(v, i, &n), *item;
	bool first = true;
	while (cell_list_next(s, n, &pos, &item, &len)) {
		put_word(sb, first ? W_OPEN : W_LIST_SEP);
		sb_putn(sb, item, len);
		first = false;
	}
	if (!first)
		put_word(sb, W_CLOSE);
}

/* What a row's sentences share (explain_row): whether one was written, so
 * that the next opens with "；", and where each input's value was first
 * written: an input that several indicators name (执行率 in four) is
 * copied from there, not written again. Inputs past the 64th are written
 * each time. */
typedef struct explain_state {
	bool any;
	uint64_t seen; /* bit i: input i's value is at[i], len[i] */
	uint32_t at[64], len[64];
} explain_state;

/* A sentence begins: the separator, when one came before. */
static void open_sentence(strbuf *sb, explain_state *st)
{
	if (!st)
		return;
	if (st->any)
		put_word(sb, W_SEMICOLON);
	st->any = true;
}

/* explain_input, or a copy of what it wrote earlier in the row: a value's
 * bytes are never taken back once written (details only takes back an
 * empty bracket), so where it was written still holds it. */
static void explain_input_once(strbuf *sb, const prog *p, const row *v, int i, explain_state *st)
{
	uint64_t bit = st && i < 64 ? (uint64_t)1 << i : 0;
	if (bit && (st->seen & bit)) {
		size_t n = st->len[i];
		if (n <= 32) {
			sb_reserve(sb, 32); /* first: the copy's source is in the buffer */
			sb_put_short(sb, sb->data + st->at[i], n);
		} else {
			sb_reserve(sb, n);
			memcpy(sb->data + sb->len, sb->data + st->at[i], n);
			sb->len += n;
			sb->data[sb->len] = '\0';
		}
		return;
	}
	size_t from = sb->len;
	explain_input(sb, p, v, i);
	if (bit && sb->len - from < UINT32_MAX && from < UINT32_MAX) {
		st->seen |= bit;
		st->at[i] = (uint32_t)from;
		st->len[i] = (uint32_t)(sb->len - from);
	}
}

/* The exact value, shortened to a few more places than the policy's when it
 * has no short decimal form; as a percent ("53.6%") when percent. */
static void put_exact(strbuf *sb, const prog *p, const dec_t *x, bool percent)
{
	dec_t points = DEC_ZERO;
	if (percent)
		dec_shift10(&points, x, 2);
	if (dec_format_down(sb, percent ? &points : x, (p->places >= 0 ? p->places : 2) + 4))
		sb_puts(sb, "…");
	if (percent)
		sb_putc(sb, '%');
	dec_clear(&points);
}

/* "支出进度 排名": a rule over all units as its argument is written; whether
 * the argument is a percent input, shown as one. */
static bool aggregate_name(strbuf *sb, const prog *p, int agg)
{
	const prog_aggregate *a = &p->aggs[agg];
	bool percent = false;
	if (a->func >= 0) {
		size_t len;
		const char *text = diag_source_text(p->diag, a->arg_loc.file, &len);
		const char *arg = text + a->arg_loc.start;
		size_t n = a->arg_loc.end - a->arg_loc.start;
		sb_putn(sb, arg, n);
		sb_putc(sb, ' ');
		for (int k = 0; k < p->ninputs; k++)
			if (strlen(p->inputs[k].name) == n && memcmp(p->inputs[k].name, arg, n) == 0)
				percent = p->inputs[k].type == IN_PERCENT && a->kind != AGG_RANK && a->kind != AGG_RANK_ASC;
	}
	sb_puts(sb, lang_aggregate_label(a->kind));
	return percent;
}

/* "支出进度 排名 3（共25个单位）": a rule over all units and what it gave. */
static void explain_aggregate(strbuf *sb, const prog *p, const vm_trace *t, int i)
{
	const prog_aggregate *a = &p->aggs[t->aggs[i]];
	bool percent = aggregate_name(sb, p, t->aggs[i]);
	sb_putc(sb, ' ');
	put_exact(sb, p, &t->agg_values[i], a->kind == AGG_SHARE || percent);
	if (a->kind == AGG_COUNT && a->group < 0)
		return;
	sb_printf(sb, i18n_word(W_OF_UNITS), t->agg_sizes[i]);
	if (a->group >= 0)
		put_filled1(sb, W_BY_GROUP, p->inputs[a->group].name);
	put_word(sb, W_CLOSE);
}

/* The main text: the note of the branch taken, the veto, or the indicator's. */
static int main_note(const prog *p, const row *v, int node)
{
	const vm_trace *t = row_trace(v, node);
	if (row_node_status(v, node) == ROW_SCORED && t->nnotes)
		return t->notes[t->nnotes - 1];
	int note = row_node_note(v, node);
	(void)p;
	return note;
}

static void details(strbuf *sb, const prog *p, const row *v, int node, const dec_t *score, explain_state *st)
{
	const vm_trace *t = row_trace(v, node);
	size_t start = sb->len;
	for (int i = 0; i < t->ninputs; i++) {
		const prog_input *in = &p->inputs[t->inputs[i]];
		if (i)
			put_word(sb, W_COMMA);
		put_slack(sb, in->name, in->name_len, PROG_TEXT_SLACK);
		sb_putc(sb, ' ');
		explain_input_once(sb, p, v, t->inputs[i], st);
	}
	for (int i = 0; i < t->naggs; i++) {
		if (sb->len > start)
			put_word(sb, W_SEMICOLON);
		explain_aggregate(sb, p, t, i);
	}
	for (int i = 0; i < t->nintervals; i++) {
		if (sb->len > start)
			put_word(sb, W_SEMICOLON);
		put_word(sb, W_BAND);
		const strbuf *band = &p->interval_texts[t->intervals[i]];
		put_slack(sb, band->data, band->len, PROG_TEXT_SLACK);
	}
	if (t->pick >= 0) {
		if (sb->len > start)
			put_word(sb, W_SEMICOLON);
		put_word(sb, W_RANGE);
		dec_format(sb, &t->pick_lo);
		sb_puts(sb, ", ");
		dec_format(sb, &t->pick_hi);
		sb_puts(sb, "]");
		if (t->pick_empty) {
			put_filled1(sb, W_PICK_EMPTY, p->inputs[t->pick].name);
			dec_format(sb, &t->pick_hi);
		}
	}
	if (t->deduct >= 0) {
		/* "偏差 33.33%，按每 3% 计 11 档，扣 11 分": the steps counted */
		const prog_deduct *d = &p->deducts[t->deduct];
		dec_t steps = DEC_ZERO, lost = DEC_ZERO;
		if (dec_sgn(&t->deduct_amount) > 0) {
			dec_div(&steps, &t->deduct_amount, &p->consts[d->unit]);
			dec_round(&steps, &steps, 0, DEC_FLOOR);
		}
		dec_mul(&lost, &steps, &p->consts[d->points]);
		/* the label's four values written into it in place, in order */
		if (sb->len > start)
			put_word(sb, W_SEMICOLON);
		size_t n;
		const char *s = i18n_word_n(W_DEDUCT_STEPS, &n), *end = s + n;
		if (put_to_hole(sb, &s, end))
			put_exact(sb, p, &t->deduct_amount, d->percent);
		if (put_to_hole(sb, &s, end))
			interval_format_value(sb, &p->consts[d->unit], d->percent);
		if (put_to_hole(sb, &s, end))
			dec_format(sb, &steps);
		if (put_to_hole(sb, &s, end))
			dec_format(sb, &lost);
		sb_putn(sb, s, (size_t)(end - s));
		dec_clear(&steps);
		dec_clear(&lost);
	}
	if (t->scaled) {
		if (sb->len > start)
			put_word(sb, W_SEMICOLON);
		put_word(sb, W_SCALED);
		dec_format(sb, row_weight(v, node));
		put_word(sb, W_SCALED_END);
	}
	if (dec_cmp(&t->exact, score) != 0) {
		if (sb->len > start)
			put_word(sb, W_SEMICOLON);
		put_exact(sb, p, &t->exact, false);
		sb_puts(sb, " → ");
		dec_format(sb, score);
	}
}

/* explain_node, or within a row when st is not NULL: after a separator
 * when it writes anything, its inputs' values copied where seen. */
static void sentence(strbuf *sb, const prog *p, const row *v, int node, explain_state *st)
{
	const prog_node *n = &p->nodes[node];
	row_status status = row_node_status(v, node);
	if (status == ROW_NA) {
		int note = main_note(p, v, node);
		open_sentence(sb, st);
		put_filled1(sb, W_NA, n->name);
		if (note >= 0)
			put_filled1(sb, W_NOTE, p->strings[note]);
		const dec_t *w;
		const prog_clause *cl = row_na_clause(v, node, &w);
		if (cl && dec_sgn(w) > 0) {
			/* the weight as printed, not the share it held after an earlier move */
			put_word(sb, W_NA_WEIGHT);
			dec_format(sb, &n->weight);
			if (cl->mode == NA_MOVE)
				put_filled1(sb, W_NA_MOVED, p->nodes[cl->target].name);
			else if (cl->mode == NA_SPREAD)
				put_word(sb, W_NA_SPREAD);
			else
				put_word(sb, W_NA_RESCALED);
		}
		return;
	}
	dec_t lost = DEC_ZERO;
	dec_sub(&lost, row_weight(v, node), row_node_score(v, node));
	if (dec_sgn(&lost) <= 0 && status != ROW_ZERO) {
		dec_clear(&lost);
		return;
	}
	int note = main_note(p, v, node);
	open_sentence(sb, st);
	put_slack(sb, n->name, n->name_len, PROG_TEXT_SLACK);
	put_word(sb, W_LOST);
	put_number(sb, &lost);
	put_word(sb, W_POINTS);
	dec_clear(&lost);
	bool has_note = note >= 0;
	if (has_note)
		put_filled1(sb, W_NOTE, p->strings[note]);
	if (status == ROW_ZERO || n->nchildren)
		return;
	/* the details in brackets, written in place and taken back when none */
	size_t open = sb->len;
	put_word(sb, W_OPEN);
	size_t start = sb->len;
	details(sb, p, v, node, row_node_score(v, node), st);
	if (sb->len > start) {
		put_word(sb, W_CLOSE);
	} else {
		sb->len = open;
		sb->data[open] = '\0';
	}
}

void explain_node(strbuf *sb, const prog *p, const row *v, int node)
{
	sentence(sb, p, v, node, NULL);
}

void explain_subtotal(strbuf *sb, const prog *p, const row *v, int node)
{
	/* a subtree is the nodes after its root down to the next at its depth;
	 * the sums are over its leaves, as the printed rows show them */
	int depth = p->nodes[node].depth;
	for (int i = node; i < p->nnodes && (i == node || p->nodes[i].depth > depth); i++) {
		const prog_node *n = &p->nodes[i];
		if (!n->capped || !n->nchildren || row_node_status(v, i) == ROW_NA)
			continue; /* a group that does not apply caps nothing */
		dec_t weights = DEC_ZERO, scores = DEC_ZERO;
		for (int k = i + 1; k < p->nnodes && p->nodes[k].depth > n->depth; k++) {
			if (p->nodes[k].nchildren)
				continue;
			dec_add(&weights, &weights, &p->nodes[k].weight);
			if (row_node_status(v, k) != ROW_NA)
				dec_add(&scores, &scores, row_node_score(v, k));
		}
		if (dec_cmp(&weights, &n->weight) > 0) {
			if (sb->len)
				put_word(sb, W_SEMICOLON);
			put_filled1(sb, W_CAPPED_WEIGHTS, n->name);
			dec_format(sb, &weights);
			put_word(sb, W_CAPPED_AT);
			/* the limit the row's score met: a weight moved in or out changes it */
			dec_format(sb, row_weight(v, i));
			put_word(sb, W_CAPPED_END);
			if (dec_cmp(&scores, row_node_score(v, i)) > 0) {
				put_word(sb, W_CAPPED_SCORES);
				dec_format(sb, &scores);
				put_word(sb, W_CAPPED_COUNTED);
				dec_format(sb, row_node_score(v, i));
				put_word(sb, W_CAPPED_POINTS);
			}
		}
		dec_clear(&weights);
		dec_clear(&scores);
	}
}

void explain_row(strbuf *sb, const prog *p, const row *v)
{
	explain_state st; /* at and len are read only where seen says they were written */
	st.any = false;
	st.seen = 0;
	for (int i = 0; i < p->nnodes; i++) {
		/* a leaf, or a parent that was vetoed or does not apply */
		if (p->nodes[i].nchildren && row_node_status(v, i) == ROW_SCORED)
			continue;
		if (p->nodes[i].parent >= 0 && row_node_status(v, p->nodes[i].parent) == ROW_NA)
			continue;
		sentence(sb, p, v, i, &st);
	}
	size_t mark = sb->len;
	if (st.any)
		put_word(sb, W_SEMICOLON);
	size_t start = sb->len;
	explain_total(sb, p, v);
	if (sb->len == start) {
		sb->len = mark;
		if (sb->data)
			sb->data[mark] = '\0';
	}
}

void explain_total(strbuf *sb, const prog *p, const row *v)
{
	bool any = false;
	/* a total rescaled for weight taken out: its arithmetic */
	const dec_t *raw, *removed;
	if (row_rescaled(v, &raw, &removed)) {
		dec_t rest = DEC_ZERO;
		dec_sub(&rest, &p->total, removed);
		if (any)
			put_word(sb, W_SEMICOLON);
		any = true;
		put_word(sb, W_RESCALED);
		dec_format(sb, raw);
		sb_puts(sb, " × ");
		dec_format(sb, &p->total);
		sb_putc(sb, '/');
		dec_format(sb, &rest);
		sb_puts(sb, " = ");
		dec_t scaled = DEC_ZERO;
		dec_mul(&scaled, raw, &p->total);
		dec_div(&scaled, &scaled, &rest);
		if (p->places >= 0)
			dec_round(&scaled, &scaled, p->places, p->mode);
		dec_format(sb, &scaled);
		dec_clear(&scaled);
		dec_clear(&rest);
	}
	/* bonus items that moved the total, and the veto that decided the grade */
	for (int b = 0; b < p->nbonuses; b++) {
		const dec_t *got = row_bonus(v, b);
		if (dec_is_zero(got))
			continue;
		if (any)
			put_word(sb, W_SEMICOLON);
		any = true;
		put_filled1(sb, dec_sgn(got) > 0 ? W_BONUS_PLUS : W_BONUS_MINUS, p->bonuses[b].name);
		dec_t mag = DEC_ZERO;
		dec_abs(&mag, got);
		dec_format(sb, &mag);
		dec_clear(&mag);
		put_word(sb, W_POINTS);
		if (p->bonuses[b].note >= 0)
			put_filled1(sb, W_NOTE, p->strings[p->bonuses[b].note]);
	}
	/* rules over all units that left this row out (a zero divisor in the argument) */
	for (int k = 0; k < p->naggs; k++) {
		const char *why = row_left_out(v, k);
		if (!why)
			continue;
		if (any)
			put_word(sb, W_SEMICOLON);
		any = true;
		strbuf name = STRBUF_INIT;
		aggregate_name(&name, p, k);
		put_filled(sb, W_LEFT_OUT, (const char *const[]){name.data, why}, 2);
		sb_free(&name);
	}
	int veto = row_veto(v);
	if (veto >= 0) {
		if (any)
			put_word(sb, W_SEMICOLON);
		const prog_veto *ve = &p->vetoes[veto];
		if (ve->kind == VETO_FORCE)
			put_filled1(sb, W_VETO_FORCE, p->grades[ve->grade].label);
		else if (ve->kind == VETO_AT_MOST)
			put_filled(sb, W_VETO_AT_MOST, (const char *const[]){p->grades[ve->grade].label, p->grades[row_grade(v)].label}, 2);
		else
			put_filled(sb, W_VETO_BELOW, (const char *const[]){p->grades[ve->grade].label, p->grades[row_grade(v)].label}, 2);
		if (p->vetoes[veto].note >= 0)
			put_filled1(sb, W_NOTE, p->strings[p->vetoes[veto].note]);
	}
}

void explain_row_json(strbuf *sb, const prog *p, const row *v)
{
	static const char *const status[] = {"scored", "zero", "na"};
	sb_putc(sb, '[');
	bool first = true;
	strbuf tmp = STRBUF_INIT;
	for (int i = 0; i < p->nnodes; i++) {
		if (p->nodes[i].nchildren)
			continue;
		const vm_trace *t = row_trace(v, i);
		row_status st = row_node_status(v, i);
		sb_puts(sb, first ? "{" : ", {");
		first = false;
		sb_puts(sb, "\"indicator\": ");
		sb_json_string(sb, p->nodes[i].path, strlen(p->nodes[i].path));
		sb_puts(sb, ", \"status\": \"");
		sb_puts(sb, status[st]);
		sb_puts(sb, "\", \"weight\": ");
		dec_format(sb, row_weight(v, i));
		sb_puts(sb, ", \"score\": ");
		if (st == ROW_NA)
			sb_puts(sb, "null");
		else
			dec_format(sb, row_node_score(v, i));
		int note = main_note(p, v, i);
		sb_puts(sb, ", \"note\": ");
		if (note >= 0)
			sb_json_string(sb, p->strings[note], strlen(p->strings[note]));
		else
			sb_puts(sb, "null");
		sb_puts(sb, ", \"inputs\": {");
		for (int k = 0; k < t->ninputs && st == ROW_SCORED; k++) {
			const prog_input *in = &p->inputs[t->inputs[k]];
			if (k)
				sb_puts(sb, ", ");
			sb_json_string(sb, in->name, strlen(in->name));
			sb_puts(sb, ": ");
			sb_clear(&tmp);
			explain_input(&tmp, p, v, t->inputs[k]);
			sb_json_string(sb, sb_text(&tmp), tmp.len);
		}
		sb_puts(sb, "}, \"branches\": [");
		for (int k = 0; k < t->nintervals && st == ROW_SCORED; k++) {
			const strbuf *band = &p->interval_texts[t->intervals[k]];
			if (k)
				sb_puts(sb, ", ");
			sb_json_string(sb, band->data, band->len);
		}
		sb_putc(sb, ']');
		if (t->pick >= 0 && st == ROW_SCORED) {
			/* only where a score range was taken, so other output is unchanged */
			sb_puts(sb, ", \"range\": {\"low\": ");
			dec_format(sb, &t->pick_lo);
			sb_puts(sb, ", \"high\": ");
			dec_format(sb, &t->pick_hi);
			sb_puts(sb, ", \"pick\": ");
			sb_json_string(sb, p->inputs[t->pick].column, strlen(p->inputs[t->pick].column));
			sb_puts(sb, t->pick_empty ? ", \"empty\": true}" : ", \"empty\": false}");
		}
		sb_puts(sb, ", \"exact\": ");
		if (st == ROW_SCORED) {
			sb_clear(&tmp);
			dec_format(&tmp, &t->exact);
			sb_json_string(sb, tmp.data, tmp.len);
		} else {
			sb_puts(sb, "null");
		}
		sb_puts(sb, ", \"explanation\": ");
		sb_clear(&tmp);
		explain_node(&tmp, p, v, i);
		sb_json_string(sb, sb_text(&tmp), tmp.len);
		sb_putc(sb, '}');
	}
	sb_free(&tmp);
	sb_putc(sb, ']');
}
