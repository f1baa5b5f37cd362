#include "luacheck.h"

#include <string.h>

#include "i18n.h"
#include "mem.h"

typedef enum tok_kind { TK_NAME, TK_NUMBER, TK_STRING, TK_OP, TK_END } tok_kind;

typedef struct tok {
	tok_kind kind;
	const char *text;
	size_t len;
	int line;
} tok;

typedef struct lexer {
	const char *s, *end;
	int line;
} lexer;

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       (unsigned char)c >= 0x80;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* At "[", "[=", …: the level of a long bracket, or -1. */
static int long_bracket(const lexer *lx)
{
	const char *p = lx->s;
	if (p >= lx->end || *p != '[')
		return -1;
	int level = 0;
	for (p++; p < lx->end && *p == '='; p++)
		level++;
	return p < lx->end && *p == '[' ? level : -1;
}

static void skip_long(lexer *lx, int level)
{
	lx->s += level + 2;
	while (lx->s < lx->end) {
		if (*lx->s == '\n')
			lx->line++;
		if (*lx->s == ']') {
			const char *p = lx->s + 1;
			int n = 0;
			while (p < lx->end && *p == '=') {
				p++;
				n++;
			}
			if (n == level && p < lx->end && *p == ']') {
				lx->s = p + 1;
				return;
			}
		}
		lx->s++;
	}
}

/* The next token; comments and white space are skipped. */
static tok next_token(lexer *lx)
{
	for (;;) {
		while (lx->s < lx->end && strchr(" \t\r\n\f\v", *lx->s)) {
			if (*lx->s == '\n')
				lx->line++;
			lx->s++;
		}
		if (lx->end - lx->s >= 2 && lx->s[0] == '-' && lx->s[1] == '-') {
			lx->s += 2;
			int level = long_bracket(lx);
			if (level >= 0)
				skip_long(lx, level);
			else
				while (lx->s < lx->end && *lx->s != '\n')
					lx->s++;
			continue;
		}
		break;
	}
	tok t = {TK_END, lx->s, 0, lx->line};
	if (lx->s >= lx->end)
		return t;
	const char *start = lx->s;
	char c = *lx->s;
	int level = long_bracket(lx);
	if (level >= 0) {
		skip_long(lx, level);
		t.kind = TK_STRING;
	} else if (c == '"' || c == '\'') {
		for (lx->s++; lx->s < lx->end && *lx->s != c && *lx->s != '\n'; lx->s++)
			if (*lx->s == '\\' && lx->s + 1 < lx->end) {
				lx->s++;
				if (*lx->s == '\n')
					lx->line++;
			}
		if (lx->s < lx->end)
			lx->s++;
		t.kind = TK_STRING;
	} else if (is_digit(c) || (c == '.' && lx->s + 1 < lx->end && is_digit(lx->s[1]))) {
		while (lx->s < lx->end && (is_name_char(*lx->s) || *lx->s == '.' ||
					   ((*lx->s == '+' || *lx->s == '-') && strchr("eEpP", lx->s[-1]))))
			lx->s++;
		t.kind = TK_NUMBER;
	} else if (is_name_char(c)) {
		while (lx->s < lx->end && is_name_char(*lx->s))
			lx->s++;
		static const char *const keywords[] = {"and", "break", "do", "else", "elseif", "end", "false", "for",
						       "function", "goto", "if", "in", "local", "nil", "not", "or",
						       "repeat", "return", "then", "true", "until", "while", NULL};
		t.kind = TK_NAME;
		for (int i = 0; keywords[i]; i++)
			if ((size_t)(lx->s - start) == strlen(keywords[i]) && memcmp(start, keywords[i], strlen(keywords[i])) == 0)
				t.kind = TK_OP;
	} else {
		static const char *const two[] = {"==", "~=", "<=", ">=", "//", "::", "<<", ">>", "..", NULL};
		lx->s++;
		for (int i = 0; two[i]; i++)
			if (lx->end - start >= 2 && memcmp(start, two[i], 2) == 0) {
				lx->s = start + 2;
				if (i == 8 && lx->s < lx->end && *lx->s == '.')
					lx->s++; /* ... */
				break;
			}
		t.kind = TK_OP;
	}
	t.text = start;
	t.len = (size_t)(lx->s - start);
	return t;
}

static bool is(const tok *t, const char *text)
{
	return (t->kind == TK_OP || t->kind == TK_NAME) && t->len == strlen(text) && memcmp(t->text, text, t->len) == 0;
}

