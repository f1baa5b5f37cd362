/* luahook: custom indicators written in Lua 5.4, exact and sandboxed.
 *
 * One Lua state per run holds the policy's Lua code (files and inline
 * blocks, text only: binary chunks are refused). The sandbox has the base
 * functions that touch nothing outside (no load, dofile, require, print,
 * collectgarbage), string (without dump), table, math (without random) and
 * utf8; metatables of strings and decimals cannot be read or changed. Each
 * call is bounded in instructions, memory (a counting allocator) and call
 * depth, and runs under lua_pcall with a message handler.
 *
 * Decimals cross the border exactly: Lua sees them as userdata of type
 * "decimal" holding the VM's own dec_t, with + - * / unary -, == < <=,
 * tostring and .. ; dec("81.43") and dec(5) make them. Lua integers mix in
 * exactly; a Lua float is an error ("…is a float: write dec(\"0.5\")"). */
#ifndef SCORE_LUAHOOK_H
#define SCORE_LUAHOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "decimal.h"
#include "strbuf.h"

typedef struct luahook luahook;

typedef struct luahook_limits {
	long instructions;  /* per call; default 1,000,000 */
	long memory_kib;    /* the whole state; default 65,536 (64 MiB) */
	int depth;          /* Lua call depth; default 200 */
} luahook_limits;

#define LUAHOOK_DEFAULT_LIMITS ((luahook_limits){1000000, 65536, 200})

luahook *luahook_new(const luahook_limits *limits);
void luahook_free(luahook *h);
/* Loads and runs a chunk (its top level defines functions). On failure
 * appends Lua's message to err and returns false. */
bool luahook_load(luahook *h, const char *code, size_t len, const char *chunkname, strbuf *err);
/* True when the chunks define a global function of that name. */
bool luahook_has(luahook *h, const char *name);
/* A reference to that function, for luahook_call (resolved once, so calls
 * need no lookup by name); -1 when there is none. */
int luahook_ref(luahook *h, const char *name);

/* An argument or a row value given to a hook. */
typedef enum luahook_kind { LH_NUMBER, LH_BOOL, LH_TEXT } luahook_kind;
typedef struct luahook_value {
	luahook_kind kind;
	const dec_t *num;   /* LH_NUMBER */
	bool flag;          /* LH_BOOL */
	const char *text;   /* LH_TEXT */
	const char *name;   /* for the row table */
} luahook_value;

/* Calls the function with args (or, when row is given, with one table of the
 * row's values by name). The result must be a decimal or a Lua integer; on
 * any failure err holds Lua's message and the first traceback line. */
bool luahook_call(luahook *h, int ref, const luahook_value *args, int nargs, const luahook_value *row,
		  int nrow, dec_t *out, strbuf *err);

#endif
