/* The holiday calendar: working days, their edges, and refusals. */
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "tests.h"

static int64_t day(int y, int m, int d)
{
	int64_t out = 0;
	CU_ASSERT_TRUE(date_from_ymd(y, m, d, &out));
	return out;
}

static calendar *spring_festival(void)
{
	static const char text[] = "# 2023\n2023-01-23 休\n2023-01-24,休\n2023-01-25\tholiday\n2023-01-26 休\n"
				   "2023-01-27 假\n2023-01-28 班\n2023-01-29 workday\n\n";
	strbuf why = STRBUF_INIT;
	calendar *c = calendar_parse(text, strlen(text), "test.txt", &why);
	CU_ASSERT_PTR_NOT_NULL(c);
	CU_ASSERT_EQUAL(why.len, 0);
	sb_free(&why);
	return c;
}

static void test_counts(void)
{
	calendar *c = spring_festival();
	strbuf why = STRBUF_INIT;
	int64_t n = -1;
	/* Fri 2023-01-20 to Mon 01-30: 28 and 29 (班) and 30 are worked */
	CU_ASSERT_TRUE(calendar_workdays(c, day(2023, 1, 20), day(2023, 1, 30), &n, &why));
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_TRUE(calendar_workdays(c, day(2023, 1, 30), day(2023, 1, 20), &n, &why));
	CU_ASSERT_EQUAL(n, -3);
	CU_ASSERT_TRUE(calendar_workdays(c, day(2023, 3, 1), day(2023, 3, 1), &n, &why));
	CU_ASSERT_EQUAL(n, 0);
	/* an ordinary week: Sat 03-04 to Sat 03-11 has five */
	CU_ASSERT_TRUE(calendar_workdays(c, day(2023, 3, 4), day(2023, 3, 11), &n, &why));
	CU_ASSERT_EQUAL(n, 5);
	/* the whole year: 365 days, 105 weekend days, 5 休 on weekdays, 2 班 */
	CU_ASSERT_TRUE(calendar_workdays(c, day(2022, 12, 31), day(2023, 12, 31), &n, &why));
	CU_ASSERT_EQUAL(n, 365 - 105 - 5 + 2);
	int64_t d = 0;
	CU_ASSERT_TRUE(calendar_add_workdays(c, day(2023, 1, 20), 0, &d, &why));
	CU_ASSERT_EQUAL(d, day(2023, 1, 20));
	CU_ASSERT_TRUE(calendar_add_workdays(c, day(2023, 1, 20), 1, &d, &why));
	CU_ASSERT_EQUAL(d, day(2023, 1, 28));
	CU_ASSERT_TRUE(calendar_add_workdays(c, day(2023, 1, 20), 3, &d, &why));
	CU_ASSERT_EQUAL(d, day(2023, 1, 30));
	CU_ASSERT_EQUAL(why.len, 0);
	/* outside 2023: refused, naming the day */
	CU_ASSERT_FALSE(calendar_workdays(c, day(2023, 12, 30), day(2024, 1, 2), &n, &why));
	CU_ASSERT_PTR_NOT_NULL(strstr(why.data, "2024-01-01"));
	sb_clear(&why);
	CU_ASSERT_FALSE(calendar_add_workdays(c, day(2023, 12, 29), 1, &d, &why));
	CU_ASSERT_PTR_NOT_NULL(strstr(why.data, "2024-01-01"));
	sb_clear(&why);
	CU_ASSERT_FALSE(calendar_workdays(c, day(2022, 12, 30), day(2023, 1, 3), &n, &why));
	CU_ASSERT_PTR_NOT_NULL(strstr(why.data, "2022-12-31"));
	sb_free(&why);
	calendar_free(c);
}

static void test_refusals(void)
{
	static const char *const bad[] = {"", "# nothing\n", "2023-02-29 休\n", "2023-01-02\n", "2023-01-02 放假\n",
					  "1800-01-01 休\n2023-01-01 休\n"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		strbuf why = STRBUF_INIT;
		calendar *c = calendar_parse(bad[i], strlen(bad[i]), "bad.txt", &why);
		CU_ASSERT_PTR_NULL(c);
		CU_ASSERT_PTR_NOT_NULL(why.data && strstr(why.data, "bad.txt"));
		calendar_free(c);
		sb_free(&why);
	}
}

void tests_add_calendar(void)
{
	CU_pSuite s = CU_add_suite("calendar", NULL, NULL);
	CU_add_test(s, "working days within the calendar and at its edges", test_counts);
	CU_add_test(s, "files that are not calendars", test_refusals);
}
