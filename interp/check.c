#include "check.h"

#include <string.h>

#include "i18n.h"
#include "load.h"
#include "mem.h"
#include "names.h"
#include "strbuf.h"


typedef struct check_var {
	const char *name;
	int slot;
	ast_type type;
} check_var;

typedef enum fn_state { FN_TODO, FN_BUSY, FN_DONE } fn_state;

typedef struct checker {
	ast_program *ast;
	prog *p;
	const check_options *opts;
	check_unit *units;
	int nunits;
	size_t capunits;

	ast_decl **fns;
	int nfns;
	fn_state *fn_state;
	ast_type *fn_type;

	/* the function being checked */
	check_var *vars;
	int nvars;
	size_t capvars;
	int nlocals;
	ast_decl *cur_fn;     /* a user fn, or NULL */
	int cur_node;         /* the indicator whose rule this is, or -1 */
	bool allow_weight;

	ast_decl **node_decl; /* the declaration of each node */
	size_t capnodes;

	/* indexes, so that checking stays linear in the policy's size */
	name_index input_names, fn_names, column_names, path_names;
	name_index last_names;     /* an indicator's own name → its first node */
	const char *policy_accept; /* the header's accept: why the total departs */
	int *same_name;       /* the next node with the same name, or -1 */
	diag_log *log;        /* where the policy's messages go */
} checker;


static const char *type_name(ast_type t)
{
	switch (t) {
	case T_NUMBER: return _("a number");
	case T_BOOL: return _("yes/no");
	case T_ENUM: return _("a one-of value");
	case T_STRING: return _("a string");
	case T_ERROR: break;
	}
	return _("an invalid value");
}


static bool literal(diag_log *log, const ast_num *n, dec_t *out)
{
	if (ast_num_value(n, out))
		return true;
	diag_error(log, n->loc, "'%s' is not a number this policy can use (at most %d digits)", n->text ? n->text : "",
		   AST_MAX_DIGITS);
	return false;
}

static int add_func(checker *c, const char *name, int nparams, srcloc loc)
{
	prog *p = c->p;
	p->funcs = mem_append_room(p->funcs, sizeof *p->funcs, (size_t)p->nfuncs);
	prog_func *f = &p->funcs[p->nfuncs];
	memset(f, 0, sizeof *f);
	f->name = mem_strdup(name);
	f->nparams = nparams;
	f->loc = loc;
	return p->nfuncs++;
}

static void add_unit(checker *c, int func, ast_expr *body, int node)
{
	c->units = mem_grow(c->units, sizeof *c->units, &c->capunits, (size_t)c->nunits + 1);
	c->units[c->nunits++] = (check_unit){func, body, node};
}

/* ---- scopes ------------------------------------------------------------------ */

static int find_input(checker *c, const char *name)
{
	return names_get(&c->input_names, name);
}

static int find_fn(checker *c, const char *name)
{
	return names_get(&c->fn_names, name);
}

static check_var *find_var(checker *c, const char *name)
{
	for (int i = c->nvars - 1; i >= 0; i--)
		if (strcmp(c->vars[i].name, name) == 0)
			return &c->vars[i];
	return NULL;
}

static void push_var(checker *c, const char *name, ast_type type, int slot)
{
	c->vars = mem_grow(c->vars, sizeof *c->vars, &c->capvars, (size_t)c->nvars + 1);
	c->vars[c->nvars++] = (check_var){name, slot, type};
}

/* ---- expressions ------------------------------------------------------------- */

static ast_type check_expr(checker *c, ast_expr *e);
static void check_fn(checker *c, int fi);

static bool want(checker *c, ast_expr *e, ast_type t, const char *what)
{
	ast_type got = check_expr(c, e);
	if (got == T_ERROR || got == t)
		return got == t;
	diag_error(c->log, e->loc, "%s must be %s, but this is %s", _(what), type_name(t), type_name(got));
	return false;
}

static int enum_input_of(ast_expr *e)
{
	if (e->kind == E_NAME && e->ref == REF_INPUT && e->type == T_ENUM)
		return e->slot;
	return -1;
}

/* Resolves a string literal compared with a one-of input to its option. */
static bool resolve_option(checker *c, ast_expr *str, int input)
{
	prog_input *in = &c->p->inputs[input];
	for (int k = 0; k < in->noptions; k++)
		if (strcmp(in->options[k], str->name) == 0) {
			str->enum_value = k;
			return true;
		}
	strbuf sb = STRBUF_INIT;
	for (int k = 0; k < in->noptions; k++)
		sb_printf(&sb, "%s\"%s\"", k ? ", " : "", in->options[k]);
	diag_error(c->log, str->loc, "\"%s\" is not one of the values of %s: %s", str->name, in->name, sb.data);
	sb_free(&sb);
	return false;
}

static ast_type check_compare(checker *c, ast_expr *e)
{
	ast_expr *a = e->kid[0], *b = e->kid[1];
	ast_type ta = check_expr(c, a), tb = check_expr(c, b);
	if (ta == T_ERROR || tb == T_ERROR)
		return T_ERROR;
	bool eq = e->op == OPB_EQ || e->op == OPB_NE;
	if (ta == T_NUMBER && tb == T_NUMBER)
		return T_BOOL;
	if (eq && ta == T_BOOL && tb == T_BOOL)
		return T_BOOL;
	if (eq && ta == T_ENUM && tb == T_STRING)
		return resolve_option(c, b, enum_input_of(a)) ? T_BOOL : T_ERROR;
	if (eq && ta == T_STRING && tb == T_ENUM)
		return resolve_option(c, a, enum_input_of(b)) ? T_BOOL : T_ERROR;
	if (eq && ta == T_ENUM && tb == T_ENUM && enum_input_of(a) == enum_input_of(b))
		return T_BOOL;
	diag_error(c->log, e->loc, "cannot compare %s with %s", type_name(ta), type_name(tb));
	return T_ERROR;
}

static bool check_bound(diag_log *log, const ast_num *n, dec_t *out)
{
	return literal(log, n, out);
}

/* Checks a band interval: both bounds numbers, lo <= hi. */
static void check_interval(diag_log *log, ast_arm *arm)
{
	dec_t lo = DEC_ZERO, hi = DEC_ZERO;
	bool ok = true;
	if (arm->has_lo)
		ok &= check_bound(log, &arm->lo, &lo);
	if (arm->has_hi)
		ok &= check_bound(log, &arm->hi, &hi);
	if (ok && arm->has_lo && arm->has_hi) {
		int cmp = dec_cmp(&lo, &hi);
		if (cmp > 0 || (cmp == 0 && !(arm->lo_incl && arm->hi_incl)))
			diag_error(log, arm->loc, "this interval is empty: its lower bound is not below its upper bound");
	}
	dec_clear(&lo);
	dec_clear(&hi);
}

static ast_type check_arms_value(checker *c, ast_expr *e, ast_list *arms)
{
	ast_type result = T_ERROR;
	bool seen_else = false;
	for (size_t i = 0; i < arms->len; i++) {
		ast_arm *arm = arms->items[i];
		if (seen_else)
			diag_error(c->log, arm->loc, "no value can reach this branch: it comes after 'else'");
		if (arm->kind == ARM_ELSE)
			seen_else = true;
		ast_type t = check_expr(c, arm->value);
		if (t == T_ERROR)
			continue;
		if (t != T_NUMBER && t != T_BOOL) {
			diag_error(c->log, arm->value->loc, "a branch must give a number or yes/no, not %s", type_name(t));
			continue;
		}
		if (result == T_ERROR)
			result = t;
		else if (t != result)
			diag_error(c->log, arm->value->loc, "this branch gives %s, an earlier one %s", type_name(t), type_name(result));
	}
	if (arms->len == 0)
		diag_error(c->log, e->loc, "this has no branches");
	return result;
}

