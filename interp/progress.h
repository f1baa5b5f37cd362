/* progress: a line on a terminal that says how far a long run has got.
 *
 * Only when standard error is a terminal and the run was not asked to be
 * quiet; after a second, then every half second, one line redrawn in place:
 *   score: 1,200,000 rows, 412,000 rows/s, 48%, about 3 s left
 * (the share and the time left only where the data's size is known: a CSV
 * file read from the disk). The line is wiped when the run ends, so what
 * follows on stderr starts clean. $SCORE_PROGRESS_AFTER sets the seconds
 * before the first line (tests set 0, so that none depends on speed). */
#ifndef SCORE_PROGRESS_H
#define SCORE_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

typedef struct progress {
	bool on, shown;
	struct timespec start, last;
	long rows;
	FILE *data;     /* the data file whose position tells the share, or NULL */
	long size;      /* its size in bytes, or 0 */
	double after;   /* seconds before the first line: 1, or $SCORE_PROGRESS_AFTER */
} progress;

/* data: the file the rows come from (its size known when regular), or NULL. */
void progress_begin(progress *pg, bool quiet, FILE *data);
/* One more row read. */
void progress_row(progress *pg);
void progress_end(progress *pg);

#endif
