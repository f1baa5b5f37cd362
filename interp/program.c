#include "program.h"

#include <stdarg.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"

const prog_opinfo prog_ops[OP__COUNT] = {
#define OP(name, shape, in, out, runs, synopsis) {#name, SHAPE_##shape, in, out, synopsis},
#include "opcodes.def"
#undef OP
};

prog *prog_new(void)
{
	prog *p = mem_calloc(1, sizeof *p);
	p->total = DEC_ZERO;
	p->places = 2;
	p->mode = DEC_HALF_UP;
	return p;
}

static void free_interval(interval *iv)
{
	dec_clear(&iv->lo);
	dec_clear(&iv->hi);
}

int prog_standard_of(const prog *p, int node)
{
	for (int i = node; i >= 0; i = p->nodes[i].parent)
		if (p->nodes[i].standard >= 0)
			return i;
	return -1;
}

bool prog_has_definitions(const prog *p)
{
	for (int i = 0; i < p->nnodes; i++)
		if (p->nodes[i].definition >= 0)
			return true;
	return false;
}

void prog_add_file(prog *p, const char *path)
{
	p->files = mem_realloc(p->files, (size_t)(p->nfiles + 1) * sizeof *p->files);
	p->files[p->nfiles++] = mem_strdup(path);
}

const char **prog_read_files(const prog *a, const prog *b, const char *data, size_t *n)
{
	size_t cap = 1 + (size_t)a->nfiles + (b ? (size_t)b->nfiles : 0);
	const char **files = mem_calloc(cap, sizeof *files);
	*n = 0;
	files[(*n)++] = data;
	for (int i = 0; i < a->nfiles; i++)
		files[(*n)++] = a->files[i];
	for (int i = 0; b && i < b->nfiles; i++)
		files[(*n)++] = b->files[i];
	return files;
}

void prog_free(prog *p)
{
	if (!p)
		return;
	diag_log_free(p->diag);
	mem_free(p->title);
	dec_clear(&p->total);
	for (int i = 0; i < p->ninputs; i++) {
		prog_input *in = &p->inputs[i];
		mem_free(in->name);
		for (int lang = 0; lang < 2; lang++)
			for (int k = 0; k < 2; k++)
				mem_free(in->lead[lang][k].data);
		mem_free(in->column);
		dec_clear(&in->lo);
		dec_clear(&in->hi);
		for (int k = 0; k < in->noptions; k++)
			mem_free(in->options[k]);
		mem_free(in->options);
		dec_clear(&in->default_value);
		mem_free(in->default_text);
	}
	mem_free(p->inputs);
	mem_free(p->ids);
	for (int i = 0; i < p->nnodes; i++) {
		prog_node *n = &p->nodes[i];
		mem_free(n->name);
		for (int lang = 0; lang < 2; lang++)
			for (int after = 0; after < 2; after++)
				mem_free(n->lost_lead[lang][after].data);
		mem_free(n->path);
		mem_free(n->column);
		mem_free(n->children);
		dec_clear(&n->weight);
		dec_clear(&n->floor);
		mem_free(n->zeros);
		mem_free(n->nas);
	}
	mem_free(p->nodes);
	mem_free(p->roots);
	for (int i = 0; i < p->nbonuses; i++) {
		mem_free(p->bonuses[i].name);
		dec_clear(&p->bonuses[i].lo);
		dec_clear(&p->bonuses[i].hi);
	}
	mem_free(p->bonuses);
	for (int i = 0; i < p->ngrades; i++) {
		mem_free(p->grades[i].label);
		free_interval(&p->grades[i].band);
	}
	mem_free(p->grades);
	mem_free(p->vetoes);
	for (int i = 0; i < p->nfuncs; i++) {
		mem_free(p->funcs[i].name);
		mem_free(p->funcs[i].name_files);
		for (int k = 0; p->funcs[i].local_names && k < p->funcs[i].nlocals; k++)
			mem_free(p->funcs[i].local_names[k]);
		mem_free(p->funcs[i].local_names);
	}
	mem_free(p->funcs);
	mem_free(p->code);
	mem_free(p->code_loc);
	for (int i = 0; i < p->nconsts; i++) {
		dec_clear(&p->consts[i]);
		mem_free(p->const_keys[i]);
	}
	mem_free(p->consts);
	mem_free(p->const_keys);
	names_free(&p->const_index);
	names_free(&p->string_index);
	for (int i = 0; i < p->nintervals; i++) {
		free_interval(&p->intervals[i]);
		sb_free(&p->interval_texts[i]);
	}
	mem_free(p->intervals);
	mem_free(p->interval_texts);
	for (int i = 0; i < p->ndeducts; i++)
		mem_free(p->deducts[i].unit_text.data);
	mem_free(p->deducts);
	for (int i = 0; i < p->nstrings; i++)
		mem_free(p->strings[i]);
	mem_free(p->strings);
	luahook_free(p->lua);
	calendar_free(p->calendar);
	for (int i = 0; i < p->nfiles; i++)
		mem_free(p->files[i]);
	mem_free(p->files);
	for (int i = 0; i < p->nhookcalls; i++)
		mem_free(p->hookcalls[i].name);
	mem_free(p->hookcalls);
	mem_free(p->aggs);
	for (int i = 0; i < p->nfindings; i++)
		dec_clear(&p->findings[i].bound);
	mem_free(p->findings);
	mem_free(p);
}

