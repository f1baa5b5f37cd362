#include "luahook.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "luacheck.h"
#include "mem.h"
#include "utf8.h"

#define DECIMAL_TYPE "decimal"
/* A decimal in Lua may not grow past this many bits (numerator and
 * denominator together), so that one operation stays cheap. */
#define LUAHOOK_MAX_BITS 4096
/* What one unit of the instruction budget buys outside Lua's own
 * instructions: bytes allocated, or steps of a library function's loop. */
#define BYTES_PER_UNIT 64
#define STEPS_PER_UNIT 16
/* The count hook's period while no limit is near. */
#define HOOK_PERIOD 1000
/* What the message handler may allocate beyond the memory limit, to report
 * the limit that was hit. */
#define HANDLER_ROOM (64 * 1024)

/* The limit that ended a call, final for the rest of it. */
typedef enum trip {
	TRIP_NONE,
	TRIP_INSTRUCTIONS,
	TRIP_MEMORY,
	TRIP_DEPTH,
	TRIP_STRING
} trip;

struct luahook {
	lua_State *L;
	luahook_limits limits;
	const void *meta_dec;  /* the decimals' metatable, recognised by address */
	int ref_meta, ref_chunks, ref_envmeta, ref_env, ref_fns;
	size_t used;           /* bytes the allocator has handed out */
	long budget;           /* instructions left in this call */
	int period;            /* the count hook's current period */
	trip tripped;
	bool stale;            /* the globals must be made afresh before a call */
	bool in_handler;       /* the message handler runs: allocations get HANDLER_ROOM */
	char **names;          /* the functions luahook_ref handed out */
	int nnames;
	/* the chunks loaded, as text, for luahook_clone */
	char **sources, **chunknames;
	size_t *source_lens;
	int nsources;
	/* Decimals being computed belong to the hook, not to a C frame, so that a
	 * Lua error raised halfway (which unwinds with longjmp) leaks nothing. */
	dec_t arg[2], res;
	strbuf text;
};

static luahook *state_of(lua_State *L)
{
	return *(luahook **)lua_getextraspace(L);
}

/* ---- limits -------------------------------------------------------------------------------- */

/* Says which limit was hit; built in C, so that it needs no Lua memory. */
static void trip_text(const luahook *h, strbuf *sb)
{
	switch (h->tripped) {
	case TRIP_MEMORY:
		if (h->limits.memory_kib % 1024 == 0)
			sb_printf(sb, _("the hook needed more than %ld MiB of memory (its limit)"), h->limits.memory_kib / 1024);
		else
			sb_printf(sb, _("the hook needed more than %ld KiB of memory (its limit)"), h->limits.memory_kib);
		break;
	case TRIP_DEPTH:
		sb_printf(sb, _("the hook's calls nest deeper than %d (its limit)"), h->limits.depth);
		break;
	case TRIP_STRING:
		sb_printf(sb, _("the hook made a string longer than %d bytes (the limit of a string in a hook)"),
			  LUAHOOK_MAX_STRING);
		break;
	default:
		sb_printf(sb, _("the hook ran more than %ld instructions (its limit)"), h->limits.instructions);
		break;
	}
}

/* The same, pushed on the stack (inside a protected call). */
static const char *trip_message(lua_State *L, luahook *h)
{
	sb_clear(&h->text);
	trip_text(h, &h->text);
	return lua_pushlstring(L, h->text.data, h->text.len);
}

static void hook_period(luahook *h, int period);

/* Ends the call: the limit stays hit, so that every further instruction and
 * every pcall raises it again. */
static int trip_now(lua_State *L, trip why)
{
	luahook *h = state_of(L);
	if (!h->tripped)
		h->tripped = why;
	hook_period(h, 1);
	trip_message(L, h);
	return lua_error(L);
}

/* Every HOOK_PERIOD instructions (every one once a limit is near): the
 * budget, and the depth of calls (a frame at the limit's level means too
 * deep). Hooking every call instead would cost a C call for each
 * metamethod, that is for each + of two decimals. */
static void lh_count(lua_State *L, lua_Debug *ar)
{
	luahook *h = state_of(L);
	(void)ar;
	h->budget -= h->period;
	if (h->tripped)
		trip_now(L, h->tripped);
	if (h->budget < 0)
		trip_now(L, TRIP_INSTRUCTIONS);
	lua_Debug probe;
	if (lua_getstack(L, h->limits.depth, &probe))
		trip_now(L, TRIP_DEPTH);
}

static void hook_period(luahook *h, int period)
{
	if (h->period == period || !h->L)
		return;
	h->period = period;
	lua_sethook(h->L, lh_count, LUA_MASKCOUNT, period);
}

