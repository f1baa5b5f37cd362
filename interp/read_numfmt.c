/* numfmt: a workbook's number as its sheet shows it (see read_numfmt.h). */
#include "read_numfmt.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "date.h"

/* The decimal digits of v (an XML number: -1.25E-3) without leading zeros,
 * and where the point stands: value = 0.digits × 10^point, sign apart. */
static bool decompose(const char *v, size_t n, char *digits, size_t cap, size_t *nd, long *point, bool *neg)
{
	size_t i = 0, k = 0;
	long pt = 0;
	*neg = false;
	while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r'))
		i++;
	while (n > i && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n' || v[n - 1] == '\r'))
		n--;
	if (i < n && (v[i] == '-' || v[i] == '+'))
		*neg = v[i++] == '-';
	bool any = false, seen_point = false;
	for (; i < n; i++) {
		char c = v[i];
		if (c >= '0' && c <= '9') {
			any = true;
			if (k == 0 && c == '0') { /* a leading zero moves the point */
				if (seen_point)
					pt--;
				continue;
			}
			if (k < cap)
				digits[k++] = c;
			else if (!seen_point)
				pt++; /* past what is kept: only its place counts */
			if (!seen_point)
				pt++;
		} else if (c == '.' && !seen_point) {
			seen_point = true;
		} else {
			break;
		}
	}
	if (!any)
		return false;
	if (i < n) {
		if (v[i] != 'e' && v[i] != 'E')
			return false;
		i++;
		bool eneg = false;
		if (i < n && (v[i] == '-' || v[i] == '+'))
			eneg = v[i++] == '-';
		long e = 0;
		if (i == n)
			return false;
		for (; i < n; i++) {
			if (v[i] < '0' || v[i] > '9')
				return false;
			if (e < 100000)
				e = e * 10 + (v[i] - '0');
		}
		pt += eneg ? -e : e;
	}
	*nd = k;
	*point = pt;
	if (k == 0)
		*neg = false;
	return true;
}

/* Rounds to 15 significant digits, half away from zero, as a spreadsheet
 * shows a double; drops trailing zeros. */
static void round15(char *digits, size_t *nd, long *point)
{
	if (*nd > 15) {
		bool up = digits[15] >= '5';
		*nd = 15;
		if (up) {
			size_t i = 15;
			while (i > 0 && digits[i - 1] == '9')
				digits[--i] = '0';
			if (i == 0) { /* 999… became 1000… */
				digits[0] = '1';
				*nd = 1;
				(*point)++;
			} else {
				digits[i - 1]++;
			}
		}
	}
	while (*nd > 0 && digits[*nd - 1] == '0')
		(*nd)--;
}

/* The plain decimal text (no exponent) of 0.digits × 10^point. */
static void put_plain(strbuf *out, bool neg, const char *digits, size_t nd, long point)
{
	if (nd == 0) {
		sb_putc(out, '0');
		return;
	}
	if (neg)
		sb_putc(out, '-');
	if (point <= 0) {
		sb_puts(out, "0.");
		for (long i = 0; i < -point; i++)
			sb_putc(out, '0');
		sb_putn(out, digits, nd);
	} else if ((size_t)point >= nd) {
		sb_putn(out, digits, nd);
		for (size_t i = nd; i < (size_t)point; i++)
			sb_putc(out, '0');
	} else {
		sb_putn(out, digits, (size_t)point);
		sb_putc(out, '.');
		sb_putn(out, digits + point, nd - (size_t)point);
	}
}

/* A serial day of the workbook's date system as days since 1970-01-01;
 * false for a day Excel shows but the calendar lacks (1900-02-29, 0). */
static bool serial_days(long serial, bool date1904, int64_t *days)
{
	if (date1904) { /* day 0 is 1904-01-01 */
		*days = serial - 24107;
		return serial >= 0;
	}
	if (serial < 1 || serial == 60) /* 1900-01-00 and the 29 February that never was */
		return false;
	*days = serial < 60 ? serial - 25568 : serial - 25569;
	return true;
}

bool numfmt_text(strbuf *out, const char *v, size_t n, numfmt f, bool date1904)
{
	int kind = f.kind, pad = f.pad;
	char digits[40];
	size_t nd;
	long point;
	bool neg;
	if (!decompose(v, n, digits, sizeof digits, &nd, &point, &neg))
		return false;
	round15(digits, &nd, &point);
	/* beyond any number a rubric reads: shown as written, and refused there */
	if (point > 300 || point < -300) {
		sb_putn(out, v, n);
		return true;
	}
	if (kind == NUMFMT_PERCENT) {
		put_plain(out, neg, digits, nd, point + 2);
		sb_putc(out, '%');
		return true;
	}
	bool whole = nd == 0 || (point > 0 && (size_t)point >= nd);
	if ((kind == NUMFMT_DATE || kind == NUMFMT_DATETIME) && !neg && point <= 7) {
		/* whole days and the day's fraction, from the digits */
		long serial = 0;
		for (long i = 0; i < point; i++)
			serial = serial * 10 + ((size_t)i < nd ? digits[i] - '0' : 0);
		int64_t days;
		if (serial_days(serial, date1904, &days) && days <= 2932896) { /* up to 9999-12-31 */
			date_format(out, days);
			if (kind == NUMFMT_DATETIME) {
				/* seconds of the day, rounded half up, from the fraction's
				 * decimal digits (its first 18: far below a second) */
				unsigned __int128 num = 0, den = 1;
				for (long i = point < 0 ? point : 0; i < (long)nd && den < (unsigned __int128)1000000000000000000u; i++) {
					if (i < point)
						continue;
					num = num * 10 + (unsigned)(i < 0 ? 0 : digits[i] - '0');
					den *= 10;
				}
				long secs = (long)((num * 86400 * 2 + den) / (den * 2));
				if (secs >= 86400)
					secs = 86399;
				sb_printf(out, " %02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
			}
			return true;
		}
	}
	if (kind == NUMFMT_PADDED && whole && !neg && point >= 0 && point < pad) {
		for (long i = point > 0 ? point : 1; i < pad; i++)
			sb_putc(out, '0');
	}
	put_plain(out, neg, digits, nd, point);
	return true;
}


/* What a format code shows a number as: its first section, with quoted
 * text, escapes, fills and [colours] set aside. */
numfmt numfmt_of_code(const char *code)
{
	numfmt f = {NUMFMT_GENERAL, 0};
	if (strcasecmp(code, "General") == 0)
		return f;
	bool pct = false, date = false, time = false, other = false;
	size_t zeros = 0;
	for (const char *s = code; *s && *s != ';'; s++) {
		char c = *s;
		if (c == '"') {
			while (s[1] && s[1] != '"')
				s++;
			if (s[1])
				s++;
			other = true;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (s[1])
				s++;
			other = true;
		} else if (c == '[') {
			/* [h], [mm], [ss]: elapsed time; [Red], [$-804]: no digits */
			bool elapsed = s[1] == 'h' || s[1] == 'H' || s[1] == 'm' || s[1] == 'M' || s[1] == 's' || s[1] == 'S';
			time |= elapsed;
			while (s[1] && s[1] != ']')
				s++;
			if (s[1])
				s++;
		} else if (c == '%') {
			pct = true;
		} else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'e' || c == 'E') {
			date = true;
		} else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
			time = true;
		} else if (c == 'm' || c == 'M') {
			time = true; /* a month beside y or d; minutes beside h or s */
		} else if (c == '0') {
			zeros++;
		} else {
			other = true;
		}
	}
	if (pct)
		f.kind = NUMFMT_PERCENT;
	else if (date)
		f.kind = time && (strpbrk(code, "hHsS") != NULL) ? NUMFMT_DATETIME : NUMFMT_DATE;
	else if (!time && !other && zeros >= 2 && zeros < 64) {
		f.kind = NUMFMT_PADDED;
		f.pad = (unsigned short)zeros;
	}
	return f;
}

numfmt numfmt_builtin(long id)
{
	numfmt f = {NUMFMT_GENERAL, 0};
	if (id == 9 || id == 10)
		f.kind = NUMFMT_PERCENT;
	else if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 58))
		f.kind = NUMFMT_DATE;
	else if (id == 22)
		f.kind = NUMFMT_DATETIME;
	return f;
}
