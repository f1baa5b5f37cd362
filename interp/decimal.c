#include "decimal.h"

#include <assert.h>
#include <limits.h>
#include <string.h>

#include "mem.h"

/* The small path keeps num and den in int64_t and computes in 128 bits, where
 * a product of two int64_t values always fits. mpz_set_si takes a long, so
 * the GMP bridge below relies on long being 64 bits (LP64). */
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;
_Static_assert(sizeof(long) == 8, "score needs an LP64 platform");

static bool fits64(i128 v)
{
	return v >= INT64_MIN && v <= INT64_MAX;
}

static u128 u128_abs(i128 v)
{
	return v < 0 ? (u128)0 - (u128)v : (u128)v;
}

static u128 gcd128(u128 a, u128 b)
{
	while (b) {
		u128 t = a % b;
		a = b;
		b = t;
	}
	return a;
}

uint64_t dec_gcd64(uint64_t a, uint64_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	int shift = __builtin_ctzll(a | b);
	a >>= __builtin_ctzll(a);
	do {
		b >>= __builtin_ctzll(b);
		if (a > b) {
			uint64_t t = a;
			a = b;
			b = t;
		}
		b -= a;
	} while (b);
	return a << shift;
}

const int64_t dec_pow10[19] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000LL,
	100000000000LL, 1000000000000LL, 10000000000000LL, 100000000000000LL, 1000000000000000LL,
	10000000000000000LL, 100000000000000000LL, 1000000000000000000LL,
};

/* 10^k as the unsigned words printing and rounding divide. */
#define pow10_u64(k) ((uint64_t)dec_pow10[k])

/* n / 10^k and n % 10^k with k known to the compiler in each case, so that
 * no hardware division runs: scores and cells are over powers of ten. */
static inline uint64_t div_pow10(uint64_t n, int k, uint64_t *rem)
{
	uint64_t q;
	switch (k) {
#define CASE(K) case K: q = n / pow10_u64(K); break;
	CASE(0) CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7) CASE(8) CASE(9)
	CASE(10) CASE(11) CASE(12) CASE(13) CASE(14) CASE(15) CASE(16) CASE(17) CASE(18)
#undef CASE
	default: q = 0; break;
	}
	*rem = n - q * pow10_u64(k);
	return q;
}

/* k when d is 10^k (k <= 18), else -1: 10^k = 2^k·5^k has exactly k
 * trailing zero bits, so one count finds the only candidate. */
static inline int log10_exact(uint64_t d)
{
	if (d == 0)
		return -1;
	int k = __builtin_ctzll(d);
	return k <= 18 && pow10_u64(k) == d ? k : -1;
}

/* The switch that keeps every value in GMP (dec_force_gmp): the small path
 * and the general one must give the same bytes, and this is how that is
 * tested. Set once, before any value is made, and only read afterwards. */
bool dec_gmp_only;
#define gmp_only dec_gmp_only

void dec_force_gmp(bool on)
{
	gmp_only = on;
}

bool dec_gmp_forced(void)
{
	return gmp_only;
}

/* Whether both operands may take the machine-word path. */
static inline bool both_small(const dec_t *a, const dec_t *b)
{
	return !a->big && !b->big && !gmp_only;
}

static void release_big(dec_t *d)
{
	if (d->big) {
		mpq_clear(d->big);
		mem_free(d->big);
		d->big = NULL;
	}
}

size_t dec_bits(const dec_t *a)
{
	if (!a->big)
		return 128;
	return mpz_sizeinbase(mpq_numref(a->big), 2) + mpz_sizeinbase(mpq_denref(a->big), 2);
}

void dec_clear(dec_t *d)
{
	release_big(d);
	d->num = 0;
	d->den = 1;
}

/* ---- the bridge to GMP ---------------------------------------------------- */

static void mpz_set_i128(mpz_t z, i128 v)
{
	u128 m = u128_abs(v);
	uint64_t hi = (uint64_t)(m >> 64), lo = (uint64_t)m;
	mpz_set_ui(z, (unsigned long)hi);
	mpz_mul_2exp(z, z, 64);
	mpz_add_ui(z, z, (unsigned long)lo);
	if (v < 0)
		mpz_neg(z, z);
}