/* Charges work done outside Lua's instructions, before it is done. */
static void charge(lua_State *L, uint64_t steps)
{
	luahook *h = state_of(L);
	uint64_t units = steps / STEPS_PER_UNIT + 1;
	if (h->tripped || units > (uint64_t)(h->budget > 0 ? h->budget : 0))
		trip_now(L, h->tripped ? h->tripped : TRIP_INSTRUCTIONS);
	h->budget -= (long)units;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
	return a && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* ---- the allocator: Lua's memory, counted, capped and charged ----------------------------- */

/* Plain realloc and free, not mem_*: at its limit this allocator must return
 * NULL, which Lua turns into an error, rather than end the process. */
static void *lh_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	luahook *h = ud;
	size_t old = ptr ? osize : 0;
	if (nsize == 0) {
		free(ptr);
		h->used -= old;
		return NULL;
	}
	if (nsize > old) {
		/* a new object's osize is its type */
		if (!ptr && osize == LUA_TSTRING && nsize > LUAHOOK_MAX_STRING + 64) {
			h->tripped = TRIP_STRING;
			hook_period(h, 1);
			return NULL;
		}
		size_t room = (size_t)h->limits.memory_kib * 1024 + (h->in_handler ? HANDLER_ROOM : 0);
		if (h->used - old + nsize > room)
			return NULL; /* Lua collects in an emergency, then raises a memory error */
		h->budget -= (long)((nsize - old) / BYTES_PER_UNIT);
		if (h->budget < 0)
			hook_period(h, 1); /* the next instruction stops the call */
	}
	void *p = realloc(ptr, nsize);
	if (p)
		h->used = h->used - old + nsize;
	return p;
}

/* ---- decimals in Lua ------------------------------------------------------------------------ */

/* The userdata: a small value in two words, or a big one's GMP limbs inline
 * (numerator then denominator), so that it owns no memory outside Lua and
 * needs no finalizer. */
typedef struct lua_dec {
	int64_t num, den;      /* the value when size_num == 0 */
	int32_t size_num;      /* GMP's signed limb count of the numerator */
	int32_t size_den;
	mp_limb_t limbs[];
} lua_dec;

/* A read-only dec_t over a lua_dec; must not be copied once made. */
typedef struct dec_view {
	mpq_t q;
	dec_t d;
} dec_view;

static const dec_t *view_of(const lua_dec *x, dec_view *v)
{
	if (!x->size_num) {
		v->d = (dec_t){x->num, x->den, NULL};
		return &v->d;
	}
	mp_size_t nn = x->size_num < 0 ? -(mp_size_t)x->size_num : x->size_num;
	mpz_roinit_n(mpq_numref(v->q), x->limbs, x->size_num);
	mpz_roinit_n(mpq_denref(v->q), x->limbs + nn, x->size_den);
	v->d = (dec_t){0, 1, v->q};
	return &v->d;
}

static lua_dec *test_dec(lua_State *L, int idx)
{
	if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx))
		return NULL;
	const void *mt = lua_topointer(L, -1);
	lua_pop(L, 1);
	return mt == state_of(L)->meta_dec ? lua_touserdata(L, idx) : NULL;
}

/* Pushes a copy of d as a Lua decimal. */
static void push_dec(lua_State *L, const dec_t *d)
{
	luahook *h = state_of(L);
	lua_dec *x;
	if (!d->big) {
		x = lua_newuserdatauv(L, sizeof *x, 0);
		*x = (lua_dec){d->num, d->den, 0, 0};
	} else {
		mpz_srcptr num = mpq_numref(d->big), den = mpq_denref(d->big);
		if (mpz_sizeinbase(num, 2) + mpz_sizeinbase(den, 2) > LUAHOOK_MAX_BITS)
			luaL_error(L, _("a decimal grew beyond %d bits"), LUAHOOK_MAX_BITS);
		size_t nn = mpz_size(num), nd = mpz_size(den);
		x = lua_newuserdatauv(L, sizeof *x + (nn + nd) * sizeof(mp_limb_t), 0);
		*x = (lua_dec){0, 1, mpz_sgn(num) < 0 ? -(int32_t)nn : (int32_t)nn, (int32_t)nd};
		memcpy(x->limbs, mpz_limbs_read(num), nn * sizeof(mp_limb_t));
		memcpy(x->limbs + nn, mpz_limbs_read(den), nd * sizeof(mp_limb_t));
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->ref_meta);
	lua_setmetatable(L, -2);
}

/* The value at idx as a decimal: a view of a Lua decimal, an integer, or a
 * decimal string parsed into the hook's scratch value `slot`. */
