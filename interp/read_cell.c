#include "read_cell.h"

#include <string.h>

#include "date.h"
#include "i18n.h"
#include "mem.h"
#include "utf8.h"

/* Full-width digits and signs (０-９ ． ％ － ＋ ，), as a Chinese input method
 * types them, become their ASCII twins; anything else non-ASCII stays and
 * is refused by the parser. Returns the length written to out. */
static size_t halfwidth(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k < cap; i++) {
		const unsigned char *u = (const unsigned char *)s + i;
		if (i + 2 < n && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
			out[k++] = (char)('0' + (u[2] - 0x90));
			i += 2;
		} else if (i + 2 < n && u[0] == 0xEF && u[1] == 0xBC &&
			   (u[2] == 0x8E || u[2] == 0x85 || u[2] == 0x8D || u[2] == 0x8B || u[2] == 0x8C)) {
			out[k++] = u[2] == 0x85 ? '%' : u[2] == 0x8B ? '+' : u[2] == 0x8C ? ',' : u[2] == 0x8D ? '-' : '.';
			i += 2;
		} else {
			out[k++] = s[i];
		}
	}
	return k;
}

static void quote(strbuf *why, const char *s, size_t n)
{
	sb_putc(why, '\'');
	utf8_show(why, s, n, 60);
	sb_putc(why, '\'');
}

/* Removes thousands separators when they group digits by three exactly. */
static bool strip_grouping(const char *s, size_t n, char *out, size_t *outn)
{
	size_t i = 0, k = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		out[k++] = s[i++];
	size_t int_end = i;
	while (int_end < n && s[int_end] != '.')
		int_end++;
	/* the integer part: 1-3 digits, then groups of ",ddd" */
	size_t first = i;
	while (i < int_end && s[i] != ',')
		i++;
	if (i - first < 1 || i - first > 3)
		return false;
	memcpy(out + k, s + first, i - first);
	k += i - first;
	while (i < int_end) {
		if (s[i] != ',' || int_end - i < 4)
			return false;
		for (size_t j = 1; j <= 3; j++)
			if (s[i + j] < '0' || s[i + j] > '9')
				return false;
		memcpy(out + k, s + i + 1, 3);
		k += 3;
		i += 4;
	}
	memcpy(out + k, s + int_end, n - int_end);
	k += n - int_end;
	*outn = k;
	return true;
}

static bool parse_number(const char *s, size_t n, dec_t *out, strbuf *why, const char *what, const char *shown,
			 size_t shown_n)
{
	dec_parse_status st = dec_parse(out, s, n, CELL_MAX_DIGITS);
	if (st == DEC_ESYNTAX && memchr(s, ',', n) && n < 128) {
		char buf[128];
		size_t m;
		if (strip_grouping(s, n, buf, &m))
			st = dec_parse(out, buf, m, CELL_MAX_DIGITS);
	}
	if (st == DEC_OK)
		return true;
	quote(why, shown, shown_n);
	if (st == DEC_ETOOLONG)
		sb_printf(why, _(" has more than %d digits"), CELL_MAX_DIGITS);
	else
		sb_printf(why, _(" is not %s"), _(what));
	return false;
}