static bool same_name(const tok *a, const tok *b)
{
	return a->kind == TK_NAME && b->kind == TK_NAME && a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* ---- which names can hold a decimal ------------------------------------------ */

/* A decimal reaches a hook as an argument (or a field of the row table it
 * gets), from dec(…) and decimal.…, and from whatever is computed from
 * those; a value turned into a Lua number or string (math.tointeger,
 * tonumber, tostring, #…) is not one. Names are followed through
 * assignments without regard to scope: a name that holds a decimal
 * anywhere is taken to hold one everywhere, which can only refuse more. */
typedef struct decimals {
	const tok **names;
	size_t n, cap;
} decimals;

static bool holds_decimal(const decimals *d, const tok *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (same_name(d->names[i], name))
			return true;
	return false;
}

static bool add_decimal(decimals *d, const tok *name)
{
	if (name->kind != TK_NAME || holds_decimal(d, name))
		return false;
	d->names = mem_grow(d->names, sizeof *d->names, &d->cap, d->n + 1);
	d->names[d->n++] = name;
	return true;
}

/* The index of the bracket that closes the one at toks[i] ("(", "[", "{"),
 * or n. */
static size_t closing(const tok *toks, size_t n, size_t i)
{
	int depth = 0;
	for (size_t k = i; k < n; k++) {
		if (is(&toks[k], "(") || is(&toks[k], "[") || is(&toks[k], "{"))
			depth++;
		else if ((is(&toks[k], ")") || is(&toks[k], "]") || is(&toks[k], "}")) && --depth == 0)
			return k;
	}
	return n;
}

/* At toks[i], a call that turns its argument into a Lua number, string or
 * type name: the index of its "(", else 0. */
static size_t converter_call(const tok *toks, size_t n, size_t i)
{
	static const char *const plain[] = {"tonumber", "tostring", "type", "select", NULL};
	for (int k = 0; plain[k]; k++)
		if (is(&toks[i], plain[k]) && (i == 0 || !is(&toks[i - 1], ".")) && i + 1 < n && is(&toks[i + 1], "("))
			return i + 1;
	if (i + 3 < n && (is(&toks[i], "math") || is(&toks[i], "string")) && is(&toks[i + 1], ".") &&
	    is(&toks[i + 3], "(") &&
	    (is(&toks[i], "string") || is(&toks[i + 2], "tointeger") || is(&toks[i + 2], "type")))
		return i + 3;
	return 0;
}

/* Past a name and its fields and indexes, from toks[i]. */
static size_t past_chain(const tok *toks, size_t n, size_t i)
{
	if (i < n && toks[i].kind == TK_NAME)
		i++;
	while (i < n) {
		if ((is(&toks[i], ".") || is(&toks[i], ":")) && i + 1 < n && toks[i + 1].kind == TK_NAME)
			i += 2;
		else if (is(&toks[i], "["))
			i = closing(toks, n, i) + 1;
		else
			break;
	}
	return i;
}

/* Whether toks[from, to) can give a decimal. */
static bool gives_decimal(const tok *toks, size_t from, size_t to, const decimals *d)
{
	for (size_t i = from; i < to; i++) {
		size_t call = converter_call(toks, to, i);
		if (call) {
			i = closing(toks, to, call);
			continue;
		}
		if (is(&toks[i], "#")) {
			i = past_chain(toks, to, i + 1) - 1;
			continue;
		}
		if (toks[i].kind != TK_NAME || (i > from && (is(&toks[i - 1], ".") || is(&toks[i - 1], ":"))))
			continue; /* a field's name: its table decides */
		if (is(&toks[i], "dec") || is(&toks[i], "decimal") || holds_decimal(d, &toks[i]))
			return true;
	}
	return false;
}

static bool ends_operand(const tok *t)
{
	return t->kind == TK_NAME || t->kind == TK_NUMBER || t->kind == TK_STRING || is(t, ")") || is(t, "]") ||
	       is(t, "}") || is(t, "true") || is(t, "false") || is(t, "nil");
}

/* Where the expressions that start at toks[i] end: at a statement's
 * keyword, a ';', or where a name follows a whole operand. */
static size_t expression_end(const tok *toks, size_t n, size_t i)
{
	static const char *const stops[] = {"local", "if", "then", "else", "elseif", "end", "return", "for", "while",
					    "do", "repeat", "until", "break", "goto", "in", ";", "=", NULL};
	for (size_t k = i; k < n; k++) {
		const tok *t = &toks[k];
		if (t->kind == TK_END)
			return k;
		if (is(t, "(") || is(t, "[") || is(t, "{")) {
			k = closing(toks, n, k);
			continue;
		}
		if (is(t, "function")) { /* to its end */
			int depth = 0;
			for (; k < n; k++) {
				if (is(&toks[k], "function") || is(&toks[k], "if") || is(&toks[k], "do") || is(&toks[k], "repeat"))
					depth++;
				else if ((is(&toks[k], "end") || is(&toks[k], "until")) && --depth == 0)
					break;
			}
			continue;
		}
		for (int s = 0; stops[s]; s++)
			if (is(t, stops[s]))
				return k;
		if (k > i && t->kind == TK_NAME && ends_operand(&toks[k - 1]))
			return k;
	}
	return n;
}

/* Every name that can hold a decimal: the parameters of every function,
 * then whatever is assigned (or iterated) from a decimal, until no more. */
static void find_decimals(const tok *toks, size_t n, decimals *d)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (!is(&toks[i], "function"))
			continue;
		size_t k = i + 1;
		while (k < n && !is(&toks[k], "("))
			k++;
		for (size_t end = closing(toks, n, k); k < end; k++)
			add_decimal(d, &toks[k]);
	}
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t i = 1; i + 1 < n; i++) {
			bool assign = is(&toks[i], "=");
			bool iterate = is(&toks[i], "in");
			if (!assign && !iterate)
				continue;
			if (!gives_decimal(toks, i + 1, expression_end(toks, n, i + 1), d))
				continue;
			/* the names before it, back to the statement's start */
			for (size_t k = i; k-- > 0;) {
				if (is(&toks[k], ",") || is(&toks[k], ".") || is(&toks[k], "["))
					continue;
				if (toks[k].kind != TK_NAME)
					break;
				if (k == 0 || !(is(&toks[k - 1], ".") || is(&toks[k - 1], ":")))
					changed |= add_decimal(d, &toks[k]);
				if (k > 0 && !is(&toks[k - 1], ",") && !is(&toks[k - 1], "."))
					break;
			}
		}
	}
}