static const dec_t *arg_dec(lua_State *L, int idx, dec_view *v, dec_t *slot)
{
	lua_dec *x = test_dec(L, idx);
	if (x)
		return view_of(x, v);
	if (lua_isinteger(L, idx)) {
		v->d = (dec_t){(int64_t)lua_tointeger(L, idx), 1, NULL};
		return &v->d;
	}
	if (lua_type(L, idx) == LUA_TNUMBER)
		luaL_error(L, _("%s is a Lua float, which is not exact: write dec(\"%s\")"), lua_tostring(L, idx),
			   lua_tostring(L, idx));
	if (lua_type(L, idx) == LUA_TSTRING) {
		size_t n;
		const char *s = lua_tolstring(L, idx, &n);
		if (dec_parse(slot, s, n, 60) == DEC_OK)
			return slot;
		/* quote at most 40 bytes, cut between characters */
		size_t k = n > 40 ? 40 : n;
		while (k < n && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		lua_pushlstring(L, s, k);
		luaL_error(L, _("'%s%s' is not a decimal"), lua_tostring(L, -1), k < n ? "…" : "");
	}
	luaL_error(L, _("expected a decimal, got %s"), luaL_typename(L, idx));
	return NULL;
}

static int dec_new(lua_State *L)
{
	luahook *h = state_of(L);
	dec_view v;
	push_dec(L, arg_dec(L, 1, &v, &h->arg[0]));
	return 1;
}

typedef enum { A_ADD, A_SUB, A_MUL, A_DIV } arith;

static int dec_arith(lua_State *L, arith op)
{
	luahook *h = state_of(L);
	dec_view va, vb;
	const dec_t *a = arg_dec(L, 1, &va, &h->arg[0]), *b = arg_dec(L, 2, &vb, &h->arg[1]);
	switch (op) {
	case A_ADD: dec_add(&h->res, a, b); break;
	case A_SUB: dec_sub(&h->res, a, b); break;
	case A_MUL: dec_mul(&h->res, a, b); break;
	case A_DIV:
		if (!dec_div(&h->res, a, b))
			return luaL_error(L, _("division by zero"));
		break;
	}
	push_dec(L, &h->res);
	return 1;
}

static int dec_add_m(lua_State *L) { return dec_arith(L, A_ADD); }
static int dec_sub_m(lua_State *L) { return dec_arith(L, A_SUB); }
static int dec_mul_m(lua_State *L) { return dec_arith(L, A_MUL); }
static int dec_div_m(lua_State *L) { return dec_arith(L, A_DIV); }

static int dec_unm(lua_State *L)
{
	luahook *h = state_of(L);
	dec_view v;
	dec_neg(&h->res, arg_dec(L, 1, &v, &h->arg[0]));
	push_dec(L, &h->res);
	return 1;
}

static int dec_compare(lua_State *L, int want)
{
	luahook *h = state_of(L);
	dec_view va, vb;
	int c = dec_cmp(arg_dec(L, 1, &va, &h->arg[0]), arg_dec(L, 2, &vb, &h->arg[1]));
	lua_pushboolean(L, want == 0 ? c == 0 : want < 0 ? c < 0 : c <= 0);
	return 1;
}

static int dec_eq(lua_State *L) { return dec_compare(L, 0); }
static int dec_lt(lua_State *L) { return dec_compare(L, -1); }
static int dec_le(lua_State *L) { return dec_compare(L, 1); }

static int dec_tostring(lua_State *L)
{
	luahook *h = state_of(L);
	lua_dec *x = test_dec(L, 1);
	if (!x)
		return luaL_error(L, _("not a decimal"));
	dec_view v;
	sb_clear(&h->text);
	dec_format(&h->text, view_of(x, &v));
	lua_pushlstring(L, h->text.data, h->text.len);
	return 1;
}

/* d:round(places) — 四舍五入 (half away from zero) */
static int dec_round_m(lua_State *L)
{
	luahook *h = state_of(L);
	dec_view v;
	const dec_t *a = arg_dec(L, 1, &v, &h->arg[0]);
	lua_Integer places = luaL_optinteger(L, 2, 0);
	luaL_argcheck(L, places >= 0 && places <= 18, 2, _("places must be 0 to 18"));
	dec_round(&h->res, a, (int)places, DEC_HALF_UP);
	push_dec(L, &h->res);
	return 1;
}

static int dec_minmax(lua_State *L, bool want_min)
{
	luahook *h = state_of(L);
	int n = lua_gettop(L);
	luaL_argcheck(L, n >= 1, 1, _("a value is needed"));
	dec_view v;
	dec_set(&h->res, arg_dec(L, 1, &v, &h->arg[0]));
	for (int i = 2; i <= n; i++) {
		const dec_t *x = arg_dec(L, i, &v, &h->arg[0]);
		int c = dec_cmp(x, &h->res);
		if (want_min ? c < 0 : c > 0)
			dec_set(&h->res, x);
	}
	push_dec(L, &h->res);
	return 1;
}

static int dec_min_f(lua_State *L) { return dec_minmax(L, true); }
static int dec_max_f(lua_State *L) { return dec_minmax(L, false); }

/* ---- the library, wrapped --------------------------------------------------------------------- */

/* The worst case of Lua's backtracking matcher for pattern p over a subject
 * of n bytes: each quantified item (* + -) may try every length of what
 * follows, ? tries two; an item scans at most n bytes, a set costs its size
 * per byte; every start position is tried unless the pattern is anchored. */
static uint64_t pattern_cost(const char *p, size_t lp, size_t n, bool may_anchor)
{
	size_t i = 0;
	bool anchored = may_anchor && lp > 0 && p[0] == '^';
	if (anchored)
		i = 1;
	uint64_t mult = 1, total = 0, width = (uint64_t)n + 1;
	while (i < lp) {
		uint64_t per_byte = 1;
		char c = p[i];
		if (c == '(' || c == ')') {
			i++;
			total = sat_add(total, mult);
			continue;
		}
		if (c == '%' && i + 1 < lp && (p[i + 1] == 'b' || (p[i + 1] >= '0' && p[i + 1] <= '9'))) {
			/* a balance or a back reference: one linear scan */
			i += p[i + 1] == 'b' ? 4 : 2;
			total = sat_add(total, sat_mul(mult, width));
			continue;
		}
		if (c == '%' && i + 1 < lp && p[i + 1] == 'f')
			i += 2; /* a frontier: its set follows */
		c = i < lp ? p[i] : '\0';
		if (c == '%') {
			i += 2;
		} else if (c == '[') {
			size_t start = ++i;
			if (i < lp && p[i] == '^')
				i++;
			do { /* the first ']' is a member */
				if (i < lp && p[i] == '%')
					i++;
				i++;
			} while (i < lp && p[i] != ']');
			i++;
			per_byte = (uint64_t)(i - start);
		} else {
			i++;
		}
		if (i < lp && (p[i] == '*' || p[i] == '+' || p[i] == '-')) {
			i++;
			total = sat_add(total, sat_mul(mult, sat_add(sat_mul(width, per_byte), 1)));
			mult = sat_mul(mult, width);
		} else if (i < lp && p[i] == '?') {
			i++;
			total = sat_add(total, sat_mul(mult, per_byte));
			mult = sat_mul(mult, 2);
		} else {
			total = sat_add(total, sat_mul(mult, per_byte));
		}
	}
	total = sat_add(total, sat_mul(mult, (uint64_t)lp + 1));
	return anchored ? total : sat_mul(total, width);
}

typedef enum cost_model {
	COST_STRLEN,  /* the length of argument 1 */
	COST_NARGS,   /* the number of arguments */
	COST_REP,     /* string.rep: the copies and the bytes */
	COST_FIND,    /* a pattern over argument 1; plain when argument 4 says so */
	COST_MATCH,   /* a pattern over argument 1, anchored by ^ */
	COST_GMATCH,  /* a pattern over argument 1, every start position */
	COST_TLEN,    /* a table's length (insert, remove) */
	COST_SORT,    /* n log n of a table's length */
	COST_RANGE2,  /* a range in arguments 2 and 3, from 1 to #t (unpack) */
	COST_RANGE3,  /* a range in arguments 3 and 4, from 1 to #t (concat) */
	COST_MOVE     /* table.move's range, arguments 2 and 3 */
} cost_model;

static uint64_t range_len(lua_Integer lo, lua_Integer hi)
{
	return hi < lo ? 0 : (uint64_t)hi - (uint64_t)lo + 1;
}

static size_t str_len(lua_State *L, int idx)
{
	size_t n = 0;
	if (lua_type(L, idx) == LUA_TSTRING)
		lua_tolstring(L, idx, &n);
	return n;
}

static uint64_t table_len(lua_State *L, int idx)
{
	return lua_type(L, idx) == LUA_TTABLE ? (uint64_t)lua_rawlen(L, idx) : 0;
}

/* A library function, charged for its work before it runs: upvalue 1 is the
 * original, upvalue 2 its cost model. */
static int charged(lua_State *L)
{
	lua_CFunction orig = lua_tocfunction(L, lua_upvalueindex(1));
	cost_model model = (cost_model)lua_tointeger(L, lua_upvalueindex(2));
	uint64_t steps = 0;
	switch (model) {
	case COST_STRLEN:
		steps = str_len(L, 1);
		break;
	case COST_NARGS:
		steps = (uint64_t)lua_gettop(L);
		break;
	case COST_REP: {
		lua_Integer n = lua_isinteger(L, 2) ? lua_tointeger(L, 2) : 0;
		uint64_t copies = n > 0 ? (uint64_t)n : 0;
		/* a loop turn per copy, and the bytes at the allocator's rate */
		steps = sat_add(copies, sat_mul(copies, (uint64_t)str_len(L, 1) + str_len(L, 3)) / 4);
		break;
	}
	case COST_FIND:
		if (lua_toboolean(L, 4)) {
			steps = sat_mul((uint64_t)str_len(L, 1) + 1, (uint64_t)str_len(L, 2) + 1);
			break;
		}
		/* fall through */
	case COST_MATCH:
	case COST_GMATCH: {
		size_t lp = 0;
		const char *p = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &lp) : "";
		steps = pattern_cost(p, lp, str_len(L, 1), model != COST_GMATCH);
		break;
	}
	case COST_TLEN:
		steps = table_len(L, 1);
		break;
	case COST_SORT: {
		uint64_t n = table_len(L, 1), log = 1;
		while ((1ull << log) < n && log < 63)
			log++;
		steps = sat_mul(n, log);
		break;
	}
	case COST_RANGE2:
	case COST_RANGE3: {
		int at = model == COST_RANGE2 ? 2 : 3;
		lua_Integer lo = lua_isinteger(L, at) ? lua_tointeger(L, at) : 1;
		lua_Integer hi = lua_isinteger(L, at + 1) ? lua_tointeger(L, at + 1) : (lua_Integer)table_len(L, 1);
		steps = range_len(lo, hi);
		break;
	}
	case COST_MOVE: {
		lua_Integer lo = lua_isinteger(L, 2) ? lua_tointeger(L, 2) : 1;
		lua_Integer hi = lua_isinteger(L, 3) ? lua_tointeger(L, 3) : 0;
		steps = range_len(lo, hi);
		break;
	}
	}
	charge(L, steps);
	return orig(L);
}

