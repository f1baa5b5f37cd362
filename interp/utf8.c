#include "utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "i18n.h"
#include "mem.h"

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2, c = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3, c = s[0] & 0x0F, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* The end of the run of ASCII bytes at i: most of a data file, so eight
 * bytes are looked at a step. */
static size_t ascii_run(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
	/* sixteen where the machine has them (every x86-64): a byte's high bit
	 * is what the mask gathers */
	for (; i + 16 <= n; i += 16) {
		unsigned high = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
		if (high)
			return i + (size_t)__builtin_ctz(high);
	}
#endif
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		w &= 0x8080808080808080ULL;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		if (w) /* the first byte in memory is the word's lowest */
			return i + (size_t)__builtin_ctzll(w) / 8;
#else
		if (w)
			break;
#endif
	}
	while (i < n && (unsigned char)s[i] < 0x80)
		i++;
	return i;
}

size_t utf8_invalid_at(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i = ascii_run(s, i, n);
			continue;
		}
		const unsigned char *u = (const unsigned char *)s + i;
		if (n - i >= 3 && ((u[0] >= 0xE1 && u[0] <= 0xEC) || u[0] >= 0xEE) && u[0] <= 0xEF &&
		    (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
			/* the common Chinese character: three bytes, no overlong or surrogate form possible */
			i += 3;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (!k)
			return i;
		i += k;
	}
	return n;
}

int utf8_cp_width(uint32_t c)
{
	if (c >= 0x1100 && (c <= 0x115F || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
			    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
			    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
			    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) ||
			    (c >= 0x20000 && c <= 0x3FFFD)))
		return 2;
	return 1;
}

size_t utf8_width(const char *s, size_t n)
{
	size_t w = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (!k) {
			w++;
			i++;
			continue;
		}
		w += (size_t)utf8_cp_width(cp);
		i += k;
	}
	return w;
}

void utf8_trim(const char **s, size_t *n)
{
	while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

size_t utf8_length(const char *s, size_t n)
{
	size_t len = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
		len++;
	}
	return len;
}

void utf8_show(strbuf *sb, const char *s, size_t n, size_t max_chars)
{
	size_t i = 0, chars = 0;
	while (i < n) {
		if (chars == max_chars) {
			sb_puts(sb, "…");
			return;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		unsigned char b = (unsigned char)s[i];
		if (k == 0) {
			sb_printf(sb, "\\x%02X", b);
			k = 1;
		} else if (cp == '\n') {
			sb_puts(sb, "\\n");
		} else if (cp == '\r') {
			sb_puts(sb, "\\r");
		} else if (cp == '\t') {
			sb_puts(sb, "\\t");
		} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			sb_printf(sb, "\\x%02X", (unsigned)cp);
		} else if (cp == 0x2028 || cp == 0x2029 || cp == 0x202E || cp == 0x2066 || cp == 0x2067 || cp == 0x2068 ||
			   cp == 0x2069 || cp == 0x202A || cp == 0x202B || cp == 0x202C || cp == 0x202D) {
			/* line separators and bidirectional controls reorder what follows */
			sb_printf(sb, "\\u%04X", (unsigned)cp);
		} else {
			sb_putn(sb, s + i, k);
		}
		i += k;
		chars++;
	}
}

bool utf8_is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

bool utf8_invisible(uint32_t cp)
{
	if (cp == ' ')
		return false; /* seen, and allowed in `backquoted names` */
	if (cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || /* Hangul fillers */
	    cp == 0x034F || cp == 0x180E || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) ||
	    cp == 0x17B4 || cp == 0x17B5 || cp == 0x2800)
		return true;
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return true;
	default:
		return false;
	}
}

size_t utf8_invisible_at(const char *s, size_t n, uint32_t *cp)
{
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t k = utf8_decode(s + i, n - i, &c);
		if (k == 0) {
			i++;
			continue;
		}
		if (utf8_invisible(c)) {
			*cp = c;
			return i;
		}
		i += k;
	}
	return n;
}

