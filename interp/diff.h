/* diff: `score diff old.rule new.rule data.csv` — what a rubric change does.
 *
 * Scores every row under both policies and reports, for each row whose
 * scores moved, the indicators that changed (matched by their path), the
 * total's delta and the grade move; then a summary: rows changed, the
 * largest deltas, a grade migration matrix, mean and extreme totals before
 * and after, and the indicators added or removed. */
#ifndef SCORE_DIFF_H
#define SCORE_DIFF_H

#include "policy.h"
#include "report.h"

typedef struct diff_options {
	sheet_format format;
	const char *output;    /* NULL or "-": standard output */
	const char *encoding;  /* the data file's; NULL: UTF-8 */
	char delimiter;        /* 0: ',' */
	const char *sheet;     /* a workbook's sheet; NULL: the first */
	bool bom;              /* a UTF-8 byte-order mark first */
	const char *output_encoding; /* NULL: UTF-8 */
	const policy_options *policy;
} diff_options;

/* Returns 0 when nothing changed, 1 when something did (or rows could not
 * be scored), 2 for policy errors, 4 for I/O errors. */
int diff_run(const char *old_policy, const char *new_policy, const char *data, const diff_options *o);

#endif
