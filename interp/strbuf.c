#include "strbuf.h"

#include <stdio.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "mem.h"

void sb_free(strbuf *sb)
{
	mem_free(sb->data);
	sb->data = NULL;
	sb->len = sb->cap = 0;
}

void sb_clear(strbuf *sb)
{
	sb->len = 0;
	if (sb->data)
		sb->data[0] = '\0';
}

void sb_grow(strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need > sb->cap) {
		size_t cap = sb->cap ? sb->cap : 64;
		while (cap < need)
			cap *= 2;
		sb->data = mem_realloc(sb->data, cap);
		sb->cap = cap;
	}
}

void sb_vprintf(strbuf *sb, const char *fmt, va_list ap)
{
	/* one pass when it fits the room there is (it mostly does), two otherwise */
	sb_reserve(sb, 64);
	va_list copy;
	va_copy(copy, ap);
	size_t room = sb->cap - sb->len;
	int n = vsnprintf(sb->data + sb->len, room, fmt, copy);
	va_end(copy);
	if (n <= 0) {
		sb->data[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		sb_reserve(sb, (size_t)n);
		vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void sb_printf(strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

const char *sb_text(const strbuf *sb)
{
	return sb->data ? sb->data : "";
}

char *sb_take(strbuf *sb)
{
	if (!sb->data)
		return mem_strdup("");
	char *s = sb->data;
	sb->data = NULL;
	sb->len = sb->cap = 0;
	return s;
}

/* The first byte of s[i..n) that JSON escapes (a control, '"', '\\'), or
 * n: sixteen bytes a step where the machine has them (every x86-64). */
static size_t json_plain_until(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1f);
	for (; i + 16 <= n; i += 16) {
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* a byte at most 0x1f, unsigned: the smaller of it and 0x1f is itself */
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, quote), _mm_cmpeq_epi8(w, backslash)),
					   _mm_cmpeq_epi8(_mm_min_epu8(w, control), w));
		unsigned m = (unsigned)_mm_movemask_epi8(hit);
		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\')
			return i;
	}
	return n;
}

void sb_json_string(strbuf *sb, const char *s, size_t n)
{
	/* the bytes between two that need escaping copied as one run: a 扣分说明
	 * in JSON is a kilobyte a row, and nearly none of it is escaped */
	sb_reserve(sb, n + 2);
	sb_putc(sb, '"');
	for (size_t run = 0;;) {
		size_t i = json_plain_until(s, run, n);
		sb_putn(sb, s + run, i - run);
		if (i == n)
			break;
		unsigned char c = (unsigned char)s[i];
		if (c == '"')
			sb_putn(sb, "\\\"", 2);
		else if (c == '\\')
			sb_putn(sb, "\\\\", 2);
		else if (c == '\n')
			sb_putn(sb, "\\n", 2);
		else if (c == '\r')
			sb_putn(sb, "\\r", 2);
		else if (c == '\t')
			sb_putn(sb, "\\t", 2);
		else
			sb_printf(sb, "\\u%04x", c);
		run = i + 1;
	}
	sb_putc(sb, '"');
}
