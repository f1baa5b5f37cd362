/* skeleton: a policy from its printed rubric table (see skeleton.h). */
#include "skeleton.h"

#include <errno.h>
#include <string.h>

#include "../include/score_status.h"
#include "decimal.h"
#include "i18n.h"
#include "mem.h"
#include "names.h"
#include "strbuf.h"
#include "utf8.h"

#define SKELETON_LEVELS 6
/* The header is looked for in the first rows only. */
#define SKELETON_HEADER_ROWS 30

typedef struct sk_node {
	char *name;         /* as printed, a weight written into it taken off */
	int depth;          /* 1: 一级指标 */
	int parent;         /* or -1 */
	dec_t weight;
	bool weighted;      /* printed, or added up from its children */
	char *standard;     /* 评分标准, or NULL */
	char *definition;   /* 指标解释, or NULL */
	int nchildren;
	long row;           /* where it is first printed */
	char *input;        /* a leaf's manual column */
} sk_node;

typedef struct skeleton {
	datafile_file *d;
	int level[SKELETON_LEVELS]; /* the header column of each level, or -1 */
	int nlevels;
	int weight, standard, definition;
	strbuf title;
	sk_node *nodes;
	int nnodes;
	size_t capnodes;
	strbuf out;
} skeleton;

/* A cell's text without the spaces and line ends printed tables put
 * inside a heading ("分 值", "一级\n指标"). */
static void squeezed(strbuf *sb, const char *s, size_t n)
{
	sb_clear(sb);
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]))
			sb_putc(sb, s[i]);
	if (sb->len >= 3 && memcmp(sb->data, "\xE3\x80\x80", 3) == 0) /* an ideographic space */
		memmove(sb->data, sb->data + 3, sb->len -= 3);
}

static bool contains_any(const char *s, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (strstr(s, words[i]))
			return true;
	return false;
}

/* What a heading names: a level (1…), or one of these. */
enum { COL_NONE = 0, COL_WEIGHT = -1, COL_STANDARD = -2, COL_DEFINITION = -3, COL_NAME = -4 };

static int column_kind(const char *h)
{
	static const char *const levels[] = {"一级", "二级", "三级", "四级", "五级", "六级"};
	for (int k = 0; k < SKELETON_LEVELS; k++)
		if (strncmp(h, levels[k], strlen(levels[k])) == 0 &&
		    (strcmp(h + strlen(levels[k]), "") == 0 || strcmp(h + strlen(levels[k]), "指标") == 0))
			return k + 1;
	if (strcmp(h, "指标") == 0 || strcmp(h, "指标名称") == 0)
		return COL_NAME;
	static const char *const weight[] = {"分值", "权重", "标准分", "指标分值", "满分", NULL};
	for (int k = 0; weight[k]; k++)
		if (strncmp(h, weight[k], strlen(weight[k])) == 0)
			return COL_WEIGHT;
	if (strcmp(h, "分数") == 0)
		return COL_WEIGHT;
	static const char *const standard[] = {"评分标准", "评分细则", "评分方法", "评分要点", "计分方法", "评分规则",
					       "扣分标准", NULL};
	if (contains_any(h, standard))
		return COL_STANDARD;
	static const char *const definition[] = {"指标解释", "指标说明", "指标内涵", "指标定义", "指标释义", NULL};
	if (contains_any(h, definition))
		return COL_DEFINITION;
	return COL_NONE;
}

/* The header, if the record read is one: a level column and 分值. */
static bool read_header(skeleton *sk)
{
	int names = -1;
	sk->nlevels = 0;
	sk->weight = sk->standard = sk->definition = -1;
	for (int k = 0; k < SKELETON_LEVELS; k++)
		sk->level[k] = -1;
	strbuf h = STRBUF_INIT;
	size_t n = datafile_nfields(sk->d);
	for (size_t c = 0; c < n; c++) {
		size_t len;
		const char *s = datafile_field(sk->d, c, &len);
		squeezed(&h, s, len);
		int kind = h.len ? column_kind(h.data) : COL_NONE;
		if (kind > 0 && sk->level[kind - 1] < 0)
			sk->level[kind - 1] = (int)c;
		else if (kind == COL_NAME && names < 0)
			names = (int)c;
		else if (kind == COL_WEIGHT && sk->weight < 0)
			sk->weight = (int)c;
		else if (kind == COL_STANDARD && sk->standard < 0)
			sk->standard = (int)c;
		else if (kind == COL_DEFINITION && sk->definition < 0)
			sk->definition = (int)c;
	}
	sb_free(&h);
	if (sk->level[0] < 0 && names >= 0)
		sk->level[0] = names;
	while (sk->nlevels < SKELETON_LEVELS && sk->level[sk->nlevels] >= 0)
		sk->nlevels++;
	return sk->nlevels > 0 && sk->weight >= 0;
}

