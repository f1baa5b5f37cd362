/* strbuf: a growable byte string, owned by the struct (sb_free releases it).
 * The data is always NUL-terminated so it can be handed to stdio. */
#ifndef SCORE_STRBUF_H
#define SCORE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
	char *data;
	size_t len;
	size_t cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}

void sb_free(strbuf *sb);
void sb_clear(strbuf *sb);
void sb_reserve(strbuf *sb, size_t extra);
void sb_putc(strbuf *sb, char c);
void sb_putn(strbuf *sb, const char *s, size_t n);
void sb_puts(strbuf *sb, const char *s);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap);
/* Returns the text (NUL-terminated) and leaves the buffer empty; caller owns it. */
char *sb_take(strbuf *sb);

/* Appends s[0..n) as a JSON string, quotes and escapes included. */
void sb_json_string(strbuf *sb, const char *s, size_t n);

#endif
