#include "luahook.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define DECIMAL_TYPE "decimal"
/* A decimal made in Lua may not grow past this many bits: GMP's memory is
 * not counted by Lua's allocator, so size is bounded here instead. */
#define LUAHOOK_MAX_BITS 4096

struct luahook {
	lua_State *L;
	luahook_limits limits;
	/* Two metatables: a decimal that fits machine words owns nothing and
	 * needs no finalizer (cheap to collect); one that holds GMP memory gets
	 * the metatable with __gc. Both are recognised by address. */
	const void *meta_small, *meta_big;
	int ref_small, ref_big;
	size_t used;         /* bytes the allocator has handed out */
	long budget;         /* instructions left in this call */

};

static luahook *state_of(lua_State *L)
{
	return *(luahook **)lua_getextraspace(L);
}

/* ---- the allocator: Lua's memory, counted and capped --------------------------------- */

/* Plain realloc and free, not mem_*: at its limit this allocator must return
 * NULL, which Lua turns into a catchable "not enough memory" error, rather
 * than end the process. */
static void *lh_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	luahook *h = ud;
	size_t old = ptr ? osize : 0;
	if (nsize == 0) {
		free(ptr);
		h->used -= old;
		return NULL;
	}
	if (nsize > old && h->used - old + nsize > (size_t)h->limits.memory_kib * 1024)
		return NULL; /* Lua raises "not enough memory" */
	void *p = realloc(ptr, nsize);
	if (p)
		h->used = h->used - old + nsize;
	return p;
}

/* ---- limits: instructions and depth ------------------------------------------------------ */

/* Every 1,000 instructions: the budget, and the depth of calls (a frame at
 * the limit's level means too deep). Hooking every call instead would cost
 * a C call for each metamethod, that is for each + of two decimals. */
static void lh_count(lua_State *L, lua_Debug *ar)
{
	luahook *h = state_of(L);
	(void)ar;
	h->budget -= 1000;
	if (h->budget < 0)
		luaL_error(L, "the hook ran more than %I instructions (its limit)", (lua_Integer)h->limits.instructions);
	lua_Debug probe;
	if (lua_getstack(L, h->limits.depth, &probe))
		luaL_error(L, "the hook's calls nest deeper than %d (its limit)", h->limits.depth);
}

/* ---- decimals in Lua -------------------------------------------------------------------------- */

/* A new decimal on the stack, not yet typed: fill it, then seal_dec. */
static dec_t *push_dec(lua_State *L)
{
	dec_t *d = lua_newuserdatauv(L, sizeof *d, 0);
	*d = DEC_ZERO;
	return d;
}

/* Gives the decimal on top of the stack its metatable, by what it holds. */
static void seal_dec(lua_State *L, const dec_t *d)
{
	luahook *h = state_of(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, d->big ? h->ref_big : h->ref_small);
	lua_setmetatable(L, -2);
}

/* The decimal at idx, or NULL: compares metatables by address, which is
 * much cheaper than luaL_testudata's lookup by name on every operation. */
static dec_t *test_dec(lua_State *L, int idx)
{
	if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx))
		return NULL;
	const void *mt = lua_topointer(L, -1);
	lua_pop(L, 1);
	luahook *h = state_of(L);
	return mt == h->meta_small || mt == h->meta_big ? lua_touserdata(L, idx) : NULL;
}

/* The value at idx as a decimal (a decimal, an integer, or a decimal string). */
static void to_dec(lua_State *L, int idx, dec_t *out)
{
	dec_t *d = test_dec(L, idx);
	if (d) {
		dec_set(out, d);
		return;
	}
	if (lua_isinteger(L, idx)) {
		dec_set_int(out, (int64_t)lua_tointeger(L, idx));
		return;
	}
	if (lua_type(L, idx) == LUA_TNUMBER)
		luaL_error(L, "%s is a Lua float, which is not exact: write dec(\"%s\")",
			   lua_tostring(L, idx), lua_tostring(L, idx));
	if (lua_type(L, idx) == LUA_TSTRING) {
		size_t n;
		const char *s = lua_tolstring(L, idx, &n);
		if (dec_parse(out, s, n, 60) == DEC_OK)
			return;
		luaL_error(L, "'%s' is not a decimal", s);
	}
	luaL_error(L, "expected a decimal, got %s", luaL_typename(L, idx));
}

static void check_size(lua_State *L, const dec_t *d)
{
	if (d->big && mpz_sizeinbase(mpq_numref(d->big), 2) + mpz_sizeinbase(mpq_denref(d->big), 2) > LUAHOOK_MAX_BITS)
		luaL_error(L, "a decimal grew beyond %d bits", LUAHOOK_MAX_BITS);
}

