/* The exit status of `score`, one per class of failure: the library's
 * results (include/score.h), under the names the commands use. */
#ifndef SCORE_EXITCODE_H
#define SCORE_EXITCODE_H

#include "../include/score.h"

enum {
	SCORE_EXIT_OK = SCORE_OK,              /* every row scored (or: test/check passed) */
	SCORE_EXIT_DATA = SCORE_ERR_DATA,      /* some rows were reported instead of scored; diff: rows changed */
	SCORE_EXIT_POLICY = SCORE_ERR_POLICY,  /* the policy has errors; nothing was scored */
	SCORE_EXIT_USAGE = SCORE_ERR_USAGE,    /* bad command line */
	SCORE_EXIT_IO = SCORE_ERR_IO,          /* a file could not be read or written */
	SCORE_EXIT_INTERNAL = SCORE_ERR_MEMORY /* out of memory or an internal limit */
};

#endif
