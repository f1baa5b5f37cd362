/* handwritten.h: what the hand-written exact programs of bench/ share (the
 * yardsticks of make bench: bench/handwritten.c for bench/rubric.rule,
 * bench/wide.c for bench/wide.rule): fixed-point cells, exact rounding,
 * scores printed as score prints them, and the loop over the records of
 * the generator's CSV. No binary floating point. Each program defines
 * header_in, header_out, NCOLS and score_row, then includes this file. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef __int128 i128;

static long line_no;

static void die(const char *what, const char *cell, size_t n)
{
	fprintf(stderr, "handwritten: line %ld: %s '%.*s'\n", line_no, what, (int)n, cell);
	exit(2);
}

/* A decimal cell with at most `places` decimals (and a '%' when percent),
 * scaled to that many places: "87.45%" with places 2 → 8745. */
static int64_t fixed(const char *s, size_t n, int places, bool percent)
{
	const char *c = s, *end = s + n;
	if (percent) {
		if (n == 0 || end[-1] != '%')
			die("not a percent:", s, n);
		end--;
	}
	int64_t v = 0;
	int decimals = -1;
	if (c == end)
		die("empty cell:", s, n);
	for (; c < end; c++) {
		if (*c == '.' && decimals < 0) {
			decimals = 0;
		} else if (*c >= '0' && *c <= '9' && decimals < places && v < INT64_MAX / 100) {
			v = v * 10 + (*c - '0');
			if (decimals >= 0)
				decimals++;
		} else {
			die("not a number of this rubric:", s, n);
		}
	}
	for (int d = decimals < 0 ? 0 : decimals; d < places; d++)
		v *= 10;
	return v;
}

static bool yes(const char *s, size_t n)
{
	if ((n == 3 && memcmp(s, "是", 3) == 0) || (n == 1 && *s == '1'))
		return true;
	if ((n == 3 && memcmp(s, "否", 3) == 0) || (n == 1 && *s == '0'))
		return false;
	die("not yes or no:", s, n);
	return false;
}

/* num/den (den > 0, num >= 0) in hundredths, half away from zero. */
static int64_t hundredths(i128 num, i128 den)
{
	return (int64_t)((num * 200 + den) / (2 * den));
}

/* A score that the rubric floors at zero (扣完为止), in hundredths:
 * base − (amount × per ÷ unit) as num/den, never below 0. */
static int64_t floored(i128 num, i128 den)
{
	return num <= 0 ? 0 : hundredths(num, den);
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* Appends a score in hundredths as score prints it: 4.2, 5, 23.03. */
static char *put_score(char *o, int64_t h)
{
	*o++ = ',';
	int64_t whole = h / 100, frac = h % 100;
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole);
	while (n)
		*o++ = tmp[--n];
	if (frac) {
		*o++ = '.';
		*o++ = (char)('0' + frac / 10);
		if (frac % 10)
			*o++ = (char)('0' + frac % 10);
	}
	return o;
}

/* Scores one record (fields f, lengths n) into o; returns the end. */
static char *score_row(const char *const *f, const size_t *n, char *o);

/* Appends each parent's sum and its leaves' scores (the leaves of parent g
 * are s[groups[g][0]] to s[groups[g][1] - 1]), then the total; returns the
 * end, the total in *total. */
static char *put_groups(char *o, const int64_t *s, const int (*groups)[2], int ngroups, int64_t *total)
{
	*total = 0;
	for (int g = 0; g < ngroups; g++) {
		int64_t sum = 0;
		for (int i = groups[g][0]; i < groups[g][1]; i++)
			sum += s[i];
		o = put_score(o, sum);
		for (int i = groups[g][0]; i < groups[g][1]; i++)
			o = put_score(o, s[i]);
		*total += sum;
	}
	return put_score(o, *total);
}

/* Appends the grade's cell and the line's end: the bands of both rubrics. */
static char *put_grade(char *o, int64_t total, bool vetoed)
{
	const char *grade = vetoed ? ",差\n" : total >= 9000 ? ",优\n" : total >= 8000 ? ",良\n" : total >= 6000 ? ",中\n" : ",差\n";
	size_t gl = strlen(grade);
	memcpy(o, grade, gl);
	return o + gl;
}

int main(int argc, char **argv)
{
	FILE *in = argc > 1 ? fopen(argv[1], "rb") : stdin;
	if (!in) {
		perror(argv[1]);
		return 2;
	}
	static char buf[1 << 20], out[1 << 20];
	size_t have = 0, olen = 0;
	bool header = true, eof = false;
	fwrite(header_out, 1, sizeof header_out - 1, stdout);
	while (!eof || have) {
		if (!eof) {
			size_t got = fread(buf + have, 1, sizeof buf - have, in);
			have += got;
			eof = got == 0;
		}
		char *p = buf, *end = buf + have;
		for (;;) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl) {
				if (eof && p < end)
					nl = end; /* a last line without its newline */
				else
					break;
			}
			line_no++;
			size_t len = (size_t)(nl - p);
			if (len && p[len - 1] == '\r')
				len--;
			if (header) {
				if (len != sizeof header_in - 1 || memcmp(p, header_in, len) != 0)
					die("not the generator's header:", p, len);
				header = false;
			} else if (len) {
				const char *f[NCOLS];
				size_t n[NCOLS];
				int k = 0;
				const char *c = p, *e = p + len;
				while (k < NCOLS) {
					const char *comma = memchr(c, ',', (size_t)(e - c));
					f[k] = c;
					n[k] = (size_t)((comma ? comma : e) - c);
					k++;
					if (!comma)
						break;
					c = comma + 1;
				}
				if (k != NCOLS || memchr(p, '"', len))
					die("not a row of the generator:", p, len);
				if (olen > sizeof out - 4096) {
					fwrite(out, 1, olen, stdout);
					olen = 0;
				}
				olen = (size_t)(score_row(f, n, out + olen) - out);
			}
			p = nl < end ? nl + 1 : end;
			if (p >= end)
				break;
		}
		have = (size_t)(end - p);
		memmove(buf, p, have);
		if (eof && have == 0)
			break;
	}
	fwrite(out, 1, olen, stdout);
	if (ferror(in) || fflush(stdout) != 0) {
		fprintf(stderr, "handwritten: cannot read or write\n");
		return 2;
	}
	return 0;
}
