/* csv: RFC 4180 records from memory. */
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "tests.h"

static csv_reader *open_text(const char *text, FILE **f)
{
	*f = fmemopen((void *)text, strlen(text), "rb");
	return csv_open(*f);
}

static void expect_field(csv_reader *r, size_t i, const char *want)
{
	size_t n;
	const char *s = csv_field(r, i, &n);
	CU_ASSERT_EQUAL(n, strlen(want));
	CU_ASSERT_NSTRING_EQUAL(s, want, n);
}

static void test_quotes_commas_newlines(void)
{
	FILE *f;
	csv_reader *r = open_text("\xEF\xBB\xBFid,note\r\n\"a,b\",\"say \"\"hi\"\"\nthere\"\r\n\n,last\n", &f);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	expect_field(r, 0, "id"); /* the byte-order mark is gone */
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	CU_ASSERT_EQUAL(csv_nfields(r), 2);
	expect_field(r, 0, "a,b");
	expect_field(r, 1, "say \"hi\"\nthere");
	CU_ASSERT_EQUAL(csv_row(r), 2);
	CU_ASSERT_EQUAL(csv_last_line(r), 3);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD); /* the blank line is skipped */
	expect_field(r, 0, "");
	expect_field(r, 1, "last");
	CU_ASSERT_EQUAL(csv_row(r), 4); /* but numbered, as a spreadsheet numbers it */
	CU_ASSERT_EQUAL(csv_line(r), 5);
	CU_ASSERT_EQUAL(csv_next(r), CSV_EOF);
	csv_close(r);
	fclose(f);
}

static void test_malformed(void)
{
	FILE *f;
	csv_reader *r = open_text("a,b\n\"x\"y,1\n2,3\n\"open,4\n", &f);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	CU_ASSERT_EQUAL(csv_next(r), CSV_BAD);
	CU_ASSERT_STRING_EQUAL(csv_error(r), "unexpected 'y' after the closing quote of field 1");
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD); /* reading goes on */
	expect_field(r, 0, "2");
	CU_ASSERT_EQUAL(csv_next(r), CSV_BAD);
	CU_ASSERT_STRING_EQUAL(csv_error(r), "the quote that opens field 1 on line 4 is never closed: everything from there "
					     "to the end of the file was read into that field");
	CU_ASSERT_EQUAL(csv_next(r), CSV_EOF);
	csv_close(r);
	fclose(f);
}

static void test_no_final_newline(void)
{
	FILE *f;
	csv_reader *r = open_text("a,b\n1,2", &f);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	CU_ASSERT_EQUAL(csv_next(r), CSV_RECORD);
	expect_field(r, 1, "2");
	CU_ASSERT_EQUAL(csv_next(r), CSV_EOF);
	csv_close(r);
	fclose(f);
}

void tests_add_csv(void)
{
	CU_pSuite s = CU_add_suite("csv", NULL, NULL);
	CU_add_test(s, "quotes, commas, newlines, BOM, CRLF", test_quotes_commas_newlines);
	CU_add_test(s, "malformed records", test_malformed);
	CU_add_test(s, "no final newline", test_no_final_newline);
}