/* q = a (any representation); q must be initialised. */
static void load_mpq(mpq_t q, const dec_t *a)
{
	if (a->big) {
		mpq_set(q, a->big);
	} else {
		mpz_set_si(mpq_numref(q), (long)a->num);
		mpz_set_si(mpq_denref(q), (long)a->den);
		mpq_canonicalize(q);
	}
}

/* r = q, moving to the small form when it fits. q stays owned by the caller. */
static void store_mpq(dec_t *r, const mpq_t q)
{
	if (!gmp_only && mpz_fits_slong_p(mpq_numref(q)) && mpz_fits_slong_p(mpq_denref(q))) {
		int64_t n = mpz_get_si(mpq_numref(q)), d = mpz_get_si(mpq_denref(q));
		release_big(r);
		r->num = n;
		r->den = d;
		return;
	}
	if (!r->big) {
		r->big = mem_alloc(sizeof *r->big);
		mpq_init(r->big);
	}
	mpq_set(r->big, q);
	r->num = 0;
	r->den = 1;
}

/* r = n/d from 128-bit parts (d != 0), reducing only when needed to fit. */
static void store128(dec_t *r, i128 n, i128 d)
{
	if (d < 0) {
		n = -n;
		d = -d;
	}
	if (!fits64(n) || !fits64(d)) {
		u128 g = gcd128(u128_abs(n), (u128)d);
		if (g > 1) {
			n /= (i128)g;
			d /= (i128)g;
		}
	}
	if (fits64(n) && fits64(d) && !gmp_only) {
		release_big(r);
		r->num = (int64_t)n;
		r->den = (int64_t)d;
		return;
	}
	mpq_t q;
	mpq_init(q);
	mpz_set_i128(mpq_numref(q), n);
	mpz_set_i128(mpq_denref(q), d);
	mpq_canonicalize(q);
	store_mpq(r, q);
	mpq_clear(q);
}

typedef void (*mpq_binop)(mpq_ptr, mpq_srcptr, mpq_srcptr);

static void big_binop(dec_t *r, const dec_t *a, const dec_t *b, mpq_binop op)
{
	mpq_t x, y;
	mpq_init(x);
	mpq_init(y);
	load_mpq(x, a);
	load_mpq(y, b);
	op(x, x, y);
	store_mpq(r, x);
	mpq_clear(x);
	mpq_clear(y);
}

/* ---- setting ---------------------------------------------------------------- */

void dec_set_general(dec_t *r, const dec_t *a)
{
	if (r == a)
		return;
	if (a->big) {
		store_mpq(r, a->big);
		return;
	}
	release_big(r);
	r->num = a->num;
	r->den = a->den;
}

void dec_set_int_general(dec_t *r, int64_t v)
{
	if (gmp_only) {
		store128(r, v, 1);
		return;
	}
	release_big(r);
	r->num = v;
	r->den = 1;
}

dec_parse_status dec_parse(dec_t *r, const char *s, size_t n, unsigned max_digits)
{
	size_t i = 0;
	bool neg = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	unsigned digits = 0, frac = 0;
	bool dot = false;
	size_t start = i;
	for (; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			digits++;
			if (dot)
				frac++;
		} else if (c == '.' && !dot) {
			dot = true;
		} else {
			return DEC_ESYNTAX;
		}
	}
	if (digits == 0)
		return DEC_ESYNTAX;
	if (digits > max_digits)
		return DEC_ETOOLONG;
	if (digits <= 18 && !gmp_only) {
		int64_t v = 0, d = 1;
		for (size_t j = start; j < n; j++)
			if (s[j] != '.')
				v = v * 10 + (s[j] - '0');
		for (unsigned k = 0; k < frac; k++)
			d *= 10;
		release_big(r);
		r->num = neg ? -v : v;
		r->den = d;
		return DEC_OK;
	}
	char *buf = mem_alloc(digits + 2);
	size_t k = 0;
	if (neg)
		buf[k++] = '-';
	for (size_t j = start; j < n; j++)
		if (s[j] != '.')
			buf[k++] = s[j];
	buf[k] = '\0';
	mpq_t q;
	mpq_init(q);
	mpz_set_str(mpq_numref(q), buf, 10);
	mpz_ui_pow_ui(mpq_denref(q), 10, frac);
	mpq_canonicalize(q);
	store_mpq(r, q);
	mpq_clear(q);
	mem_free(buf);
	return DEC_OK;
}