int prog_add_const(prog *p, const dec_t *v)
{
	/* equal values have one exact text */
	strbuf key = STRBUF_INIT;
	dec_format(&key, v);
	int had = names_get(&p->const_index, key.data);
	if (had >= 0) {
		sb_free(&key);
		return had;
	}
	size_t cap = (size_t)p->capconsts;
	p->consts = mem_grow(p->consts, sizeof *p->consts, &cap, (size_t)p->nconsts + 1);
	p->const_keys = mem_append_room(p->const_keys, sizeof *p->const_keys, (size_t)p->nconsts);
	p->capconsts = (int)cap;
	p->const_keys[p->nconsts] = sb_take(&key);
	names_put(&p->const_index, p->const_keys[p->nconsts], p->nconsts);
	p->consts[p->nconsts] = DEC_ZERO;
	dec_set(&p->consts[p->nconsts], v);
	return p->nconsts++;
}

int prog_add_string(prog *p, const char *s)
{
	int had = names_get(&p->string_index, s);
	if (had >= 0)
		return had;
	size_t cap = (size_t)p->capstrings;
	p->strings = mem_grow(p->strings, sizeof *p->strings, &cap, (size_t)p->nstrings + 1);
	p->capstrings = (int)cap;
	p->strings[p->nstrings] = mem_strdup(s);
	names_put(&p->string_index, p->strings[p->nstrings], p->nstrings);
	return p->nstrings++;
}

int prog_take_interval(prog *p, interval *iv)
{
	size_t cap = (size_t)p->capintervals;
	p->intervals = mem_grow(p->intervals, sizeof *p->intervals, &cap, (size_t)p->nintervals + 1);
	p->interval_texts = mem_realloc(p->interval_texts, cap * sizeof *p->interval_texts);
	p->capintervals = (int)cap;
	p->intervals[p->nintervals] = *iv; /* a move (decimal.h): the source forgets its decimals */
	iv->lo = iv->hi = DEC_ZERO;
	p->interval_texts[p->nintervals] = (strbuf)STRBUF_INIT;
	strbuf *text = &p->interval_texts[p->nintervals];
	interval_format(text, &p->intervals[p->nintervals]);
	sb_reserve(text, PROG_TEXT_SLACK); /* the slack of program.h, zeroed */
	memset(text->data + text->len, 0, PROG_TEXT_SLACK + 1);
	return p->nintervals++;
}

/* a, b and c one after the other, PROG_TEXT_SLACK readable (zeroed) after them */
static prog_text text_of(const char *a, size_t na, const char *b, size_t nb, const char *c, size_t nc)
{
	prog_text t = {mem_alloc(na + nb + nc + 1 + PROG_TEXT_SLACK), na + nb + nc};
	memcpy(t.data, a, na);
	memcpy(t.data + na, b, nb);
	memcpy(t.data + na + nb, c, nc);
	memset(t.data + t.len, 0, 1 + PROG_TEXT_SLACK);
	return t;
}

int prog_add_deduct(prog *p, prog_deduct d)
{
	strbuf unit = STRBUF_INIT;
	interval_format_value(&unit, &p->consts[d.unit], d.percent);
	d.unit_text = text_of(unit.data, unit.len, "", 0, "", 0);
	sb_free(&unit);
	p->deducts = mem_grow(p->deducts, sizeof *p->deducts, &p->capdeducts, (size_t)p->ndeducts + 1);
	p->deducts[p->ndeducts] = d;
	return p->ndeducts++;
}

void prog_name_input(prog_input *in, const char *name)
{
	size_t n = strlen(name), comma;
	in->name = mem_strdup_slack(name, PROG_TEXT_SLACK);
	for (int lang = 0; lang < 2; lang++) {
		const char *sep = i18n_word_in(W_COMMA, lang, &comma);
		in->lead[lang][0] = text_of("", 0, name, n, " ", 1);
		in->lead[lang][1] = text_of(sep, comma, name, n, " ", 1);
	}
}

void prog_name_node(prog_node *n, const char *name)
{
	size_t len = strlen(name), lost, semi;
	n->name = mem_strdup_slack(name, PROG_TEXT_SLACK);
	for (int lang = 0; lang < 2; lang++) {
		const char *word = i18n_word_in(W_LOST, lang, &lost), *sep = i18n_word_in(W_SEMICOLON, lang, &semi);
		n->lost_lead[lang][0] = text_of("", 0, name, len, word, lost);
		n->lost_lead[lang][1] = text_of(sep, semi, name, len, word, lost);
	}
}

void prog_func_name_files(prog *p, int func, strbuf *files)
{
	if (func >= 0 && func < p->nfuncs && files->data) {
		mem_free(p->funcs[func].name_files);
		p->funcs[func].name_files = sb_take(files);
	}
	sb_free(files);
}

void prog_label(strbuf *msg, strbuf *files, const char *fmt, ...)
{
	va_list ap, aq;
	va_start(ap, fmt);
	va_copy(aq, ap);
	sb_vprintf(msg, _(fmt), ap);
	int was = i18n_files_begin();
	sb_vprintf(files, _(fmt), aq);
	i18n_files_end(was);
	va_end(aq);
	va_end(ap);
}

bool prog_grade_above(const prog *p, int a, int b)
{
	const interval *x = &p->grades[a].band, *y = &p->grades[b].band;
	if (!x->has_lo || a == b)
		return false;
	if (!y->has_lo)
		return true;
	int c = dec_cmp(&x->lo, &y->lo);
	return c > 0 || (c == 0 && !x->lo_incl && y->lo_incl);
}

int prog_grade_below(const prog *p, int g)
{
	int best = -1;
	for (int b = 0; b < p->ngrades; b++)
		if (prog_grade_above(p, g, b) && (best < 0 || prog_grade_above(p, b, best)))
			best = b;
	return best;
}

