/* decimal: exact rational numbers for scores, backed by GNU MP.
 *
 * A value is a fraction num/den (den > 0). Most values in a rubric (81.43,
 * 90%, 5 × 1427.91/1753.45) fit two machine words, so they are kept there and
 * computed with 128-bit intermediates; an operation whose result does not fit
 * moves to a heap mpq_t, and a big result that fits again moves back. Nothing
 * is ever rounded except by dec_round, and no binary floating point is used.
 *
 * OWNERSHIP — the one rule of this module:
 *   - a dec_t may own a heap mpq (field big); it must start as DEC_ZERO (or
 *     dec_init) and end with dec_clear;
 *   - every operation takes its destination first, already initialised, and
 *     releases whatever it held; the other arguments are borrowed and may be
 *     the destination itself (dec_add(&x, &x, &y) is fine);
 *   - a plain struct copy (b = a) is only allowed when the source is then
 *     forgotten (a move); to duplicate, use dec_set.
 */
#ifndef SCORE_DECIMAL_H
#define SCORE_DECIMAL_H

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "strbuf.h"

typedef struct dec {
	int64_t num;  /* meaningful when big == NULL */
	int64_t den;  /* > 0 when big == NULL; not necessarily in lowest terms */
	mpq_ptr big;  /* owned; canonical; NULL for small values */
} dec_t;

#define DEC_ZERO ((dec_t){0, 1, NULL})

/* Keeps every value made from now on in GMP, never in machine words: the
 * general path, for testing that both give the same bytes (the environment
 * variable SCORE_DECIMAL=gmp sets it; see score.c). Call before any value
 * is made, and never while another thread computes. */
void dec_force_gmp(bool on);
bool dec_gmp_forced(void);

typedef enum dec_round_mode {
	DEC_HALF_UP,   /* 四舍五入: half away from zero (Excel ROUND) */
	DEC_HALF_EVEN, /* banker's rounding */
	DEC_DOWN,      /* toward zero (truncate) */
	DEC_UP,        /* away from zero */
	DEC_FLOOR,     /* toward -infinity */
	DEC_CEIL       /* toward +infinity */
} dec_round_mode;

typedef enum dec_parse_status {
	DEC_OK,
	DEC_ESYNTAX,  /* not a plain decimal: [+-]digits[.digits] */
	DEC_ETOOLONG  /* more digits than the caller's limit */
} dec_parse_status;

/* The greatest common divisor of two words (binary gcd; 0 with 0 gives 0):
 * the common case of printing and rounding, and a rule form's points ÷ unit. */
uint64_t dec_gcd64(uint64_t a, uint64_t b);

static inline void dec_init(dec_t *d)
{
	*d = DEC_ZERO;
}
void dec_clear(dec_t *d);


/* Parses a plain decimal ("-12.50"). At most max_digits digits are accepted. */
dec_parse_status dec_parse(dec_t *r, const char *s, size_t n, unsigned max_digits);

void dec_neg(dec_t *r, const dec_t *a);
void dec_abs(dec_t *r, const dec_t *a);
/* r = a × 10^k (k may be negative). */
void dec_shift10(dec_t *r, const dec_t *a, int k);

/* The size of the value: bits of numerator plus denominator (at most 128
 * for a value held in machine words). */
size_t dec_bits(const dec_t *a);

bool dec_is_int(const dec_t *a);
/* The value as a small integer when it is one (used for indexes and flags). */
bool dec_get_int(const dec_t *a, int64_t *out);


/* Appends the exact value: a decimal with no trailing zeros when the value
 * has a finite decimal expansion, "num/den" otherwise. */
void dec_format(strbuf *sb, const dec_t *a);
/* The usual value (machine words over a power of ten: every rounded
 * score) as dec_format writes it, at o, which has DEC_PUT_ROOM bytes;
 * returns the end (no NUL), or NULL for any other value. */
#define DEC_PUT_ROOM 44
static inline char *dec_put(char *o, const dec_t *a);
char *dec_put_general(char *o, const dec_t *a);
/* Appends with exactly `places` decimals when the value has at most that
 * many; otherwise like dec_format. */
