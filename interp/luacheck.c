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

/* The variable of some numeric for loop in the chunk. */
static bool is_for_variable(const tok *toks, size_t n, const tok *name)
{
	for (size_t i = 0; i + 2 < n; i++)
		if (is(&toks[i], "for") && same_name(&toks[i + 1], name) && is(&toks[i + 2], "="))
			return true;
	return false;
}

/* The operand that ends at toks[end] is a length (#a.b[c]) or a bare
 * numeric for variable. */
static bool integer_before(const tok *toks, size_t n, size_t end)
{
	size_t i = end;
	int depth = 0;
	/* back over a chain of names, fields and indexes */
	for (;;) {
		if (is(&toks[i], "]")) {
			depth++;
		} else if (is(&toks[i], "[")) {
			depth--;
		} else if (depth == 0 && toks[i].kind != TK_NAME && !is(&toks[i], ".")) {
			break;
		}
		if (i == 0)
			return false;
		i--;
	}
	if (is(&toks[i], "#"))
		return true;
	return end == i + 1 && toks[end].kind == TK_NAME && is_for_variable(toks, n, &toks[end]) &&
	       !is(&toks[i], ".") && !is(&toks[i], ":");
}

/* The operand that starts at toks[start] likewise. */
static bool integer_after(const tok *toks, size_t n, size_t start)
{
	if (start >= n)
		return false;
	if (is(&toks[start], "#"))
		return true;
	if (toks[start].kind != TK_NAME || !is_for_variable(toks, n, &toks[start]))
		return false;
	const tok *after = &toks[start + 1];
	return !(is(after, ".") || is(after, "[") || is(after, "(") || is(after, ":") || is(after, "+") ||
		 is(after, "-") || is(after, "*") || is(after, "/") || is(after, "%") || is(after, "^") ||
		 is(after, "//") || is(after, ".."));
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
	bool ok = true;
	for (size_t i = 1; ok && i + 1 < n; i++) {
		if (!is(&toks[i], "==") && !is(&toks[i], "~="))
			continue;
		size_t lit = literal_after(toks, n, i);
		bool bad = false;
		if (lit)
			bad = !integer_before(toks, n, i - 1);
		else if (literal_before(toks, i - 1)) {
			lit = i - 1;
			bad = !integer_after(toks, n, i + 1);
		}
		if (!bad)
			continue;
		const char *name = chunkname[0] == '@' || chunkname[0] == '=' ? chunkname + 1 : chunkname;
		sb_printf(err,
			  _("%s:%d: '%.*s %.*s' compares with a Lua number, and Lua never finds a decimal equal to a number: "
			    "write dec(x) %.*s dec(%.*s), or compare with < and <="),
			  name, toks[i].line, (int)toks[i].len, toks[i].text, (int)toks[lit].len, toks[lit].text,
			  (int)toks[i].len, toks[i].text, (int)toks[lit].len, toks[lit].text);
		ok = false;
	}
	mem_free(toks);
	return ok;
}