typedef struct wrap {
	const char *name;
	cost_model model; /* or -1: removed */
} wrap;

#define REMOVED ((cost_model)-1)

/* The library table on top of the stack: each named function wrapped with
 * its cost, or removed. Functions not named are O(1) or charged by the
 * bytes they allocate. */
static void wrap_library(lua_State *L, const wrap *w)
{
	for (; w->name; w++) {
		if (w->model == REMOVED) {
			lua_pushnil(L);
		} else {
			if (lua_getfield(L, -1, w->name) != LUA_TFUNCTION) {
				lua_pop(L, 1);
				continue;
			}
			lua_pushinteger(L, w->model);
			lua_pushcclosure(L, charged, 2);
		}
		lua_setfield(L, -2, w->name);
	}
}

/* A read-only view of the table on top of the stack, replacing it. */
static int refuse_write(lua_State *L)
{
	return luaL_error(L, _("the libraries are read-only: keep your own values in locals or your own tables"));
}

static void make_read_only(lua_State *L)
{
	lua_newtable(L);               /* the view */
	lua_createtable(L, 0, 3);      /* its metatable */
	lua_rotate(L, -3, -1);         /* view, meta, library */
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, refuse_write);
	lua_setfield(L, -2, "__newindex");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
}

/* pcall and xpcall that catch a hook's own errors, never a limit: a limit
 * that was hit (or memory that ran out) is raised again. */
