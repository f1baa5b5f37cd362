/* decimal: exactness, the move to GMP and back, rounding, printing. */
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "tests.h"

static dec_t D(const char *s)
{
	dec_t d = DEC_ZERO;
	CU_ASSERT_EQUAL_FATAL(dec_parse(&d, s, strlen(s), 100), DEC_OK);
	return d;
}

static void expect(const dec_t *d, const char *want)
{
	strbuf sb = STRBUF_INIT;
	dec_format(&sb, d);
	CU_ASSERT_STRING_EQUAL(sb.data, want);
	if (strcmp(sb.data, want) != 0)
		fprintf(stderr, "\n  got %s, want %s\n", sb.data, want);
	sb_free(&sb);
}

static void test_parse_and_format(void)
{
	dec_t a = D("81.43"), b = D("-0.050"), c = D("1000000000000000000000.5");
	expect(&a, "81.43");
	expect(&b, "-0.05");
	expect(&c, "1000000000000000000000.5");
	CU_ASSERT_PTR_NOT_NULL(c.big); /* 22 digits: held by GMP */
	dec_t d = DEC_ZERO;
	CU_ASSERT_EQUAL(dec_parse(&d, "1e5", 3, 100), DEC_ESYNTAX);
	CU_ASSERT_EQUAL(dec_parse(&d, "0x10", 4, 100), DEC_ESYNTAX);
	CU_ASSERT_EQUAL(dec_parse(&d, "", 0, 100), DEC_ESYNTAX);
	CU_ASSERT_EQUAL(dec_parse(&d, ".", 1, 100), DEC_ESYNTAX);
	CU_ASSERT_EQUAL(dec_parse(&d, "1.2.3", 5, 100), DEC_ESYNTAX);
	CU_ASSERT_EQUAL(dec_parse(&d, "123456", 6, 5), DEC_ETOOLONG);
	dec_clear(&a);
	dec_clear(&b);
	dec_clear(&c);
	dec_clear(&d);
}

/* The reason the project exists: 0.9 computed from 90/100 is exactly 0.9. */
static void test_band_edge_is_exact(void)
{
	dec_t num = D("0.1"), den = D("0.3"), r = DEC_ZERO, third = DEC_ZERO;
	dec_t sum = DEC_ZERO;
	/* 0.1 + 0.2 = 0.3 exactly, unlike binary floating point */
	dec_t two = D("0.2");
	dec_add(&sum, &num, &two);
	CU_ASSERT_EQUAL(dec_cmp(&sum, &den), 0);
	dec_t ninety = D("90"), hundred = D("100"), edge = D("0.9");
	CU_ASSERT_TRUE(dec_div(&r, &ninety, &hundred));
	CU_ASSERT_EQUAL(dec_cmp(&r, &edge), 0);
	/* 1/3 is kept as a fraction and printed as one */
	dec_t one = D("1"), three = D("3");
	dec_div(&third, &one, &three);
	expect(&third, "1/3");
	dec_mul(&third, &third, &three);
	CU_ASSERT_EQUAL(dec_cmp(&third, &one), 0);
	dec_t zero = DEC_ZERO;
	CU_ASSERT_FALSE(dec_div(&r, &one, &zero));
	dec_clear(&num);
	dec_clear(&den);
	dec_clear(&r);
	dec_clear(&third);
	dec_clear(&sum);
	dec_clear(&two);
	dec_clear(&ninety);
	dec_clear(&hundred);
	dec_clear(&edge);
	dec_clear(&one);
	dec_clear(&three);
}

/* Seed 001: 5 × 1427.91 / 1753.45 = 4.0717…, published as 4.07. */
static void test_seed_001_execution_rate(void)
{
	dec_t a = D("1427.91"), b = D("1753.45"), five = D("5"), r = DEC_ZERO;
	dec_div(&r, &a, &b);
	dec_mul(&r, &r, &five);
	dec_round(&r, &r, 2, DEC_HALF_UP);
	expect(&r, "4.07");
	dec_clear(&a);
	dec_clear(&b);
	dec_clear(&five);
	dec_clear(&r);
}