/* A call of a Lua function: numbers and yes/no go in, a number comes out.
 * With no arguments the function gets the whole row, so every input counts
 * as read. */
static ast_type check_hook_call(checker *c, ast_expr *e)
{
	prog *p = c->p;
	bool ok = true;
	uint32_t mask = 0;
	if (e->list.len > 32) {
		diag_error(c->log, e->loc, "a Lua function takes at most 32 arguments");
		return T_ERROR;
	}
	for (size_t i = 0; i < e->list.len; i++) {
		ast_type t = check_expr(c, e->list.items[i]);
		if (t == T_BOOL)
			mask |= 1u << i;
		else if (t != T_NUMBER && t != T_ERROR) {
			diag_error(c->log, ((ast_expr *)e->list.items[i])->loc, "a Lua function takes numbers and yes/no, not %s",
				   type_name(t));
			ok = false;
		}
	}
	if (e->list.len == 0)
		for (int i = 0; i < p->ninputs; i++)
			p->inputs[i].used = true;
	p->hookcalls = mem_append_room(p->hookcalls, sizeof *p->hookcalls, (size_t)(p->nhookcalls));
	p->hookcalls[p->nhookcalls] = (prog_hookcall){mem_strdup(e->name), luahook_ref(p->lua, e->name), (int)e->list.len, mask};
	e->ref = REF_HOOK;
	e->slot = p->nhookcalls++;
	return ok ? T_NUMBER : T_ERROR;
}

/* ratio(a, b, when_zero): a / b, or when_zero where b is 0 — what a
 * rubric scores for a unit with no budget, no plan, no purchases. Written
 * as `if b == 0 then when_zero else a / b`, so the rest of the pipeline
 * sees only what it knows. */
/* A policy's own function or Lua hook of that name comes first. */
static bool is_ratio_sugar(checker *c, const char *name)
{
	return strcmp(name, "ratio") == 0 && find_fn(c, name) < 0 && !(c->p->lua && luahook_has(c->p->lua, name));
}

static bool desugar_ratio(checker *c, ast_expr *e)
{
	if (!is_ratio_sugar(c, e->name))
		return false;
	if (e->list.len != 3) {
		diag_error(c->log, e->loc, "ratio takes 3 arguments (a, b, and what it is when b is 0), not %zu", e->list.len);
		return false;
	}
	ast_arena *arena = c->ast->arena;
	ast_expr *a = e->list.items[0], *b = e->list.items[1], *when_zero = e->list.items[2];
	ast_expr *zero = ast_expr_new(arena, E_NUM, b->loc);
	zero->num.text = "0";
	zero->num.loc = b->loc;
	ast_expr *test = ast_expr_new(arena, E_BIN, b->loc);
	test->op = OPB_EQ;
	test->kid[0] = b;
	test->kid[1] = zero;
	ast_expr *div = ast_expr_new(arena, E_BIN, e->loc);
	div->op = OPB_DIV;
	div->kid[0] = a;
	div->kid[1] = b;
	e->kind = E_IF;
	e->kid[0] = test;
	e->kid[1] = when_zero;
	e->kid[2] = div;
	e->list.len = 0;
	return true;
}

static ast_type check_call(checker *c, ast_expr *e)
{
	size_t n = e->list.len;
	if (desugar_ratio(c, e))
		return check_expr(c, e);
	if (n != 3 && is_ratio_sugar(c, e->name))
		return T_ERROR;
	int bi = lang_builtin_find(e->name);
	if (bi >= 0) {
		e->op = bi;
		e->ref = REF_NONE;
		if ((int)n < lang_builtins[bi].min_args || (lang_builtins[bi].max_args >= 0 && (int)n > lang_builtins[bi].max_args)) {
			if (lang_builtins[bi].min_args == lang_builtins[bi].max_args)
				diag_error(c->log, e->loc, "%s takes %d arguments, not %zu", e->name, lang_builtins[bi].min_args, n);
			else if (lang_builtins[bi].max_args < 0)
				diag_error(c->log, e->loc, "%s takes at least %d argument", e->name, lang_builtins[bi].min_args);
			else
				diag_error(c->log, e->loc, "%s takes %d to %d arguments, not %zu", e->name, lang_builtins[bi].min_args,
					   lang_builtins[bi].max_args, n);
			return T_ERROR;
		}
		bool ok = true;
		ast_type want_t = lang_builtins[bi].bool_args ? T_BOOL : T_NUMBER;
		for (size_t i = 0; i < n; i++) {
			ast_expr *arg = e->list.items[i];
			if (bi == BI_ROUND && i == 1) {
				int64_t places;
				dec_t v = DEC_ZERO;
				bool lit = arg->kind == E_NUM && !arg->num.percent && ast_num_value(&arg->num, &v) &&
					   dec_get_int(&v, &places) && places >= 0 && places <= 18;
				dec_clear(&v);
				if (!lit) {
					diag_error(c->log, arg->loc, "round's places must be a whole number from 0 to 18");
					ok = false;
				}
				arg->type = T_NUMBER;
				continue;
			}
			ok &= want(c, arg, want_t, bi == BI_COUNT ? N_("what count counts") : N_("an argument"));
		}
		return ok ? T_NUMBER : T_ERROR;
	}
	int fi = find_fn(c, e->name);
	if (fi < 0 && c->p->lua && luahook_has(c->p->lua, e->name))
		return check_hook_call(c, e);
	if (fi < 0) {
		diag_error(c->log, e->loc, "no function is called '%s'", e->name);
		for (size_t i = 0; i < n; i++)
			check_expr(c, e->list.items[i]);
		return T_ERROR;
	}
	e->slot = fi;
	ast_decl *fn = c->fns[fi];
	if (n != fn->params.len) {
		diag_error(c->log, e->loc, "%s takes %zu arguments, not %zu", fn->name, fn->params.len, n);
		return T_ERROR;
	}
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		ast_param *param = fn->params.items[i];
		ast_type t = param->type ? T_BOOL : T_NUMBER;
		ok &= want(c, e->list.items[i], t, "this argument");
	}
	if (c->fn_state[fi] == FN_BUSY) {
		diag_error(c->log, e->loc, "%s calls itself (directly or through other functions); rules may not recurse",
			   fn->name);
		return T_ERROR;
	}
	if (c->fn_state[fi] == FN_TODO)
		check_fn(c, fi); /* callee first: its result type is needed here */
	return ok ? c->fn_type[fi] : T_ERROR;
}

