/* numfmt and xlsxin: numbers as a sheet shows them, and a workbook's cells. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read_numfmt.h"
#include "strbuf.h"
#include "read_xlsx.h"
#include "tests.h"

enum { GENERAL = NUMFMT_GENERAL, PERCENT = NUMFMT_PERCENT, DATE = NUMFMT_DATE, DATETIME = NUMFMT_DATETIME,
       PADDED = NUMFMT_PADDED };

static void expect(const char *v, int kind, int pad, bool date1904, const char *want)
{
	strbuf sb = STRBUF_INIT;
	numfmt f = {(unsigned char)kind, (unsigned short)pad};
	bool ok = numfmt_text(&sb, v, strlen(v), f, date1904);
	if (!want) {
		CU_ASSERT_FALSE(ok);
	} else {
		CU_ASSERT_TRUE(ok);
		CU_ASSERT_STRING_EQUAL(sb.data ? sb.data : "", want);
		if (!sb.data || strcmp(sb.data, want) != 0)
			fprintf(stderr, "\n%s (kind %d): got '%s', want '%s'\n", v, kind, sb.data ? sb.data : "", want);
	}
	sb_free(&sb);
}

/* A double written with 17 digits is shown, and read, with 15: the ratio
 * the user sees as 90% is 90%. */
static void test_numbers_as_shown(void)
{
	expect("0.89999999999999991", GENERAL, 0, false, "0.9");
	expect("1427.9100000000001", GENERAL, 0, false, "1427.91");
	expect("0.30000000000000004", GENERAL, 0, false, "0.3");
	expect("9.9999999999999995E-1", GENERAL, 0, false, "1");
	expect("0.1234567890123456", GENERAL, 0, false, "0.123456789012346");
	expect("1.2345678901234567E+20", GENERAL, 0, false, "123456789012346000000");
	expect("99999999999999999", GENERAL, 0, false, "100000000000000000");
	expect("1E2", GENERAL, 0, false, "100");
	expect("1.0E+2", GENERAL, 0, false, "100");
	expect("2.5e-3", GENERAL, 0, false, "0.0025");
	expect("-1427.5", GENERAL, 0, false, "-1427.5");
	expect("-0", GENERAL, 0, false, "0");
	expect("000120.50", GENERAL, 0, false, "120.5");
	expect(" 7 ", GENERAL, 0, false, "7");
	expect("5E-324", GENERAL, 0, false, "5E-324"); /* beyond any rubric: as written, refused later */
	expect("", GENERAL, 0, false, NULL);
	expect("abc", GENERAL, 0, false, NULL);
	expect("1e", GENERAL, 0, false, NULL);
	expect(".", GENERAL, 0, false, NULL);
	expect("1.2.3", GENERAL, 0, false, NULL);
}

static void test_formats(void)
{
	expect("0.9", PERCENT, 0, false, "90%");
	expect("0.89999999999999991", PERCENT, 0, false, "90%");
	expect("1.0249999999999999", PERCENT, 0, false, "102.5%");
	expect("0.89990000000000003", PERCENT, 0, false, "89.99%");
	expect("0", PERCENT, 0, false, "0%");
	expect("45107", DATE, 0, false, "2023-06-30");
	expect("45107.75", DATE, 0, false, "2023-06-30");
	expect("45107.75", DATETIME, 0, false, "2023-06-30 18:00:00");
	expect("0.5", DATETIME, 0, true, "1904-01-01 12:00:00");
	expect("45107.000011574", DATETIME, 0, false, "2023-06-30 00:00:01");
	expect("45107.99999999999", DATETIME, 0, false, "2023-07-01 00:00:00"); /* 16 digits: shown as 45108 */
	expect("1", DATE, 0, false, "1900-01-01");
	expect("59", DATE, 0, false, "1900-02-28");
	expect("60", DATE, 0, false, "60"); /* 1900-02-29 never was: left a number, and refused as a date */
	expect("61", DATE, 0, false, "1900-03-01");
	expect("0", DATE, 0, true, "1904-01-01");
	expect("43646", DATE, 0, true, "2023-07-01");
	expect("-5", DATE, 0, false, "-5");
	expect("1023", PADDED, 6, false, "001023");
	expect("0", PADDED, 6, false, "000000");
	expect("1234567", PADDED, 6, false, "1234567");
	expect("1.5", PADDED, 6, false, "1.5");
}