static bool ieq(const char *s, size_t n, const char *word)
{
	size_t m = strlen(word);
	if (m != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char a = s[i], b = word[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

static bool parse_yesno(const char *s, size_t n, dec_t *out, strbuf *why)
{
	static const char *const yes[] = {"1", "是", "有", "yes", "y", "true", "t"};
	static const char *const no[] = {"0", "否", "无", "no", "n", "false", "f"};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		if (ieq(s, n, yes[i])) {
			dec_set_int(out, 1);
			return true;
		}
		if (ieq(s, n, no[i])) {
			dec_set_int(out, 0);
			return true;
		}
	}
	quote(why, s, n);
	sb_puts(why, _(" is not yes/no (是/否, 有/无, 1/0, yes/no, true/false, Y/N)"));
	return false;
}

/* The bounds as the column's cells are written: [0%, 1000%] rather than [0, 10]. */
static void format_bounds(strbuf *why, const prog_input *in)
{
	sb_puts(why, "[");
	interval_format_value(why, &in->lo, in->type == IN_PERCENT);
	sb_puts(why, ", ");
	interval_format_value(why, &in->hi, in->type == IN_PERCENT);
	sb_puts(why, "]");
}

/* 无 or 没有: an empty list, said so. */
static bool is_none(const char *s, size_t n)
{
	return (n == 3 && memcmp(s, "无", 3) == 0) || (n == 6 && memcmp(s, "没有", 6) == 0);
}

/* Blank as a reader sees it: white space of any script (the ideographic
 * space U+3000, no-break spaces) and the invisible zero-width characters. */
static bool blank_cp(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* s without the blanks around it. */
static void trim_blank(const char **s, size_t *n)
{
	uint32_t cp;
	size_t k;
	while (*n && (k = utf8_decode(*s, *n, &cp)) && blank_cp(cp)) {
		*s += k;
		*n -= k;
	}
	while (*n) {
		size_t at = *n - 1;
		while (at && ((unsigned char)(*s)[at] & 0xC0) == 0x80)
			at--; /* the last character's first byte */
		if (!utf8_decode(*s + at, *n - at, &cp) || !blank_cp(cp))
			break;
		*n = at;
	}
}

/* The length of a list separator at s, or 0. */
static size_t list_separator(const char *s, size_t n)
{
	if (*s == ';' || *s == '\n' || *s == '\r')
		return 1;
	if (n >= 3 && (memcmp(s, "；", 3) == 0 || memcmp(s, "、", 3) == 0))
		return 3;
	return 0;
}

bool cell_list_next(const char *s, size_t n, size_t *pos, const char **item, size_t *len)
{
	const char *all = s;
	size_t all_n = n;
	trim_blank(&all, &all_n);
	if (*pos == 0 && is_none(all, all_n)) {
		*pos = n;
		return false;
	}
	while (*pos < n) {
		size_t start = *pos, end = start, sep = 0;
		while (end < n && !(sep = list_separator(s + end, n - end)))
			end++;
		*pos = end + sep;
		const char *t = s + start;
		size_t tn = end - start;
		trim_blank(&t, &tn);
		if (tn) {
			*item = t;
			*len = tn;
			return true;
		}
	}
	return false;
}

/* Any cell: spaces, full-width characters, words, the messages. */
cell_result cell_parse_general(const prog_input *in, const char *s, size_t n, dec_t *out, strbuf *why)
{
	/* a no-break or ideographic space around a value is no part of it */
	trim_blank(&s, &n);
	/* messages quote the cell as written, not as normalised */
	const char *shown = s;
	size_t shown_n = n;
	char narrow[128];
	bool numeric = in->type != IN_ID && in->type != IN_YESNO && in->type != IN_ONEOF && in->type != IN_LIST;
	if (numeric && n < sizeof narrow) {
		bool wide = false;
		for (size_t i = 0; i < n; i++)
			wide |= (unsigned char)s[i] >= 0x80;
		if (wide) {
			n = halfwidth(s, n, narrow, sizeof narrow);
			s = narrow;
		}
	}
	if (n == 0) {
		if (in->has_default) {
			dec_set(out, &in->default_value);
			return CELL_OK;
		}
		return in->type == IN_ID ? CELL_OK : CELL_EMPTY;
	}
	switch (in->type) {
	case IN_ID:
		return CELL_OK;
	case IN_DATE: {
		int64_t days;
		if (!date_parse(s, n, in->excel_serial, &days)) {
			quote(why, shown, shown_n);
			sb_puts(why, in->excel_serial ? _(" is not an Excel date serial number (45107 is 2023-06-30)")
						      : _(" is not a date of the calendar (2023-06-30, 2023/6/30, 2023年6月30日 or 20230630)"));
			return CELL_BAD;
		}
		dec_set_int(out, days);
		return CELL_OK;
	}
	case IN_YESNO:
		return parse_yesno(s, n, out, why) ? CELL_OK : CELL_BAD;
	case IN_LIST: {
		size_t pos = 0, len, count = 0;
		const char *item;
		bool none = false;
		while (cell_list_next(s, n, &pos, &item, &len)) {
			count++;
			none |= is_none(item, len);
		}
		if (none) { /* 无 beside items: none, or one more? */
			quote(why, shown, shown_n);
			sb_puts(why, _(" lists 无 (none) beside other items: write 无 alone for an empty list, or only the items"));
			return CELL_BAD;
		}
		const char *all = s;
		size_t all_n = n;
		trim_blank(&all, &all_n);
		if (count == 0 && !is_none(all, all_n)) {
			/* separators and blanks only: nothing was written, not zero findings */
			if (in->has_default) {
				dec_set(out, &in->default_value);
				return CELL_OK;
			}
			return CELL_EMPTY;
		}
		dec_set_int(out, (int64_t)count);
		return CELL_OK;
	}
	case IN_ONEOF: {
		for (int k = 0; k < in->noptions; k++)
			if (strlen(in->options[k]) == n && memcmp(in->options[k], s, n) == 0) {
				dec_set_int(out, k);
				return CELL_OK;
			}
		/* the same text in another normalization form (typed on a Mac) */
		size_t m;
		char *nfc = utf8_is_ascii(s, n) ? NULL : utf8_nfc(s, n, &m);
		for (int k = 0; nfc && k < in->noptions; k++)
			if (strlen(in->options[k]) == m && memcmp(in->options[k], nfc, m) == 0) {
				mem_free(nfc);
				dec_set_int(out, k);
				return CELL_OK;
			}
		mem_free(nfc);
		quote(why, shown, shown_n);
		sb_puts(why, _(" is not one of: "));
		for (int k = 0; k < in->noptions; k++)
			sb_printf(why, "%s%s", k ? ", " : "", in->options[k]);
		return CELL_BAD;
	}
	case IN_PERCENT: {
		bool pct = false;
		size_t m = n;
		if (m >= 1 && s[m - 1] == '%') {
			pct = true;
			m--;
		}
		while (m && s[m - 1] == ' ')
			m--;
		/* xgettext:no-c-format */
		if (!parse_number(s, m, out, why, "a percent (95.43% or 0.9543)", shown, shown_n))
			return CELL_BAD;
		const dec_t one = {1, 1, NULL};
		if (pct || in->percent_form == PCT_POINTS) {
			dec_shift10(out, out, -2);
		} else if (in->percent_form == PCT_PLAIN && (dec_sgn(out) < 0 || dec_cmp(out, &one) > 0)) {
			/* 75 may be 75% as typed, or 7500% as a fraction: never guess */
			quote(why, shown, shown_n);
			/* xgettext:no-c-format */
			sb_puts(why, _(" has no % sign, and a bare number in a percent column is read as a fraction only "
				       "from 0 to 1 (0.9543 = 95.43%): write it with its % sign, or declare the input "
				       "'percent points' (a bare 75 is 75%) or 'percent fraction' (a bare 1.05 is 105%)"));
			return CELL_BAD;
		}
		break;
	}
	case IN_COUNT:
		if (!parse_number(s, n, out, why, "a count (a whole number >= 0)", shown, shown_n))
			return CELL_BAD;
		if (!dec_is_int(out) || dec_sgn(out) < 0) {
			quote(why, shown, shown_n);
			sb_puts(why, _(" is not a count (a whole number >= 0)"));
			return CELL_BAD;
		}
		break;
	case IN_MONEY:
		if (!parse_number(s, n, out, why, "an amount of money", shown, shown_n))
			return CELL_BAD;
		if (dec_sgn(out) < 0) {
			quote(why, shown, shown_n);
			sb_puts(why, _(" is not an amount of money (an amount is >= 0)"));
			return CELL_BAD;
		}
		break;
	case IN_NUMBER:
	case IN_MANUAL:
		if (!parse_number(s, n, out, why, "a number", shown, shown_n))
			return CELL_BAD;
		break;
	}
	if (in->has_bounds && (dec_cmp(out, &in->lo) < 0 || dec_cmp(out, &in->hi) > 0)) {
		quote(why, shown, shown_n);
		sb_puts(why, _(" is outside "));
		format_bounds(why, in);
		return CELL_BAD;
	}
	return CELL_OK;
}
