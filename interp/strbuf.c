#include "strbuf.h"

#include <stdio.h>

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

void sb_json_string(strbuf *sb, const char *s, size_t n)
{
	sb_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			sb_printf(sb, "\\%c", c);
		else if (c == '\n')
			sb_puts(sb, "\\n");
		else if (c == '\r')
			sb_puts(sb, "\\r");
		else if (c == '\t')
			sb_puts(sb, "\\t");
		else if (c < 0x20)
			sb_printf(sb, "\\u%04x", c);
		else
			sb_putc(sb, (char)c);
	}
	sb_putc(sb, '"');
}
