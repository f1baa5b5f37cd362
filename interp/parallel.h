/* parallel: score run's rows on several threads (-j N).
 *
 * N threads, the calling one among them, take turns to read a batch of
 * records (one thread at a time: for a plain line only where it ends,
 * datafile_take_line; other records whole, datafile_read), and each splits
 * its batch's lines (datafile_split_line), loads, scores and formats the
 * batch it read (datafile_score_record, report_row into a report
 * of its own) with a row and a Lua state of its own, while the batch is in
 * its core's cache; batches are written back in input order by whichever
 * thread finishes the next one. No thread only reads or only waits, so N
 * threads keep N cores busy. Output, messages and counts are the same bytes as one
 * thread's, and memory is bounded by the batches in flight (a few per
 * thread), whatever the length of the file. */
#ifndef SCORE_PARALLEL_H
#define SCORE_PARALLEL_H

#include <stdbool.h>

#include "report.h"
#include "datafile.h"
#include "progress.h"

typedef struct parallel_result {
	long rows;   /* spreadsheet rows read (a record a stray quote made of several counts them all) */
	long bad;    /* of which not scored (reported) */
} parallel_result;

/* Scores every row r reads (r: one policy, scoring, its header read) on
 * `threads` threads into rep, a report of format fmt (CSV, JSON or JSON
 * Lines) made with the same explain; rows are traced when tracing. False,
 * with nothing read, when the threads cannot be set up (reported): the
 * caller then scores on its own thread. pg (or NULL) counts each record
 * as it is read, for the progress line. */
bool parallel_score(datafile_driver *r, report *rep, sheet_format fmt, bool explain, bool tracing, int threads,
		    progress *pg, parallel_result *res);

#endif