static int finish_pcall(lua_State *L, int status, int first)
{
	luahook *h = state_of(L);
	if (status == LUA_ERRMEM && !h->tripped)
		h->tripped = TRIP_MEMORY;
	if (h->tripped)
		return trip_now(L, h->tripped);
	lua_pushboolean(L, status == LUA_OK);
	lua_replace(L, first);
	return lua_gettop(L) - first + 1;
}

static int safe_pcall(lua_State *L)
{
	luaL_checkany(L, 1);
	lua_pushnil(L); /* the slot of the status */
	lua_insert(L, 1);
	int status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0);
	return finish_pcall(L, status, 1);
}

/* Lua runs a message handler before unwinding, and with hooks off when the
 * error came from a hook (a limit): a handler given by a hook would run
 * unbounded. So xpcall calls it after the protected call has returned. */
static int safe_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_replace(L, 1);
	lua_replace(L, 2); /* handler, function, arguments */
	int status = lua_pcall(L, n - 2, LUA_MULTRET, 0);
	if (status == LUA_OK || status == LUA_ERRMEM || state_of(L)->tripped)
		return finish_pcall(L, status, 1);
	/* handler(error) in place of the error */
	lua_pushvalue(L, 1);
	lua_insert(L, -2);
	status = lua_pcall(L, 1, 1, 0);
	if (status == LUA_ERRMEM || state_of(L)->tripped)
		return finish_pcall(L, status, 1);
	lua_pushboolean(L, 0);
	lua_replace(L, 1); /* false, what the handler returned */
	return 2;
}

static int safe_getmetatable(lua_State *L)
{
	luaL_checkany(L, 1);
	if (!lua_getmetatable(L, 1))
		lua_pushnil(L);
	else if (lua_getfield(L, -1, "__metatable") != LUA_TNIL)
		return 1; /* what the metatable shows of itself */
	else
		lua_pop(L, 1);
	return 1;
}

static const wrap base_wrap[] = {
	{"dofile", REMOVED},   {"loadfile", REMOVED}, {"load", REMOVED},     {"require", REMOVED},
	{"print", REMOVED},    {"collectgarbage", REMOVED}, {"rawset", REMOVED}, {"rawget", REMOVED},
	{"rawequal", REMOVED}, {"rawlen", REMOVED},   {"setmetatable", REMOVED}, {"warn", REMOVED},
	{NULL, 0},
};
static const wrap string_wrap[] = {
	{"dump", REMOVED},       {"pack", REMOVED},        {"unpack", REMOVED},      {"packsize", REMOVED},
	{"byte", COST_STRLEN},   {"char", COST_NARGS},     {"format", COST_NARGS},   {"rep", COST_REP},
	{"find", COST_FIND},     {"match", COST_MATCH},    {"gmatch", COST_GMATCH},  {"gsub", COST_GMATCH},
	{"upper", COST_STRLEN},  {"lower", COST_STRLEN},   {"reverse", COST_STRLEN}, {"sub", COST_STRLEN},
	{NULL, 0},
};
static const wrap table_wrap[] = {
	{"insert", COST_TLEN},  {"remove", COST_TLEN}, {"concat", COST_RANGE3}, {"unpack", COST_RANGE2},
	{"move", COST_MOVE},    {"sort", COST_SORT},   {"pack", COST_NARGS},    {NULL, 0},
};
static const wrap utf8_wrap[] = {
	{"char", COST_NARGS}, {"codepoint", COST_STRLEN}, {"len", COST_STRLEN}, {"offset", COST_STRLEN}, {NULL, 0},
};
static const wrap math_wrap[] = {
	{"random", REMOVED}, {"randomseed", REMOVED}, {NULL, 0},
};

