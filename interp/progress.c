/* progress: the line a long run keeps on a terminal (see progress.h). */
#include "progress.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void progress_begin(progress *pg, bool quiet, FILE *data)
{
	*pg = (progress){0};
	pg->on = !quiet && isatty(STDERR_FILENO);
	if (!pg->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &pg->start);
	pg->last = pg->start;
	const char *after = getenv("SCORE_PROGRESS_AFTER");
	char *end;
	pg->after = after && *after ? strtod(after, &end) : 1.0;
	if (!after || !*after || *end || !(pg->after >= 0))
		pg->after = 1.0;
	struct stat st;
	if (data && fstat(fileno(data), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		pg->data = data;
		pg->size = (long)st.st_size;
	}
}

void progress_row(progress *pg)
{
	if (!pg->on || (++pg->rows & 1023) != 0)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double run = seconds_between(&pg->start, &now);
	if (run < pg->after || (pg->shown && seconds_between(&pg->last, &now) < 0.5))
		return;
	pg->last = now;
	double rate = (double)pg->rows / run;
	fprintf(stderr, _("\rscore: %ld rows, %.0f rows/s"), pg->rows, rate);
	long at = pg->data ? ftell(pg->data) : -1;
	if (pg->size > 0 && at > 0 && at <= pg->size) {
		double share = (double)at / (double)pg->size;
		fprintf(stderr, _(", %d%%, about %.0f s left"), (int)(share * 100), run / share - run);
	}
	fputs("\033[K", stderr); /* the rest of an older, longer line */
	pg->shown = true;
}

void progress_end(progress *pg)
{
	if (pg->shown)
		fputs("\r\033[K", stderr);
	pg->shown = false;
}
