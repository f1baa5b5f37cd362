/* calendar: working days, from a holiday calendar the user supplies.
 *
 * Which days are worked cannot be computed: each year the State Council
 * announces its holidays and the weekend days worked in exchange (调休), so
 * a policy that counts working days names a file that lists them. Within
 * the years the file covers, Monday to Friday are working days and Saturday
 * and Sunday are not, except for the days the file lists; a day outside
 * those years has no answer, and asking is an error, never a guess. */
#ifndef SCORE_CALENDAR_H
#define SCORE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

typedef struct calendar calendar;

/* Reads a calendar: one date per line (as a date cell writes it), then 休
 * (or 假, holiday: a day off) or 班 (workday: a day worked); # starts a
 * comment. On false, why says which line and why (prefixed by name). */
calendar *calendar_parse(const char *text, size_t len, const char *name, strbuf *why);
void calendar_free(calendar *c);

/* The working days d with from < d <= to (negative when to < from). False
 * when a day between is outside the calendar's years (why says so). */
bool calendar_workdays(const calendar *c, int64_t from, int64_t to, int64_t *out, strbuf *why);

/* The day when n (>= 0) working days after from have passed: from itself
 * for 0. False when it lies beyond the calendar's years. */
bool calendar_add_workdays(const calendar *c, int64_t from, int64_t n, int64_t *out, strbuf *why);

#endif