void dec_format_fixed(strbuf *sb, const dec_t *a, int places);
/* Appends a truncated toward zero to `places` decimals, as dec_format
 * writes that value; returns whether digits were dropped. */
bool dec_format_down(strbuf *sb, const dec_t *a, int places);
/* The same at o, which has DEC_PUT_ROOM bytes, for a value in machine
 * words: returns the end (no NUL) and sets *cut; NULL for any other value. */
static inline char *dec_put_down(char *o, const dec_t *a, int places, bool *cut);
char *dec_put_down_general(char *o, const dec_t *a, int places, bool *cut);

/* ---- the operations a row runs most, inline on machine words -------------------
 * Each takes the machine-word path only where its result is the one the
 * general function (dec_*_general, below) would give; anything else goes
 * there. dec_gmp_only is dec_force_gmp's switch. */
extern bool dec_gmp_only;
__extension__ typedef __int128 dec_i128;

void dec_set_general(dec_t *r, const dec_t *a);
void dec_set_int_general(dec_t *r, int64_t v);
void dec_add_general(dec_t *r, const dec_t *a, const dec_t *b);
void dec_sub_general(dec_t *r, const dec_t *a, const dec_t *b);
void dec_mul_general(dec_t *r, const dec_t *a, const dec_t *b);
bool dec_div_general(dec_t *r, const dec_t *a, const dec_t *b);
void dec_round_general(dec_t *r, const dec_t *a, int places, dec_round_mode mode);
extern const int64_t dec_pow10[19]; /* 10^0 … 10^18 */
int dec_cmp_general(const dec_t *a, const dec_t *b);
int dec_sgn_general(const dec_t *a);
bool dec_is_zero_general(const dec_t *a);

/* "00" to "99": numbers are written two digits at a time. */
extern const char dec_digit_pairs[200];

/* n / 100 by a multiplication: GCC divides by a constant so only where it
 * deems the code hot, and a hardware division costs more than the rest of
 * a rounding (this one is exact for every n: n/4 times 2^66/25, rounded up) */
static inline uint64_t dec_div100(uint64_t n)
{
	return (uint64_t)(((unsigned __int128)(n >> 2) * 0x28F5C28F5C28F5C3ULL) >> 66);
}

/* whole (below 100) at o with no branch on its digits: the tens, or the
 * only digit, chosen by index; returns the end. Two bytes are written. */
static inline char *dec_put_below_100(char *o, uint64_t whole)
{
	const char *w = &dec_digit_pairs[2 * whole];
	size_t two = whole >= 10;
	o[0] = w[1 - two];
	o[1] = w[1];
	return o + 1 + two;
}

/* A score at two places below 100, the most written value, inline, with
 * no branch on its digits: a row's values are as likely one digit as two,
 * with cents as without, and a branch guessed wrong costs more than the
 * bytes; any other value the general way. What is written past the end is
 * room the caller gave (DEC_PUT_ROOM). */
static inline char *dec_put(char *o, const dec_t *a)
{
	if (!((uintptr_t)a->big | (uintptr_t)dec_gmp_only) && a->den == 100 && (uint64_t)a->num < 10000) {
		uint64_t n = (uint64_t)a->num, whole = dec_div100(n), cents = n - whole * 100;
		const char *c = &dec_digit_pairs[2 * cents];
		char last = c[1];
		o = dec_put_below_100(o, whole);
		o[0] = '.';
		o[1] = c[0];
		o[2] = last;
		return o + ((0 - (size_t)(cents != 0)) & (2 + (size_t)(last != '0'))); /* 0.5, not 0.50; 7, not 7.00 */
	}
	return dec_put_general(o, a);
}

/* dec_put_down of the usual exact value, inline: one over 10^k with k at
 * most the places kept (nothing cut) and at most 8, below 100 (a ratio
 * times points, a cell: 3.3336 as 33336/10^4). Its digits come with no
 * division by a variable and no branch on them: n·10^(8−k) divided by the
 * constant 10^8 gives the whole part and eight digits after it, made in a
 * word two at a time, the zeros at its end left out by where the last
 * digit that is not '0' is. Any other value the general way. */
