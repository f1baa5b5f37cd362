/* The interval algebra behind score check's band findings (interval.c). */
#include <string.h>

#include "interval.h"
#include "tests.h"

static dec_t num(int64_t n)
{
	dec_t d = DEC_ZERO;
	dec_set_int(&d, n);
	return d;
}

/* "[a, b)"-style text of an interval, for comparing. */
static void expect_text(const interval *iv, const char *want)
{
	strbuf sb = STRBUF_INIT;
	interval_format(&sb, iv);
	CU_ASSERT_STRING_EQUAL(sb.data, want);
	sb_free(&sb);
}

static void test_intersect_and_empty(void)
{
	dec_t zero = num(0), ten = num(10), five = num(5), twenty = num(20);
	interval a = interval_closed(&zero, &ten), b = interval_closed(&five, &twenty);
	b.lo_incl = false; /* (5, 20] */
	interval x = interval_intersect(&a, &b);
	expect_text(&x, "(5, 10]");
	CU_ASSERT_FALSE(interval_empty(&x));
	/* [0, 5] ∩ (5, 20] is empty: the exclusive end wins where they meet */
	interval c = interval_closed(&zero, &five), y = interval_intersect(&c, &b);
	CU_ASSERT_TRUE(interval_empty(&y));
	/* (4.5, 5) holds no whole number; [5, 5] does */
	dec_t nine_halves = DEC_ZERO;
	dec_set_int(&nine_halves, 9);
	dec_t two = num(2);
	dec_div(&nine_halves, &nine_halves, &two);
	interval z = interval_closed(&nine_halves, &five);
	z.lo_incl = z.hi_incl = false;
	CU_ASSERT_FALSE(interval_has_integer(&z));
	interval p = interval_closed(&five, &five);
	CU_ASSERT_TRUE(interval_has_integer(&p));
	interval_clear(&a), interval_clear(&b), interval_clear(&c), interval_clear(&x), interval_clear(&y);
	interval_clear(&z), interval_clear(&p);
	dec_clear(&zero), dec_clear(&ten), dec_clear(&five), dec_clear(&twenty), dec_clear(&nine_halves);
	dec_clear(&two);
}

static void test_subtract(void)
{
	/* [0, 100] less [80, 90) leaves [0, 80) and [90, 100] */
	dec_t zero = num(0), hundred = num(100), eighty = num(80), ninety = num(90);
	interval_set left = {.n = 0};
	interval_set_add(&left, interval_closed(&zero, &hundred));
	interval cut = interval_closed(&eighty, &ninety);
	cut.hi_incl = false;
	interval_set_subtract(&left, &cut);
	CU_ASSERT_EQUAL_FATAL(left.n, 2);
	expect_text(&left.s[0], "[0, 80)");
	expect_text(&left.s[1], "[90, 100]");
	/* where [85, 95] overlaps what [80, 90) took: [85, 90) */
	interval domain = interval_closed(&zero, &hundred);
	dec_t a = num(85), b = num(95);
	interval s = interval_closed(&a, &b);
	interval_set ov;
	interval_set_outside(&s, &domain, &left, &ov);
	CU_ASSERT_EQUAL_FATAL(ov.n, 1);
	expect_text(&ov.s[0], "[85, 90)");
	interval_set_clear(&ov);
	interval_set_clear(&left);
	interval_clear(&cut), interval_clear(&domain), interval_clear(&s);
	dec_clear(&zero), dec_clear(&hundred), dec_clear(&eighty), dec_clear(&ninety), dec_clear(&a), dec_clear(&b);
}

void tests_add_interval(void)
{
	CU_pSuite s = CU_add_suite("interval", NULL, NULL);
	CU_add_test(s, "intersection, emptiness, whole numbers", test_intersect_and_empty);
	CU_add_test(s, "what a band leaves uncovered", test_subtract);
}
