/* date: calendar dates as whole days since 1970-01-01 (proleptic
 * Gregorian), so that rules compare them and subtract them as numbers:
 * `交付日期 - 计划日期` is the days between. */
#ifndef SCORE_DATE_H
#define SCORE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/* The day of year-month-day; false when there is no such day (2023-02-29). */
bool date_from_ymd(int64_t year, int64_t month, int64_t day, int64_t *days);
void date_to_ymd(int64_t days, int64_t *year, int *month, int *day);
/* A date as spreadsheets write it: 2023-06-30, 2023/6/30, 2023.6.30,
 * 2023年6月30日, 20230630; with excel, a serial number (45107) as well. False when
 * it is not a date, or names a day that does not exist. */
bool date_parse(const char *s, size_t n, bool excel, int64_t *days);
/* "2023-06-30" */
void date_format(strbuf *sb, int64_t days);

#endif