/* A cell's text, trimmed ("" when the row has no such cell). */
static const char *cell(const skeleton *sk, int col, size_t *len)
{
	*len = 0;
	if (col < 0 || (size_t)col >= datafile_nfields(sk->d))
		return "";
	const char *s = datafile_field(sk->d, (size_t)col, len);
	utf8_trim(&s, len);
	return s;
}

/* A weight as printed: "20", "20分", "0.5 分". */
static bool parse_weight(const char *s, size_t n, dec_t *w)
{
	while (n && strchr(" \t", s[n - 1]))
		n--;
	if (n >= 3 && memcmp(s + n - 3, "分", 3) == 0)
		n -= 3;
	while (n && strchr(" \t", s[n - 1]))
		n--;
	return n && dec_parse(w, s, n, 30) == DEC_OK && dec_sgn(w) >= 0;
}

/* A name that carries its weight ("决策（20分）", "决策(20)", "决策\n20分"):
 * its length without it, and the weight. */
static size_t split_weight(const char *s, size_t n, dec_t *w, bool *found)
{
	*found = false;
	static const char *const closers[] = {"）", ")"};
	static const char *const openers[] = {"（", "("};
	for (int k = 0; k < 2; k++) {
		size_t cl = strlen(closers[k]);
		if (n <= cl || memcmp(s + n - cl, closers[k], cl) != 0)
			continue;
		for (size_t i = n - cl; i-- > 0;)
			if (strncmp(s + i, openers[k], strlen(openers[k])) == 0) {
				size_t from = i + strlen(openers[k]);
				if (parse_weight(s + from, n - cl - from, w)) {
					*found = true;
					while (i && strchr(" \t", s[i - 1]))
						i--;
					return i;
				}
				break;
			}
	}
	const char *nl = memchr(s, '\n', n);
	if (nl) {
		const char *last = s + n;
		while (last > s && last[-1] != '\n')
			last--;
		size_t lead = (size_t)(nl - s);
		if (parse_weight(last, (size_t)(s + n - last), w)) {
			*found = true;
			while (lead && strchr(" \t\r", s[lead - 1]))
				lead--;
			return lead;
		}
	}
	return n;
}

/* The node for this row's cell at depth under parent: the last one printed
 * there if it has the same name (a merged cell, or a name printed again),
 * else a new one. */
static int node_for(skeleton *sk, int parent, int depth, const char *name, size_t n, long at)
{
	for (int i = sk->nnodes; i-- > 0;) {
		const sk_node *x = &sk->nodes[i];
		if (x->depth < depth)
			break;
		if (x->depth == depth && x->parent == parent) {
			if (strlen(x->name) == n && memcmp(x->name, name, n) == 0)
				return i;
			break;
		}
	}
	sk->nodes = mem_grow(sk->nodes, sizeof *sk->nodes, &sk->capnodes, (size_t)sk->nnodes + 1);
	sk_node *x = &sk->nodes[sk->nnodes];
	memset(x, 0, sizeof *x);
	x->name = mem_strndup(name, n);
	x->depth = depth;
	x->parent = parent;
	x->weight = DEC_ZERO;
	x->row = at;
	if (parent >= 0)
		sk->nodes[parent].nchildren++;
	return sk->nnodes++;
}

/* Keeps the first text printed for a node. */
static void attach(char **slot, const char *s, size_t n)
{
	if (!*slot && n)
		*slot = mem_strndup(s, n);
}

/* One row of the table: its path, down to the deepest name it prints (an
 * empty level takes the name above it, as a merged cell would), and what
 * the deepest one carries. */
