/* luahook: custom indicators written in Lua 5.4, exact and sandboxed.
 *
 * One Lua state per run holds the policy's Lua code (files and inline
 * blocks, text only: binary chunks are refused). Hooks see the base
 * functions that touch nothing outside (no load, dofile, require, print,
 * collectgarbage, raw access or metatables of their own), string (without
 * dump and pack), table, math (without random) and utf8, all read-only.
 *
 * A row's score depends on that row alone: before the first hook call of
 * each row (luahook_begin_row) the Lua code's top level runs again in a
 * fresh global table, so nothing a hook stores — a global, an upvalue, a
 * table's contents — reaches the next row.
 *
 * Limits, per call, that a hook can neither catch nor outlive:
 *   - instructions: Lua's count hook, plus the work of library functions
 *     charged before they run (a pattern by its worst case, string.rep by
 *     its length, table functions by their range) and every byte allocated;
 *   - memory: a counting allocator over the whole state; a decimal's GMP
 *     digits live inside its userdata, so Lua counts them too;
 *   - call depth, and strings of at most LUAHOOK_MAX_STRING bytes.
 * Once a limit is hit, pcall and xpcall pass the error on, and every
 * further instruction raises it again. No finalizer exists in the sandbox:
 * neither decimals nor hooks' tables have one.
 *
 * Decimals cross the border exactly: Lua sees them as userdata of type
 * "decimal" with + - * / unary -, == < <= and tostring (not .., which
 * Lua 5.4.4 mishandles with a C metamethod: tostring(d) .. "x"); dec("81.43")
 * and dec(5) make them. Lua integers mix in exactly; a Lua float is an
 * error. Lua never calls __eq between a decimal and a number, so a
 * comparison of what can be a decimal with a number literal by == or ~= is
 * refused when the code loads (write dec(x) == dec(5), or use < and <=;
 * luacheck.h says what can be one). */
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
/* The longest string a hook can make, as long as a CSV field can be. */
#define LUAHOOK_MAX_STRING (64 * 1024)

luahook *luahook_new(const luahook_limits *limits);
void luahook_free(luahook *h);
/* Loads a chunk and runs its top level (which defines functions). On
 * failure appends the reason to err and returns false. */
bool luahook_load(luahook *h, const char *code, size_t len, const char *chunkname, strbuf *err);
/* Another state with the same limits, chunks and handles (luahook_ref),
 * for another thread; NULL when it cannot be made. */
luahook *luahook_clone(const luahook *h);
/* True when the chunks define a global function of that name. */
bool luahook_has(luahook *h, const char *name);
/* A handle on that function for luahook_call; -1 when there is none. */
int luahook_ref(luahook *h, const char *name);
/* A new row begins: its first call runs the chunks afresh. */
void luahook_begin_row(luahook *h);

/* Bytes the state holds now (for tests and the fuzzer: never above the
 * memory limit). */
size_t luahook_memory(const luahook *h);

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
 * any failure err holds the reason and the first traceback line. */
bool luahook_call(luahook *h, int ref, const luahook_value *args, int nargs, const luahook_value *row,
		  int nrow, dec_t *out, strbuf *err);

#endif
