/* date: days since 1970-01-01 and back (see date.h). The conversions are the
 * well-known civil-calendar formulas over 400-year eras. */
#include "date.h"

#include <string.h>

static bool leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool date_from_ymd(int64_t y, int64_t m, int64_t d, int64_t *days)
{
	static const int length[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	if (d > length[m - 1] + (m == 2 && leap(y)))
		return false;
	y -= m <= 2;
	int64_t era = y / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*days = era * 146097 + doe - 719468;
	return true;
}

void date_to_ymd(int64_t days, int64_t *year, int *month, int *day)
{
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	int64_t doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2);
}

/* Up to max digits from s[*i]; -1 when there is none. */
static int64_t digits(const char *s, size_t n, size_t *i, int max)
{
	int64_t v = 0;
	int k = 0;
	while (*i < n && k < max && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k ? v : -1;
}

static bool match(const char *s, size_t n, size_t *i, const char *word)
{
	size_t k = strlen(word);
	if (*i + k > n || memcmp(s + *i, word, k) != 0)
		return false;
	*i += k;
	return true;
}

bool date_parse(const char *s, size_t n, bool excel, int64_t *days)
{
	size_t i = 0;
	if (excel) {
		/* Excel's 1900 system: serial 25569 is 1970-01-01; before 1900-03-01
		 * (serial 61) Excel counts a 29 February that never was */
		int64_t serial = digits(s, n, &i, 7);
		if (serial >= 61 && i == n) {
			*days = serial - 25569;
			return true;
		}
		/* a workbook's date cell arrives as the date it shows: no serial
		 * has a calendar date's separators or its 8 digits */
		i = 0;
	}
	size_t start = i;
	int64_t y = digits(s, n, &i, 8);
	if (y < 0)
		return false;
	if (i == n && i - start == 8) /* 20230630 */
		return date_from_ymd(y / 10000, y / 100 % 100, y % 100, days);
	if (i - start != 4)
		return false;
	bool chinese = match(s, n, &i, "年");
	if (!chinese && !match(s, n, &i, "-") && !match(s, n, &i, "/") && !match(s, n, &i, "."))
		return false;
	char sep = chinese ? 0 : s[i - 1];
	int64_t m = digits(s, n, &i, 2);
	if (m < 0 || (chinese ? !match(s, n, &i, "月") : !(i < n && s[i++] == sep)))
		return false;
	int64_t d = digits(s, n, &i, 2);
	if (d < 0 || (chinese && i < n && !match(s, n, &i, "日")) || i != n)
		return false;
	return date_from_ymd(y, m, d, days);
}

void date_format(strbuf *sb, int64_t days)
{
	int64_t y;
	int m, d;
	date_to_ymd(days, &y, &m, &d);
	sb_printf(sb, "%04lld-%02d-%02d", (long long)y, m, d);
}