static bool read_row(skeleton *sk, char (*carried)[256], long at)
{
	int deepest = -1;
	bool renamed = false; /* a level above printed a new name: those below carry nothing */
	for (int k = 0; k < sk->nlevels; k++) {
		size_t n;
		const char *s = cell(sk, sk->level[k], &n);
		dec_t w = DEC_ZERO;
		bool has_w = false;
		size_t name_len = n ? split_weight(s, n, &w, &has_w) : 0;
		if (name_len >= sizeof carried[k]) { /* cut between characters */
			name_len = sizeof carried[k] - 1;
			while (name_len && ((unsigned char)s[name_len] & 0xC0) == 0x80)
				name_len--;
		}
		if (name_len) {
			renamed |= strlen(carried[k]) != name_len || memcmp(carried[k], s, name_len) != 0;
			memcpy(carried[k], s, name_len);
			carried[k][name_len] = '\0';
		} else if (renamed || !carried[k][0]) {
			for (int j = k; j < sk->nlevels; j++)
				carried[j][0] = '\0';
			dec_clear(&w);
			break;
		}
		deepest = node_for(sk, deepest, k + 1, carried[k], strlen(carried[k]), at);
		if (has_w && !sk->nodes[deepest].weighted) {
			dec_set(&sk->nodes[deepest].weight, &w);
			sk->nodes[deepest].weighted = true;
		}
		dec_clear(&w);
	}
	if (deepest < 0)
		return true; /* a row that names nothing: a note under the table */
	sk_node *x = &sk->nodes[deepest];
	size_t n;
	const char *s = cell(sk, sk->weight, &n);
	dec_t w = DEC_ZERO;
	if (n && !x->weighted) {
		if (!parse_weight(s, n, &w)) {
			strbuf shown = STRBUF_INIT;
			utf8_show(&shown, s, n, 40);
			fprintf(stderr, _("%s: row %ld: the 分值 '%s' is not a number of points\n"), sk->d->name, at,
				shown.data);
			sb_free(&shown);
			dec_clear(&w);
			return false;
		}
		dec_set(&x->weight, &w);
		x->weighted = true;
	}
	dec_clear(&w);
	s = cell(sk, sk->standard, &n);
	attach(&x->standard, s, n);
	s = cell(sk, sk->definition, &n);
	attach(&x->definition, s, n);
	return true;
}

/* A parent printed without its weight weighs what its children do. */
static bool settle_weights(skeleton *sk)
{
	for (int i = sk->nnodes; i-- > 0;) {
		sk_node *x = &sk->nodes[i];
		if (!x->nchildren) {
			if (!x->weighted) {
				fprintf(stderr, _("%s: row %ld: %s has no 分值\n"), sk->d->name, x->row, x->name);
				return false;
			}
			continue;
		}
		if (x->weighted)
			continue;
		for (int k = i + 1; k < sk->nnodes && sk->nodes[k].depth > x->depth; k++)
			if (sk->nodes[k].parent == i)
				dec_add(&x->weight, &x->weight, &sk->nodes[k].weight);
		x->weighted = true;
	}
	return true;
}

/* A character a name of the language may hold: the LETTER of
 * grammar/lexer.l (its U2, U3 and U4), a digit after the first. Outside
 * ASCII that is every character but × ÷, general punctuation and the
 * super- and subscripts (U+2000–207F), mathematical operators
 * (U+2200–22FF), CJK punctuation (U+3000–303F), surrogates and the
 * full-width forms (U+FF00–FF7F); and none that cannot be seen (a
 * byte-order mark or a zero-width space pasted into a cell), which the
 * lexer refuses in a name (utf8_invisible). fuzz_init holds the two
 * together. */
static bool name_char(uint32_t cp, bool first)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' || (!first && cp >= '0' && cp <= '9');
	return !utf8_invisible(cp) && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x207F) &&
	       !(cp >= 0x2200 && cp <= 0x22FF) && !(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xD800 && cp <= 0xDFFF) &&
	       !(cp >= 0xFF00 && cp <= 0xFF7F);
}

/* Whether s can stand as a name unquoted (an ASCII word may be a reserved
 * one: such names are quoted). */
static bool plain_name(const char *s)
{
	size_t n = strlen(s);
	if (!n || utf8_is_ascii(s, n))
		return false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (!k || !name_char(cp, i == 0))
			return false;
		i += k;
	}
	return true;
}

/* text made a name of the language: the characters a name may hold, and
 * 得分 before it when nothing of it is left or it is all ASCII (which could
 * be a reserved word). */