static inline __attribute__((always_inline)) char *dec_put_down(char *o, const dec_t *a, int places, bool *cut)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t d = (uint64_t)a->den, n = (uint64_t)a->num;
	int k = __builtin_ctzll(d | (uint64_t)1 << 63); /* 10^k has k trailing zero bits */
	if (!((uintptr_t)a->big | (uintptr_t)dec_gmp_only) && a->num >= 0 && k <= 8 && k <= places &&
	    (uint64_t)dec_pow10[k] == d && n < (uint64_t)100 * d) {
		uint64_t n8 = n * (uint64_t)dec_pow10[8 - k], whole = n8 / 100000000, frac = n8 - whole * 100000000;
		uint64_t hi = frac / 10000, lo = frac - hi * 10000, q1 = dec_div100(hi), q3 = dec_div100(lo);
		uint16_t d1, d2, d3, d4;
		memcpy(&d1, &dec_digit_pairs[2 * q1], 2);
		memcpy(&d2, &dec_digit_pairs[2 * (hi - q1 * 100)], 2);
		memcpy(&d3, &dec_digit_pairs[2 * q3], 2);
		memcpy(&d4, &dec_digit_pairs[2 * (lo - q3 * 100)], 2);
		uint64_t digits = d1 | (uint64_t)d2 << 16 | (uint64_t)d3 << 32 | (uint64_t)d4 << 48;
		size_t len = 8 - (size_t)(__builtin_clzll((digits ^ 0x3030303030303030u) | 1) >> 3);
		o = dec_put_below_100(o, whole);
		o[0] = '.';
		memcpy(o + 1, &digits, 8);
		*cut = false;
		return o + ((0 - (size_t)(frac != 0)) & (1 + len));
	}
#endif
	return dec_put_down_general(o, a, places, cut);
}

static inline bool dec_words(const dec_t *r, const dec_t *a, const dec_t *b)
{
	/* one test for the three pointers: the usual case is one branch */
	return !((uintptr_t)r->big | (uintptr_t)a->big | (uintptr_t)b->big | (uintptr_t)dec_gmp_only);
}

static inline __attribute__((always_inline)) void dec_set(dec_t *r, const dec_t *a)
{
	if (!((uintptr_t)r->big | (uintptr_t)a->big)) {
		r->num = a->num;
		r->den = a->den;
		return;
	}
	dec_set_general(r, a);
}

static inline void dec_set_int(dec_t *r, int64_t v)
{
	if (!r->big && !dec_gmp_only) {
		r->num = v;
		r->den = 1;
		return;
	}
	dec_set_int_general(r, v);
}

/* a·d ± b·c over b·d in words, unreduced, as the general path stores a
 * result that fits; false when a product or the sum overflows. */
static inline bool dec_cross(int64_t *n, int64_t *d, const dec_t *a, const dec_t *b, bool sub)
{
	int64_t x, y;
	return !__builtin_mul_overflow(a->num, b->den, &x) && !__builtin_mul_overflow(b->num, a->den, &y) &&
	       !(sub ? __builtin_sub_overflow(x, y, n) : __builtin_add_overflow(x, y, n)) &&
	       !__builtin_mul_overflow(a->den, b->den, d);
}

/* a + b, or a − b when sub: in words where the result fits as the general
 * path would store it. */
static inline __attribute__((always_inline)) void dec_add_or_sub(dec_t *r, const dec_t *a, const dec_t *b, bool sub)
{
	int64_t s, d;
	if (dec_words(r, a, b)) {
		bool fits;
		if (a->den == b->den) {
			d = a->den;
			fits = !(sub ? __builtin_sub_overflow(a->num, b->num, &s) : __builtin_add_overflow(a->num, b->num, &s));
		} else {
			fits = dec_cross(&s, &d, a, b, sub);
		}
		if (fits) {
			r->num = s;
			r->den = d;
			return;
		}
	}
	if (sub)
		dec_sub_general(r, a, b);
	else
		dec_add_general(r, a, b);
}

