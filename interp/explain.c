#include "explain.h"

#include <string.h>

#include "date.h"
#include "i18n.h"


/* The release build writes pieces inline, where a call costs more than the
 * copy; the coverage build (SCORE_COVERAGE) keeps each one function, so
 * that gcov counts its branches once, not again at each call with that
 * call's fixed length. */
#ifdef SCORE_COVERAGE
#define LABEL_INLINE
#else
#define LABEL_INLINE inline __attribute__((always_inline))
#endif

/* ---- the pen: where the 扣分说明's next byte goes --------------------------
 * A row's sentences are a couple of hundred pieces of a few bytes (labels,
 * names, numbers). Written through the strbuf, each piece read the length
 * and capacity back from memory after the last piece's bytes (a byte stored
 * through char * may be the strbuf itself): a chain of stores and loads as
 * long as the text. The pen keeps them where the compiler can hold them in
 * registers, and tells the strbuf once (pen_give), at the end or before a
 * function that writes to it itself (pen_take after it). */
typedef struct pen {
	strbuf *sb;
	char *base; /* sb->data */
	char *o;    /* where the next byte goes */
	char *lim;  /* the byte kept for the NUL: o reaches it, never passes it */
	int lang;   /* the labels' (i18n_word_lang) */
} pen;

/* Room for a batch of pieces of known bound, made once: after pen_room(w,
 * PEN_BATCH) (or pen_take), pieces written with `made` need no check of
 * their own while they add up to no more than PEN_BATCH bytes, each counted
 * at what it may copy (a label its slack, a number DEC_PUT_ROOM). A piece
 * longer than its slack makes room for itself and a batch more, and a
 * function that writes to the strbuf itself is followed by pen_take: either
 * leaves a batch's room after it. */
#define PEN_BATCH 256

static LABEL_INLINE void pen_take(pen *w, strbuf *sb)
{
	sb_reserve(sb, PEN_BATCH); /* a buffer never written to has no bytes yet */
	w->sb = sb;
	w->base = sb->data;
	w->o = sb->data + sb->len;
	w->lim = sb->data + sb->cap - 1;
	w->lang = i18n_word_lang();
}

static LABEL_INLINE void pen_give(pen *w)
{
	*w->o = '\0';
	w->sb->len = (size_t)(w->o - w->base);
}

/* Out of line and taking no pen, so that the pen's fields stay registers. */
static char *pen_grown(strbuf *sb, const char *o, size_t need) __attribute__((noinline, cold));
static char *pen_grown(strbuf *sb, const char *o, size_t need)
{
	sb->len = (size_t)(o - sb->data);
	sb_grow(sb, need);
	return sb->data + sb->len;
}

/* Room for need bytes at o (and the NUL after them). */
static LABEL_INLINE void pen_room(pen *w, size_t need)
{
	if ((size_t)(w->lim - w->o) < need) {
		w->o = pen_grown(w->sb, w->o, need);
		w->base = w->sb->data;
		w->lim = w->base + w->sb->cap - 1;
	}
}

static LABEL_INLINE size_t pen_at(const pen *w)
{
	return (size_t)(w->o - w->base);
}

/* Takes back everything written from offset at on. */
static LABEL_INLINE void pen_back_to(pen *w, size_t at)
{
	w->o = w->base + at;
}

/* n bytes of s that has `slack` readable bytes (a label, a name): copied
 * `slack` bytes at once, whatever its length, where a call of memcpy, or a
 * branch on the length, costs more than the copy. */
static LABEL_INLINE void pen_slack(pen *w, const char *s, size_t n, size_t slack, bool made)
{
	if (n > slack) {
		pen_room(w, n + PEN_BATCH);
		memcpy(w->o, s, n);
	} else {
		if (!made)
			pen_room(w, slack);
		memcpy(w->o, s, slack);
	}
	w->o += n;
}