/* Builds the globals every row's table falls back on: runs protected. */
static int build_sandbox(lua_State *L)
{
	luahook *h = state_of(L);
	luaL_requiref(L, LUA_GNAME, luaopen_base, 0);
	wrap_library(L, base_wrap);
	lua_pushcfunction(L, safe_pcall);
	lua_setfield(L, -2, "pcall");
	lua_pushcfunction(L, safe_xpcall);
	lua_setfield(L, -2, "xpcall");
	lua_pushcfunction(L, safe_getmetatable);
	lua_setfield(L, -2, "getmetatable");
	lua_pushnil(L);
	lua_setfield(L, -2, "_G");
	static const struct {
		const char *name;
		lua_CFunction open;
		const wrap *w;
	} libs[] = {
		{LUA_STRLIBNAME, luaopen_string, string_wrap},
		{LUA_TABLIBNAME, luaopen_table, table_wrap},
		{LUA_MATHLIBNAME, luaopen_math, math_wrap},
		{LUA_UTF8LIBNAME, luaopen_utf8, utf8_wrap},
	};
	for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
		luaL_requiref(L, libs[i].name, libs[i].open, 0);
		wrap_library(L, libs[i].w);
		if (libs[i].open == luaopen_string) {
			/* s:upper() reaches the wrapped table; the metatable is locked */
			lua_pushliteral(L, "");
			lua_getmetatable(L, -1);
			lua_pushvalue(L, -3);
			lua_setfield(L, -2, "__index");
			lua_pushliteral(L, "locked");
			lua_setfield(L, -2, "__metatable");
			lua_pop(L, 2);
		}
		make_read_only(L);
		lua_setfield(L, -2, libs[i].name);
	}
	/* decimals: one metatable, without __gc, and without __concat: Lua
	 * 5.4.4 corrupts its stack when a C __concat runs inside a
	 * concatenation of three values in nested loops (found by fuzz_lua;
	 * stock Lua does it too), so `..` takes tostring(d) instead */
	static const luaL_Reg meta[] = {
		{"__add", dec_add_m}, {"__sub", dec_sub_m}, {"__mul", dec_mul_m},           {"__div", dec_div_m},
		{"__unm", dec_unm},   {"__eq", dec_eq},     {"__lt", dec_lt},               {"__le", dec_le},
		{"__tostring", dec_tostring}, {NULL, NULL},
	};
	lua_newtable(L);
	luaL_setfuncs(L, meta, 0);
	lua_pushliteral(L, DECIMAL_TYPE);
	lua_setfield(L, -2, "__name");
	lua_newtable(L);
	lua_pushcfunction(L, dec_round_m);
	lua_setfield(L, -2, "round");
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	h->meta_dec = lua_topointer(L, -1);
	h->ref_meta = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pushcfunction(L, dec_new);
	lua_setfield(L, -2, "dec");
	lua_newtable(L);
	lua_pushcfunction(L, dec_min_f);
	lua_setfield(L, -2, "min");
	lua_pushcfunction(L, dec_max_f);
	lua_setfield(L, -2, "max");
	make_read_only(L);
	lua_setfield(L, -2, "decimal");
	/* each row's globals: a fresh table that falls back on these */
	lua_createtable(L, 0, 2);
	lua_insert(L, -2);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	h->ref_envmeta = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_newtable(L);
	h->ref_chunks = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_newtable(L);
	h->ref_env = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_newtable(L);
	h->ref_fns = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

/* ---- protected calls ------------------------------------------------------------------------- */

/* The name under which the row's globals hold the function on top of the
 * stack, pushed; nothing when there is none. Popped either way. */
static bool push_global_name(lua_State *L)
{
	luahook *h = state_of(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->ref_env);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		if (lua_type(L, -2) == LUA_TSTRING && lua_rawequal(L, -1, -4)) {
			lua_pop(L, 1);        /* the value: key on top */
			lua_replace(L, -3);   /* key over the function */
			lua_pop(L, 1);        /* the globals */
			return true;
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
	return false;
}

/* The message handler: the reason (a limit's own message when one was hit)
 * and where in the hook's code it happened. It builds no luaL_Buffer (whose
 * to-be-closed box Lua 5.4.4 mishandles when an error strikes inside a
 * handler) and may allocate a little beyond the limits (handler_room). */
static int msgh(lua_State *L)
{
	luahook *h = state_of(L);
	h->in_handler = true;
	const char *msg = h->tripped ? trip_message(L, h) : lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1) : NULL;
	if (!msg)
		msg = luaL_typename(L, 1);
	lua_Debug ar;
	bool found = false;
	for (int level = 1; !found && lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Slf", &ar) || strcmp(ar.what, "C") == 0 || ar.currentline <= 0) {
			lua_pop(L, 1);
			continue;
		}
		found = true;
		if (*ar.what == 'm') {
			lua_pop(L, 1);
			lua_pushfstring(L, _("%s (traceback: %s:%d: in main chunk)"), msg, ar.short_src, ar.currentline);
		} else if (push_global_name(L)) {
			lua_pushfstring(L, _("%s (traceback: %s:%d: in function '%s')"), msg, ar.short_src, ar.currentline,
					lua_tostring(L, -1));
		} else {
			lua_pushfstring(L, _("%s (traceback: %s:%d: in function <%s:%d>)"), msg, ar.short_src, ar.currentline,
					ar.short_src, ar.linedefined);
		}
	}
	if (!found)
		lua_pushstring(L, msg);
	h->in_handler = false;
	return 1;
}