/* The operand of a comparison, from toks[i] back (step -1) or on (step 1)
 * to where it begins or ends: [*from, *to). */
static void operand_span(const tok *toks, size_t n, size_t i, int step, size_t *from, size_t *to)
{
	static const char *const bounds[] = {",", "=", "==", "~=", "<", ">", "<=", ">=", "and", "or", "not", "if",
					     "then", "elseif", "else", "return", "do", "while", "until", "local", "in",
					     ";", NULL};
	size_t k = i;
	int depth = 0;
	for (;;) {
		const tok *t = &toks[k];
		bool opens = is(t, "(") || is(t, "[") || is(t, "{"), shuts = is(t, ")") || is(t, "]") || is(t, "}");
		if (step < 0 ? shuts : opens) {
			depth++;
		} else if (step < 0 ? opens : shuts) {
			if (depth-- == 0)
				break;
		} else if (depth == 0) {
			bool bound = t->kind == TK_END;
			for (int b = 0; bounds[b] && !bound; b++)
				bound = is(t, bounds[b]);
			if (bound)
				break;
		}
		if ((step < 0 && k == 0) || (step > 0 && k + 1 >= n)) {
			k = step < 0 ? (size_t)-1 : n;
			break;
		}
		k = (size_t)((long)k + step);
	}
	if (step < 0) {
		*from = k + 1;
		*to = i + 1;
	} else {
		*from = i;
		*to = k;
	}
}

/* A number literal ends at toks[i] and is the whole operand. */
static bool literal_before(const tok *toks, size_t i)
{
	if (toks[i].kind != TK_NUMBER)
		return false;
	if (i == 0)
		return true;
	const tok *b = &toks[i - 1];
	if (is(b, "-"))
		b = i >= 2 ? &toks[i - 2] : NULL;
	return !b || !(b->kind == TK_OP && (is(b, "+") || is(b, "*") || is(b, "/") || is(b, "%") || is(b, "^") ||
					    is(b, "//") || is(b, "..") || is(b, ")") || is(b, "]")));
}

static size_t literal_after(const tok *toks, size_t n, size_t i)
{
	size_t j = i + 1;
	if (j < n && is(&toks[j], "-"))
		j++;
	if (j >= n || toks[j].kind != TK_NUMBER)
		return 0;
	const tok *after = &toks[j + 1];
	if (is(after, "+") || is(after, "-") || is(after, "*") || is(after, "/") || is(after, "%") || is(after, "^") ||
	    is(after, "//") || is(after, ".."))
		return 0;
	return j;
}

bool luacheck_source(const char *code, size_t len, const char *chunkname, strbuf *err)
{
	lexer lx = {code, code + len, 1};
	tok *toks = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		tok t = next_token(&lx);
		toks = mem_grow(toks, sizeof *toks, &cap, n + 1);
		toks[n++] = t;
		if (t.kind == TK_END)
			break;
	}
	decimals d = {NULL, 0, 0};
	find_decimals(toks, n, &d);
	bool ok = true;
	for (size_t i = 1; ok && i + 1 < n; i++) {
		if (!is(&toks[i], "==") && !is(&toks[i], "~="))
			continue;
		size_t lit = literal_after(toks, n, i), from = 0, to = 0;
		if (lit)
			operand_span(toks, n, i - 1, -1, &from, &to);
		else if (literal_before(toks, i - 1)) {
			lit = i - 1;
			operand_span(toks, n, i + 1, 1, &from, &to);
		}
		/* refused only where the other side can be a decimal */
		if (!lit || !gives_decimal(toks, from, to, &d))
			continue;
		const char *name = chunkname[0] == '@' || chunkname[0] == '=' ? chunkname + 1 : chunkname;
		sb_printf(err,
			  _("%s:%d: '%.*s %.*s' compares with a Lua number, and Lua never finds a decimal equal to a number: "
			    "write dec(x) %.*s dec(%.*s), or compare with < and <="),
			  name, toks[i].line, (int)toks[i].len, toks[i].text, (int)toks[lit].len, toks[lit].text,
			  (int)toks[i].len, toks[i].text, (int)toks[lit].len, toks[lit].text);
		ok = false;
	}
	mem_free(d.names);
	mem_free(toks);
	return ok;
}
