/* strbuf: a growable byte string, owned by the struct (sb_free releases it).
 * The data is always NUL-terminated so it can be handed to stdio. */
#ifndef SCORE_STRBUF_H
#define SCORE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct strbuf {
	char *data;
	size_t len;
	size_t cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}

void sb_free(strbuf *sb);
void sb_clear(strbuf *sb);
/* Room for extra more bytes (and the NUL): the growing half of sb_reserve. */
void sb_grow(strbuf *sb, size_t extra);

/* Inline: output is built a byte and a cell at a time, millions a run. */
static inline void sb_reserve(strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 > sb->cap)
		sb_grow(sb, extra);
}

/* The writers below take the length once and store the new one before the
 * bytes: a byte stored through char * may be any object, sb included, so a
 * length read after one is read again from memory. */
static inline void sb_putn(strbuf *sb, const char *s, size_t n)
{
	size_t len = sb->len;
	if (len + n + 1 > sb->cap)
		sb_grow(sb, n);
	char *d = sb->data + len;
	sb->len = len + n;
	memcpy(d, s, n);
	d[n] = '\0';
}

static inline void sb_putc(strbuf *sb, char c)
{
	size_t len = sb->len;
	if (len + 2 > sb->cap)
		sb_grow(sb, 1);
	char *d = sb->data + len;
	sb->len = len + 1;
	d[0] = c;
	d[1] = '\0';
}
/* Inline, so that a literal's length is known when compiling. */
static inline void sb_puts(strbuf *sb, const char *s)
{
	sb_putn(sb, s, strlen(s));
}
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap);
/* The text, borrowed: "" for a buffer never written to (its data is NULL
 * until the first byte). */
const char *sb_text(const strbuf *sb);
/* Returns the text (NUL-terminated) and leaves the buffer empty; caller owns it. */
char *sb_take(strbuf *sb);

/* Appends s[0..n) as a JSON string, quotes and escapes included. */
void sb_json_string(strbuf *sb, const char *s, size_t n);

#endif
