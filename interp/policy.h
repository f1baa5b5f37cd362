/* policy: the front end in one call — load, check, compile. */
#ifndef SCORE_POLICY_H
#define SCORE_POLICY_H

#include <stdbool.h>

#include "check.h"
#include "program.h"

/* Returns the compiled policy, or NULL after reporting its errors (and a
 * count line) on stderr. With warnings, check also reports what `score
 * check` warns about. */
prog *policy_build(const char *path, bool warnings);

/* The same for policy text in memory (tests, fuzzers); messages go to diag's
 * stream and no count line is printed. */
prog *policy_build_text(const char *name, const char *text, size_t len, const check_options *opts);

/* Lua limits given on the command line, for every policy built after; 0
 * keeps the policy's own setting (or the default). */
void policy_set_lua_limits(long instructions, long memory_mib, int depth);

#endif