static ast_type check_expr_kind(checker *c, ast_expr *e)
{
	switch (e->kind) {
	case E_NUM: {
		dec_t v = DEC_ZERO;
		bool ok = literal(c->log, &e->num, &v);
		dec_clear(&v);
		return ok ? T_NUMBER : T_ERROR;
	}
	case E_STR:
		return T_STRING;
	case E_BOOL:
		return T_BOOL;
	case E_WEIGHT:
		if (!c->allow_weight) {
			diag_error(c->log, e->loc, "'weight' can only be used in an indicator's rule");
			return T_ERROR;
		}
		c->p->nodes[c->cur_node].uses_weight = true;
		return T_NUMBER;
	case E_NAME: {
		check_var *v = find_var(c, e->name);
		if (v) {
			e->ref = c->cur_fn && v->slot < (int)c->cur_fn->params.len ? REF_PARAM : REF_LOCAL;
			e->slot = v->slot;
			return v->type;
		}
		int in = find_input(c, e->name);
		if (in < 0) {
			if (find_fn(c, e->name) >= 0 || lang_builtin_find(e->name) >= 0)
				diag_error(c->log, e->loc, "'%s' is a function: call it with (…)", e->name);
			else
				diag_error(c->log, e->loc, "'%s' is not a declared input or a local name", e->name);
			return T_ERROR;
		}
		prog_input *pin = &c->p->inputs[in];
		pin->used = true;
		e->ref = REF_INPUT;
		e->slot = in;
		switch (pin->type) {
		case IN_ID:
			diag_error(c->log, e->loc, "'%s' is an id column: it names the row and cannot be used in a rule", e->name);
			return T_ERROR;
		case IN_YESNO:
			return T_BOOL;
		case IN_ONEOF:
			return T_ENUM;
		default:
			return T_NUMBER;
		}
	}
	case E_NEG:
		return want(c, e->kid[0], T_NUMBER, "the operand of '-'") ? T_NUMBER : T_ERROR;
	case E_NOT:
		return want(c, e->kid[0], T_BOOL, "the operand of 'not'") ? T_BOOL : T_ERROR;
	case E_AND:
	case E_OR: {
		bool a = want(c, e->kid[0], T_BOOL, e->kind == E_AND ? N_("each side of 'and'") : N_("each side of 'or'"));
		bool b = want(c, e->kid[1], T_BOOL, e->kind == E_AND ? N_("each side of 'and'") : N_("each side of 'or'"));
		return a && b ? T_BOOL : T_ERROR;
	}
	case E_BIN:
		if (e->op >= OPB_LT)
			return check_compare(c, e);
		else {
			bool a = want(c, e->kid[0], T_NUMBER, "each side of an arithmetic operator");
			bool b = want(c, e->kid[1], T_NUMBER, "each side of an arithmetic operator");
			return a && b ? T_NUMBER : T_ERROR;
		}
	case E_IF: {
		bool ok = want(c, e->kid[0], T_BOOL, "the condition of 'if'");
		ast_type a = check_expr(c, e->kid[1]), b = check_expr(c, e->kid[2]);
		if (a == T_ERROR || b == T_ERROR || !ok)
			return T_ERROR;
		if (a != b || (a != T_NUMBER && a != T_BOOL)) {
			diag_error(c->log, e->loc, "the branches of 'if' give %s and %s; they must give the same, a number or yes/no",
				   type_name(a), type_name(b));
			return T_ERROR;
		}
		return a;
	}
	case E_CALL:
		return check_call(c, e);
	case E_BLOCK: {
		int mark = c->nvars;
		for (size_t i = 0; i < e->list.len; i++) {
			ast_expr *let = e->list.items[i];
			ast_type t = check_expr(c, let->kid[0]);
			if (find_var(c, let->name) || find_input(c, let->name) >= 0)
				diag_error(c->log, let->loc, "'%s' is already a name here; choose another", let->name);
			if (t == T_STRING) {
				diag_error(c->log, let->kid[0]->loc, "a local name cannot hold %s", type_name(t));
				t = T_ERROR;
			}
			let->slot = c->nlocals++;
			let->type = t;
			push_var(c, let->name, t, let->slot);
		}
		ast_type t = check_expr(c, e->kid[0]);
		c->nvars = mark;
		return t;
	}
	case E_BAND: {
		bool ok = want(c, e->kid[0], T_NUMBER, "what a band is applied to");
		e->slot = c->nlocals++; /* the subject, evaluated once */
		for (size_t i = 0; i < e->list.len; i++) {
			ast_arm *arm = e->list.items[i];
			if (arm->kind == ARM_INTERVAL)
				check_interval(c->log, arm);
		}
		ast_type t = check_arms_value(c, e, &e->list);
		return ok ? t : T_ERROR;
	}
	case E_MATCH: {
		ast_type st = check_expr(c, e->kid[0]);
		int input = enum_input_of(e->kid[0]);
		e->slot = c->nlocals++;
		if (st != T_ERROR && input < 0) {
			diag_error(c->log, e->kid[0]->loc, "match needs a one-of input, but this is %s", type_name(st));
			st = T_ERROR;
		}
		bool has_else = false;
		bool *covered = NULL;
		if (st != T_ERROR)
			covered = mem_calloc((size_t)c->p->inputs[input].noptions, sizeof *covered);
		for (size_t i = 0; i < e->list.len; i++) {
			ast_arm *arm = e->list.items[i];
			if (arm->kind == ARM_ELSE) {
				has_else = true;
				continue;
			}
			if (st == T_ERROR)
				continue;
			ast_expr probe = {.kind = E_STR, .loc = arm->loc, .name = arm->label};
			if (resolve_option(c, &probe, input)) {
				arm->enum_value = probe.enum_value;
				if (covered[probe.enum_value])
					diag_error(c->log, arm->loc, "\"%s\" already has a branch", arm->label);
				covered[probe.enum_value] = true;
			}
		}
		ast_type t = check_arms_value(c, e, &e->list);
		if (st != T_ERROR && !has_else) {
			prog_input *in = &c->p->inputs[input];
			for (int k = 0; k < in->noptions; k++)
				if (!covered[k]) {
					diag_error(c->log, e->loc, "match has no branch for \"%s\" and no 'else'", in->options[k]);
					break;
				}
		}
		mem_free(covered);
		return st == T_ERROR ? T_ERROR : t;
	}
	case E_CHECK: {
		bool ok = true;
		if (e->flag) {
			dec_t v = DEC_ZERO;
			ok &= literal(c->log, &e->num, &v);
			dec_clear(&v);
		}
		if (e->kid[0])
			ok &= want(c, e->kid[0], T_NUMBER, "a checklist's cap");
		for (size_t i = 0; i < e->list.len; i++) {
			ast_arm *item = e->list.items[i];
			ok &= want(c, item->cond, T_BOOL, "a checklist item");
			if (item->value)
				ok &= want(c, item->value, T_NUMBER, "an item's points");
			else if (!e->flag) {
				diag_error(c->log, item->loc, "this item has no points: write 'item: points' or 'checklist each P'");
				ok = false;
			}
		}
		if (e->list.len == 0)
			diag_error(c->log, e->loc, "this checklist has no items");
		return ok ? T_NUMBER : T_ERROR;
	}
	case E_DEDUCT: {
		static const char *const what[] = {N_("what is deducted from"), N_("the points deducted"),
						   N_("the unit"), N_("the amount")};
		bool ok = true;
		for (int i = 0; i < 4; i++)
			ok &= want(c, e->kid[i], T_NUMBER, what[i]);
		return ok ? T_NUMBER : T_ERROR;
	}
	case E_LET:
		break;
	}
	diag_error(c->log, e->loc, "internal error: unexpected expression");
	return T_ERROR;
}

static ast_type check_expr(checker *c, ast_expr *e)
{
	e->type = check_expr_kind(c, e);
	return e->type;
}

/* Starts checking a new function body. */
static void begin_body(checker *c, ast_decl *fn, int node, bool allow_weight)
{
	c->nvars = 0;
	c->nlocals = 0;
	c->cur_fn = fn;
	c->cur_node = node;
	c->allow_weight = allow_weight;
}

static void end_body(checker *c, int func)
{
	c->p->funcs[func].nlocals = c->nlocals;
}

/* Checks a user function in a scope of its own; it may be reached from the
 * middle of another body (a call to a function not yet checked), so the
 * caller's context is kept and restored. */