static int dec_gc(lua_State *L)
{
	dec_t *d = test_dec(L, 1);
	if (d)
		dec_clear(d);
	return 0;
}

static int dec_new(lua_State *L)
{
	dec_t tmp = DEC_ZERO;
	to_dec(L, 1, &tmp);
	dec_t *d = push_dec(L);
	*d = tmp; /* moved */
	seal_dec(L, d);
	return 1;
}

typedef enum { A_ADD, A_SUB, A_MUL, A_DIV } arith;

static int dec_arith(lua_State *L, arith op)
{
	dec_t a = DEC_ZERO, b = DEC_ZERO;
	to_dec(L, 1, &a);
	to_dec(L, 2, &b);
	dec_t *r = push_dec(L);
	bool ok = true;
	switch (op) {
	case A_ADD: dec_add(r, &a, &b); break;
	case A_SUB: dec_sub(r, &a, &b); break;
	case A_MUL: dec_mul(r, &a, &b); break;
	case A_DIV: ok = dec_div(r, &a, &b); break;
	}
	dec_clear(&a);
	dec_clear(&b);
	seal_dec(L, r);
	if (!ok)
		return luaL_error(L, "division by zero");
	check_size(L, r);
	return 1;
}

static int dec_add_m(lua_State *L) { return dec_arith(L, A_ADD); }
static int dec_sub_m(lua_State *L) { return dec_arith(L, A_SUB); }
static int dec_mul_m(lua_State *L) { return dec_arith(L, A_MUL); }
static int dec_div_m(lua_State *L) { return dec_arith(L, A_DIV); }

static int dec_unm(lua_State *L)
{
	dec_t a = DEC_ZERO;
	to_dec(L, 1, &a);
	dec_t *r = push_dec(L);
	dec_neg(r, &a);
	seal_dec(L, r);
	dec_clear(&a);
	return 1;
}

static int dec_compare(lua_State *L, int want)
{
	dec_t a = DEC_ZERO, b = DEC_ZERO;
	to_dec(L, 1, &a);
	to_dec(L, 2, &b);
	int c = dec_cmp(&a, &b);
	dec_clear(&a);
	dec_clear(&b);
	lua_pushboolean(L, want == 0 ? c == 0 : want < 0 ? c < 0 : c <= 0);
	return 1;
}

static int dec_eq(lua_State *L) { return dec_compare(L, 0); }
static int dec_lt(lua_State *L) { return dec_compare(L, -1); }
static int dec_le(lua_State *L) { return dec_compare(L, 1); }

static int dec_tostring(lua_State *L)
{
	dec_t *d = test_dec(L, 1);
	if (!d)
		return luaL_error(L, "not a decimal");
	strbuf sb = STRBUF_INIT;
	dec_format(&sb, d);
	lua_pushlstring(L, sb.data, sb.len);
	sb_free(&sb);
	return 1;
}

static int dec_concat(lua_State *L)
{
	luaL_tolstring(L, 1, NULL);
	luaL_tolstring(L, 2, NULL);
	lua_concat(L, 2);
	return 1;
}

/* d:round(places) — 四舍五入 (half away from zero) */
static int dec_round_m(lua_State *L)
{
	dec_t a = DEC_ZERO;
	to_dec(L, 1, &a);
	lua_Integer places = luaL_optinteger(L, 2, 0);
	luaL_argcheck(L, places >= 0 && places <= 18, 2, "places must be 0 to 18");
	dec_t *r = push_dec(L);
	dec_round(r, &a, (int)places, DEC_HALF_UP);
	seal_dec(L, r);
	dec_clear(&a);
	return 1;
}

static int dec_minmax(lua_State *L, bool want_min)
{
	int n = lua_gettop(L);
	luaL_argcheck(L, n >= 1, 1, "a value is needed");
	dec_t best = DEC_ZERO, x = DEC_ZERO;
	to_dec(L, 1, &best);
	for (int i = 2; i <= n; i++) {
		to_dec(L, i, &x);
		int c = dec_cmp(&x, &best);
		if (want_min ? c < 0 : c > 0)
			dec_set(&best, &x);
	}
	dec_clear(&x);
	dec_t *r = push_dec(L);
	*r = best;
	seal_dec(L, r);
	return 1;
}

static int dec_min_f(lua_State *L) { return dec_minmax(L, true); }
static int dec_max_f(lua_State *L) { return dec_minmax(L, false); }

/* getmetatable and setmetatable, refusing strings and decimals */
static int safe_getmetatable(lua_State *L)
{
	luaL_checkany(L, 1);
	if (lua_type(L, 1) == LUA_TSTRING || test_dec(L, 1))
		return luaL_error(L, "the metatables of strings and decimals are not available to hooks");
	if (!lua_getmetatable(L, 1))
		lua_pushnil(L);
	return 1;
}