/* Format codes as workbooks write them, and the built-in ids. */
static void test_codes(void)
{
	CU_ASSERT_EQUAL(numfmt_of_code("General").kind, NUMFMT_GENERAL);
	CU_ASSERT_EQUAL(numfmt_of_code("0.00%").kind, NUMFMT_PERCENT);
	CU_ASSERT_EQUAL(numfmt_of_code("0.0%;[Red]\\-0.0%").kind, NUMFMT_PERCENT);
	CU_ASSERT_EQUAL(numfmt_of_code("yyyy\"年\"m\"月\"d\"日\"").kind, NUMFMT_DATE);
	CU_ASSERT_EQUAL(numfmt_of_code("yyyy-mm-dd hh:mm").kind, NUMFMT_DATETIME);
	CU_ASSERT_EQUAL(numfmt_of_code("[$-804]yyyy/m/d").kind, NUMFMT_DATE);
	CU_ASSERT_EQUAL(numfmt_of_code("h:mm:ss").kind, NUMFMT_GENERAL);   /* a time of day: the number */
	CU_ASSERT_EQUAL(numfmt_of_code("\"第\"0\"名\"").kind, NUMFMT_GENERAL);
	CU_ASSERT_EQUAL(numfmt_of_code("#,##0.00").kind, NUMFMT_GENERAL);
	numfmt padded = numfmt_of_code("000000");
	CU_ASSERT_EQUAL(padded.kind, NUMFMT_PADDED);
	CU_ASSERT_EQUAL(padded.pad, 6);
	CU_ASSERT_EQUAL(numfmt_of_code("0").kind, NUMFMT_GENERAL);
	CU_ASSERT_EQUAL(numfmt_builtin(9).kind, NUMFMT_PERCENT);
	CU_ASSERT_EQUAL(numfmt_builtin(14).kind, NUMFMT_DATE);
	CU_ASSERT_EQUAL(numfmt_builtin(22).kind, NUMFMT_DATETIME);
	CU_ASSERT_EQUAL(numfmt_builtin(31).kind, NUMFMT_DATE);
	CU_ASSERT_EQUAL(numfmt_builtin(20).kind, NUMFMT_GENERAL);
	CU_ASSERT_EQUAL(numfmt_builtin(2).kind, NUMFMT_GENERAL);
}

