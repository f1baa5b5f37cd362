#include "calendar.h"

#include <string.h>

#include "date.h"
#include "i18n.h"
#include "mem.h"
#include "utf8.h"

struct calendar {
	int64_t first, last;  /* the days covered: whole years */
	int64_t first_year;
	bool *listed;         /* by year from first_year: the file lists a day of it (only those are known) */
	char *name;           /* the file, for messages */
	unsigned char *off;   /* by day from first: 1 when not worked */
	int32_t *worked;      /* by day from first: working days before it (one more entry, for last + 1) */
};

/* 0 for Monday … 6 for Sunday; 1970-01-01 was a Thursday. */
static int weekday(int64_t days)
{
	int64_t w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

static bool word_is(const char *s, size_t n, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
			return true;
	return false;
}

calendar *calendar_parse(const char *text, size_t len, const char *name, strbuf *why)
{
	static const char *const off_words[] = {"休", "假", "holiday", "off", NULL};
	static const char *const work_words[] = {"班", "workday", "work", NULL};
	/* two passes: the years first, then the days */
	int64_t *days = NULL;
	bool *is_off = NULL;
	long *lines = NULL;
	size_t n = 0;
	int64_t lo_year = 0, hi_year = 0;
	long line = 0;
	for (size_t pos = 0; pos < len;) {
		size_t end = pos;
		while (end < len && text[end] != '\n')
			end++;
		line++;
		const char *s = text + pos;
		size_t m = end - pos;
		pos = end + 1;
		const char *hash = memchr(s, '#', m);
		if (hash)
			m = (size_t)(hash - s);
		utf8_trim(&s, &m);
		if (!m)
			continue;
		/* the date, then a comma, tab or spaces, then the word */
		size_t k = 0;
		while (k < m && s[k] != ',' && s[k] != '\t' && s[k] != ' ')
			k++;
		const char *w = s + k;
		size_t wn = m - k;
		while (wn && (*w == ',' || *w == '\t' || *w == ' ')) {
			w++;
			wn--;
		}
		int64_t d;
		if (!date_parse(s, k, false, &d)) {
			sb_printf(why, _("%s:%ld: '%.*s' is not a date of the calendar"), name, line, (int)k, s);
			goto fail;
		}
		bool off = word_is(w, wn, off_words);
		if (!off && !word_is(w, wn, work_words)) {
			sb_printf(why, _("%s:%ld: after the date, write 休 (a day off) or 班 (a day worked), not '%.*s'"), name,
				  line, (int)wn, w);
			goto fail;
		}
		days = mem_append_room(days, sizeof *days, n);
		is_off = mem_append_room(is_off, sizeof *is_off, n);
		lines = mem_append_room(lines, sizeof *lines, n);
		days[n] = d;
		lines[n] = line;
		is_off[n++] = off;
		int64_t y;
		int mo, dd;
		date_to_ymd(d, &y, &mo, &dd);
		if (n == 1 || y < lo_year)
			lo_year = y;
		if (n == 1 || y > hi_year)
			hi_year = y;
	}
	if (!n) {
		sb_printf(why, _("%s: the calendar lists no days"), name);
		goto fail;
	}
	if (hi_year - lo_year > 200) {
		sb_printf(why, _("%s: the calendar spans more than 200 years"), name);
		goto fail;
	}
	calendar *c = mem_calloc(1, sizeof *c);
	date_from_ymd(lo_year, 1, 1, &c->first);
	date_from_ymd(hi_year, 12, 31, &c->last);
	c->first_year = lo_year;
	c->name = mem_strdup(name);
	c->listed = mem_calloc((size_t)(hi_year - lo_year + 1), sizeof *c->listed);
	c->off = mem_calloc((size_t)(c->last - c->first + 1), 1);
	/* a day listed twice must mean one thing: by day, the line that listed it */
	long *listed_on = mem_calloc((size_t)(c->last - c->first + 1), sizeof *listed_on);
	for (int64_t d = c->first; d <= c->last; d++)
		c->off[d - c->first] = weekday(d) >= 5;
	for (size_t i = 0; i < n; i++) {
		size_t at = (size_t)(days[i] - c->first);
		if (listed_on[at] && (bool)c->off[at] != is_off[i]) {
			strbuf day = STRBUF_INIT;
			date_format(&day, days[i]);
			sb_printf(why, _("%s:%ld: %s is listed as %s here and as %s on line %ld: which is it?"), name, lines[i],
				  day.data, is_off[i] ? "休" : "班", is_off[i] ? "班" : "休", listed_on[at]);
			sb_free(&day);
			mem_free(listed_on);
			calendar_free(c);
			goto fail;
		}
		listed_on[at] = lines[i];
		c->off[at] = is_off[i];
		int64_t y;
		int mo, dd;
		date_to_ymd(days[i], &y, &mo, &dd);
		c->listed[y - lo_year] = true;
	}
	mem_free(listed_on);
	size_t span = (size_t)(c->last - c->first + 1);
	c->worked = mem_calloc(span + 1, sizeof *c->worked);
	for (size_t i = 0; i < span; i++)
		c->worked[i + 1] = c->worked[i] + !c->off[i];
	mem_free(days);
	mem_free(is_off);
	mem_free(lines);
	return c;
fail:
	mem_free(days);
	mem_free(is_off);
	mem_free(lines);
	return NULL;
}

void calendar_free(calendar *c)
{
	if (!c)
		return;
	mem_free(c->off);
	mem_free(c->listed);
	mem_free(c->worked);
	mem_free(c->name);
	mem_free(c);
}

static void outside(const calendar *c, int64_t day, strbuf *why)
{
	strbuf a = STRBUF_INIT, b = STRBUF_INIT, d = STRBUF_INIT;
	date_format(&a, c->first);
	date_format(&b, c->last);
	date_format(&d, day);
	sb_printf(why, _("%s is outside the holiday calendar %s (%s to %s): its working days are not known"), d.data, c->name,
		  a.data, b.data);
	sb_free(&a);
	sb_free(&b);
	sb_free(&d);
}

/* Only the years the file lists a day of are known: a year between two
 * listed ones has holidays the file does not say. False (why says which
 * day, the first of the unknown year the days from…to reach) when one of
 * from…to lies in such a year. */
static bool years_listed(const calendar *c, int64_t from, int64_t to, strbuf *why)
{
	int64_t y1, y2;
	int m, d;
	date_to_ymd(from, &y1, &m, &d);
	date_to_ymd(to, &y2, &m, &d);
	for (int64_t y = y1; y <= y2; y++)
		if (!c->listed[y - c->first_year]) {
			int64_t day;
			date_from_ymd(y, 1, 1, &day);
			strbuf shown = STRBUF_INIT;
			date_format(&shown, day > from ? day : from);
			sb_printf(why, _("%s: the holiday calendar %s lists no day of %lld: its working days are not known"),
				  shown.data, c->name, (long long)y);
			sb_free(&shown);
			return false;
		}
	return true;
}

bool calendar_workdays(const calendar *c, int64_t from, int64_t to, int64_t *out, strbuf *why)
{
	int64_t sign = 1;
	if (to < from) {
		int64_t t = from;
		from = to;
		to = t;
		sign = -1;
	}
	if (from == to) {
		*out = 0;
		return true;
	}
	/* the days counted are from+1 … to */
	if (from + 1 < c->first || to > c->last) {
		outside(c, from + 1 < c->first ? c->first - 1 : c->last + 1, why); /* the first day it lacks */
		return false;
	}
	if (!years_listed(c, from + 1, to, why))
		return false;
	*out = sign * (int64_t)(c->worked[to + 1 - c->first] - c->worked[from + 1 - c->first]);
	return true;
}

bool calendar_add_workdays(const calendar *c, int64_t from, int64_t n, int64_t *out, strbuf *why)
{
	int64_t d = from, year_end = from; /* the days up to year_end are in a listed year */
	for (int64_t left = n; left > 0;) {
		d++;
		if (d < c->first || d > c->last) {
			outside(c, d, why);
			return false;
		}
		if (d > year_end) {
			if (!years_listed(c, d, d, why))
				return false;
			int64_t y;
			int m, dd;
			date_to_ymd(d, &y, &m, &dd);
			date_from_ymd(y, 12, 31, &year_end);
		}
		left -= !c->off[d - c->first];
	}
	*out = d;
	return true;
}
