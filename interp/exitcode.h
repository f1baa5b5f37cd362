/* The exit status of `score`, one per class of failure (documented in the
 * README). include/score.h gives the same numbers to the library's users
 * (SCORE_OK, SCORE_ERR_*); score.c asserts that the two agree. */
#ifndef SCORE_EXITCODE_H
#define SCORE_EXITCODE_H

enum {
	SCORE_EXIT_OK = 0,       /* every row scored (or: test/check passed) */
	SCORE_EXIT_DATA = 1,     /* some rows were reported instead of scored; diff: rows changed */
	SCORE_EXIT_POLICY = 2,   /* the policy has errors; nothing was scored */
	SCORE_EXIT_USAGE = 3,    /* bad command line */
	SCORE_EXIT_IO = 4,       /* a file could not be read or written */
	SCORE_EXIT_INTERNAL = 5  /* out of memory or an internal limit */
};

#endif
