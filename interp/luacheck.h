/* luacheck: what a hook's Lua source must not say, found before it loads.
 *
 * Lua 5.4 never calls __eq between a userdata and a number, so `x == 5` is
 * false for every decimal x, silently. A comparison by == or ~= with a
 * number literal is therefore refused, unless the other side is plainly a
 * Lua integer: a length (#t) or the variable of a numeric for loop. */
#ifndef SCORE_LUACHECK_H
#define SCORE_LUACHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* False, with the reason in err ("name:line: …"), when the source compares
 * with a number literal by == or ~=. chunkname is Lua's ("@file"). */
bool luacheck_source(const char *code, size_t len, const char *chunkname, strbuf *err);

#endif
