/* policy: the front end in one call — load, check, analyze, compile. */
#ifndef SCORE_POLICY_H
#define SCORE_POLICY_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"
#include "program.h"

/* What the caller adds to a policy's own settings. */
typedef struct policy_options {
	model_options model;  /* warnings (score check), Lua limits, --allow-path */
	FILE *messages;       /* where errors and warnings go; NULL: stderr */
} policy_options;

/* Returns the compiled policy, or NULL after reporting its errors (and a
 * count line on stderr); *status (when status is not NULL) is then the exit
 * status: SCORE_EXIT_IO for a file that cannot be read, like a data file,
 * else SCORE_EXIT_POLICY. opts may be NULL. The program owns its messages'
 * log (p->diag): runtime errors name places in its sources. */
prog *policy_build(const char *path, const policy_options *opts, int *status);

/* The same for policy text in memory (tests, fuzzers); no count line. */
prog *policy_build_text(const char *name, const char *text, size_t len, const policy_options *opts);

/* The same into a log the caller made (and frees, when NULL is returned;
 * otherwise the program owns it). unreadable: the file could not be read. */
prog *policy_compile_file(diag_log *log, const char *path, const policy_options *opts, bool *unreadable);
prog *policy_compile_text(diag_log *log, const char *name, const char *text, size_t len, const policy_options *opts);

#endif
