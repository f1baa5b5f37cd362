/* score_status.h — the results of libscore's calls and the score command's
 * exit statuses, declared once. score.h includes it; the interpreter's own
 * modules include it alone, so that none of them depends on the library's
 * front door (interp/score.c), which depends on them. */
#ifndef SCORE_STATUS_H
#define SCORE_STATUS_H

enum {
	SCORE_OK = 0,          /* every row scored; test: all passed; diff: nothing changed */
	SCORE_ERR_DATA = 1,    /* a row or the data could not be used; test failed; diff changed */
	SCORE_ERR_POLICY = 2,  /* the policy has errors */
	SCORE_ERR_USAGE = 3,   /* a bad argument */
	SCORE_ERR_IO = 4,      /* a file could not be read or written */
	SCORE_ERR_MEMORY = 5   /* out of memory or an internal limit */
};

#endif