/* ---- arithmetic ------------------------------------------------------------- */

void dec_add_general(dec_t *r, const dec_t *a, const dec_t *b)
{
	if (both_small(a, b)) {
		if (a->den == b->den) {
			int64_t s;
			if (!__builtin_add_overflow(a->num, b->num, &s)) {
				int64_t d = a->den;
				release_big(r);
				r->num = s;
				r->den = d;
				return;
			}
			store128(r, (i128)a->num + b->num, a->den);
			return;
		}
		store128(r, (i128)a->num * b->den + (i128)b->num * a->den,
			 (i128)a->den * b->den);
		return;
	}
	big_binop(r, a, b, mpq_add);
}

void dec_sub_general(dec_t *r, const dec_t *a, const dec_t *b)
{
	if (both_small(a, b)) {
		if (a->den == b->den) {
			store128(r, (i128)a->num - b->num, a->den);
			return;
		}
		store128(r, (i128)a->num * b->den - (i128)b->num * a->den,
			 (i128)a->den * b->den);
		return;
	}
	big_binop(r, a, b, mpq_sub);
}

void dec_mul_general(dec_t *r, const dec_t *a, const dec_t *b)
{
	if (both_small(a, b)) {
		store128(r, (i128)a->num * b->num, (i128)a->den * b->den);
		return;
	}
	big_binop(r, a, b, mpq_mul);
}

bool dec_div_general(dec_t *r, const dec_t *a, const dec_t *b)
{
	if (dec_is_zero(b))
		return false;
	if (both_small(a, b)) {
		store128(r, (i128)a->num * b->den, (i128)a->den * b->num);
		return true;
	}
	big_binop(r, a, b, mpq_div);
	return true;
}

void dec_neg(dec_t *r, const dec_t *a)
{
	if (!a->big && !gmp_only) {
		store128(r, -(i128)a->num, a->den);
		return;
	}
	mpq_t q;
	mpq_init(q);
	mpq_neg(q, a->big);
	store_mpq(r, q);
	mpq_clear(q);
}

void dec_abs(dec_t *r, const dec_t *a)
{
	if (dec_sgn(a) < 0)
		dec_neg(r, a);
	else
		dec_set(r, a);
}

void dec_shift10(dec_t *r, const dec_t *a, int k)
{
	if (!a->big && !gmp_only && k >= -18 && k <= 18) {
		i128 p = 1;
		for (int i = 0; i < (k < 0 ? -k : k); i++)
			p *= 10;
		if (k >= 0)
			store128(r, (i128)a->num * p, a->den);
		else
			store128(r, a->num, (i128)a->den * p);
		return;
	}
	mpq_t q;
	mpz_t p;
	mpq_init(q);
	mpz_init(p);
	load_mpq(q, a);
	mpz_ui_pow_ui(p, 10, (unsigned long)(k < 0 ? -k : k));
	if (k >= 0)
		mpz_mul(mpq_numref(q), mpq_numref(q), p);
	else
		mpz_mul(mpq_denref(q), mpq_denref(q), p);
	mpq_canonicalize(q);
	store_mpq(r, q);
	mpz_clear(p);
	mpq_clear(q);
}

/* ---- comparison ------------------------------------------------------------- */

int dec_sgn_general(const dec_t *a)
{
	if (a->big)
		return mpq_sgn(a->big);
	return (a->num > 0) - (a->num < 0);
}

