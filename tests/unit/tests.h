/* Shared helpers of the CUnit tests. */
#ifndef SCORE_TESTS_H
#define SCORE_TESTS_H

#include <CUnit/CUnit.h>
#include <stdbool.h>

#include "check.h"
#include "program.h"

void tests_add_decimal(void);
void tests_add_grammar(void);
void tests_add_compile(void);
void tests_add_vm(void);
void tests_add_csv(void);
void tests_add_cell(void);
void tests_add_golden(void);
void tests_add_luahook(void);
void tests_add_api(void);
void tests_add_interval(void);
void tests_add_calendar(void);
void tests_add_xlsxin(void);

/* Compiles policy text; returns NULL when it has errors, whose messages
 * (exact text, carets included) are then in *errors (caller frees). */
prog *tests_compile(const char *text, char **errors);
/* Scores one row given as "name=value" cells; returns the total as text
 * ("error: …" on a run-time error). Caller frees. */
char *tests_score(prog *p, const char *const *cells, int ncells);
/* The score of one indicator (by name) after tests_score. */
char *tests_node_score(prog *p, const char *name);

#endif