static void test_sniff(void)
{
	CU_ASSERT_EQUAL(xlsxin_sniff((const unsigned char *)"PK\3\4rest", 8), XLSXIN_XLSX);
	CU_ASSERT_EQUAL(xlsxin_sniff((const unsigned char *)"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), XLSXIN_OLE2);
	CU_ASSERT_EQUAL(xlsxin_sniff((const unsigned char *)"PK,1,2\n", 7), XLSXIN_NOT);
	CU_ASSERT_EQUAL(xlsxin_sniff((const unsigned char *)"PK", 2), XLSXIN_NOT);
	char ref[8] = "";
	strbuf sb = STRBUF_INIT;
	xlsxin_ref(&sb, 0, 1);
	xlsxin_ref(&sb, 25, 2);
	xlsxin_ref(&sb, 26, 3);
	xlsxin_ref(&sb, 16383, 1048576);
	CU_ASSERT_STRING_EQUAL(sb.data, "A1Z2AA3XFD1048576");
	sb_free(&sb);
	(void)ref;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(1 << 20);
	*n = buf ? fread(buf, 1, 1 << 20, f) : 0;
	fclose(f);
	return buf;
}

static void expect_cell(xlsxin *wb, size_t col, const char *want)
{
	size_t n;
	const char *s = xlsxin_cell(wb, col, &n);
	CU_ASSERT_EQUAL(n, strlen(want));
	CU_ASSERT_STRING_EQUAL(s, want);
}

/* The cells of tests/golden/workbook-read/kinds.xlsx (tests/workbook/make_fixtures.py). */
static void test_cells(void)
{
	size_t n = 0;
	char *bytes = slurp("tests/golden/workbook-read/kinds.xlsx", &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bytes);
	strbuf err = STRBUF_INIT;
	xlsxin *wb = xlsxin_open_memory(bytes, n, "无此表", &err);
	CU_ASSERT_PTR_NULL(wb);
	CU_ASSERT_STRING_EQUAL(err.data, "the workbook has no sheet '无此表' (its sheets: 说明, 数据)");
	sb_clear(&err);
	wb = xlsxin_open_memory(bytes, n, "数据", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(wb);
	CU_ASSERT_STRING_EQUAL(xlsxin_sheet(wb), "数据");
	CU_ASSERT_EQUAL(xlsxin_next(wb), XLSXIN_ROW);
	CU_ASSERT_EQUAL(xlsxin_row(wb), 1);
	xlsxin_set_width(wb, 8);
	CU_ASSERT_EQUAL(xlsxin_next(wb), XLSXIN_ROW);
	CU_ASSERT_EQUAL(xlsxin_ncells(wb), 8);
	expect_cell(wb, 0, "甲");
	expect_cell(wb, 1, "001023");
	expect_cell(wb, 2, "2023-06-30");
	expect_cell(wb, 5, "0.9");
	expect_cell(wb, 6, "TRUE");
	expect_cell(wb, 7, "line\rbreak and _x0041_ kept");
	CU_ASSERT_EQUAL(xlsxin_next(wb), XLSXIN_ROW);
	expect_cell(wb, 5, "85%");
	expect_cell(wb, 6, "TRUE"); /* a formula's string */
	CU_ASSERT_EQUAL(xlsxin_next(wb), XLSXIN_ROW);
	CU_ASSERT_STRING_EQUAL(xlsxin_cell_error(wb, 3), "the cell holds the error value #DIV/0!");
	CU_ASSERT_PTR_NULL(xlsxin_cell_error(wb, 2));
	CU_ASSERT_EQUAL(xlsxin_next(wb), XLSXIN_ROW);
	CU_ASSERT_PTR_NOT_NULL(strstr(xlsxin_cell_error(wb, 3), "formula saved without its value"));
	long rows[] = {6, 7, 9, 10, 12};
	for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
		CU_ASSERT_EQUAL(xlsxin_next(wb), XLSXIN_ROW);
		CU_ASSERT_EQUAL(xlsxin_row(wb), rows[k]); /* row 11 holds only blanks */
		if (rows[k] == 10)
			CU_ASSERT_PTR_NOT_NULL(strstr(xlsxin_cell_error(wb, 0), "merged cells A9:A10"));
	}
	expect_cell(wb, 3, "0");
	CU_ASSERT_EQUAL(xlsxin_next(wb), XLSXIN_END);
	/* again from the start, as a second pass reads it */
	CU_ASSERT_TRUE(xlsxin_rewind(wb));
	CU_ASSERT_EQUAL(xlsxin_next(wb), XLSXIN_ROW);
	CU_ASSERT_EQUAL(xlsxin_row(wb), 1);
	xlsxin_close(wb);
	sb_free(&err);
	free(bytes);
}

void tests_add_xlsxin(void)
{
	CU_pSuite s = CU_add_suite("xlsxin", NULL, NULL);
	CU_add_test(s, "numbers as a sheet shows them (15 digits)", test_numbers_as_shown);
	CU_add_test(s, "percent, date and zero-padded formats", test_formats);
	CU_add_test(s, "format codes and built-in formats", test_codes);
	CU_add_test(s, "what a file is; cell references", test_sniff);
	CU_add_test(s, "the cells of a workbook", test_cells);
}
