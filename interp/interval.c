/* interval: bounds with their inclusivity, as bands and grades state them. */
#include "interval.h"

#include <string.h>

void interval_of_arm(const ast_arm *arm, interval *iv)
{
	memset(iv, 0, sizeof *iv);
	iv->lo = iv->hi = DEC_ZERO;
	iv->has_lo = arm->has_lo;
	iv->has_hi = arm->has_hi;
	iv->lo_incl = arm->lo_incl;
	iv->hi_incl = arm->hi_incl;
	iv->percent = (arm->has_lo && arm->lo.percent) || (arm->has_hi && arm->hi.percent);
	if (arm->has_lo)
		ast_num_value(&arm->lo, &iv->lo);
	if (arm->has_hi)
		ast_num_value(&arm->hi, &iv->hi);
}

bool interval_contains(const interval *iv, const dec_t *x)
{
	if (iv->has_lo) {
		int c = dec_cmp(x, &iv->lo);
		if (c < 0 || (c == 0 && !iv->lo_incl))
			return false;
	}
	if (iv->has_hi) {
		int c = dec_cmp(x, &iv->hi);
		if (c > 0 || (c == 0 && !iv->hi_incl))
			return false;
	}
	return true;
}

void interval_format_value(strbuf *sb, const dec_t *x, bool percent)
{
	if (!percent) {
		dec_format(sb, x);
		return;
	}
	dec_t pct = DEC_ZERO;
	dec_shift10(&pct, x, 2);
	dec_format(sb, &pct);
	sb_putc(sb, '%');
	dec_clear(&pct);
}

static void format_bound(strbuf *sb, const interval *iv, const dec_t *x)
{
	interval_format_value(sb, x, iv->percent);
}

void interval_format(strbuf *sb, const interval *iv)
{
	if (iv->has_lo && iv->has_hi) {
		if (dec_cmp(&iv->lo, &iv->hi) == 0 && iv->lo_incl && iv->hi_incl) {
			sb_puts(sb, "= ");
			format_bound(sb, iv, &iv->lo);
			return;
		}
		sb_putc(sb, iv->lo_incl ? '[' : '(');
		format_bound(sb, iv, &iv->lo);
		sb_puts(sb, ", ");
		format_bound(sb, iv, &iv->hi);
		sb_putc(sb, iv->hi_incl ? ']' : ')');
	} else if (iv->has_lo) {
		sb_puts(sb, iv->lo_incl ? ">= " : "> ");
		format_bound(sb, iv, &iv->lo);
	} else if (iv->has_hi) {
		sb_puts(sb, iv->hi_incl ? "<= " : "< ");
		format_bound(sb, iv, &iv->hi);
	} else {
		sb_puts(sb, "else");
	}
}