static void check_fn(checker *c, int fi)
{
	ast_decl *fn = c->fns[fi];
	checker saved = *c;
	c->vars = NULL;
	c->nvars = 0;
	c->capvars = 0;
	c->fn_state[fi] = FN_BUSY;
	begin_body(c, fn, -1, false);
	for (size_t i = 0; i < fn->params.len; i++) {
		ast_param *param = fn->params.items[i];
		ast_type t = T_NUMBER;
		if (param->type) {
			if (strcmp(param->type, "bool") == 0 || strcmp(param->type, "yesno") == 0 ||
			    strcmp(param->type, "是否") == 0)
				t = T_BOOL;
			else if (strcmp(param->type, "number") != 0 && strcmp(param->type, "数值") != 0)
				diag_error(c->log, param->loc, "a parameter is a number or yesno, not '%s'", param->type);
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(((ast_param *)fn->params.items[k])->name, param->name) == 0)
				diag_error(c->log, param->loc, "parameter '%s' is named twice", param->name);
		push_var(c, param->name, t, c->nlocals++);
	}
	ast_type t = check_expr(c, fn->body);
	if (t != T_ERROR && t != T_NUMBER && t != T_BOOL) {
		diag_error(c->log, fn->body->loc, "a function must give a number or yes/no, not %s", type_name(t));
		t = T_ERROR;
	}
	c->fn_type[fi] = t;
	end_body(c, fi);
	add_unit(c, fi, fn->body, -1);
	c->fn_state[fi] = FN_DONE;
	mem_free(c->vars);
	c->vars = saved.vars;
	c->nvars = saved.nvars;
	c->capvars = saved.capvars;
	c->nlocals = saved.nlocals;
	c->cur_fn = saved.cur_fn;
	c->cur_node = saved.cur_node;
	c->allow_weight = saved.allow_weight;
}

/* Checks a rule or condition body of an indicator, a bonus or a veto. */
static int check_body(checker *c, const char *label, ast_expr *body, ast_type want_t, const char *what,
		      int node, bool allow_weight)
{
	int func = add_func(c, label, 0, body->loc);
	begin_body(c, NULL, node, allow_weight);
	want(c, body, want_t, what);
	end_body(c, func);
	add_unit(c, func, body, node);
	return func;
}

/* ---- declarations ------------------------------------------------------------- */


static bool is_numeric_type(lang_input_type t)
{
	return t == IN_NUMBER || t == IN_PERCENT || t == IN_MONEY || t == IN_COUNT || t == IN_MANUAL;
}

static void check_input(checker *c, ast_decl *d)
{
	lang_input_type type;
	if (!lang_input_type_find(d->type, &type)) {
		diag_error(c->log, d->type_loc, "unknown input type '%s' (types: id, number, percent, money, count, yesno, oneof(…), manual [a, b])",
			   d->type);
		return;
	}
	prog_percent_form form = PCT_PLAIN;
	if (d->type_form) {
		if (type == IN_PERCENT && (strcmp(d->type_form, "points") == 0 || strcmp(d->type_form, "百分点") == 0)) {
			form = PCT_POINTS;
		} else if (type == IN_PERCENT && (strcmp(d->type_form, "fraction") == 0 || strcmp(d->type_form, "小数") == 0)) {
			form = PCT_FRACTION;
		} else if (type == IN_PERCENT) {
			diag_error(c->log, d->type_form_loc,
				   "'%s' is not a form of percent: 'percent points' reads a bare 75 as 75%%, 'percent fraction' "
				   "reads a bare 0.75 as 75%%", d->type_form);
			return;
		} else {
			diag_error(c->log, d->type_form_loc, "only percent takes a form ('percent points' or 'percent fraction'), not %s",
				   d->type);
			return;
		}
	}
	dec_t lo = DEC_ZERO, hi = DEC_ZERO, def = DEC_ZERO;
	bool ok = true;
	if (d->has_bounds) {
		if (!is_numeric_type(type)) {
			diag_error(c->log, d->type_loc, "a %s input has no bounds", lang_input_type_name(type));
			ok = false;
		} else {
			ok &= literal(c->log, &d->lo, &lo) && literal(c->log, &d->hi, &hi);
			if (ok && dec_cmp(&lo, &hi) > 0) {
				diag_error(c->log, d->loc, "the lower bound is above the upper bound");
				ok = false;
			}
		}
	} else if (type == IN_MANUAL) {
		diag_error(c->log, d->type_loc, "a manual score needs its bounds: manual [0, 8]");
		ok = false;
	}
	if (type == IN_ONEOF) {
		if (d->options.len == 0) {
			diag_error(c->log, d->type_loc, "oneof needs its values: oneof(\"按规定公开\", \"部分公开\", \"未公开\")");
			ok = false;
		}
		name_index seen = NAMES_INIT;
		for (size_t i = 0; i < d->options.len; i++)
			if (names_put(&seen, d->options.items[i], (int)i) >= 0) {
				diag_error(c->log, d->type_loc, "\"%s\" is listed twice", (char *)d->options.items[i]);
				ok = false;
			}
		names_free(&seen);
	} else if (d->options.len) {
		diag_error(c->log, d->type_loc, "only a oneof input lists values");
		ok = false;
	}
	if (d->has_default) {
		if (is_numeric_type(type)) {
			if (d->default_str) {
				diag_error(c->log, d->default_loc, "the default of a %s input is a number", lang_input_type_name(type));
				ok = false;
			} else if (literal(c->log, &d->default_num, &def)) {
				if (d->has_bounds && ok && (dec_cmp(&def, &lo) < 0 || dec_cmp(&def, &hi) > 0)) {
					diag_error(c->log, d->default_loc, "the default lies outside the input's bounds");
					ok = false;
				}
			} else {
				ok = false;
			}
		} else if (type == IN_YESNO) {
			/* as a cell says it: 是/否, 有/无 too */
			static const char *const yes[] = {"true", "是", "有", "yes", NULL}, *const no[] = {"false", "否", "无", "no", NULL};
			int which = -1;
			for (int k = 0; d->default_str && yes[k]; k++) {
				if (strcmp(d->default_str, yes[k]) == 0)
					which = 1;
				if (strcmp(d->default_str, no[k]) == 0)
					which = 0;
			}
			if (which < 0) {
				diag_error(c->log, d->default_loc, "the default of a yesno input is 是 or 否 (true or false)");
				ok = false;
			} else {
				dec_set_int(&def, which);
			}
		} else if (type == IN_ONEOF) {
			int def_option = -1;
			for (size_t i = 0; d->default_str && i < d->options.len; i++)
				if (strcmp(d->options.items[i], d->default_str) == 0)
					def_option = (int)i;
			if (def_option < 0) {
				diag_error(c->log, d->default_loc, "the default must be one of the listed values");
				ok = false;
			} else {
				dec_set_int(&def, def_option);
			}
		} else if (type == IN_ID && !d->default_str) {
			diag_error(c->log, d->default_loc, "the default of an id column is a string");
			ok = false;
		}
	}
	for (size_t i = 0; i < d->names.len; i++) {
		const char *name = d->names.items[i];
		srcloc loc = *(srcloc *)d->name_locs.items[i];
		if (find_input(c, name) >= 0) {
			diag_error(c->log, loc, "input '%s' is declared twice", name);
			continue;
		}
		if (d->column && d->names.len > 1) {
			diag_error(c->log, loc, "'column' names one CSV column, so declare '%s' on its own", name);
			continue;
		}
		if (lang_builtin_find(name) >= 0)
			diag_error(c->log, loc, "'%s' is the name of a built-in function; choose another", name);
		prog *p = c->p;
		p->inputs = mem_append_room(p->inputs, sizeof *p->inputs, (size_t)(p->ninputs));
		prog_input *in = &p->inputs[p->ninputs++];
		memset(in, 0, sizeof *in);
		in->name = mem_strdup(name);
		in->column = mem_strdup(d->column ? d->column : name);
		in->percent_form = form;
		names_put(&c->input_names, in->name, p->ninputs - 1);
		in->type = type;
		in->loc = loc;
		in->lo = in->hi = in->default_value = DEC_ZERO;
		in->has_bounds = d->has_bounds && ok;
		dec_set(&in->lo, &lo);
		dec_set(&in->hi, &hi);
		if (type == IN_COUNT && !d->has_bounds) {
			/* a count is whole and never negative: its domain starts at 0 */
			in->has_bounds = false;
		}
		if (type == IN_ONEOF) {
			in->noptions = (int)d->options.len;
			in->options = mem_calloc(d->options.len, sizeof *in->options);
			for (size_t k = 0; k < d->options.len; k++)
				in->options[k] = mem_strdup(d->options.items[k]);
		}
		in->has_default = d->has_default && ok;
		dec_set(&in->default_value, &def);
		if (type == IN_ID && d->default_str)
			in->default_text = mem_strdup(d->default_str);
		int k = names_put(&c->column_names, in->column, p->ninputs - 1);
		if (k >= 0)
			diag_error(c->log, loc, "column '%s' is already read by input '%s'", in->column, p->inputs[k].name);
	}
	dec_clear(&lo);
	dec_clear(&hi);
	dec_clear(&def);
}