bool dec_is_zero_general(const dec_t *a)
{
	return a->big ? mpq_sgn(a->big) == 0 : a->num == 0;
}

int dec_cmp_general(const dec_t *a, const dec_t *b)
{
	if (both_small(a, b)) {
		if (a->den == b->den)
			return (a->num > b->num) - (a->num < b->num);
		i128 x = (i128)a->num * b->den, y = (i128)b->num * a->den;
		return (x > y) - (x < y);
	}
	mpq_t x, y;
	mpq_init(x);
	mpq_init(y);
	load_mpq(x, a);
	load_mpq(y, b);
	int c = mpq_cmp(x, y);
	mpq_clear(x);
	mpq_clear(y);
	return (c > 0) - (c < 0);
}

bool dec_is_int(const dec_t *a)
{
	if (a->big)
		return mpz_cmp_ui(mpq_denref(a->big), 1) == 0;
	return a->num % a->den == 0;
}

bool dec_get_int(const dec_t *a, int64_t *out)
{
	if (a->big) {
		/* only with the GMP path forced can a held value fit a word */
		if (mpz_cmp_ui(mpq_denref(a->big), 1) != 0 || !mpz_fits_slong_p(mpq_numref(a->big)))
			return false;
		*out = mpz_get_si(mpq_numref(a->big));
		return true;
	}
	if (a->num % a->den != 0)
		return false;
	*out = a->num / a->den;
	return true;
}

/* ---- rounding ----------------------------------------------------------------- */

/* Decides the rounded quotient from the truncated one. sign is the sign of
 * the exact value; twice_rem_cmp compares 2·|remainder| with |divisor|. */
static inline __attribute__((always_inline)) int round_adjust(dec_round_mode mode, int sign, bool inexact, int twice_rem_cmp, bool q_odd)
{
	if (!inexact)
		return 0;
	switch (mode) {
	case DEC_DOWN:
		return 0;
	case DEC_UP:
		return sign;
	case DEC_FLOOR:
		return sign < 0 ? -1 : 0;
	case DEC_CEIL:
		return sign > 0 ? 1 : 0;
	case DEC_HALF_UP:
		return twice_rem_cmp >= 0 ? sign : 0;
	case DEC_HALF_EVEN:
		if (twice_rem_cmp > 0)
			return sign;
		if (twice_rem_cmp == 0)
			return q_odd ? sign : 0;
		return 0;
	}
	return 0;
}

static void round128(dec_t *r, const dec_t *a, int places, dec_round_mode mode);
static void round_big(dec_t *r, const dec_t *a, int places, dec_round_mode mode);

/* The decimal places k = max(a, b) of a denominator 2^a·5^b, or -1 for
 * any other; when k <= 18, also f with den·f = 10^k, found with no
 * division by a variable (a hardware division costs more than the rest of
 * a rounding or a printing). */
static int pow10_places(uint64_t den, uint64_t *f)
{
	if (den == 0)
		return -1;
	int e2 = __builtin_ctzll(den), e5 = 0;
	den >>= e2;
	while (den % 5 == 0) {
		den /= 5;
		e5++;
	}
	if (den != 1)
		return -1;
	int k = e2 > e5 ? e2 : e5;
	if (k <= 18)
		*f = ((uint64_t)1 << (k - e2)) * (pow10_u64(k - e5) >> (k - e5)); /* 2^(k-a)·5^(k-b); 5^j = 10^j / 2^j */
	return k;
}

/* hot: its callers' fast paths end in it, so GCC would deem it cold and
 * divide by the powers of ten of div_pow10 in hardware */