static void sandbox(lua_State *L)
{
	luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
	luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
	luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
	luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
	luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
	lua_pop(L, 5);
	/* what reaches outside the state, or around the sandbox */
	static const char *const gone[] = {"dofile", "loadfile", "load", "require", "print", "collectgarbage",
					   "rawset", "rawget", "rawequal", "rawlen", NULL};
	for (int i = 0; gone[i]; i++) {
		lua_pushnil(L);
		lua_setglobal(L, gone[i]);
	}
	lua_pushcfunction(L, safe_getmetatable);
	lua_setglobal(L, "getmetatable");
	lua_getglobal(L, "string");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	lua_pop(L, 1);
	lua_getglobal(L, "math");
	lua_pushnil(L);
	lua_setfield(L, -2, "random");
	lua_pushnil(L);
	lua_setfield(L, -2, "randomseed");
	lua_pop(L, 1);
	/* strings keep their metatable (for s:upper()), but locked */
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);
	/* decimals */
	static const luaL_Reg meta[] = {
		{"__gc", dec_gc},   {"__add", dec_add_m}, {"__sub", dec_sub_m},         {"__mul", dec_mul_m},
		{"__div", dec_div_m}, {"__unm", dec_unm}, {"__eq", dec_eq},             {"__lt", dec_lt},
		{"__le", dec_le},   {"__tostring", dec_tostring}, {"__concat", dec_concat}, {NULL, NULL},
	};
	for (int big = 0; big < 2; big++) {
		lua_newtable(L);
		luaL_setfuncs(L, meta + !big, 0); /* the small one skips __gc */
		lua_pushliteral(L, DECIMAL_TYPE);
		lua_setfield(L, -2, "__name");
		lua_newtable(L);
		lua_pushcfunction(L, dec_round_m);
		lua_setfield(L, -2, "round");
		lua_setfield(L, -2, "__index");
		lua_pushliteral(L, "locked");
		lua_setfield(L, -2, "__metatable");
		luahook *h = state_of(L);
		if (big)
			h->meta_big = lua_topointer(L, -1);
		else
			h->meta_small = lua_topointer(L, -1);
		int ref = luaL_ref(L, LUA_REGISTRYINDEX);
		if (big)
			h->ref_big = ref;
		else
			h->ref_small = ref;
	}
	lua_pushcfunction(L, dec_new);
	lua_setglobal(L, "dec");
	lua_newtable(L);
	lua_pushcfunction(L, dec_min_f);
	lua_setfield(L, -2, "min");
	lua_pushcfunction(L, dec_max_f);
	lua_setfield(L, -2, "max");
	lua_setglobal(L, "decimal");
}

/* Every call into Lua is protected, so this is never reached; if it were,
 * end cleanly rather than abort. */
static int on_panic(lua_State *L)
{
	fprintf(stderr, "score: Lua failed outside a protected call: %s\n", lua_tostring(L, -1));
	exit(5);
}

luahook *luahook_new(const luahook_limits *limits)
{
	luahook *h = mem_calloc(1, sizeof *h);
	h->limits = limits ? *limits : LUAHOOK_DEFAULT_LIMITS;
	h->L = lua_newstate(lh_alloc, h);
	if (!h->L) {
		mem_free(h);
		return NULL;
	}
	*(luahook **)lua_getextraspace(h->L) = h;
	lua_atpanic(h->L, on_panic);
	sandbox(h->L);
	/* short-lived decimals: the generational collector suits them */
	lua_gc(h->L, LUA_GCGEN, 0, 0);
	lua_sethook(h->L, lh_count, LUA_MASKCOUNT, 1000);
	return h;
}

void luahook_free(luahook *h)
{
	if (!h)
		return;
	lua_close(h->L);
	mem_free(h);
}

/* The message handler: Lua's message and the first line of the traceback
 * that points into the hook's code. */
static int msgh(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (!msg)
		msg = luaL_typename(L, 1);
	luaL_traceback(L, L, NULL, 1);
	const char *tb = lua_tostring(L, -1);
	const char *where = NULL;
	size_t wl = 0;
	/* skip "stack traceback:", then frames of C functions */
	for (const char *p = tb ? strchr(tb, '\n') : NULL; p; p = strchr(p, '\n')) {
		p++;
		while (*p == '\t')
			p++;
		size_t n = strcspn(p, "\n");
		if (n && strncmp(p, "[C]", 3) != 0) {
			where = p;
			wl = n;
			break;
		}
	}
	if (where)
		lua_pushfstring(L, "%s (traceback: %s)", msg, lua_pushlstring(L, where, wl));
	else
		lua_pushstring(L, msg);
	return 1;
}