static void check_policy(checker *c, ast_decl *d)
{
	prog *p = c->p;
	p->title = mem_strdup(d->name);
	if (d->has_total) {
		if (literal(c->log, &d->total, &p->total) && dec_sgn(&p->total) <= 0)
			diag_error(c->log, d->total.loc, "the total must be above 0");
	} else {
		dec_set_int(&p->total, 100);
	}
	if (d->has_round) {
		if (strcmp(d->round_mode, "none") == 0) {
			if (d->places.text)
				diag_error(c->log, d->round_loc, "'round none' takes no places");
			p->places = -1;
		} else {
			dec_t v = DEC_ZERO;
			int64_t places = -1;
			if (!d->places.text) {
				diag_error(c->log, d->round_loc, "write the places before the mode: round 2 %s", d->round_mode);
			} else if (!literal(c->log, &d->places, &v) || !dec_get_int(&v, &places) || places < 0 || places > 18) {
				diag_error(c->log, d->places.loc, "rounding places must be a whole number from 0 to 18");
			}
			dec_clear(&v);
			p->places = (int)places;
			if (!lang_round_mode_find(d->round_mode, &p->mode))
				diag_error(c->log, d->round_loc, "unknown rounding mode '%s' (half_up 四舍五入, half_even, down, up, or none)",
					   d->round_mode);
		}
	}
	p->ngrades = (int)d->grades.len;
	p->grades = mem_calloc(d->grades.len, sizeof *p->grades);
	for (size_t i = 0; i < d->grades.len; i++) {
		ast_grade *g = d->grades.items[i];
		for (size_t k = 0; k < i; k++)
			if (strcmp(((ast_grade *)d->grades.items[k])->label, g->label) == 0)
				diag_error(c->log, g->loc, "grade '%s' is defined twice", g->label);
		if (g->band.kind == ARM_INTERVAL)
			check_interval(c->log, &g->band);
		p->grades[i].label = mem_strdup(g->label);
		p->grades[i].loc = g->loc;
		interval_of_arm(&g->band, &p->grades[i].band);
	}
}

/* ---- the indicator tree --------------------------------------------------------- */

static int add_node(checker *c, ast_decl *d, int parent)
{
	prog *p = c->p;
	size_t cap = c->capnodes;
	p->nodes = mem_grow(p->nodes, sizeof *p->nodes, &cap, (size_t)p->nnodes + 1);
	c->node_decl = mem_grow(c->node_decl, sizeof *c->node_decl, &c->capnodes, (size_t)p->nnodes + 1);
	int id = p->nnodes++;
	prog_node *n = &p->nodes[id];
	memset(n, 0, sizeof *n);
	n->name = mem_strdup(d->name);
	strbuf sb = STRBUF_INIT;
	if (parent >= 0)
		sb_printf(&sb, "%s/", p->nodes[parent].path);
	sb_puts(&sb, d->name);
	n->path = sb_take(&sb);
	n->parent = parent;
	n->rule = -1;
	n->note = d->note ? prog_add_string(p, d->note) : -1;
	n->loc = d->name_loc;
	n->weight = DEC_ZERO;
	n->capped = d->capped;
	n->depth = parent >= 0 ? p->nodes[parent].depth + 1 : 1;
	c->node_decl[id] = d;
	if (literal(c->log, &d->weight, &n->weight)) {
		if (d->weight.percent)
			diag_error(c->log, d->weight.loc, "a weight is in points, not a percent");
		else if (dec_sgn(&n->weight) < 0)
			diag_error(c->log, d->weight.loc, "a weight cannot be negative");
	}
	return id;
}

static void build_tree(checker *c, ast_decl *d, int parent)
{
	int id = add_node(c, d, parent);
	prog *p = c->p;
	int first = names_put(&c->path_names, p->nodes[id].path, id);
	if (first >= 0 && p->nodes[first].parent != parent) {
		/* a name with '/' spells another indicator's path */
		diag_error(c->log, d->name_loc, "'%s' is also the path of another indicator ('/' separates the names in a path); rename one",
			   p->nodes[id].path);
		diag_note(c->log, p->nodes[first].loc, "the other one is here");
		first = -1;
	}
	if (parent >= 0) {
		prog_node *pn = &p->nodes[parent];
		if (first >= 0) {
			diag_error(c->log, d->name_loc, "'%s' already has an indicator called '%s'", pn->name, d->name);
			diag_note(c->log, p->nodes[first].loc, "the first one is here");
		}
		pn->children = mem_append_room(pn->children, sizeof *pn->children, (size_t)(pn->nchildren));
		pn->children[pn->nchildren++] = id;
	} else {
		if (first >= 0) {
			diag_error(c->log, d->name_loc, "there is already a top-level indicator called '%s'", d->name);
			diag_note(c->log, p->nodes[first].loc, "the first one is here");
		}
		p->roots = mem_append_room(p->roots, sizeof *p->roots, (size_t)(p->nroots));
		p->roots[p->nroots++] = id;
	}
	if (!d->body && d->children.len == 0)
		diag_error(c->log, d->name_loc, "indicator '%s' has neither a rule (= …) nor indicators inside it", d->name);
	for (size_t i = 0; i < d->children.len; i++)
		build_tree(c, d->children.items[i], id);
}

static bool path_matches(const char *path, ast_list *target)
{
	/* the target names the last components of the path */
	size_t plen = strlen(path);
	strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < target->len; i++)
		sb_printf(&sb, "%s%s", i ? "/" : "", (char *)target->items[i]);
	bool ok = false;
	if (sb.len <= plen && strcmp(path + plen - sb.len, sb.data) == 0)
		ok = sb.len == plen || path[plen - sb.len - 1] == '/';
	sb_free(&sb);
	return ok;
}

static bool is_ancestor(prog *p, int a, int n)
{
	for (int x = n; x >= 0; x = p->nodes[x].parent)
		if (x == a)
			return true;
	return false;
}