__attribute__((hot)) void dec_round_general(dec_t *r, const dec_t *a, int places, dec_round_mode mode)
{
	assert(places >= 0 && places <= 60);
	if (!a->big && !gmp_only && places <= 18) {
		int64_t p64 = (int64_t)pow10_u64(places), s64;
		if (a->den == p64) {
			/* already at those places (a cell's 87.45%, a sum of rounded scores) */
			dec_set(r, a);
			return;
		}
		/* the value over a power of ten, num/10^k: as it is, or from a
		 * denominator 2^a·5^b (a deduction of 0.5 per 1% is over 20000) */
		int64_t num = a->num;
		int k = log10_exact((uint64_t)a->den);
		if (k < 0) {
			uint64_t f;
			int64_t scaled;
			int places10 = pow10_places((uint64_t)a->den, &f);
			if (places10 >= 0 && places10 <= 18 && !__builtin_mul_overflow(a->num, (int64_t)f, &scaled)) {
				num = scaled;
				k = places10;
			}
		}
		if (k >= 0 && k < places && !__builtin_mul_overflow(num, (int64_t)pow10_u64(places - k), &s64)) {
			/* fewer places (a band's 4, a checklist's 1.5): exact, only scaled */
			release_big(r);
			r->num = s64;
			r->den = p64;
			return;
		}
		if (k > places) {
			/* over a larger power of ten (87.45% at 2 places): drop digits */
			uint64_t n = num < 0 ? (uint64_t)0 - (uint64_t)num : (uint64_t)num, rem;
			uint64_t unit = pow10_u64(k - places);
			int64_t q = (int64_t)div_pow10(n, k - places, &rem);
			int cmp = (2 * rem > unit) - (2 * rem < unit);
			int sign = (num > 0) - (num < 0);
			/* round_adjust moves the signed quotient; q is its magnitude */
			q += sign * round_adjust(mode, sign, rem != 0, cmp, (q & 1) != 0);
			release_big(r);
			r->num = sign < 0 ? -q : q;
			r->den = p64;
			return;
		}
		if (!__builtin_mul_overflow(a->num, p64, &s64)) {
			/* the usual case, in machine words */
			int64_t d = a->den, q = s64 / d, rem = s64 % d;
			uint64_t twice = (uint64_t)(rem < 0 ? -rem : rem) * 2;
			int cmp = (twice > (uint64_t)d) - (twice < (uint64_t)d);
			int sign = (s64 > 0) - (s64 < 0);
			q += round_adjust(mode, sign, rem != 0, cmp, (q & 1) != 0);
			release_big(r);
			r->num = q;
			r->den = p64;
			return;
		}
		round128(r, a, places, mode);
		return;
	}
	round_big(r, a, places, mode);
}

/* dec_round's 128-bit way: a·10^places overflows a word. */
static __attribute__((noinline)) void round128(dec_t *r, const dec_t *a, int places, dec_round_mode mode)
{
	i128 p = 1;
	for (int i = 0; i < places; i++)
		p *= 10;
	i128 s = (i128)a->num * p, d = a->den;
	i128 q = s / d, rem = s % d;
	u128 twice = u128_abs(rem) * 2;
	int cmp = (twice > (u128)d) - (twice < (u128)d);
	int sign = (s > 0) - (s < 0);
	q += round_adjust(mode, sign, rem != 0, cmp, (q & 1) != 0);
	store128(r, q, p);
}

/* dec_round's GMP way: a value held by GMP, or more than 18 places. */
static __attribute__((noinline)) void round_big(dec_t *r, const dec_t *a, int places, dec_round_mode mode)
{
	mpq_t x;
	mpz_t p, q, rem;
	mpq_init(x);
	mpz_inits(p, q, rem, NULL);
	load_mpq(x, a);
	mpz_ui_pow_ui(p, 10, (unsigned long)places);
	mpz_mul(mpq_numref(x), mpq_numref(x), p);
	mpz_tdiv_qr(q, rem, mpq_numref(x), mpq_denref(x));
	mpz_mul_2exp(rem, rem, 1);
	mpz_abs(rem, rem);
	int cmp = mpz_cmp(rem, mpq_denref(x));
	int adj = round_adjust(mode, mpz_sgn(mpq_numref(x)), mpz_sgn(rem) != 0,
			       (cmp > 0) - (cmp < 0), mpz_odd_p(q));
	if (adj > 0)
		mpz_add_ui(q, q, 1);
	else if (adj < 0)
		mpz_sub_ui(q, q, 1);
	mpz_set(mpq_numref(x), q);
	mpz_set(mpq_denref(x), p);
	mpq_canonicalize(x);
	store_mpq(r, x);
	mpz_clears(p, q, rem, NULL);
	mpq_clear(x);
}