const char *utf8_invisible_name(uint32_t cp)
{
	switch (cp) {
	case 0x00A0: return _("no-break space");
	case 0x00AD: return _("soft hyphen");
	case 0x034F: return _("combining grapheme joiner");
	case 0x115F: case 0x1160: case 0x3164: case 0xFFA0: return _("Hangul filler");
	case 0x200B: return _("zero width space");
	case 0x200C: return _("zero width non-joiner");
	case 0x200D: return _("zero width joiner");
	case 0x200E: case 0x200F: return _("direction mark");
	case 0x2060: return _("word joiner");
	case 0x3000: return _("full-width space");
	case 0xFEFF: return _("byte-order mark");
	default:
		if (cp >= 0x202A && cp <= 0x202E)
			return _("bidirectional control");
		if (cp >= 0x2066 && cp <= 0x2069)
			return _("bidirectional isolate");
		if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF))
			return _("variation selector");
		if (cp >= 0x2000 && cp <= 0x200A)
			return _("space");
		return NULL;
	}
}

int utf8_lines(const char *s, size_t width)
{
	int lines = 0;
	while (s) {
		const char *end = strchr(s, '\n');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		size_t w = utf8_width(s, n);
		lines += w ? (int)(w / (width ? width : 1)) + 1 : 1;
		s = end ? end + 1 : NULL;
	}
	return lines;
}

char *utf8_fold(const char *s, size_t n)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t len = utf8_invalid_at(s, n) != n || memchr(s, '\0', n) ? -1
		: utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &mapped,
			       UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (len < 0)
		return mem_strndup(s, n);
	char *out = mem_strndup((const char *)mapped, (size_t)len);
	free(mapped);
	return out;
}

char *utf8_nfc(const char *s, size_t n, size_t *out_len)
{
	if (utf8_is_ascii(s, n) || utf8_invalid_at(s, n) != n || memchr(s, '\0', n)) {
		*out_len = n;
		return mem_strndup(s, n);
	}
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &mapped,
					     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (len < 0) {
		*out_len = n;
		return mem_strndup(s, n);
	}
	char *out = mem_strndup((const char *)mapped, (size_t)len);
	free(mapped);
	*out_len = (size_t)len;
	return out;
}

static bool charset_name_plain(const char *name)
{
	if (!*name)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ||
		      *c == '_' || *c == '.' || *c == ':'))
			return false;
	return true;
}

iconv_t utf8_iconv_open(const char *to, const char *from)
{
	if (!charset_name_plain(to) || !charset_name_plain(from)) {
		errno = EINVAL;
		return (iconv_t)-1;
	}
	return iconv_open(to, from);
}

/* The code points of s, at most max of them; how many there are. */
static int code_points(const char *s, uint32_t *cp, int max)
{
	size_t n = strlen(s), i = 0;
	int k = 0;
	while (i < n && k <= max) {
		size_t len = utf8_decode(s + i, n - i, &cp[k < max ? k : max - 1]);
		i += len ? len : 1;
		k++;
	}
	return k;
}

int utf8_distance(const char *a, const char *b, int limit)
{
	enum { MAX = 64 };
	uint32_t x[MAX], y[MAX];
	int n = code_points(a, x, MAX), m = code_points(b, y, MAX);
	if (n > MAX - 1 || m > MAX - 1 || abs(n - m) > limit)
		return limit + 1;
	int prev[MAX + 1], cur[MAX + 1];
	for (int j = 0; j <= m; j++)
		prev[j] = j;
	for (int i = 1; i <= n; i++) {
		cur[0] = i;
		for (int j = 1; j <= m; j++) {
			int best = prev[j - 1] + (x[i - 1] != y[j - 1]);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			cur[j] = best;
		}
		for (int j = 0; j <= m; j++)
			prev[j] = cur[j];
	}
	return prev[m] > limit ? limit + 1 : prev[m];
}

