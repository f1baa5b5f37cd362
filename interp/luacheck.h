/* luacheck: what a hook's Lua source must not say, found before it loads.
 *
 * Lua 5.4 never calls __eq between a userdata and a number, so `x == 5` is
 * false for every decimal x, silently. A comparison by == or ~= with a
 * number literal is therefore refused where the other side can be a
 * decimal: it names an argument of a function (or a field of one: the row
 * table), what dec() or decimal.… make, or a name assigned or iterated from
 * those. What math.tointeger, tonumber, tostring or # make is a Lua value,
 * and compares as it should (y % 4 == 0 after y = math.tointeger(…)). */
#ifndef SCORE_LUACHECK_H
#define SCORE_LUACHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* False, with the reason in err ("name:line: …"), when the source compares
 * what can be a decimal with a number literal by == or ~=. chunkname is
 * Lua's ("@file"). */
bool luacheck_source(const char *code, size_t len, const char *chunkname, strbuf *err);

#endif