/* ---- printing ----------------------------------------------------------------- */

static void put_u128(strbuf *sb, u128 v)
{
	char tmp[48];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	while (n)
		sb_putc(sb, tmp[--n]);
}

/* Writes digits (an integer string, no sign) with a decimal point `scale`
 * places from the right, without trailing zeros after the point but keeping
 * at least min_places decimals. Built in one buffer, appended once. */
static void put_scaled(strbuf *sb, bool neg, const char *digits, size_t len, int scale, int min_places)
{
	size_t sc = (size_t)scale;
	/* drop fraction digits that are trailing zeros, down to min_places */
	while (sc > (size_t)min_places && sc > 0 && len > 0 && digits[len - 1] == '0') {
		len--;
		sc--;
	}
	if (len == 0) {
		/* every digit was a zero: the value is 0 */
		digits = "0";
		len = 1;
		sc = 0;
	}
	size_t places = sc > (size_t)min_places ? sc : (size_t)min_places;
	size_t int_len = len > sc ? len - sc : 0;
	sb_reserve(sb, len + places + 4);
	char *out = sb->data + sb->len, *o = out;
	if (neg && !(len == 1 && digits[0] == '0' && sc == 0))
		*o++ = '-';
	if (int_len) {
		memcpy(o, digits, int_len);
		o += int_len;
	} else {
		*o++ = '0';
	}
	if (places) {
		*o++ = '.';
		for (size_t i = sc; i > len; i--)
			*o++ = '0'; /* zeros between the point and the first digit */
		size_t frac = sc < len ? sc : len;
		memcpy(o, digits + len - frac, frac);
		o += frac;
		for (size_t i = sc; i < places; i++)
			*o++ = '0';
	}
	sb->len += (size_t)(o - out);
	sb->data[sb->len] = '\0';
}

static void format_big(strbuf *sb, const dec_t *a, int min_places)
{
	mpq_t x;
	mpq_init(x);
	load_mpq(x, a);
	mpz_t d, p, two, five;
	mpz_inits(d, p, NULL);
	mpz_init_set_ui(two, 2);
	mpz_init_set_ui(five, 5);
	/* the expansion is finite when the denominator is 2^a·5^b */
	mpz_set(d, mpq_denref(x));
	unsigned long e2 = mpz_remove(d, d, two);
	unsigned long e5 = mpz_remove(d, d, five);
	if (mpz_cmp_ui(d, 1) != 0) {
		char *s = mpq_get_str(NULL, 10, x);
		sb_puts(sb, s);
		mem_free(s); /* GMP allocates through mem_alloc (mem_install_gmp) */
	} else {
		unsigned long k = e2 > e5 ? e2 : e5;
		mpz_ui_pow_ui(p, 10, k);
		mpz_mul(p, p, mpq_numref(x));
		mpz_divexact(p, p, mpq_denref(x));
		bool neg = mpz_sgn(p) < 0;
		mpz_abs(p, p);
		char *s = mpz_get_str(NULL, 10, p);
		put_scaled(sb, neg, s, strlen(s), (int)k, min_places);
		mem_free(s);
	}
	mpz_clears(d, p, two, five, NULL);
	mpq_clear(x);
}


/* The number of decimal digits of v (at least 1): from its bits, as
 * floor(log10(2^bits)) by 1233/4096, then one comparison, with no loop. */
static inline int digits_of(uint64_t v)
{
	static const uint64_t pow10_to19[20] = {1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
		10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
		10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
		100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL};
	v |= 1;
	int t = ((64 - __builtin_clzll(v)) * 1233) >> 12;
	return t + (v >= pow10_to19[t]);
}

/* "00" to "99": numbers are written two digits at a time. */
const char dec_digit_pairs[200] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
				  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
				  "8081828384858687888990919293949596979899";