static void round_case(const char *in, int places, dec_round_mode mode, const char *want)
{
	dec_t a = D(in), r = DEC_ZERO;
	dec_round(&r, &a, places, mode);
	expect(&r, want);
	dec_clear(&a);
	dec_clear(&r);
}

static void test_rounding_modes(void)
{
	round_case("2.345", 2, DEC_HALF_UP, "2.35");
	round_case("-2.345", 2, DEC_HALF_UP, "-2.35");
	round_case("2.344999", 2, DEC_HALF_UP, "2.34");
	round_case("2.345", 2, DEC_HALF_EVEN, "2.34");
	round_case("2.355", 2, DEC_HALF_EVEN, "2.36");
	round_case("2.349", 2, DEC_DOWN, "2.34");
	round_case("-2.349", 2, DEC_DOWN, "-2.34");
	round_case("2.341", 2, DEC_UP, "2.35");
	round_case("-2.341", 2, DEC_UP, "-2.35");
	round_case("2.5", 0, DEC_FLOOR, "2");
	round_case("-2.5", 0, DEC_FLOOR, "-3");
	round_case("2.1", 0, DEC_CEIL, "3");
	round_case("7", 2, DEC_HALF_UP, "7");
	/* beyond two machine words: the GMP path gives the same answers */
	round_case("123456789012345678901234.565", 2, DEC_HALF_UP, "123456789012345678901234.57");
	round_case("123456789012345678901234.565", 2, DEC_HALF_EVEN, "123456789012345678901234.56");
	round_case("-123456789012345678901234.565", 2, DEC_HALF_UP, "-123456789012345678901234.57");
}

/* Rounding takes one of four ways by the value's size (digits dropped from
 * a power of ten, a machine word, 128 bits, GMP): on every way, in every
 * mode, on either side of zero and of a half, the result is what the mode
 * says (checked against the value itself) and the same as the GMP way's. */
static void check_rounded(const dec_t *a, int places, dec_round_mode mode)
{
	static const char *names[] = {"half_up", "half_even", "down", "up", "floor", "ceil"};
	dec_t r = DEC_ZERO, g = DEC_ZERO, diff = DEC_ZERO, unit = DEC_ZERO, half = DEC_ZERO, two = DEC_ZERO, ad = DEC_ZERO, ar = DEC_ZERO;
	dec_round(&r, a, places, mode);
	dec_force_gmp(true);
	dec_round(&g, a, places, mode);
	dec_force_gmp(false);
	strbuf sr = STRBUF_INIT, sg = STRBUF_INIT, sa = STRBUF_INIT;
	dec_format(&sr, &r);
	dec_format(&sg, &g);
	dec_format(&sa, a);
	bool same = strcmp(sr.data, sg.data) == 0;
	/* unit = 10^-places; diff = r - a */
	dec_set_int(&unit, 1);
	dec_set_int(&two, 2);
	dec_t ten = DEC_ZERO;
	dec_set_int(&ten, 10);
	for (int i = 0; i < places; i++)
		CU_ASSERT_FATAL(dec_div(&unit, &unit, &ten));
	CU_ASSERT_FATAL(dec_div(&half, &unit, &two));
	dec_sub(&diff, &r, a);
	dec_abs(&ad, &diff);
	dec_abs(&ar, &r);
	dec_t aa = DEC_ZERO;
	dec_abs(&aa, a);
	bool ok = dec_cmp(&ad, &unit) < 0;
	switch (mode) {
	case DEC_DOWN: ok &= dec_cmp(&ar, &aa) <= 0; break;
	case DEC_UP: ok &= dec_cmp(&ar, &aa) >= 0; break;
	case DEC_FLOOR: ok &= dec_sgn(&diff) <= 0; break;
	case DEC_CEIL: ok &= dec_sgn(&diff) >= 0; break;
	case DEC_HALF_UP:
	case DEC_HALF_EVEN: ok &= dec_cmp(&ad, &half) <= 0; break;
	}
	CU_ASSERT(same && ok);
	if (!same || !ok)
		fprintf(stderr, "\n  %s at %d places, %s: %s (GMP %s)\n", sa.data, places, names[mode], sr.data, sg.data);
	sb_free(&sr);
	sb_free(&sg);
	sb_free(&sa);
	dec_t *all[] = {&r, &g, &diff, &unit, &half, &two, &ad, &ar, &ten, &aa};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		dec_clear(all[i]);
}

