/* cell: one CSV cell to the value of a declared input.
 *
 * Accepted forms (see README, "Input types"):
 *   number, money  -12.5, 1427.91, 1,427.91 (groups of three only)
 *   percent        95.43% (= 0.9543) or the fraction 0.9543
 *   count          a whole number >= 0
 *   yesno          1/0, 是/否, 有/无, yes/no, true/false, Y/N (any case)
 *   oneof          one of the listed values, exactly
 *   manual         a number within the declared bounds
 *   date           2023-06-30, 2023/6/30, 2023年6月30日, 20230630
 *   list           items separated by ；, ;, 、 or line breaks: its value is
 *                  how many (无 alone: none)
 * Spaces around a cell are ignored; an empty cell takes the input's default,
 * or else is "missing": an error only if a rule reads it (an indicator that
 * does not apply may leave its inputs empty). Nothing is ever guessed: a
 * cell that does not fit is refused with a message saying why. */
#ifndef SCORE_CELL_H
#define SCORE_CELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "program.h"
#include "strbuf.h"

/* Most digits a number in a cell may have; more is refused, so input cannot
 * make GMP allocate without bound. */
#define CELL_MAX_DIGITS 40

typedef enum cell_result {
	CELL_OK,
	CELL_EMPTY,  /* empty and no default: missing */
	CELL_BAD     /* refused; the reason was appended to why */
} cell_result;

/* Any cell, with the messages: what cell_parse does when the cell is not
 * one of the usual. */
cell_result cell_parse_general(const prog_input *in, const char *s, size_t n, dec_t *out, strbuf *why);

/* The usual numeric cell, plain ASCII ("87.45%", "1427.91", "3"), read in
 * one pass into the value cell_parse_general would give; false for anything
 * else (spaces, full-width digits, grouping, too many digits, a value its
 * checks refuse), which then takes the general way and its messages. Inline
 * in the loop over a row's cells: most cells of a sheet are these. */
static inline __attribute__((always_inline)) bool cell_plain_number(const prog_input *in, const char *s, size_t n,
								    dec_t *out)
{
	const char *end = s + n; /* n > 0 */
	bool neg = s[0] == '-';
	bool pct = end[-1] == '%';
	s += neg;
	end -= pct;
	/* at most 18 digits, and no more than 19 bytes scanned, so that no word
	 * can overflow (19 digits fit in 64 unsigned bits): more go the general
	 * way; a lone "-" or "%" leaves end before s */
	if (end - s > 19 || end - s < 1)
		return false;
	uint64_t v = 0;
	const char *at = s;
	unsigned d;
	while (at < end && (d = (unsigned)(unsigned char)*at - '0') < 10) {
		v = v * 10 + d;
		at++;
	}
	int digits = (int)(at - s), scale = 0;
	if (at < end && *at == '.') {
		const char *point = ++at;
		while (at < end && (d = (unsigned)(unsigned char)*at - '0') < 10) {
			v = v * 10 + d;
			at++;
		}
		scale = (int)(at - point);
		digits += scale;
	}
	if (at != end || digits == 0 || digits > 18)
		return false;
	switch (in->type) {
	case IN_PERCENT:
		if (pct || in->percent_form == PCT_POINTS)
			scale += 2;
		else if (in->percent_form == PCT_PLAIN && (neg || v > (uint64_t)dec_pow10[scale]))
			return false;
		break;
	case IN_COUNT:
		if (pct || neg || scale)
			return false;
		break;
	case IN_MONEY:
		if (pct || (neg && v))
			return false;
		break;
	case IN_NUMBER:
	case IN_MANUAL:
		if (pct)
			return false;
		break;
	default:
		return false;
	}
	if (scale > 18)
		return false;
	dec_t x = {neg ? -(int64_t)v : (int64_t)v, dec_pow10[scale], NULL};
	if (in->has_bounds && (dec_cmp(&x, &in->lo) < 0 || dec_cmp(&x, &in->hi) > 0))
		return false;
	dec_set(out, &x);
	return true;
}

/* One cell to the value of input in: CELL_OK with *out set, CELL_EMPTY,
 * or CELL_BAD with the reason appended to why. */
static inline __attribute__((always_inline)) cell_result cell_parse(const prog_input *in, const char *s, size_t n, dec_t *out, strbuf *why)
{
	if (in->type == IN_YESNO && !dec_gmp_only) {
		/* the usual answers, before the general way's trimming and words */
		int yes = (n == 1 && s[0] == '1') || (n == 3 && memcmp(s, "是", 3) == 0) ? 1
			: (n == 1 && s[0] == '0') || (n == 3 && memcmp(s, "否", 3) == 0) ? 0 : -1;
		if (yes >= 0) {
			dec_set_int(out, yes);
			return CELL_OK;
		}
	} else if (!dec_gmp_only && n && cell_plain_number(in, s, n, out)) {
		return CELL_OK;
	}
	return cell_parse_general(in, s, n, out, why);
}

/* The items of a list cell, one per call from *pos (0 to start): split at
 * ；, ;, 、 and line breaks, trimmed, empty ones skipped. False at the end.
 * A cell that says 无 (none) alone has no items. */
bool cell_list_next(const char *s, size_t n, size_t *pos, const char **item, size_t *len);

#endif