static void check_clauses(checker *c, int id)
{
	prog *p = c->p;
	ast_decl *d = c->node_decl[id];
	for (size_t i = 0; i < d->clauses.len; i++) {
		ast_clause *cl = d->clauses.items[i];
		strbuf label = STRBUF_INIT;
		sb_printf(&label, d->body ? _("indicator %s: %s if") : _("group %s: %s if"), p->nodes[id].name,
			  cl->kind == CL_ZERO ? "zero" : "na");
		int func = check_body(c, label.data, cl->cond, T_BOOL, "a condition", id, false);
		sb_free(&label);
		prog_clause pc = {func, cl->note ? prog_add_string(p, cl->note) : -1, NA_MOVE, -1, cl->loc};
		prog_node *n = &p->nodes[id];
		if (cl->kind == CL_ZERO) {
			n->zeros = mem_append_room(n->zeros, sizeof *n->zeros, (size_t)(n->nzeros));
			n->zeros[n->nzeros++] = pc;
			continue;
		}
		pc.mode = cl->mode;
		if (cl->mode == NA_RESCALE)
			p->has_rescale = true;
		if (cl->mode == NA_MOVE) {
			int found = -1, count = 0;
			const char *last = cl->target.items[cl->target.len - 1];
			for (int k = names_get(&c->last_names, last) - 1; k >= 0; k = c->same_name[k])
				if (path_matches(p->nodes[k].path, &cl->target)) {
					found = k;
					count++;
				}
			if (count == 0) {
				diag_error(c->log, cl->target_loc, "no indicator is called '%s'", (char *)cl->target.items[cl->target.len - 1]);
			} else if (count > 1) {
				diag_error(c->log, cl->target_loc, "%d indicators are called '%s': write its path, as in 'a/b'", count,
					   (char *)cl->target.items[cl->target.len - 1]);
			} else if (c->node_decl[found]->body == NULL) {
				diag_error(c->log, cl->target_loc, "weight can only be moved to a leaf indicator (one with a rule)");
			} else if (is_ancestor(p, found, id) || is_ancestor(p, id, found)) {
				diag_error(c->log, cl->target_loc, "weight cannot be moved to the indicator itself, a parent or a child");
			} else {
				pc.target = found;
			}
		} else if (cl->mode == NA_SPREAD) {
			int parent = p->nodes[id].parent;
			int nsib = parent >= 0 ? p->nodes[parent].nchildren : p->nroots;
			if (nsib < 2)
				diag_error(c->log, cl->loc, "'spread' moves the weight to the siblings, but '%s' has none", p->nodes[id].name);
		}
		n = &p->nodes[id];
		n->nas = mem_append_room(n->nas, sizeof *n->nas, (size_t)(n->nnas));
		n->nas[n->nnas++] = pc;
	}
}

/* Weight moves must not go round in a circle: A → B → A would never settle. */
static void check_move_cycles(checker *c)
{
	prog *p = c->p;
	for (int start = 0; start < p->nnodes; start++) {
		int x = start, steps = 0;
		while (steps <= p->nnodes) {
			int next = -1;
			for (int k = 0; k < p->nodes[x].nnas; k++)
				if (p->nodes[x].nas[k].mode == NA_MOVE && p->nodes[x].nas[k].target >= 0)
					next = p->nodes[x].nas[k].target;
			if (next < 0)
				break;
			x = next;
			steps++;
			if (x == start) {
				diag_error(c->log, p->nodes[start].loc, "the weight of '%s' is moved round in a circle back to it",
					   p->nodes[start].name);
				return;
			}
		}
	}
}

static void sum_children(prog *p, int id, dec_t *sum)
{
	dec_set_int(sum, 0);
	for (int i = 0; i < p->nodes[id].nchildren; i++)
		dec_add(sum, sum, &p->nodes[p->nodes[id].children[i]].weight);
}

/* The weights of the leaves below a node (what its score can really reach). */
static void sum_leaves(prog *p, int id, dec_t *sum)
{
	if (p->nodes[id].nchildren == 0) {
		dec_add(sum, sum, &p->nodes[id].weight);
		return;
	}
	for (int i = 0; i < p->nodes[id].nchildren; i++)
		sum_leaves(p, p->nodes[id].children[i], sum);
}

/* Appends the sum's terms: "= 数量 5 + 质量 5" (the first ten, then how
 * many in all), so that a warning shows which indicators make the sum. */
static void sum_terms(strbuf *sb, const prog *p, const int *ids, int n)
{
	sb_puts(sb, " = ");
	for (int k = 0; k < n; k++) {
		if (k == 10) {
			sb_printf(sb, _(" + … (%d indicators in all)"), n);
			return;
		}
		sb_printf(sb, "%s%s ", k ? " + " : "", p->nodes[ids[k]].name);
		dec_format(sb, &p->nodes[ids[k]].weight);
	}
}

/* The leaves under node (all of them when node < 0), in tree order. */
static void collect_leaves(const prog *p, int node, int **out, int *n)
{
	int nkids = node < 0 ? p->nroots : p->nodes[node].nchildren;
	const int *kids = node < 0 ? p->roots : p->nodes[node].children;
	for (int k = 0; k < nkids; k++) {
		if (p->nodes[kids[k]].nchildren) {
			collect_leaves(p, kids[k], out, n);
		} else {
			*out = mem_append_room(*out, sizeof **out, (size_t)*n);
			(*out)[(*n)++] = kids[k];
		}
	}
}

/* A weight warning, or, where the policy accepts the departure with a
 * reason (a report's own weights, reproduced on purpose), a note that
 * says so and does not count as a warning. */
static void weight_warning(diag_log *log, srcloc loc, const char *accept, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void weight_warning(diag_log *log, srcloc loc, const char *accept, const char *fmt, ...)
{
	strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, _(fmt), ap);
	va_end(ap);
	if (accept)
		diag_note(log, loc, "accepted: %s — %s", sb.data, accept);
	else
		diag_warning(log, loc, "%s", sb.data);
	sb_free(&sb);
}