static inline void dec_add(dec_t *r, const dec_t *a, const dec_t *b)
{
	dec_add_or_sub(r, a, b, false);
}

static inline void dec_sub(dec_t *r, const dec_t *a, const dec_t *b)
{
	dec_add_or_sub(r, a, b, true);
}

/* r = a ÷ b, exact. Returns false (and leaves r unchanged) when b is zero. */
static inline bool dec_div(dec_t *r, const dec_t *a, const dec_t *b)
{
	int64_t n, d;
	if (dec_words(r, a, b) && b->num != 0 && !__builtin_mul_overflow(a->num, b->den, &n) &&
	    !__builtin_mul_overflow(a->den, b->num, &d) && n != INT64_MIN && d != INT64_MIN) {
		r->num = d < 0 ? -n : n;
		r->den = d < 0 ? -d : d;
		return true;
	}
	return dec_div_general(r, a, b);
}

static inline void dec_mul(dec_t *r, const dec_t *a, const dec_t *b)
{
	int64_t n, d;
	if (dec_words(r, a, b) && !__builtin_mul_overflow(a->num, b->num, &n) &&
	    !__builtin_mul_overflow(a->den, b->den, &d)) {
		r->num = n;
		r->den = d;
		return;
	}
	dec_mul_general(r, a, b);
}

static inline int dec_cmp(const dec_t *a, const dec_t *b)
{
	if (!((uintptr_t)a->big | (uintptr_t)b->big)) {
		if (a->den == b->den)
			return (a->num > b->num) - (a->num < b->num);
		int64_t x64, y64;
		if (!__builtin_mul_overflow(a->num, b->den, &x64) && !__builtin_mul_overflow(b->num, a->den, &y64))
			return (x64 > y64) - (x64 < y64); /* the usual cross products fit a word */
		dec_i128 x = (dec_i128)a->num * b->den, y = (dec_i128)b->num * a->den;
		return (x > y) - (x < y);
	}
	return dec_cmp_general(a, b);
}

static inline int dec_sgn(const dec_t *a)
{
	if (!a->big)
		return (a->num > 0) - (a->num < 0);
	return dec_sgn_general(a);
}

static inline bool dec_is_zero(const dec_t *a)
{
	return a->big ? dec_is_zero_general(a) : a->num == 0;
}

/* r = a rounded to `places` decimal places (0..60) in the given mode. Inline
 * where nothing is dropped (a value already at those places, or at fewer:
 * a band's 4, a checklist's 1.5), the most of what a row rounds. */
static inline void dec_round(dec_t *r, const dec_t *a, int places, dec_round_mode mode)
{
	if (!a->big && !r->big && !dec_gmp_only && places >= 0 && places <= 18) {
		int64_t p = dec_pow10[places], s;
		int k = __builtin_ctzll((uint64_t)a->den); /* 10^k has k trailing zero bits */
		if (k <= places && dec_pow10[k] == a->den &&
		    !__builtin_mul_overflow(a->num, dec_pow10[places - k], &s)) {
			r->num = s;
			r->den = p;
			return;
		}
		if (k <= places && a->den == (int64_t)1 << k && !__builtin_mul_overflow(a->num, p >> k, &s)) {
			/* halves and quarters (a deduction of 0.5 a step): 10^places holds 2^k */
			r->num = s;
			r->den = p;
			return;
		}
		if (k == places + 2 && k <= 18 && dec_pow10[k] == a->den && mode == DEC_HALF_UP && a->num >= 0) {
			/* two digits dropped, 四舍五入 (a percent times points: 87.45% × 6
			 * is 524.70/10^4, at two places): by a constant divisor */
			uint64_t n = (uint64_t)a->num, q = dec_div100(n);
			r->num = (int64_t)(q + (n - q * 100 >= 50));
			r->den = p;
			return;
		}
	}
	dec_round_general(r, a, places, mode);
}

#endif
