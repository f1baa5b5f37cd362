/* cases: `score test` — regression tests for a rubric.
 *
 * A cases file is a CSV whose columns are the policy's inputs plus expected
 * values: `expect:NAME` for an indicator column, `expect:total`,
 * `expect:grade`, and `expect:error` (text the row's error must contain).
 * An empty expected cell is not checked; `n/a` expects "not applicable". */
#ifndef SCORE_CASES_H
#define SCORE_CASES_H

#include <stdbool.h>

#include "policy.h"

typedef struct cases_options {
	bool update;    /* rewrite the expected values with what score gives now */
	bool coverage;  /* list band branches and conditions no case reaches */
	const policy_options *policy;
	const char *encoding;  /* the cases file's; NULL: UTF-8 */
	char delimiter;        /* 0: ',' */
	const char *sheet;     /* a workbook's sheet; NULL: the first */
} cases_options;

/* Runs every case; prints failures and "N passed, M failed". Returns the
 * exit status (0 all passed, 1 some failed, 2 policy errors, …). */
int cases_run(const char *policy, const char *cases, const cases_options *o);

#endif