static void test_rounding_ways_agree(void)
{
	/* numerators over denominators: powers of ten (digits dropped), others
	 * (a machine word); then scaled so that a·10^places needs 128 bits, and
	 * beyond (GMP) */
	static const char *nums[] = {"0", "1", "5", "15", "25", "2345", "2355", "7", "1001", "999999"};
	static const char *dens[] = {"1", "2", "3", "4", "7", "8", "10", "100", "1000", "40"};
	static const char *scales[] = {"1", "1000000000000000", "100000000000000000000000000"};
	int n = 0;
	for (size_t s = 0; s < sizeof scales / sizeof *scales; s++)
		for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
			for (size_t j = 0; j < sizeof dens / sizeof *dens; j++)
				for (int neg = 0; neg < 2; neg++) {
					dec_t a = D(nums[i]), d = D(dens[j]), k = D(scales[s]);
					dec_mul(&a, &a, &k);
					CU_ASSERT_FATAL(dec_div(&a, &a, &d));
					if (neg)
						dec_neg(&a, &a);
					for (int places = 0; places <= 3; places++)
						for (int mode = DEC_HALF_UP; mode <= DEC_CEIL; mode++, n++)
							check_rounded(&a, places, (dec_round_mode)mode);
					dec_clear(&a);
					dec_clear(&d);
					dec_clear(&k);
				}
	CU_ASSERT_EQUAL(n, 3 * 10 * 10 * 2 * 4 * 6);
}

/* dec_format_down (an explanation's exact value, cut short) writes what
 * rounding toward zero and printing write, and says when digits were
 * dropped, as comparing the two says: in words (one division, or 128 bits
 * where the rest times 10^places passes a word) and in GMP. */
static void check_format_down(const dec_t *a, int places)
{
	strbuf got = STRBUF_INIT, want = STRBUF_INIT, gmp = STRBUF_INIT;
	bool cut = dec_format_down(&got, a, places);
	dec_t r = DEC_ZERO;
	dec_force_gmp(true);
	bool cut_gmp = dec_format_down(&gmp, a, places);
	dec_round(&r, a, places, DEC_DOWN);
	dec_format(&want, &r);
	bool want_cut = dec_cmp(&r, a) != 0;
	dec_force_gmp(false);
	CU_ASSERT_STRING_EQUAL(got.data, want.data);
	CU_ASSERT_STRING_EQUAL(gmp.data, want.data);
	CU_ASSERT_EQUAL(cut, want_cut);
	CU_ASSERT_EQUAL(cut_gmp, want_cut);
	if (strcmp(got.data, want.data) != 0 || cut != want_cut) {
		strbuf sa = STRBUF_INIT;
		dec_format(&sa, a);
		fprintf(stderr, "\n  %s down to %d places: %s%s, want %s%s\n", sa.data, places, got.data,
			cut ? "…" : "", want.data, want_cut ? "…" : "");
		sb_free(&sa);
	}
	dec_clear(&r);
	sb_free(&got);
	sb_free(&want);
	sb_free(&gmp);
}

