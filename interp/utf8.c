#include "utf8.h"

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

size_t utf8_invalid_at(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
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