/* Calls the function below the top nargs-1 arguments (nargs counts the
 * function too), with the message handler beneath it and the limits on. */
static int protected_run(luahook *h, int nargs, int nres)
{
	lua_State *L = h->L;
	int base = lua_gettop(L) - nargs + 1; /* the function's index */
	lua_pushcfunction(L, msgh);
	lua_insert(L, base);
	h->budget = h->limits.instructions;
	int rc = lua_pcall(L, nargs - 1, nres, base);
	lua_remove(L, base);
	/* Decimals have finalizers, which Lua's emergency collection does not
	 * run: collect in full before the memory limit can be reached. */
	if (h->used > (size_t)h->limits.memory_kib * 512)
		lua_gc(L, LUA_GCCOLLECT);
	return rc;
}

bool luahook_load(luahook *h, const char *code, size_t len, const char *chunkname, strbuf *err)
{
	lua_State *L = h->L;
	/* text only: a binary chunk could break the VM's invariants */
	if (luaL_loadbufferx(L, code, len, chunkname, "t") != LUA_OK) {
		sb_puts(err, lua_tostring(L, -1));
		lua_pop(L, 1);
		return false;
	}
	if (protected_run(h, 1, 0) != LUA_OK) {
		sb_puts(err, lua_tostring(L, -1));
		lua_pop(L, 1);
		return false;
	}
	return true;
}

int luahook_ref(luahook *h, const char *name)
{
	if (lua_getglobal(h->L, name) != LUA_TFUNCTION) {
		lua_pop(h->L, 1);
		return -1;
	}
	return luaL_ref(h->L, LUA_REGISTRYINDEX);
}

bool luahook_has(luahook *h, const char *name)
{
	int t = lua_getglobal(h->L, name);
	lua_pop(h->L, 1);
	return t == LUA_TFUNCTION;
}

static void push_value(lua_State *L, const luahook_value *v)
{
	switch (v->kind) {
	case LH_NUMBER: {
		dec_t *d = push_dec(L);
		dec_set(d, v->num);
		seal_dec(L, d);
		break;
	}
	case LH_BOOL:
		lua_pushboolean(L, v->flag);
		break;
	case LH_TEXT:
		lua_pushstring(L, v->text ? v->text : "");
		break;
	}
}

/* What a call needs, handed to the trampoline below. */
typedef struct call_ctx {
	int ref;
	const luahook_value *args, *row;
	int nargs, nrow;
} call_ctx;

/* Runs inside lua_pcall, so that pushing the arguments (which allocates)
 * is protected too. */
static int trampoline(lua_State *L)
{
	call_ctx *c = lua_touserdata(L, 1);
	if (lua_rawgeti(L, LUA_REGISTRYINDEX, c->ref) != LUA_TFUNCTION)
		return luaL_error(L, "the hook is not a function");
	int n = c->nargs;
	if (c->row) {
		lua_createtable(L, 0, c->nrow);
		for (int i = 0; i < c->nrow; i++) {
			push_value(L, &c->row[i]);
			lua_setfield(L, -2, c->row[i].name);
		}
		n = 1;
	} else {
		for (int i = 0; i < c->nargs; i++)
			push_value(L, &c->args[i]);
	}
	lua_call(L, n, 1);
	return 1;
}

bool luahook_call(luahook *h, int ref, const luahook_value *args, int nargs, const luahook_value *row,
		  int nrow, dec_t *out, strbuf *err)
{
	lua_State *L = h->L;
	int top = lua_gettop(L);
	call_ctx ctx = {ref, args, row, nargs, nrow};
	lua_pushcfunction(L, trampoline);
	lua_pushlightuserdata(L, &ctx);
	if (protected_run(h, 2, 1) != LUA_OK) {
		sb_puts(err, lua_tostring(L, -1));
		lua_settop(L, top);
		return false;
	}
	bool ok = true;
	dec_t *d = test_dec(L, -1);
	if (d)
		dec_set(out, d);
	else if (lua_isinteger(L, -1))
		dec_set_int(out, (int64_t)lua_tointeger(L, -1));
	else if (lua_type(L, -1) == LUA_TNUMBER) {
		sb_printf(err, "it returned %s, a Lua float, which is not exact: return dec(\"%s\")", lua_tostring(L, -1),
			  lua_tostring(L, -1));
		ok = false;
	} else {
		sb_printf(err, "it returned %s, not a decimal", luaL_typename(L, -1));
		ok = false;
	}
	lua_settop(L, top);
	return ok;
}