/* put_digits for three digits or more, or zero-padded. */
static __attribute__((noinline)) char *put_many_digits(char *o, uint64_t v, int width)
{
	const char *pairs = dec_digit_pairs;
	int n = digits_of(v);
	if (n < width)
		n = width;
	char *end = o + n, *t = end;
	while (v >= 100) {
		uint64_t q = v / 100;
		t -= 2;
		t[0] = pairs[2 * (v - q * 100)];
		t[1] = pairs[2 * (v - q * 100) + 1];
		v = q;
	}
	if (v >= 10) {
		t -= 2;
		t[0] = pairs[2 * v];
		t[1] = pairs[2 * v + 1];
	} else {
		*--t = (char)('0' + v);
	}
	while (t > o)
		*--t = '0';
	return end;
}

/* Writes v's decimal digits at o (at least `width` of them, zero-padded);
 * returns the end. Written from the last digit back, two at a time, straight
 * into place; one or two digits (a score's whole part, its cents) inline. */
static inline char *put_digits(char *o, uint64_t v, int width)
{
	if (v < 10 && width <= 1) {
		*o = (char)('0' + v);
		return o + 1;
	}
	if (v < 100 && width <= 2) {
		o[0] = dec_digit_pairs[2 * v];
		o[1] = dec_digit_pairs[2 * v + 1];
		return o + 2;
	}
	return put_many_digits(o, v, width);
}

/* v (< 10^width) as exactly `width` digits, leading zeros included, two
 * at a time from the end. */
static inline char *put_width_digits(char *o, uint64_t v, int width)
{
	char *t = o + width;
	for (int k = width; k >= 2; k -= 2) {
		uint64_t q = dec_div100(v);
		t -= 2;
		memcpy(t, &dec_digit_pairs[2 * (v - q * 100)], 2);
		v = q;
	}
	if (t > o)
		*--t = (char)('0' + v);
	return o + width;
}

/* The common value, in machine words over a power of ten (every rounded
 * score, every cell): written at o, which has DEC_PUT_ROOM bytes, with no
 * gcd and no copy; returns the end, or NULL for any other value. */
char *dec_put_general(char *o, const dec_t *a)
{
	if (a->big || gmp_only)
		return NULL;
	int k = a->den == 100 ? 2 : log10_exact((uint64_t)a->den); /* a score at two places, the usual, at one compare */
	if (k < 0)
		return NULL;
	uint64_t n = a->num < 0 ? (uint64_t)0 - (uint64_t)a->num : (uint64_t)a->num;
	if (a->num < 0)
		*o++ = '-';
	if (k == 0)
		return put_digits(o, n, 1);
	if (k == 2) {
		/* a score at two places: its cents written from a table of pairs */
		uint64_t whole = n / 100, cents = n - whole * 100;
		o = put_digits(o, whole, 1);
		if (cents) {
			*o++ = '.';
			*o++ = dec_digit_pairs[2 * cents];
			if (cents % 10)
				*o++ = dec_digit_pairs[2 * cents + 1];
		}
		return o;
	}
	uint64_t frac, whole = div_pow10(n, k, &frac);
	o = put_digits(o, whole, 1);
	if (frac) {
		while (frac % 10 == 0) {
			frac /= 10;
			k--;
		}
		*o++ = '.';
		o = put_digits(o, frac, k);
	}
	return o;
}