/* A text of the program's (a name's lead, a band's text: PROG_TEXT_SLACK
 * readable): 32 bytes copied, 32 more for a longer one (a name of 11 to
 * 20 characters), and only a longer still by memcpy. */
static LABEL_INLINE void pen_prog_text(pen *w, const prog_text *t, bool made)
{
	size_t n = t->len;
	if (n > PROG_TEXT_SLACK) {
		pen_room(w, n + PEN_BATCH);
		memcpy(w->o, t->data, n);
	} else {
		if (!made)
			pen_room(w, PROG_TEXT_SLACK);
		memcpy(w->o, t->data, 32);
		if (n > 32)
			memcpy(w->o + 32, t->data + 32, PROG_TEXT_SLACK - 32);
	}
	w->o += n;
}

static LABEL_INLINE void pen_text(pen *w, const char *s, size_t n)
{
	pen_room(w, n);
	memcpy(w->o, s, n);
	w->o += n;
}

static LABEL_INLINE void pen_byte(pen *w, char c, bool made)
{
	if (!made)
		pen_room(w, 1);
	*w->o++ = c;
}

/* A label of the explanations, without measuring it each time: most are a
 * few bytes (扣, 分, （). */
static LABEL_INLINE void pen_word_made(pen *w, i18n_word_id id, bool made)
{
	size_t n;
	const char *s = i18n_word_in(id, w->lang, &n);
	pen_slack(w, s, n, I18N_WORD_SLACK, made);
}

static LABEL_INLINE void pen_word(pen *w, i18n_word_id id)
{
	pen_word_made(w, id, false);
}

/* Each label's two texts as constants here too, from words.def (the one
 * table of them): the labels a sentence writes on most rows (；（）分 区间)
 * are stored as their bytes inline, with no lookup and no slack copied. */
#define WORD(id, zh, en) \
	static const char label_zh_##id[] __attribute__((unused)) = zh, label_en_##id[] __attribute__((unused)) = en;
#include "words.def"
#undef WORD

static LABEL_INLINE void pen_label(pen *w, const char *zh, size_t nzh, const char *en, size_t nen, bool made)
{
	if (!made)
		pen_room(w, nzh > nen ? nzh : nen);
	if (w->lang) {
		memcpy(w->o, en, nen);
		w->o += nen;
	} else {
		memcpy(w->o, zh, nzh);
		w->o += nzh;
	}
}

