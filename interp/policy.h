/* policy: the front end in one call — load, check, compile. */
#ifndef SCORE_POLICY_H
#define SCORE_POLICY_H

#include <stdbool.h>

#include "program.h"

/* Returns the compiled policy, or NULL after reporting its errors (and a
 * count line) on stderr. With warnings, check also reports what `score
 * check` warns about. */
prog *policy_build(const char *path, bool warnings);

/* Lua limits given on the command line, for every policy built after; 0
 * keeps the policy's own setting (or the default). */
void policy_set_lua_limits(long instructions, long memory_mib, int depth);

#endif