static void format_any(strbuf *sb, const dec_t *a, int min_places)
{
	if (!a->big && !gmp_only) {
		uint64_t n = a->num < 0 ? (uint64_t)0 - (uint64_t)a->num : (uint64_t)a->num;
		uint64_t d = (uint64_t)a->den;
		/* a denominator of 2^a·5^b needs no reduction (the zeros are trimmed
		 * when printing); any other is reduced first, which may make it one.
		 * f = 10^k / d, found with no division */
		uint64_t f;
		int k = pow10_places(d, &f);
		if (k < 0 || k > 18) {
			uint64_t g = dec_gcd64(n, d);
			n /= g;
			d /= g;
			k = pow10_places(d, &f);
		}
		if (k >= 0 && k <= 18) {
			u128 scaled = (u128)n * f; /* n < 2^64, f <= 10^18: fits */
			char digits[48];
			int len = 0;
			if (scaled >> 64 == 0) {
				uint64_t v = (uint64_t)scaled;
				do {
					digits[len++] = (char)('0' + (int)(v % 10));
					v /= 10;
				} while (v);
			} else {
				do {
					digits[len++] = (char)('0' + (int)(scaled % 10));
					scaled /= 10;
				} while (scaled);
			}
			for (int i = 0; i < len / 2; i++) {
				char c = digits[i];
				digits[i] = digits[len - 1 - i];
				digits[len - 1 - i] = c;
			}
			put_scaled(sb, a->num < 0, digits, (size_t)len, k, min_places);
			return;
		}
		if (k < 0) {
			if (a->num < 0)
				sb_putc(sb, '-');
			put_u128(sb, n);
			sb_putc(sb, '/');
			put_u128(sb, d);
			return;
		}
	}
	format_big(sb, a, min_places);
}

void dec_format(strbuf *sb, const dec_t *a)
{
	/* the usual value, in place; any other the general way */
	sb_reserve(sb, DEC_PUT_ROOM);
	char *o = dec_put(sb->data + sb->len, a);
	if (!o) {
		format_any(sb, a, 0);
		return;
	}
	*o = '\0';
	sb->len = (size_t)(o - sb->data);
}

void dec_format_fixed(strbuf *sb, const dec_t *a, int places)
{
	format_any(sb, a, places);
}

char *dec_put_down_general(char *o, const dec_t *a, int places, bool *cut)
{
	if (a->big || gmp_only || places < 0 || places > 18)
		return NULL;
	/* in words: the whole part and the first `places` digits of the rest,
	 * two divisions in place of a rounding, a printing and a comparison */
	uint64_t n = a->num < 0 ? (uint64_t)0 - (uint64_t)a->num : (uint64_t)a->num, d = (uint64_t)a->den;
	uint64_t whole, rem, frac = 0;
	int width = places; /* frac's digits, leading zeros included */
	*cut = false;
	int k10 = log10_exact(d);
	if (k10 >= 0) {
		/* over a power of ten (a percent times points, a cell): the digits
		 * as they stand, by constant divisions */
		whole = div_pow10(n, k10, &rem);
		if (k10 <= places) {
			frac = rem;
			width = k10;
		} else {
			uint64_t left;
			frac = div_pow10(rem, k10 - places, &left);
			*cut = left != 0;
		}
	} else if ((rem = n - (whole = n / d) * d)) {
		u128 s = (u128)rem * pow10_u64(places); /* < d·10^places: the digits wanted, and what they leave */
		if (s >> 64 == 0) {
			uint64_t s64 = (uint64_t)s;
			frac = s64 / d;
			*cut = s64 - frac * d != 0;
		} else {
			frac = (uint64_t)(s / d);
			*cut = s % d != 0;
		}
	}
	if (a->num < 0 && (whole | frac))
		*o++ = '-';
	o = put_digits(o, whole, 1);
	if (frac) {
		/* all `width` digits, then the zeros at the end taken back: the
		 * last digit written is not one, as frac is not 0 */
		*o++ = '.';
		o = put_width_digits(o, frac, width);
		while (o[-1] == '0')
			o--;
	}
	return o;
}

bool dec_format_down(strbuf *sb, const dec_t *a, int places)
{
	sb_reserve(sb, DEC_PUT_ROOM);
	bool cut;
	char *o = dec_put_down(sb->data + sb->len, a, places, &cut);
	if (o) {
		*o = '\0';
		sb->len = (size_t)(o - sb->data);
		return cut;
	}
	dec_t r = DEC_ZERO;
	dec_round(&r, a, places, DEC_DOWN);
	dec_format(sb, &r);
	cut = dec_cmp(&r, a) != 0;
	dec_clear(&r);
	return cut;
}