/* pen_word_made of W_id; made counts it, as a batch does, at I18N_WORD_SLACK */
#define PEN_LABEL(w, id, made)                                                                                        \
	((void)sizeof(char[sizeof label_zh_##id <= I18N_WORD_SLACK && sizeof label_en_##id <= I18N_WORD_SLACK ? 1 : -1]), \
	 pen_label((w), label_zh_##id, sizeof label_zh_##id - 1, label_en_##id, sizeof label_en_##id - 1, (made)))

/* A value as dec_format writes it: the usual (a score, a cell's number)
 * in place, inline, where the 扣分说明 writes a dozen a row. */
static LABEL_INLINE void pen_number(pen *w, const dec_t *x, bool made)
{
	if (!made)
		pen_room(w, DEC_PUT_ROOM);
	char *e = dec_put(w->o, x);
	if (e) {
		w->o = e;
		return;
	}
	pen_give(w);
	dec_format(w->sb, x);
	pen_take(w, w->sb);
}

/* Writes a label's text from *s up to its next %s and steps past it: true;
 * or, at its end or another directive, the rest as it is: false. */
static LABEL_INLINE bool pen_to_hole(pen *w, const char **s, const char *end)
{
	const char *at = memchr(*s, '%', (size_t)(end - *s));
	if (!at || at + 1 >= end || at[1] != 's') {
		pen_text(w, *s, (size_t)(end - *s));
		*s = end;
		return false;
	}
	pen_text(w, *s, (size_t)(at - *s));
	*s = at + 2;
	return true;
}

/* A label with texts in place of its %s, in order (no other directive):
 * the 扣分说明 is written a piece at a time, a row at a time, and a
 * printf for each piece cost more than the rest of the piece. */
static void put_filled(strbuf *sb, i18n_word_id id, const char *const *texts, int ntexts)
{
	pen w;
	pen_take(&w, sb);
	size_t n;
	const char *s = i18n_word_in(id, w.lang, &n), *end = s + n;
	for (int k = 0; k < ntexts; k++) {
		if (!pen_to_hole(&w, &s, end))
			break;
		pen_text(&w, texts[k], strlen(texts[k]));
	}
	pen_text(&w, s, (size_t)(end - s));
	pen_give(&w);
}

/* The same with one text. */
static void put_filled1(strbuf *sb, i18n_word_id id, const char *text)
{
	put_filled(sb, id, &text, 1);
}

/* A label for a strbuf, where a text is written a piece or two at a time
 * (a total's, a 小计's). */
static void put_word(strbuf *sb, i18n_word_id id)
{
	pen w;
	pen_take(&w, sb);
	pen_word(&w, id);
	pen_give(&w);
}

/* put_filled1 at the pen: through the strbuf, out of line, where a pen's
 * address taken by a call would keep its fields in memory (notes and
 * indicators that do not apply: the few). */
static LABEL_INLINE void pen_filled1(pen *w, i18n_word_id id, const char *text)
{
	pen_give(w);
	put_filled1(w->sb, id, text);
	pen_take(w, w->sb);
}

/* explain_value at the pen: the usual values in place; a list, a date or
 * a value in GMP through the strbuf. */
static LABEL_INLINE void pen_value(pen *w, const prog_input *in, const dec_t *value, bool made)
{
	int64_t k;
	switch (in->type) {
	case IN_YESNO:
		pen_word_made(w, dec_is_zero(value) ? W_NO : W_YES, made);
		return;
	case IN_ONEOF:
		if (dec_get_int(value, &k) && k >= 0 && k < in->noptions)
			pen_text(w, in->options[k], strlen(in->options[k]));
		return;
	case IN_PERCENT: {
		dec_t points;
		if (interval_percent_points(value, &points)) { /* as interval_format_value, inline */
			pen_number(w, &points, made);
			pen_byte(w, '%', made);
			return;
		}
		break;
	}
	case IN_LIST:
	case IN_DATE:
		break;
	default:
		pen_number(w, value, made);
		return;
	}
	pen_give(w);
	strbuf *sb = w->sb;
	if (in->type == IN_PERCENT) {
		interval_format_value(sb, value, true);
	} else if (in->type == IN_LIST) {
		dec_format(sb, value);
		put_word(sb, W_ITEMS);
	} else if (dec_get_int(value, &k)) {
		date_format(sb, k);
	} else {
		dec_format(sb, value);
	}
	pen_take(w, sb);
}

void explain_value(strbuf *sb, const prog_input *in, const dec_t *value)
{
	pen w;
	pen_take(&w, sb);
	pen_value(&w, in, value, false);
	pen_give(&w);
}

/* An input's value in this row as the 扣分说明 shows it: a list with its items. */
static LABEL_INLINE void pen_input(pen *w, const prog *p, const row *v, int i, bool made)
{
	const prog_input *in = &p->inputs[i];
	pen_value(w, in, &row_inputs((row *)v)[i], made);
	if (in->type != IN_LIST)
		return;
	size_t n, pos = 0, len;
	const char *s = row_text(v, i, &n), *item;
	bool first = true;
	while (cell_list_next(s, n, &pos, &item, &len)) {
		pen_word(w, first ? W_OPEN : W_LIST_SEP);
		pen_text(w, item, len);
		first = false;
	}
	if (!first)
		PEN_LABEL(w, CLOSE, false);
}

static void explain_input(strbuf *sb, const prog *p, const row *v, int i)
{
	pen w;
	pen_take(&w, sb);
	pen_input(&w, p, v, i, false);
	pen_give(&w);
}

/* What a row's sentences share (explain_row): whether one was written, so
 * that the next opens with "；", and where each input's value was first
 * written: an input that several indicators name (执行率 in four) is
 * copied from there, not written again. Inputs past the 64th are written
 * each time. */
typedef struct explain_state {
	bool any;
	uint64_t seen; /* bit i: input i's value is at[i], len[i] */
	size_t at[64], len[64];
} explain_state;

/* A sentence begins: the separator, when one came before. */
static LABEL_INLINE void open_sentence(pen *w, explain_state *st, bool made)
{
	if (!st)
		return;
	if (st->any)
		PEN_LABEL(w, SEMICOLON, made);
	st->any = true;
}

/* pen_input, or a copy of what it wrote earlier in the row: a value's
 * bytes are never taken back once written (details only takes back an
 * empty bracket), so where it was written still holds it. */
static LABEL_INLINE void pen_input_once(pen *w, const prog *p, const row *v, int i, explain_state *st, bool made)
{
	uint64_t bit = st && i < 64 ? (uint64_t)1 << i : 0;
	if (bit && (st->seen & bit)) {
		size_t n = st->len[i];
		if (n <= 32) {
			if (!made)
				pen_room(w, 32); /* first: the copy's source is in the buffer */
			/* read whole before written: the copy may overlap its source's end */
			char copy[32];
			memcpy(copy, w->base + st->at[i], 32);
			memcpy(w->o, copy, 32);
		} else {
			pen_room(w, n);
			memcpy(w->o, w->base + st->at[i], n);
		}
		w->o += n;
		return;
	}
	size_t from = pen_at(w);
	pen_input(w, p, v, i, made);
	size_t to = pen_at(w);
	if (bit) {
		st->seen |= bit;
		st->at[i] = from;
		st->len[i] = to - from;
	}
}

/* The places an exact value is shortened to: a few more than the policy's. */
static int exact_places(const prog *p)
{
	return (p->places >= 0 ? p->places : 2) + 4;
}

/* The exact value, shortened to a few more places than the policy's when it
 * has no short decimal form; as a percent ("53.6%") when percent. */
static void put_exact(strbuf *sb, const prog *p, const dec_t *x, bool percent)
{
	dec_t points = DEC_ZERO;
	if (percent)
		dec_shift10(&points, x, 2);
	if (dec_format_down(sb, percent ? &points : x, exact_places(p)))
		sb_puts(sb, "…");
	if (percent)
		sb_putc(sb, '%');
	dec_clear(&points);
}

/* put_exact at the pen: a value in machine words in place, inline (the
 * 扣分说明 writes five a row), any other through the strbuf. */
static LABEL_INLINE void pen_exact(pen *w, const prog *p, const dec_t *x, bool percent)
{
	const dec_t *value = x;
	dec_t points;
	bool cut;
	char *e = NULL;
	if (!percent || interval_percent_points(x, &points)) {
		if (percent)
			value = &points;
		pen_room(w, DEC_PUT_ROOM + sizeof "…%");
		e = dec_put_down(w->o, value, exact_places(p), &cut);
	}
	if (!e) {
		pen_give(w);
		put_exact(w->sb, p, x, percent);
		pen_take(w, w->sb);
		return;
	}
	w->o = e;
	if (cut) {
		memcpy(w->o, "…", strlen("…"));
		w->o += strlen("…");
	}
	if (percent)
		*w->o++ = '%';
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
static LABEL_INLINE int main_note_of(const row *v, int node, const vm_trace *t)
{
	if (row_node_status(v, node) == ROW_SCORED && t->nnotes)
		return t->notes[t->nnotes - 1];
	return row_node_note(v, node);
}

static LABEL_INLINE int main_note(const prog *p, const row *v, int node)
{
	(void)p;
	return main_note_of(v, node, row_trace(v, node));
}

/* "偏差 33.33%，按每 3% 计 11 档，扣 11 分": the steps counted */
static LABEL_INLINE void pen_deduct(pen *w, const prog *p, const vm_trace *t)
{
	const prog_deduct *d = &p->deducts[t->deduct];
	dec_t steps = DEC_ZERO, lost = DEC_ZERO;
	if (dec_sgn(&t->deduct_amount) > 0) {
		dec_div(&steps, &t->deduct_amount, &p->consts[d->unit]);
		if (!steps.big && !dec_gmp_only && steps.num >= 0)
			steps = (dec_t){steps.num / steps.den, 1, NULL}; /* the floor of a fraction in words, at one division */
		else
			dec_round(&steps, &steps, 0, DEC_FLOOR);
	}
	dec_mul(&lost, &steps, &p->consts[d->points]);
	/* the amount, then each value after its word, the unit as made once */
	pen_exact(w, p, &t->deduct_amount, d->percent);
	pen_room(w, PEN_BATCH); /* one batch: four words, the unit, two numbers (4 × 16 + 64 + 2 × 44 bytes at most) */
	PEN_LABEL(w, DEDUCT_BY, true);
	pen_prog_text(w, &d->unit_text, true);
	PEN_LABEL(w, DEDUCT_COUNTED, true);
	pen_number(w, &steps, true);
	PEN_LABEL(w, DEDUCT_STEPS, true);
	pen_number(w, &lost, true);
	PEN_LABEL(w, DEDUCT_POINTS, true);
	dec_clear(&steps);
	dec_clear(&lost);
}

static LABEL_INLINE void details(pen *w, const prog *p, const row *v, int node, const vm_trace *t, const dec_t *score,
				     explain_state *st)
{
	size_t start = pen_at(w);
	for (int i = 0; i < t->ninputs; i++) {
		const prog_input *in = &p->inputs[t->inputs[i]];
		/* one batch: "，name " and the value (at most 64 + 45 bytes) */
		pen_room(w, PEN_BATCH);
		const prog_text *lead = &in->lead[w->lang][i > 0];
		pen_prog_text(w, lead, true);
		pen_input_once(w, p, v, t->inputs[i], st, true);
	}
	if (t->naggs) {
		pen_give(w);
		for (int i = 0; i < t->naggs; i++) {
			if (w->sb->len > start)
				put_word(w->sb, W_SEMICOLON);
			explain_aggregate(w->sb, p, t, i);
		}
		pen_take(w, w->sb);
	}
	for (int i = 0; i < t->nintervals; i++) {
		if (pen_at(w) > start)
			PEN_LABEL(w, SEMICOLON, false);
		PEN_LABEL(w, BAND, false);
		const strbuf *band = &p->interval_texts[t->intervals[i]];
		pen_prog_text(w, &(prog_text){band->data, band->len}, false);
	}
	if (t->pick >= 0) {
		if (pen_at(w) > start)
			PEN_LABEL(w, SEMICOLON, false);
		pen_word(w, W_RANGE);
		pen_give(w);
		strbuf *sb = w->sb;
		dec_format(sb, &t->pick_lo);
		sb_puts(sb, ", ");
		dec_format(sb, &t->pick_hi);
		sb_puts(sb, "]");
		if (t->pick_empty) {
			put_filled1(sb, W_PICK_EMPTY, p->inputs[t->pick].name);
			dec_format(sb, &t->pick_hi);
		}
		pen_take(w, sb);
	}
	if (t->deduct >= 0) {
		if (pen_at(w) > start)
			PEN_LABEL(w, SEMICOLON, false);
		pen_deduct(w, p, t);
	}
	if (t->scaled) {
		if (pen_at(w) > start)
			PEN_LABEL(w, SEMICOLON, false);
		pen_word(w, W_SCALED);
		pen_number(w, row_weight(v, node), false);
		pen_word(w, W_SCALED_END);
	}
	if (dec_cmp(&t->exact, score) != 0) {
		if (pen_at(w) > start)
			PEN_LABEL(w, SEMICOLON, false);
		pen_exact(w, p, &t->exact, false);
		pen_text(w, " → ", strlen(" → "));
		pen_number(w, score, false);
	}
}

/* explain_node, or within a row when st is not NULL: after a separator
 * when it writes anything, its inputs' values copied where seen. */
static LABEL_INLINE void sentence(pen *w, const prog *p, const row *v, int node, const vm_trace *t, explain_state *st)
{
	const prog_node *n = &p->nodes[node];
	row_status status = row_node_status(v, node);
	if (status == ROW_NA) {
		int note = main_note_of(v, node, t);
		open_sentence(w, st, false);
		pen_filled1(w, W_NA, n->name);
		if (note >= 0)
			pen_filled1(w, W_NOTE, p->strings[note]);
		const dec_t *wt;
		const prog_clause *cl = row_na_clause(v, node, &wt);
		if (cl && dec_sgn(wt) > 0) {
			/* the weight as printed, not the share it held after an earlier move */
			pen_word(w, W_NA_WEIGHT);
			pen_number(w, &n->weight, false);
			if (cl->mode == NA_MOVE)
				pen_filled1(w, W_NA_MOVED, p->nodes[cl->target].name);
			else if (cl->mode == NA_SPREAD)
				pen_word(w, W_NA_SPREAD);
			else
				pen_word(w, W_NA_RESCALED);
		}
		return;
	}
	dec_t lost = DEC_ZERO;
	dec_sub(&lost, row_weight(v, node), row_node_score(v, node));
	if (dec_sgn(&lost) <= 0 && status != ROW_ZERO) {
		dec_clear(&lost);
		return;
	}
	int note = main_note_of(v, node, t);
	/* one batch: "；name 扣", 5, 分, （ (at most 64 + 44 + 16 + 16 bytes;
	 * a note's text, when one comes between, is followed by pen_take) */
	pen_room(w, PEN_BATCH);
	bool after = st && st->any; /* the separator is in the lead after it */
	if (st)
		st->any = true;
	pen_prog_text(w, &n->lost_lead[w->lang][after], true);
	pen_number(w, &lost, true);
	PEN_LABEL(w, POINTS, true);
	dec_clear(&lost);
	if (note >= 0)
		pen_filled1(w, W_NOTE, p->strings[note]);
	if (status == ROW_ZERO || n->nchildren)
		return;
	/* the details in brackets, written in place and taken back when none */
	size_t open = pen_at(w);
	PEN_LABEL(w, OPEN, true);
	size_t start = pen_at(w);
	details(w, p, v, node, t, row_node_score(v, node), st);
	if (pen_at(w) > start)
		PEN_LABEL(w, CLOSE, false);
	else
		pen_back_to(w, open);
}

void explain_node(strbuf *sb, const prog *p, const row *v, int node)
{
	pen w;
	pen_take(&w, sb);
	sentence(&w, p, v, node, row_trace(v, node), NULL);
	pen_give(&w);
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
	const vm_trace *traces = row_traces(v); /* each node's, looked up once a row */
	explain_state st; /* at and len are read only where seen says they were written */
	st.any = false;
	st.seen = 0;
	pen w;
	pen_take(&w, sb);
	for (int i = 0; i < p->nnodes; i++) {
		/* a leaf, or a parent that was vetoed or does not apply */
		if (p->nodes[i].nchildren && row_node_status(v, i) == ROW_SCORED)
			continue;
		if (p->nodes[i].parent >= 0 && row_node_status(v, p->nodes[i].parent) == ROW_NA)
			continue;
		sentence(&w, p, v, i, traces + i, &st);
	}
	pen_give(&w);
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
