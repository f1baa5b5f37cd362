/* utf8: decoding, validation and terminal display width. */
#ifndef SCORE_UTF8_H
#define SCORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <iconv.h>
#include <stdint.h>

#include "strbuf.h"

/* Decodes one code point at s (n bytes available). Returns its length in
 * bytes, or 0 when the bytes are not valid UTF-8 (overlong, surrogate, cut). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Eight bytes of text taken as one word, to look at them at once: bit 7 of
 * each byte of w that is c is set, and perhaps of bytes after the first
 * such (a borrow runs on), so the lowest set bit is exact and the word
 * holds c exactly when the result is not 0. */
static inline uint64_t utf8_word_has(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (0x0101010101010101ULL * c);
	return (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
}
/* The same for every byte of w below n (n <= 128): each such byte's high
 * bit is set, and perhaps of bytes after the first such. */
static inline uint64_t utf8_word_below(uint64_t w, unsigned char n)
{
	return (w - 0x0101010101010101ULL * n) & ~w & 0x8080808080808080ULL;
}
/* Offset of the first invalid byte, or n when all of s is valid UTF-8. */
size_t utf8_invalid_at(const char *s, size_t n);
/* Columns a code point takes in a terminal: 2 for CJK and full-width forms. */
int utf8_cp_width(uint32_t cp);
/* Columns the string takes (invalid bytes count 1). */
size_t utf8_width(const char *s, size_t n);
/* Number of code points (invalid bytes count 1). */
size_t utf8_length(const char *s, size_t n);
/* Narrows s to drop spaces and tabs at both ends. */
void utf8_trim(const char **s, size_t *n);
/* The first character of s that a reader cannot see or that is not part of
 * a name: format characters (soft hyphen, zero-width spaces and joiners,
 * bidirectional controls, a byte-order mark), spaces (the full-width space
 * U+3000 among them), Hangul fillers, variation selectors. Returns its
 * offset (n when there is none) and its code point in *cp. */
size_t utf8_invisible_at(const char *s, size_t n, uint32_t *cp);
/* Whether cp is one of those characters. */
bool utf8_invisible(uint32_t cp);
/* A short English name of such a character ("zero width space"), or NULL. */
const char *utf8_invisible_name(uint32_t cp);
/* s in Unicode normalization form C, NUL-terminated, allocated with
 * mem_alloc; *out_len is its length. Text that is not UTF-8 is copied. */
char *utf8_nfc(const char *s, size_t n, size_t *out_len);
/* Lines a text takes, wrapped in a column width characters wide (a CJK
 * character is two), its line breaks included. */
int utf8_lines(const char *s, size_t width);
/* An owned copy with case folded (in full Unicode, NFC): two names that
 * Excel takes for one fold to the same bytes. */
char *utf8_fold(const char *s, size_t n);
/* True when s is ASCII (already NFC, and nothing invisible but controls). */
bool utf8_is_ascii(const char *s, size_t n);

/* Appends s for a message: control characters and invalid bytes escaped
 * (\n, \t, \x01), so that a cell cannot break or forge a line of output;
 * cut after max_chars characters with "…". */
void utf8_show(strbuf *sb, const char *s, size_t n, size_t max_chars);

/* iconv_open(to, from) for plain charset names only (letters, digits and
 * - _ . :), else (iconv_t)-1 with errno EINVAL. glibc strips what it does
 * not know from a name, and reads what is left (nothing, for 火星文) as the
 * locale's charset; a //IGNORE or //TRANSLIT suffix would drop or change
 * characters in silence. */
iconv_t utf8_iconv_open(const char *to, const char *from);

/* The edit distance between a and b counted in characters (insertions,
 * deletions, substitutions), or more than limit when it exceeds it. */
int utf8_distance(const char *a, const char *b, int limit);

#endif