static void warn_weights(checker *c)
{
	prog *p = c->p;
	dec_t sum = DEC_ZERO, leaves = DEC_ZERO;
	strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	for (int i = 0; i < p->nnodes; i++) {
		prog_node *n = &p->nodes[i];
		if (n->nchildren == 0) {
			dec_add(&leaves, &leaves, &n->weight);
			continue;
		}
		sum_children(p, i, &sum);
		dec_t leaf_sum = DEC_ZERO;
		sum_leaves(p, i, &leaf_sum);
		bool kids_off = dec_cmp(&sum, &n->weight) != 0;
		if (kids_off || dec_cmp(&leaf_sum, &n->weight) != 0) {
			sb_clear(&a);
			sb_clear(&b);
			dec_format(&a, &n->weight);
			if (kids_off) {
				dec_format(&b, &sum);
				sum_terms(&b, p, n->children, n->nchildren);
			} else {
				int *ids = NULL, nids = 0;
				collect_leaves(p, i, &ids, &nids);
				dec_format(&b, &leaf_sum);
				sum_terms(&b, p, ids, nids);
				mem_free(ids);
			}
			const char *accept = c->node_decl[i]->accept;
			if (kids_off)
				weight_warning(c->log, n->loc, accept, "'%s' is worth %s, but the indicators inside it add up to %s%s",
					       n->name, a.data, b.data,
					       n->capped && dec_cmp(&sum, &n->weight) > 0 ? _("; it is capped at its weight") : "");
			else
				weight_warning(c->log, n->loc, accept, "'%s' is worth %s, and the indicators inside it add up to it, but "
							       "its leaf indicators add up to %s", n->name, a.data, b.data);
		}
		dec_clear(&leaf_sum);
	}
	dec_set_int(&sum, 0);
	for (int i = 0; i < p->nroots; i++)
		dec_add(&sum, &sum, &p->nodes[p->roots[i]].weight);
	if (p->nroots && dec_cmp(&sum, &p->total) != 0) {
		sb_clear(&a);
		sb_clear(&b);
		dec_format(&a, &p->total);
		dec_format(&b, &sum);
		sum_terms(&b, p, p->roots, p->nroots);
		weight_warning(c->log, p->nodes[p->roots[0]].loc, c->policy_accept,
			       "the policy's total is %s, but the top-level indicators add up to %s", a.data, b.data);
	}
	if (p->nnodes && dec_cmp(&leaves, &p->total) != 0 && dec_cmp(&leaves, &sum) != 0) {
		sb_clear(&a);
		sb_clear(&b);
		dec_format(&a, &p->total);
		dec_format(&b, &leaves);
		int *ids = NULL, nids = 0;
		collect_leaves(p, -1, &ids, &nids);
		sum_terms(&b, p, ids, nids);
		mem_free(ids);
		weight_warning(c->log, p->nodes[0].loc, c->policy_accept, "the policy's total is %s, but its leaf indicators add up to %s",
			       a.data, b.data);
	}
	for (int i = 0; i < p->ninputs; i++)
		if (!p->inputs[i].used && p->inputs[i].type != IN_ID)
			diag_warning(c->log, p->inputs[i].loc, "input '%s' is declared but no rule reads it", p->inputs[i].name);
	sb_free(&a);
	sb_free(&b);
	dec_clear(&sum);
	dec_clear(&leaves);
}

/* Creates the run's Lua state and loads the policy's Lua code into it. */
static void load_lua(checker *c, ast_program *ast, ast_decl *policy)
{
	luahook_limits limits = LUAHOOK_DEFAULT_LIMITS;
	for (size_t i = 0; policy && i < policy->settings.len; i++) {
		ast_grade *s = policy->settings.items[i];
		dec_t v = DEC_ZERO;
		int64_t n = 0;
		if (!literal(c->log, &s->band.lo, &v) || !dec_get_int(&v, &n) || n <= 0 || n > 1000000000) {
			diag_error(c->log, s->loc, "'%s' takes a whole number from 1 to 1000000000", s->label);
		} else if (strcmp(s->label, "lua_instructions") == 0) {
			limits.instructions = (long)n;
		} else if (strcmp(s->label, "lua_memory") == 0) {
			limits.memory_kib = (long)n * 1024;
		} else if (strcmp(s->label, "lua_depth") == 0) {
			limits.depth = (int)n;
		} else {
			diag_error(c->log, s->loc, "unknown setting '%s' (lua_instructions, lua_memory in MiB, lua_depth)", s->label);
		}
		dec_clear(&v);
	}
	if (c->opts && c->opts->lua_instructions)
		limits.instructions = c->opts->lua_instructions;
	if (c->opts && c->opts->lua_memory_mib)
		limits.memory_kib = c->opts->lua_memory_mib * 1024;
	if (c->opts && c->opts->lua_depth)
		limits.depth = c->opts->lua_depth;
	for (size_t i = 0; i < ast->decls.len; i++) {
		ast_decl *d = ast->decls.items[i];
		if (d->kind != D_LUA)
			continue;
		if (!c->p->lua) {
			c->p->lua = luahook_new(&limits);
			if (!c->p->lua) {
				diag_error(c->log, d->loc, "cannot start Lua");
				return;
			}
		}
		strbuf err = STRBUF_INIT, chunk = STRBUF_INIT;
		const char *from = diag_source_name(c->log, d->loc.file);
		if (d->is_inline) {
			/* pad with blank lines so Lua's line numbers are the policy's */
			int line = diag_line(c->log, d->name_loc);
			for (int k = 1; k < line; k++)
				sb_putc(&chunk, '\n');
			sb_puts(&chunk, d->name);
			strbuf name = STRBUF_INIT;
			sb_printf(&name, "@%s", from);
			if (!luahook_load(c->p->lua, chunk.data, chunk.len, name.data, &err))
				diag_error(c->log, d->name_loc, "the Lua code does not load: %s", err.data);
			sb_free(&name);
		} else {
			size_t len = 0;
			char *shown = NULL;
			const char *why = NULL;
			char *text = load_find(c->opts ? c->opts->reach : NULL, ast->top, from, d->name, &len, &shown, &why);
			if (!text && why) {
				diag_error(c->log, d->name_loc, "cannot read Lua file '%s': %s", shown, why);
			} else if (!text) {
				diag_error(c->log, d->name_loc, "cannot find Lua file '%s' (looked beside this file, in $SCORE_PATH and in the standard library)",
					   d->name);
			} else {
				strbuf name = STRBUF_INIT;
				sb_printf(&name, "@%s", shown);
				if (!luahook_load(c->p->lua, text, len, name.data, &err))
					diag_error(c->log, d->name_loc, "the Lua file does not load: %s", err.data);
				sb_free(&name);
			}
			mem_free(text);
			mem_free(shown);
		}
		sb_free(&err);
		sb_free(&chunk);
	}
}

static void assign_columns(prog *p)
{
	name_index count = NAMES_INIT;
	for (int i = 0; i < p->nnodes; i++)
		(*names_slot(&count, p->nodes[i].name))++;
	for (int i = 0; i < p->nnodes; i++) {
		int same = names_get(&count, p->nodes[i].name);
		p->nodes[i].column = mem_strdup(same > 1 ? p->nodes[i].path : p->nodes[i].name);
	}
	names_free(&count);
}

/* Every output column has its own name: CSV readers take the first of two
 * equal headers and JSON readers keep one of two equal keys, so a
 * duplicate would lose a value in silence. */
static void check_columns(diag_log *log, prog *p)
{
	typedef struct column {
		const char *name;
		const char *what; /* how the message names its owner */
		srcloc loc;
		const char *path; /* an indicator's: two with one path are reported already */
	} column;
	size_t n = 0, cap = (size_t)(p->nids + p->nnodes + p->nbonuses) + 4;
	column *cols = mem_calloc(cap, sizeof *cols);
	static const char *const fixed[] = {"total", "grade", "扣分说明"};
	for (int i = 0; i < 3; i++)
		cols[n++] = (column){fixed[i], i == 0 ? _("the total's column") : i == 1 ? _("the grade's column") : _("the explanation's column (--explain)"), SRCLOC_NONE, NULL};
	if (p->nids == 0)
		cols[n++] = (column){"row", _("the row number's column (the policy declares no id)"), SRCLOC_NONE, NULL};
	for (int i = 0; i < p->nids; i++)
		cols[n++] = (column){p->inputs[p->ids[i]].column, _("an id column"), p->inputs[p->ids[i]].loc, NULL};
	for (int i = 0; i < p->nnodes; i++)
		cols[n++] = (column){p->nodes[i].column, _("an indicator's column"), p->nodes[i].loc, p->nodes[i].path};
	for (int i = 0; i < p->nbonuses; i++)
		cols[n++] = (column){p->bonuses[i].name, _("a bonus item's column"), p->bonuses[i].loc, NULL};
	name_index seen = NAMES_INIT;
	for (size_t i = 0; i < n; i++) {
		int first = names_put(&seen, cols[i].name, (int)i);
		if (first < 0 || (cols[i].path && cols[first].path && strcmp(cols[i].path, cols[first].path) == 0))
			continue;
		diag_error(log, cols[i].loc, "the output would have two columns called '%s': this is %s, and so is %s; rename one",
			   cols[i].name, cols[i].what, cols[first].what);
		if (cols[first].loc.file >= 0)
			diag_note(log, cols[first].loc, "the other one is here");
	}
	names_free(&seen);
	mem_free(cols);
}