static void clean_name(strbuf *out, const char *text)
{
	sb_clear(out);
	size_t n = strlen(text);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(text + i, n - i, &cp);
		k = k ? k : 1;
		if (name_char(cp, out->len == 0))
			sb_putn(out, text + i, k);
		i += k;
	}
	if (!out->len || utf8_is_ascii(out->data, out->len)) {
		strbuf p = STRBUF_INIT;
		sb_printf(&p, "得分%s", sb_text(out));
		sb_free(out);
		*out = p;
	}
}

/* A leaf's manual column: its name, made a name of the language, unique:
 * else its parent's and its own, else its own numbered 2, 3, … */
static char *input_name(const skeleton *sk, const sk_node *x, name_index *taken)
{
	strbuf name = STRBUF_INIT, both = STRBUF_INIT;
	clean_name(&name, x->name);
	if (x->parent >= 0) {
		sb_printf(&both, "%s%s", sk->nodes[x->parent].name, x->name);
		strbuf clean = STRBUF_INIT;
		clean_name(&clean, both.data);
		sb_free(&both);
		both = clean;
	}
	strbuf pick = STRBUF_INIT;
	for (int round = 0;; round++) {
		sb_clear(&pick);
		if (round == 0)
			sb_puts(&pick, name.data);
		else if (round == 1 && both.len)
			sb_puts(&pick, both.data);
		else if (round >= 2)
			sb_printf(&pick, "%s%d", name.data, round);
		if (pick.len && names_get(taken, pick.data) < 0)
			break;
	}
	names_put(taken, pick.data, 0);
	sb_free(&name);
	sb_free(&both);
	return pick.data;
}

/* A string of the language: "…", its quotes and backslashes escaped. */
static void put_string(strbuf *sb, const char *text)
{
	sb_putc(sb, '"');
	for (const char *s = text; *s; s++)
		if (*s == '"' || *s == '\\')
			sb_printf(sb, "\\%c", *s);
		else if (*s == '\n')
			sb_puts(sb, "\\n");
		else if (*s == '\t' || *s == '\r')
			sb_putc(sb, ' ');
		else
			sb_putc(sb, *s);
	sb_putc(sb, '"');
}

static void put_name(strbuf *sb, const char *name)
{
	if (plain_name(name))
		sb_puts(sb, name);
	else
		put_string(sb, name);
}

/* Printed wording, word for word, on a line of its own: over several lines
 * in """…""". */
static void put_wording(strbuf *sb, const char *keyword, const char *text, int indent)
{
	sb_printf(sb, "\n%*s%s ", indent, "", keyword);
	size_t n = strlen(text);
	if (!strchr(text, '\n') || strstr(text, "\"\"\"") || text[n - 1] == '"') {
		put_string(sb, text);
		return;
	}
	sb_puts(sb, "\"\"\"");
	for (const char *s = text; *s; s++) {
		if (*s == '\r')
			continue;
		sb_putc(sb, *s);
		if (*s == '\n')
			sb_printf(sb, "%*s", indent + (int)strlen(keyword) + 4, "");
	}
	sb_puts(sb, "\"\"\"");
}

static void put_node(skeleton *sk, int i)
{
	strbuf *sb = &sk->out;
	const sk_node *x = &sk->nodes[i];
	int indent = 2 * (x->depth - 1);
	sb_printf(sb, "%*sindicator ", indent, "");
	put_name(sb, x->name);
	sb_putc(sb, ' ');
	dec_format(sb, &x->weight);
	if (x->definition)
		put_wording(sb, "指标解释", x->definition, indent + 4);
	if (x->standard)
		put_wording(sb, "评分标准", x->standard, indent + 4);
	if (!x->nchildren) {
		sb_printf(sb, "\n%*s= %s;\n", indent + 4, "", x->input);
		return;
	}
	sb_puts(sb, " {\n");
	for (int k = i + 1; k < sk->nnodes && sk->nodes[k].depth > x->depth; k++)
		if (sk->nodes[k].parent == i)
			put_node(sk, k);
	sb_printf(sb, "%*s}\n", indent, "");
}

