/* parallel: score run's rows on several threads (-j N).
 *
 * The calling thread reads records (rows_read) and copies the cells the
 * policy reads into batches; worker threads load, score and format each
 * batch (rows_score_record, report_row into a report of their own) with a
 * row and a Lua state each; the calling thread writes the batches back in
 * input order. Output, messages and counts are the same bytes as one
 * thread's, and memory is bounded by the batches in flight (a few per
 * thread), whatever the length of the file. */
#ifndef SCORE_PARALLEL_H
#define SCORE_PARALLEL_H

#include <stdbool.h>

#include "report.h"
#include "rows.h"

typedef struct parallel_result {
	long rows;   /* spreadsheet rows read (a record a stray quote made of several counts them all) */
	long bad;    /* of which not scored (reported) */
} parallel_result;

/* Scores every row r reads (r: one policy, scoring, its header read) on
 * `threads` threads into rep, a report of format fmt (CSV, JSON or JSON
 * Lines) made with the same explain; rows are traced when tracing. False,
 * with nothing read, when the threads cannot be set up (reported): the
 * caller then scores on its own thread. */
bool parallel_score(rows_driver *r, report *rep, sheet_format fmt, bool explain, bool tracing, int threads,
		    parallel_result *res);

#endif