bool check_program(ast_program *ast, const check_options *opts, diag_log *log, check_result *res)
{
	int errors_before = diag_error_count(log);
	checker c = {0};
	c.ast = ast;
	c.p = prog_new();
	c.opts = opts;
	c.log = log;
	ast_decl *policy = NULL;

	/* pass 1: header, inputs and function names */
	for (size_t i = 0; i < ast->decls.len; i++) {
		ast_decl *d = ast->decls.items[i];
		if (d->kind == D_POLICY) {
			if (policy) {
				diag_error(log, d->name_loc, "a second policy header; a policy has one");
				diag_note(log, policy->name_loc, "the first is here");
				continue;
			}
			policy = d;
			c.policy_accept = d->accept;
			check_policy(&c, d);
		} else if (d->kind == D_INPUT) {
			check_input(&c, d);
		} else if (d->kind == D_FN) {
			if (find_fn(&c, d->name) >= 0)
				diag_error(log, d->name_loc, "function '%s' is defined twice", d->name);
			else if (lang_builtin_find(d->name) >= 0)
				diag_error(log, d->name_loc, "'%s' is a built-in function; choose another name", d->name);
			c.fns = mem_append_room(c.fns, sizeof *c.fns, (size_t)(c.nfns));
			names_put(&c.fn_names, d->name, c.nfns);
			c.fns[c.nfns++] = d;
		}
	}
	load_lua(&c, ast, policy);
	if (!policy) {
		srcloc at = ast->decls.len ? ((ast_decl *)ast->decls.items[0])->loc : SRCLOC_NONE;
		at.end = at.start;
		diag_error(log, at, "the policy has no header: policy \"名称\" { total 100; round 2 half_up; grade 优 >= 90; … }");
		dec_set_int(&c.p->total, 100);
	}
	for (int i = 0; i < c.p->ninputs; i++)
		if (c.p->inputs[i].type == IN_ID) {
			c.p->ids = mem_append_room(c.p->ids, sizeof *c.p->ids, (size_t)(c.p->nids));
			c.p->ids[c.p->nids++] = i;
		}

	/* pass 2: user functions first, so their indexes are 0 … nfns-1 */
	c.fn_state = mem_calloc((size_t)c.nfns + 1, sizeof *c.fn_state);
	c.fn_type = mem_calloc((size_t)c.nfns + 1, sizeof *c.fn_type);
	for (int i = 0; i < c.nfns; i++)
		add_func(&c, c.fns[i]->name, (int)c.fns[i]->params.len, c.fns[i]->name_loc);
	c.p->nuser_funcs = c.nfns;
	for (int i = 0; i < c.nfns; i++)
		if (c.fn_state[i] == FN_TODO)
			check_fn(&c, i);

	/* pass 3: the indicator tree, then every rule in it */
	for (size_t i = 0; i < ast->decls.len; i++) {
		ast_decl *d = ast->decls.items[i];
		if (d->kind == D_INDICATOR)
			build_tree(&c, d, -1);
	}
	if (c.p->nnodes == 0)
		diag_error(log, policy ? policy->name_loc : SRCLOC_NONE, "the policy has no indicators");
	for (int id = 0; id < c.p->nnodes; id++) {
		ast_decl *d = c.node_decl[id];
		if (d->body) {
			strbuf label = STRBUF_INIT;
			sb_printf(&label, _("indicator %s"), c.p->nodes[id].path);
			int func = check_body(&c, label.data, d->body, T_NUMBER, "an indicator's rule", id, true);
			c.p->nodes[id].rule = func;
			sb_free(&label);
		}
	}
	/* move targets are found by their last name, then matched by path */
	c.same_name = mem_calloc((size_t)c.p->nnodes + 1, sizeof *c.same_name);
	for (int id = c.p->nnodes - 1; id >= 0; id--) {
		int *head = names_slot(&c.last_names, c.p->nodes[id].name); /* first node + 1, or 0 */
		c.same_name[id] = *head - 1;
		*head = id + 1;
	}
	for (int id = 0; id < c.p->nnodes; id++)
		check_clauses(&c, id);
	check_move_cycles(&c);

	/* pass 4: bonus items and policy vetoes */
	for (size_t i = 0; i < ast->decls.len; i++) {
		ast_decl *d = ast->decls.items[i];
		prog *p = c.p;
		if (d->kind == D_BONUS) {
			strbuf label = STRBUF_INIT;
			sb_printf(&label, _("bonus %s"), d->name);
			p->bonuses = mem_append_room(p->bonuses, sizeof *p->bonuses, (size_t)(p->nbonuses));
			prog_bonus *b = &p->bonuses[p->nbonuses++];
			memset(b, 0, sizeof *b);
			b->name = mem_strdup(d->name);
			b->lo = b->hi = DEC_ZERO;
			b->loc = d->name_loc;
			b->note = d->note ? prog_add_string(p, d->note) : -1;
			if (literal(log, &d->lo, &b->lo) && literal(log, &d->hi, &b->hi) && dec_cmp(&b->lo, &b->hi) > 0)
				diag_error(log, d->loc, "the lower bound is above the upper bound");
			int func = check_body(&c, label.data, d->body, T_NUMBER, "a bonus item's rule", -1, false);
			p->bonuses[p->nbonuses - 1].rule = func;
			sb_free(&label);
		} else if (d->kind == D_VETO) {
			strbuf label = STRBUF_INIT;
			sb_printf(&label, _("veto → %s"), d->grade);
			int func = check_body(&c, label.data, d->body, T_BOOL, "a veto's condition", -1, false);
			sb_free(&label);
			int grade = -1;
			for (int g = 0; g < p->ngrades; g++)
				if (strcmp(p->grades[g].label, d->grade) == 0)
					grade = g;
			if (grade < 0)
				diag_error(log, d->grade_loc, "no grade is called '%s'", d->grade);
			p->vetoes = mem_append_room(p->vetoes, sizeof *p->vetoes, (size_t)(p->nvetoes));
			p->vetoes[p->nvetoes++] = (prog_veto){func, grade, d->note ? prog_add_string(p, d->note) : -1, d->loc};
		}
	}
	assign_columns(c.p);
	check_columns(log, c.p);
	if (opts && opts->warnings && diag_error_count(log) == errors_before)
		warn_weights(&c);

	names_free(&c.input_names);
	names_free(&c.fn_names);
	names_free(&c.column_names);
	names_free(&c.path_names);
	names_free(&c.last_names);
	mem_free(c.same_name);
	mem_free(c.fn_state);
	mem_free(c.fn_type);
	mem_free(c.vars);
	res->prog = c.p;
	res->units = c.units;
	res->nunits = c.nunits;
	res->node_decl = c.node_decl;
	res->fns = c.fns;
	if (diag_error_count(log) != errors_before) {
		check_result_free(res);
		return false;
	}
	return true;
}

void check_result_free(check_result *res)
{
	prog_free(res->prog);
	mem_free(res->units);
	mem_free(res->node_decl);
	mem_free(res->fns);
	res->prog = NULL;
	res->units = NULL;
	res->nunits = 0;
	res->node_decl = NULL;
	res->fns = NULL;
}