static void test_format_down(void)
{
	static const char *nums[] = {"0", "1", "2", "15", "2345", "31280700", "999999", "9223372036854775807", "4611686018427387903"};
	static const char *dens[] = {"1", "3", "7", "8", "10", "100", "10000", "446658", "1000000007",
				     "1000000000000000000", "9223372036854775807"};
	static const int places[] = {0, 1, 2, 6, 12, 18, 19, 30};
	int n = 0;
	for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
		for (size_t j = 0; j < sizeof dens / sizeof *dens; j++)
			for (int neg = 0; neg < 2; neg++) {
				dec_t a = D(nums[i]), d = D(dens[j]);
				CU_ASSERT_FATAL(dec_div(&a, &a, &d));
				if (neg)
					dec_neg(&a, &a);
				for (size_t k = 0; k < sizeof places / sizeof *places; k++, n++)
					check_format_down(&a, places[k]);
				dec_clear(&a);
				dec_clear(&d);
			}
	CU_ASSERT_EQUAL(n, 9 * 11 * 2 * 8);
	/* values as cells and scores hold them, over a power of ten unreduced
	 * (12.5010 as 125010/10^4): their digits past the value's own are zeros */
	static const int64_t raw[] = {0, 1, 7, 10, 100, 125010, 33336, 49065, 99999, 100000, 3128070000};
	for (size_t i = 0; i < sizeof raw / sizeof *raw; i++)
		for (int k = 0; k <= 8; k++)
			for (int neg = 0; neg < 2; neg++)
				for (int at = 0; at <= 9; at++) {
					dec_t a = {neg ? -raw[i] : raw[i], dec_pow10[k], NULL};
					check_format_down(&a, at);
				}
	/* a value held by GMP, and a negative value that truncates to zero */
	dec_t big = D("123456789012345678901234.5678"), tiny = D("-0.0000001");
	check_format_down(&big, 2);
	check_format_down(&tiny, 6);
	strbuf sb = STRBUF_INIT;
	CU_ASSERT_TRUE(dec_format_down(&sb, &tiny, 6));
	CU_ASSERT_STRING_EQUAL(sb.data, "0");
	sb_free(&sb);
	dec_clear(&big);
	dec_clear(&tiny);
}

static void test_overflow_moves_to_gmp_and_back(void)
{
	dec_t big = D("9223372036854775807"), one = D("1"), r = DEC_ZERO;
	dec_add(&r, &big, &one);
	expect(&r, "9223372036854775808");
	CU_ASSERT_PTR_NOT_NULL(r.big);
	dec_sub(&r, &r, &one);
	expect(&r, "9223372036854775807");
	CU_ASSERT_PTR_NULL(r.big); /* fits again: back in machine words */
	dec_mul(&r, &big, &big);
	expect(&r, "85070591730234615847396907784232501249");
	dec_div(&r, &r, &big);
	CU_ASSERT_EQUAL(dec_cmp(&r, &big), 0);
	/* aliasing: r = r + r */
	dec_set_int(&r, 21);
	dec_add(&r, &r, &r);
	expect(&r, "42");
	dec_clear(&big);
	dec_clear(&one);
	dec_clear(&r);
}

static void test_compare_and_shift(void)
{
	dec_t a = D("0.9"), b = D("0.90"), c = D("0.8999999999999999999999999"), p = DEC_ZERO;
	CU_ASSERT_EQUAL(dec_cmp(&a, &b), 0);
	CU_ASSERT_EQUAL(dec_cmp(&c, &a), -1);
	CU_ASSERT_EQUAL(dec_cmp(&a, &c), 1);
	dec_t ninety = D("90");
	dec_shift10(&p, &ninety, -2);
	CU_ASSERT_EQUAL(dec_cmp(&p, &a), 0);
	int64_t v = 0;
	CU_ASSERT_TRUE(dec_get_int(&ninety, &v));
	CU_ASSERT_EQUAL(v, 90);
	CU_ASSERT_FALSE(dec_get_int(&a, &v));
	strbuf sb = STRBUF_INIT;
	dec_format_fixed(&sb, &ninety, 2);
	CU_ASSERT_STRING_EQUAL(sb.data, "90.00");
	sb_free(&sb);
	dec_clear(&a);
	dec_clear(&b);
	dec_clear(&c);
	dec_clear(&p);
	dec_clear(&ninety);
}