static void write_policy(skeleton *sk)
{
	strbuf *sb = &sk->out;
	int leaves = 0, depth = 0;
	for (int i = 0; i < sk->nnodes; i++) {
		leaves += !sk->nodes[i].nchildren;
		depth = sk->nodes[i].depth > depth ? sk->nodes[i].depth : depth;
	}
	sb_printf(sb, i18n_word(W_INIT_HEAD), sk->d->name, depth, leaves);
	sb_puts(sb, "policy ");
	put_name(sb, sb_text(&sk->title));
	sb_puts(sb, " {\n  total 100;\n  round 2 half_up;\n");
	sb_puts(sb, i18n_word(W_INIT_GRADES));
	sb_puts(sb, "}\n\ninput 单位: id;\n");
	name_index taken = NAMES_INIT;
	names_put(&taken, "单位", 0);
	for (int i = 0; i < sk->nnodes; i++) {
		sk_node *x = &sk->nodes[i];
		if (x->nchildren)
			continue;
		x->input = input_name(sk, x, &taken);
		sb_printf(sb, "input %s: manual [0, ", x->input);
		dec_format(sb, &x->weight);
		sb_puts(sb, "];\n");
	}
	names_free(&taken);
	sb_putc(sb, '\n');
	for (int i = 0; i < sk->nnodes; i++)
		if (sk->nodes[i].parent < 0)
			put_node(sk, i);
}

static void skeleton_free(skeleton *sk)
{
	for (int i = 0; i < sk->nnodes; i++) {
		sk_node *x = &sk->nodes[i];
		mem_free(x->name);
		mem_free(x->standard);
		mem_free(x->definition);
		mem_free(x->input);
		dec_clear(&x->weight);
	}
	mem_free(sk->nodes);
	sb_free(&sk->title);
	sb_free(&sk->out);
}

int skeleton_write(datafile_file *d, const char *title, FILE *out)
{
	skeleton sk = {.d = d, .title = STRBUF_INIT, .out = STRBUF_INIT};
	int status = SCORE_ERR_DATA;
	csv_status st = CSV_EOF;
	bool header = false;
	/* the header, below any title rows: the first of them is the title */
	for (int r = 0; r < SKELETON_HEADER_ROWS && !header && (st = datafile_next_raw(d)) == CSV_RECORD; r++) {
		header = read_header(&sk);
		size_t n;
		const char *s = cell(&sk, 0, &n);
		for (size_t c = 1; !n && c < datafile_nfields(d); c++)
			s = cell(&sk, (int)c, &n);
		if (!header && n && !sk.title.len)
			sb_putn(&sk.title, s, n);
	}
	if (!header && st == CSV_IOERR) {
		status = SCORE_ERR_IO; /* said by the reader */
		goto done;
	}
	if (!header) {
		fprintf(stderr, _("%s: no header row names the levels (一级指标, 二级指标 … or 指标名称) and 分值\n"),
			d->name);
		goto done;
	}
	if (!sk.title.len)
		sb_puts(&sk.title, title);
	char carried[SKELETON_LEVELS][256] = {{0}};
	long last = datafile_row(d);
	while ((st = datafile_next_raw(d)) == CSV_RECORD) {
		size_t n;
		const char *first = cell(&sk, sk.level[0], &n);
		/* the table ends at its sum, or at an empty row (notes and grades
		 * may follow) */
		if ((n == 6 && (memcmp(first, "合计", 6) == 0 || memcmp(first, "总分", 6) == 0 || memcmp(first, "总计", 6) == 0))) {
			st = CSV_EOF;
			break;
		}
		bool empty = true;
		for (size_t c = 0; empty && c < datafile_nfields(d); c++) {
			cell(&sk, (int)c, &n);
			empty = n == 0;
		}
		/* a workbook leaves an empty row out: a gap in the numbers */
		long at = datafile_row(d);
		if ((empty || at > last + 1) && sk.nnodes) {
			st = CSV_EOF;
			break;
		}
		last = at;
		if (!read_row(&sk, carried, datafile_row(d)))
			goto done;
	}
	if (st == CSV_BAD)
		fprintf(stderr, "%s: row %ld: %s\n", d->name, datafile_row(d), csv_error(d->csv));
	if (st == CSV_IOERR)
		status = SCORE_ERR_IO; /* said by the reader */
	if (st != CSV_EOF)
		goto done;
	if (!sk.nnodes) {
		fprintf(stderr, _("%s: the table names no indicator under its header\n"), d->name);
		goto done;
	}
	if (!settle_weights(&sk))
		goto done;
	write_policy(&sk);
	status = SCORE_OK;
	if (fwrite(sk.out.data, 1, sk.out.len, out) != sk.out.len) {
		fprintf(stderr, _("score: cannot write the output: %s\n"), strerror(errno ? errno : EIO));
		status = SCORE_ERR_IO;
	}
done:
	skeleton_free(&sk);
	return status;
}