/* Runs fn(ud) under lua_pcall with the message handler and fresh limits.
 * On failure appends the reason to err (when given). */
static bool protected_run(luahook *h, lua_CFunction fn, void *ud, int nres, strbuf *err)
{
	lua_State *L = h->L;
	h->budget = h->limits.instructions;
	h->tripped = TRIP_NONE;
	hook_period(h, HOOK_PERIOD);
	lua_pushcfunction(L, msgh);
	int base = lua_gettop(L);
	lua_pushcfunction(L, fn);
	lua_pushlightuserdata(L, ud);
	int rc = lua_pcall(L, 1, nres, base);
	if (rc == LUA_ERRMEM && !h->tripped)
		h->tripped = TRIP_MEMORY;
	if (rc != LUA_OK) {
		if (err) {
			/* a memory error skips the handler: say which limit */
			if (rc == LUA_ERRMEM || lua_type(L, -1) != LUA_TSTRING)
				trip_text(h, err);
			else {
				/* a hook's message reaches a terminal and the summary: shown
				 * escaped (no line or escape sequence of its own), and cut */
				size_t n;
				const char *msg = lua_tolstring(L, -1, &n);
				utf8_show(err, msg, n, 500);
			}
		}
		lua_settop(L, base - 1);
		return false;
	}
	lua_remove(L, base);
	return true;
}

/* ---- the state --------------------------------------------------------------------------------- */

/* Every call into Lua is protected, so this is never reached. */
static int on_panic(lua_State *L)
{
	fprintf(stderr, _("score: Lua failed outside a protected call: %s\n"), lua_tostring(L, -1));
	abort();
}

static int noop(lua_State *L)
{
	(void)L;
	return 0;
}

luahook *luahook_new(const luahook_limits *limits)
{
	luahook *h = mem_calloc(1, sizeof *h);
	h->limits = limits ? *limits : LUAHOOK_DEFAULT_LIMITS;
	h->arg[0] = h->arg[1] = h->res = DEC_ZERO;
	h->stale = true;
	lua_State *L = lua_newstate(lh_alloc, h);
	if (!L) {
		mem_free(h);
		return NULL;
	}
	*(luahook **)lua_getextraspace(L) = h;
	lua_atpanic(L, on_panic);
	h->L = L;
	h->period = 0;
	if (!protected_run(h, build_sandbox, NULL, 0, NULL) || !protected_run(h, noop, NULL, 0, NULL)) {
		luahook_free(h);
		return NULL;
	}
	/* short-lived decimals: the generational collector suits them */
	lua_gc(L, LUA_GCGEN, 0, 0);
	return h;
}

void luahook_free(luahook *h)
{
	if (!h)
		return;
	lua_close(h->L);
	for (int i = 0; i < h->nnames; i++)
		mem_free(h->names[i]);
	mem_free(h->names);
	for (int i = 0; i < h->nsources; i++) {
		mem_free(h->sources[i]);
		mem_free(h->chunknames[i]);
	}
	mem_free(h->sources);
	mem_free(h->chunknames);
	mem_free(h->source_lens);
	dec_clear(&h->arg[0]);
	dec_clear(&h->arg[1]);
	dec_clear(&h->res);
	sb_free(&h->text);
	mem_free(h);
}

/* A fresh global table: the chunks' top levels run in it, then the
 * functions handed out are looked up in it. */
static int instantiate(lua_State *L)
{
	luahook *h = state_of(L);
	lua_createtable(L, 0, 8);
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->ref_envmeta);
	lua_setmetatable(L, -2);
	lua_pushvalue(L, -1);
	lua_setfield(L, -2, "_G");
	int env = lua_gettop(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->ref_chunks);
	lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, env + 1, i);
		lua_pushvalue(L, env);
		lua_setupvalue(L, -2, 1); /* a main chunk's only upvalue is _ENV */
		lua_call(L, 0, 0);
	}
	lua_pop(L, 1);
	lua_createtable(L, h->nnames, 0);
	for (int i = 0; i < h->nnames; i++) {
		lua_pushstring(L, h->names[i]);
		if (lua_rawget(L, env) != LUA_TFUNCTION) {
			lua_pop(L, 1);
			lua_pushboolean(L, 0);
		}
		lua_rawseti(L, -2, i + 1);
	}
	lua_rawseti(L, LUA_REGISTRYINDEX, h->ref_fns);
	/* tracebacks name a function by where package.loaded finds it */
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	lua_pushvalue(L, env);
	lua_setfield(L, -2, LUA_GNAME);
	lua_pop(L, 1);
	lua_rawseti(L, LUA_REGISTRYINDEX, h->ref_env);
	h->stale = false;
	return 0;
}

typedef struct load_ctx {
	const char *code;
	size_t len;
	const char *chunkname;
} load_ctx;

/* Compiles a chunk (text only: a binary chunk could break the VM's
 * invariants) and appends it to the chunks. */
