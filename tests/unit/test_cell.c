/* cell: what each input type accepts and the reason it refuses the rest. */
#include <string.h>

#include "read_cell.h"
#include "tests.h"

static prog_input input_of(lang_input_type t)
{
	prog_input in;
	memset(&in, 0, sizeof in);
	in.name = "x";
	in.column = "x";
	in.type = t;
	in.lo = in.hi = in.default_value = DEC_ZERO;
	return in;
}

static void expect_value(prog_input *in, const char *cell, const char *want)
{
	dec_t v = DEC_ZERO;
	strbuf why = STRBUF_INIT, got = STRBUF_INIT;
	bool ok = cell_parse(in, cell, strlen(cell), &v, &why) == CELL_OK;
	CU_ASSERT_TRUE(ok);
	if (ok) {
		dec_format(&got, &v);
		CU_ASSERT_STRING_EQUAL(got.data, want);
	} else {
		fprintf(stderr, "\n  '%s': %s\n", cell, why.data);
	}
	dec_clear(&v);
	sb_free(&why);
	sb_free(&got);
}

static void expect_refused(prog_input *in, const char *cell, const char *why_want)
{
	dec_t v = DEC_ZERO;
	strbuf why = STRBUF_INIT;
	CU_ASSERT_EQUAL(cell_parse(in, cell, strlen(cell), &v, &why), CELL_BAD);
	CU_ASSERT_STRING_EQUAL(why.data ? why.data : "", why_want);
	if (!why.data || strcmp(why.data, why_want) != 0)
		fprintf(stderr, "\n  '%s': got %s\n", cell, why.data ? why.data : "(accepted)");
	dec_clear(&v);
	sb_free(&why);
}

static void test_percent(void)
{
	prog_input in = input_of(IN_PERCENT);
	expect_value(&in, "95.43%", "0.9543");
	expect_value(&in, "0.9543", "0.9543");
	expect_value(&in, " 90 % ", "0.9");
	expect_refused(&in, "九十", "'九十' is not a percent (95.43% or 0.9543)");
	dec_t v = DEC_ZERO;
	strbuf why = STRBUF_INIT;
	CU_ASSERT_EQUAL(cell_parse(&in, "", 0, &v, &why), CELL_EMPTY); /* missing, not refused */
	CU_ASSERT_EQUAL(cell_parse(&in, "  ", 2, &v, &why), CELL_EMPTY);
	sb_free(&why);
	dec_clear(&v);
}

static void test_numbers(void)
{
	prog_input in = input_of(IN_MONEY);
	expect_value(&in, "1427.91", "1427.91");
	expect_value(&in, "1,427.91", "1427.91");
	expect_refused(&in, "-12", "'-12' is not an amount of money (an amount is >= 0)");
	expect_refused(&in, "1,42.91", "'1,42.91' is not an amount of money");
	expect_refused(&in, "1e999", "'1e999' is not an amount of money");
	expect_refused(&in, "0x10", "'0x10' is not an amount of money");
	expect_refused(&in, "N/A", "'N/A' is not an amount of money");
	expect_refused(&in, "12345678901234567890123456789012345678901", "'12345678901234567890123456789012345678901' has more than 40 digits");
	prog_input c = input_of(IN_COUNT);
	expect_value(&c, "3", "3");
	expect_refused(&c, "-1", "'-1' is not a count (a whole number >= 0)");
	expect_refused(&c, "2.5", "'2.5' is not a count (a whole number >= 0)");
}

static void test_manual_bounds_and_default(void)
{
	prog_input in = input_of(IN_MANUAL);
	in.has_bounds = true;
	dec_set_int(&in.lo, 0);
	dec_set_int(&in.hi, 8);
	expect_value(&in, "7.5", "7.5");
	expect_refused(&in, "9", "'9' is outside [0, 8]");
	in.has_default = true;
	dec_set_int(&in.default_value, 8);
	expect_value(&in, "", "8");
	dec_clear(&in.lo);
	dec_clear(&in.hi);
	dec_clear(&in.default_value);
}

static void test_yesno_and_oneof(void)
{
	prog_input in = input_of(IN_YESNO);
	expect_value(&in, "是", "1");
	expect_value(&in, "否", "0");
	expect_value(&in, "Yes", "1");
	expect_value(&in, "N", "0");
	expect_value(&in, "TRUE", "1");
	expect_refused(&in, "也许", "'也许' is not yes/no (是/否, 有/无, 1/0, yes/no, true/false, Y/N)");
	prog_input o = input_of(IN_ONEOF);
	char *opts[] = {"按规定公开", "部分公开", "未公开"};
	o.options = opts;
	o.noptions = 3;
	expect_value(&o, "部分公开", "1");
	expect_refused(&o, "半公开", "'半公开' is not one of: 按规定公开, 部分公开, 未公开");
}

/* The one-pass reading of a plain number (read_cell.c plain_number) gives what
 * the general way gives, which the GMP path always takes: generated cells
 * of digits, points, signs and percent signs, 1 to 22 bytes, for every
 * numeric type, with and without bounds. */
static void test_plain_numbers_agree(void)
{
	static const char alphabet[] = "0123456789012345678901234567890123456789.-%";
	lang_input_type types[] = {IN_PERCENT, IN_COUNT, IN_MONEY, IN_NUMBER, IN_MANUAL};
	unsigned seed = 7;
	int fast_taken = 0;
	for (int t = 0; t < 5; t++)
		for (int bounded = 0; bounded < 2; bounded++) {
			prog_input in = input_of(types[t]);
			if (bounded) {
				in.has_bounds = true;
				dec_set_int(&in.lo, 0);
				dec_set_int(&in.hi, 100);
			}
			for (int k = 0; k < 4000; k++) {
				char cell[24];
				seed = seed * 1103515245u + 12345u;
				size_t n = 1 + (seed >> 16) % 22;
				for (size_t i = 0; i < n; i++) {
					seed = seed * 1103515245u + 12345u;
					cell[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
				}
				cell[n] = '\0';
				dec_t fast = DEC_ZERO, general = DEC_ZERO;
				strbuf why1 = STRBUF_INIT, why2 = STRBUF_INIT;
				cell_result a = cell_parse(&in, cell, n, &fast, &why1);
				dec_force_gmp(true);
				cell_result b = cell_parse(&in, cell, n, &general, &why2);
				dec_force_gmp(false);
				CU_ASSERT_EQUAL(a, b);
				if (a == b && a == CELL_OK) {
					CU_ASSERT_EQUAL(dec_cmp(&fast, &general), 0);
					fast_taken += !fast.big;
				}
				if (a != b || (a == CELL_OK && dec_cmp(&fast, &general) != 0))
					fprintf(stderr, "\n  '%s' (type %d): %d vs %d\n", cell, (int)types[t], (int)a, (int)b);
				dec_clear(&fast);
				dec_clear(&general);
				sb_free(&why1);
				sb_free(&why2);
			}
			dec_clear(&in.lo);
			dec_clear(&in.hi);
		}
	CU_ASSERT(fast_taken > 1000); /* the cells exercise the fast path, not only the refusals */
}

void tests_add_cell(void)
{
	CU_pSuite s = CU_add_suite("cell", NULL, NULL);
	CU_add_test(s, "percent", test_percent);
	CU_add_test(s, "numbers, money, counts", test_numbers);
	CU_add_test(s, "manual bounds and defaults", test_manual_bounds_and_default);
	CU_add_test(s, "yes/no and one-of", test_yesno_and_oneof);
	CU_add_test(s, "plain numbers: the one-pass reading and the general way agree", test_plain_numbers_agree);
}