static void fmt_case(int64_t num, int64_t den, int places, const char *want)
{
	dec_t d = DEC_ZERO;
	d.num = num; /* deliberately unreduced, as arithmetic leaves them */
	d.den = den;
	strbuf sb = STRBUF_INIT;
	if (places < 0)
		dec_format(&sb, &d);
	else
		dec_format_fixed(&sb, &d, places);
	CU_ASSERT_STRING_EQUAL(sb.data, want);
	if (strcmp(sb.data, want) != 0)
		fprintf(stderr, "\n  %lld/%lld: got %s, want %s\n", (long long)num, (long long)den, sb.data, want);
	sb_free(&sb);
}

static void test_formatting_edges(void)
{
	fmt_case(0, 100, -1, "0");
	fmt_case(0, 1, 2, "0.00");
	fmt_case(-50, 100, -1, "-0.5");
	fmt_case(500, 100, -1, "5");
	fmt_case(407, 100, -1, "4.07");
	fmt_case(5, 100, -1, "0.05");
	fmt_case(10000, 1, -1, "10000");
	fmt_case(150, 100, 2, "1.50");
	fmt_case(3, 1, 2, "3.00");
	fmt_case(1, 3, -1, "1/3");
	fmt_case(2, 6, -1, "1/3");
	fmt_case(-7, 8, -1, "-0.875");
	fmt_case(3, 30, -1, "0.1");
}

/* A value written in place (dec_put, with no branch on its digits: the
 * scores, the 扣分说明's values) is what dec_format gives, on every value
 * over 100 below 100.00 and around it, over other denominators and signs;
 * a score at two places below 100 is always written in place. */
static void test_put_ways_agree(void)
{
	static const int64_t dens[] = {1, 2, 3, 10, 100, 1000, 10000};
	for (int di = 0; di < (int)(sizeof dens / sizeof dens[0]); di++) {
		for (int64_t num = -120; num <= 10100; num++) {
			if (dens[di] != 100 && num % 7 != 0)
				continue; /* every hundredth; a sample of the rest */
			dec_t a = {num, dens[di], NULL}; /* as a cell holds it: over its power of ten, unreduced */
			strbuf want = STRBUF_INIT;
			dec_format(&want, &a);
			char put[DEC_PUT_ROOM + 1];
			char *e = dec_put(put, &a);
			if (e) {
				*e = '\0';
				CU_ASSERT_STRING_EQUAL(put, want.data);
			}
			CU_ASSERT(dens[di] != 100 || num < 0 || num >= 10000 || e); /* the usual ones in place */
			sb_free(&want);
		}
	}
}

void tests_add_decimal(void)
{
	CU_pSuite s = CU_add_suite("decimal", NULL, NULL);
	CU_add_test(s, "parse and format", test_parse_and_format);
	CU_add_test(s, "a band edge is exact", test_band_edge_is_exact);
	CU_add_test(s, "seed 001 execution rate", test_seed_001_execution_rate);
	CU_add_test(s, "rounding modes", test_rounding_modes);
	CU_add_test(s, "rounding: every way, every mode", test_rounding_ways_agree);
	CU_add_test(s, "cut short toward zero", test_format_down);
	CU_add_test(s, "overflow to GMP and back", test_overflow_moves_to_gmp_and_back);
	CU_add_test(s, "compare and shift", test_compare_and_shift);
	CU_add_test(s, "formatting edges", test_formatting_edges);
	CU_add_test(s, "written in place, every way alike", test_put_ways_agree);
}