static int compile_chunk(lua_State *L)
{
	luahook *h = state_of(L);
	load_ctx *c = lua_touserdata(L, 1);
	if (luaL_loadbufferx(L, c->code, c->len, c->chunkname, "t") != LUA_OK)
		return lua_error(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->ref_chunks);
	lua_insert(L, -2);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int drop_last_chunk(lua_State *L)
{
	luahook *h = state_of(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->ref_chunks);
	lua_pushnil(L);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2));
	return 0;
}

bool luahook_load(luahook *h, const char *code, size_t len, const char *chunkname, strbuf *err)
{
	if (!luacheck_source(code, len, chunkname, err))
		return false;
	load_ctx c = {code, len, chunkname};
	if (!protected_run(h, compile_chunk, &c, 0, err))
		return false;
	if (!protected_run(h, instantiate, NULL, 0, err)) {
		protected_run(h, drop_last_chunk, NULL, 0, NULL);
		h->stale = true;
		return false;
	}
	size_t k = (size_t)h->nsources;
	h->sources = mem_append_room(h->sources, sizeof *h->sources, k);
	h->chunknames = mem_append_room(h->chunknames, sizeof *h->chunknames, k);
	h->source_lens = mem_append_room(h->source_lens, sizeof *h->source_lens, k);
	h->sources[k] = mem_alloc(len + 1);
	memcpy(h->sources[k], code, len);
	h->sources[k][len] = '\0';
	h->chunknames[k] = mem_strdup(chunkname);
	h->source_lens[k] = len;
	h->nsources++;
	return true;
}

luahook *luahook_clone(const luahook *h)
{
	luahook *c = luahook_new(&h->limits);
	if (!c)
		return NULL;
	strbuf err = STRBUF_INIT;
	bool ok = true;
	for (int i = 0; i < h->nsources && ok; i++)
		ok = luahook_load(c, h->sources[i], h->source_lens[i], h->chunknames[i], &err);
	/* the same names in the same order: the same handles */
	for (int i = 0; i < h->nnames && ok; i++)
		ok = luahook_ref(c, h->names[i]) == i;
	sb_free(&err);
	if (!ok) {
		luahook_free(c);
		return NULL;
	}
	return c;
}

typedef struct name_ctx {
	const char *name;
	bool found;
} name_ctx;

static int find_function(lua_State *L)
{
	luahook *h = state_of(L);
	name_ctx *c = lua_touserdata(L, 1);
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->ref_env);
	lua_pushstring(L, c->name);
	c->found = lua_rawget(L, -2) == LUA_TFUNCTION;
	return 0;
}

bool luahook_has(luahook *h, const char *name)
{
	name_ctx c = {name, false};
	return protected_run(h, find_function, &c, 0, NULL) && c.found;
}

int luahook_ref(luahook *h, const char *name)
{
	if (!luahook_has(h, name))
		return -1;
	for (int i = 0; i < h->nnames; i++)
		if (strcmp(h->names[i], name) == 0)
			return i;
	h->names = mem_append_room(h->names, sizeof *h->names, (size_t)(h->nnames));
	h->names[h->nnames] = mem_strdup(name);
	h->stale = true; /* the new name is looked up with the next globals */
	return h->nnames++;
}

size_t luahook_memory(const luahook *h)
{
	return h->used;
}

void luahook_begin_row(luahook *h)
{
	if (h)
		h->stale = true;
}

static void push_value(lua_State *L, const luahook_value *v)
{
	switch (v->kind) {
	case LH_NUMBER:
		push_dec(L, v->num);
		break;
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
	dec_t *out;
} call_ctx;

/* Runs inside lua_pcall, so that pushing the arguments (which allocates)
 * is protected too. */
static int trampoline(lua_State *L)
{
	luahook *h = state_of(L);
	call_ctx *c = lua_touserdata(L, 1);
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->ref_fns);
	if (lua_rawgeti(L, -1, c->ref + 1) != LUA_TFUNCTION)
		return luaL_error(L, _("the Lua code no longer defines this function"));
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
	lua_dec *x = test_dec(L, -1);
	if (x) {
		dec_view v;
		dec_set(c->out, view_of(x, &v));
	} else if (lua_isinteger(L, -1)) {
		dec_set_int(c->out, (int64_t)lua_tointeger(L, -1));
	} else if (lua_type(L, -1) == LUA_TNUMBER) {
		const char *f = lua_tostring(L, -1);
		return luaL_error(L, _("it returned %s, a Lua float, which is not exact: return dec(\"%s\")"), f, f);
	} else {
		return luaL_error(L, _("it returned %s, not a decimal"), luaL_typename(L, -1));
	}
	return 0;
}

bool luahook_call(luahook *h, int ref, const luahook_value *args, int nargs, const luahook_value *row,
		  int nrow, dec_t *out, strbuf *err)
{
	if (ref < 0 || ref >= h->nnames) {
		sb_puts(err, _("no such Lua function"));
		return false;
	}
	if (h->stale) {
		strbuf why = STRBUF_INIT;
		if (!protected_run(h, instantiate, NULL, 0, &why)) {
			sb_printf(err, _("the Lua code's top level failed before the hook ran: %s"), sb_text(&why));
			sb_free(&why);
			return false;
		}
		sb_free(&why);
	}
	call_ctx ctx = {ref, args, row, nargs, nrow, out};
	return protected_run(h, trampoline, &ctx, 0, err);
}
