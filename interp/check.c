#include "check.h"

#include <string.h>

#include "i18n.h"
#include "model.h"
#include "mem.h"
#include "names.h"
#include "strbuf.h"
#include "utf8.h"


typedef struct check_var {
	const char *name;
	int slot;
	ast_type type;
} check_var;

typedef enum fn_state { FN_TODO, FN_BUSY, FN_DONE } fn_state;

typedef struct checker {
	model *m;             /* the declarations: names, functions, inputs */
	prog *p;
	diag_log *log;        /* where the policy's messages go */
	check_unit *units;
	int nunits;
	size_t capunits;

	fn_state *fn_state;
	ast_type *fn_type;

	/* the function being checked */
	check_var *vars;
	int nvars;
	size_t capvars;
	int nlocals;
	char **local_names;   /* each slot's name, for dump */
	size_t caplocals;
	ast_decl *cur_fn;     /* a user fn, or NULL */
	int cur_node;         /* the indicator whose rule this is, or -1 */
	unsigned reads;       /* BODY_WEIGHT, BODY_SCORES */
	const ast_expr **score_args; /* aggregates' arguments that read scores, checked at the end */
	int nscore_args;

} checker;



static const char *type_name(ast_type t)
{
	switch (t) {
	case T_NUMBER: return _("a number");
	case T_BOOL: return _("yes/no");
	case T_ENUM: return _("a one-of value");
	case T_STRING: return _("a string");
	case T_COLUMN: return _("a column (it follows 'pick')");
	case T_ERROR: break;
	}
	return _("an invalid value");
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

/* The next local slot of the function being checked, named for dump. */
static int new_local(checker *c, const char *name)
{
	c->local_names = mem_grow(c->local_names, sizeof *c->local_names, &c->caplocals, (size_t)c->nlocals + 1);
	c->local_names[c->nlocals] = (char *)name;
	return c->nlocals++;
}

/* The function's slots and their names, as checking leaves them. */
static void set_locals(checker *c, int func)
{
	prog_func *f = &c->p->funcs[func];
	f->nlocals = c->nlocals;
	f->local_names = mem_calloc((size_t)c->nlocals, sizeof *f->local_names);
	for (int i = 0; i < c->nlocals; i++)
		f->local_names[i] = mem_strdup(c->local_names[i]);
}

static void add_unit(checker *c, int func, ast_expr *body, int node)
{
	c->units = mem_grow(c->units, sizeof *c->units, &c->capunits, (size_t)c->nunits + 1);
	c->units[c->nunits++] = (check_unit){func, body, node};
}

/* ---- scopes ------------------------------------------------------------------ */

static int find_input(checker *c, const char *name)
{
	return model_find_input(c->m, name);
}

static int find_fn(checker *c, const char *name)
{
	return model_find_fn(c->m, name);
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

/* ---- names misspelled ------------------------------------------------------ */

/* The closest of the candidates to name, if close enough to be what was
 * meant: one character off in a short name, a third of a longer one. */
typedef struct closest {
	const char *query, *best;
	int limit, distance;
} closest;

/* (A candidate shares at least one character with the name: 'b' does not
 * suggest 'a'.) */
static void consider(closest *c, const char *candidate)
{
	int d = utf8_distance(c->query, candidate, c->limit);
	if (d <= c->limit && d > 0 && d < c->distance && (size_t)d < utf8_length(c->query, strlen(c->query))) {
		c->distance = d;
		c->best = candidate;
	}
}

static closest closest_start(const char *name)
{
	int len = (int)utf8_length(name, strlen(name));
	return (closest){name, NULL, len <= 3 ? 1 : len / 3, 1000};
}

/* An input, table or local name near a name that is none. */
static const char *suggest_name(checker *c, const char *name)
{
	closest best = closest_start(name);
	for (int i = 0; i < c->p->ninputs; i++)
		consider(&best, c->p->inputs[i].name);
	for (int i = 0; i < c->nvars; i++)
		consider(&best, c->vars[i].name);
	for (int i = 0; i < c->m->ntables; i++)
		consider(&best, c->m->tables[i]->name);
	return best.best;
}

/* A function (the policy's, a builtin, an aggregate) near a name that is none. */
static const char *suggest_fn(checker *c, const char *name)
{
	closest best = closest_start(name);
	for (int i = 0; i < c->m->nfns; i++)
		consider(&best, c->m->fns[i]->name);
	for (int i = 0; i < BI__COUNT; i++)
		consider(&best, lang_builtins[i].name);
	for (int i = 0; i < AGG__COUNT; i++)
		consider(&best, lang_aggregate_name((lang_aggregate)i));
	return best.best;
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

/* A function parameter's type as written (none: a number); T_ERROR for a
 * name that is no type. */
static ast_type param_type(const ast_param *param)
{
	static const struct {
		const char *name;
		ast_type type;
	} types[] = {{"number", T_NUMBER}, {"数值", T_NUMBER}, {"yesno", T_BOOL}, {"是否", T_BOOL},
		     {"bool", T_BOOL},     {"column", T_COLUMN}, {"列", T_COLUMN}};
	if (!param->type)
		return T_NUMBER;
	for (size_t k = 0; k < sizeof types / sizeof *types; k++)
		if (strcmp(param->type, types[k].name) == 0)
			return types[k].type;
	return T_ERROR;
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
	if (ta == T_ENUM && tb == T_ENUM && enum_input_of(a) >= 0 && enum_input_of(b) >= 0) {
		diag_error(c->log, e->loc,
			   "cannot compare %s with %s: each has options of its own; compare each with a string (%s == \"%s\")",
			   c->p->inputs[enum_input_of(a)].name, c->p->inputs[enum_input_of(b)].name,
			   c->p->inputs[enum_input_of(a)].name, c->p->inputs[enum_input_of(a)].options[0]);
		return T_ERROR;
	}
	diag_error(c->log, e->loc, "cannot compare %s with %s", type_name(ta), type_name(tb));
	return T_ERROR;
}

/* The column a band's score ranges are picked from: a number input, read
 * directly, so that an empty cell can be told from a value, or a function's
 * column parameter, which stands for the input its caller names. */
static bool check_pick_column(checker *c, ast_expr *pick)
{
	ast_type t = check_expr(c, pick);
	if (t == T_ERROR)
		return false;
	if (t == T_COLUMN)
		return true;
	lang_input_type type = pick->ref == REF_INPUT ? c->p->inputs[pick->slot].type : IN_NUMBER;
	if (pick->ref != REF_INPUT || t != T_NUMBER || type == IN_LIST || type == IN_DATE) {
		diag_error(c->log, pick->loc, "'pick' names a number input, the column of the evaluator's score; '%s' is not one",
			   pick->name);
		return false;
	}
	return true;
}

/* An argument for a column parameter: a number input, passed as which
 * column it is, or the caller's own column parameter passed on. */
static bool check_column_argument(checker *c, ast_expr *arg, const char *fn_name, const char *param)
{
	if (arg->kind != E_NAME) {
		diag_error(c->log, arg->loc, "%s's parameter '%s' is a column: give it a number input's name, the column of the "
			   "evaluator's score", fn_name, param);
		check_expr(c, arg);
		return false;
	}
	if (!check_pick_column(c, arg))
		return false;
	if (arg->ref == REF_INPUT)
		arg->ref = REF_COLUMN;
	return true;
}

/* A branch's score range [lo, hi] ("9-8分" in print), picked from the
 * band's pick column. */
static ast_type check_range(checker *c, ast_expr *range, ast_expr *pick, bool pick_ok)
{
	if (!pick) {
		diag_error(c->log, range->loc,
			   "a score range needs 'pick COLUMN' after the band's subject: the column where the evaluator's score "
			   "within the range is");
		return T_ERROR;
	}
	dec_t lo = DEC_ZERO, hi = DEC_ZERO;
	bool ok = ast_num_value(&range->num, &lo) && ast_num_value(&range->num_hi, &hi);
	if (ok && dec_cmp(&lo, &hi) > 0) {
		diag_error(c->log, range->loc, "the score range [%s, %s] is empty: write the low end first, [%s, %s]",
			   range->num.text, range->num_hi.text, range->num_hi.text, range->num.text);
		ok = false;
	}
	dec_clear(&lo);
	dec_clear(&hi);
	if (!ok || !pick_ok)
		return T_ERROR;
	range->kid[0] = pick; /* shared, for the analysis: what the column can hold */
	range->ref = pick->ref; /* REF_INPUT, or REF_PARAM: a column parameter's slot */
	range->slot = pick->slot;
	return T_NUMBER;
}

static ast_type check_arms_value(checker *c, ast_expr *e, ast_list *arms)
{
	ast_type result = T_ERROR;
	bool seen_else = false;
	ast_expr *pick = e->kid[1];
	bool pick_ok = pick && check_pick_column(c, pick);
	int nranges = 0;
	for (size_t i = 0; i < arms->len; i++) {
		ast_arm *arm = arms->items[i];
		if (seen_else)
			diag_error(c->log, arm->loc, "no value can reach this branch: it comes after 'else'");
		if (arm->kind == ARM_ELSE)
			seen_else = true;
		ast_type t;
		if (arm->value->kind == E_PICK) {
			nranges++;
			t = arm->value->type = check_range(c, arm->value, pick, pick_ok);
		} else {
			t = check_expr(c, arm->value);
		}
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
	if (pick && !nranges)
		diag_error(c->log, pick->loc, "'pick %s' is given, but no branch has a score range such as [8, 9] to pick in", pick->name);
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
	if (e->list.len > PROG_HOOK_MAX_ARGS) {
		diag_error(c->log, e->loc, "a Lua function takes at most %d arguments", PROG_HOOK_MAX_ARGS);
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
	ast_arena *arena = c->m->ast->arena;
	ast_expr *a = e->list.items[0], *b = e->list.items[1], *when_zero = e->list.items[2];
	ast_expr *zero = ast_expr_new(arena, E_NUM, b->loc);
	zero->num.text = "0";
	zero->num.loc = b->loc;
	ast_expr *test = ast_expr_new(arena, E_BIN, b->loc);
	test->op = OPB_EQ;
	test->kid[0] = b;
	if (b->kind == E_NAME) {
		/* the divisor tested quietly: the 扣分说明 lists a, then b, as written */
		ast_expr *quiet = ast_expr_new(arena, E_NAME, b->loc);
		quiet->name = b->name;
		quiet->flag = true;
		test->kid[0] = quiet;
	}
	test->kid[1] = zero;
	ast_expr *div = ast_expr_new(arena, E_BIN, e->loc);
	div->op = OPB_DIV;
	div->kid[0] = a;
	div->kid[1] = b;
	e->kind = E_IF;
	e->flag = b->kind == E_NAME; /* its zero branch shows the divisor read quietly */
	e->kid[0] = test;
	e->kid[1] = when_zero;
	e->kid[2] = div;
	e->list.len = 0;
	return true;
}

/* ---- walking an expression -------------------------------------------------------- */

/* What a visitor says of the expression it is shown: go into it, pass it
 * by (what it holds is not shown), or stop the whole walk. */
typedef enum walk_step { WALK_INTO, WALK_PAST, WALK_STOP } walk_step;
typedef walk_step (*walk_visit)(checker *c, const ast_expr *e, void *ctx);

/* Shows e and what it holds (operands, arguments, branches) to visit and,
 * with seen (one flag per function), the body of each user function it
 * calls, each once, so that a recursion check refuses cannot loop here.
 * True when visit stopped the walk. */
static bool walk(checker *c, const ast_expr *e, walk_visit visit, void *ctx, bool *seen)
{
	if (!e)
		return false;
	walk_step step = visit(c, e, ctx);
	if (step != WALK_INTO)
		return step == WALK_STOP;
	for (int i = 0; i < 4; i++)
		if (walk(c, e->kid[i], visit, ctx, seen))
			return true;
	bool arms = e->kind == E_BAND || e->kind == E_MATCH || e->kind == E_CHECK;
	for (size_t i = 0; i < e->list.len; i++) {
		const ast_arm *arm = arms ? e->list.items[i] : NULL;
		if (arms ? walk(c, arm->cond, visit, ctx, seen) || walk(c, arm->value, visit, ctx, seen)
			 : walk(c, e->list.items[i], visit, ctx, seen))
			return true;
	}
	if (c && seen && e->kind == E_CALL && e->ref == REF_NONE && e->slot >= 0 && e->slot < c->m->nfns &&
	    !seen[e->slot]) {
		seen[e->slot] = true;
		return walk(c, c->m->fns[e->slot]->body, visit, ctx, seen);
	}
	return false;
}

static bool is_score(const ast_expr *e)
{
	return e->kind == E_NAME && e->ref == REF_SCORE;
}

static bool is_aggregate(const ast_expr *e)
{
	return e->kind == E_CALL && e->ref == REF_AGGREGATE;
}

static walk_step stop_at_score(checker *c, const ast_expr *e, void *ctx)
{
	(void)c, (void)ctx;
	return is_score(e) ? WALK_STOP : WALK_INTO;
}

static walk_step stop_at_aggregate(checker *c, const ast_expr *e, void *ctx)
{
	(void)c, (void)ctx;
	return is_aggregate(e) ? WALK_STOP : WALK_INTO;
}

/* Whether visit stops somewhere in e, or (with c) in the user functions it
 * calls. */
static bool any_expr(checker *c, const ast_expr *e, walk_visit visit)
{
	bool *seen = c ? mem_calloc((size_t)c->m->nfns + 1, sizeof *seen) : NULL;
	bool found = walk(c, e, visit, NULL, seen);
	mem_free(seen);
	return found;
}

static bool reads_a_score(const ast_expr *arg)
{
	return any_expr(NULL, arg, stop_at_score);
}

/* An aggregate's argument is computed for every unit before any is
 * scored, so it reads only the row's inputs and names it defines itself
 * (slots from first_local on): no name of the rule that takes it, no
 * `weight`, no other aggregate; each refused where it is written. */
typedef struct argument_reads {
	int first_local;
	const char *call;
	bool ok;
} argument_reads;

static walk_step refuse_rule_names(checker *c, const ast_expr *e, void *ctx)
{
	argument_reads *ar = ctx;
	if (e->kind == E_NAME && (e->ref == REF_PARAM || (e->ref == REF_LOCAL && e->slot < ar->first_local)))
		diag_error(c->log, e->loc, "%s is taken over all units before any is scored, so its argument reads only "
			   "inputs: '%s' is a name of this rule", ar->call, e->name);
	else if (e->kind == E_WEIGHT)
		diag_error(c->log, e->loc, "%s is taken over all units before any is scored: its argument cannot read 'weight'",
			   ar->call);
	else if (is_aggregate(e))
		diag_error(c->log, e->loc, "%s cannot take another rule over all units in its argument", ar->call);
	else
		return WALK_INTO;
	ar->ok = false;
	return WALK_PAST;
}

/* rank(支出进度), all_mean(满意度 by 地区): a value over the population
 * (population.h), registered in the program with a function that computes
 * the row's argument in the first pass. */
static ast_type check_aggregate(checker *c, ast_expr *e, lang_aggregate kind)
{
	size_t n = e->list.len;
	int want_args = lang_aggregate_args(kind);
	if ((int)n != want_args) {
		if (want_args)
			diag_error(c->log, e->loc, "%s takes 1 argument, the value each unit is measured by, not %zu", e->name, n);
		else
			diag_error(c->log, e->loc, "%s takes no argument (only 'by' a group), not %zu", e->name, n);
		return T_ERROR;
	}
	bool ok = true;
	int first_local = c->nlocals;
	ast_expr *arg = n ? e->list.items[0] : NULL;
	if (arg) {
		/* the argument may read indicators' scores (排名 over 编制总量项's score):
		 * a first pass scores each row before the rank is known */
		unsigned reads = c->reads;
		c->reads |= BODY_SCORES;
		argument_reads ar = {first_local, e->name, true};
		ok = want(c, arg, T_NUMBER, N_("what units are measured by")) && !walk(c, arg, refuse_rule_names, &ar, NULL) &&
		     ar.ok;
		c->reads = reads;
	}
	int group = -1;
	if (e->kid[0]) {
		group = find_input(c, e->kid[0]->name);
		if (group < 0) {
			diag_error(c->log, e->kid[0]->loc, "no input is called '%s' ('by' names a oneof or yesno input to group units by)",
				   e->kid[0]->name);
			ok = false;
		} else if (c->p->inputs[group].type != IN_ONEOF && c->p->inputs[group].type != IN_YESNO) {
			diag_error(c->log, e->kid[0]->loc, "'by' names a oneof or yesno input to group units by; '%s' is not one",
				   e->kid[0]->name);
			ok = false;
		} else {
			c->p->inputs[group].used = true;
			e->kid[0]->ref = REF_INPUT;
			e->kid[0]->slot = group;
			e->kid[0]->type = T_NUMBER;
		}
	}
	if (!ok)
		return T_ERROR;
	prog *p = c->p;
	int func = -1;
	if (arg) {
		func = add_func(c, e->name, 0, arg->loc);
		set_locals(c, func); /* the slots its own bands and lets use */
		add_unit(c, func, arg, -1);
	}
	p->aggs = mem_append_room(p->aggs, sizeof *p->aggs, (size_t)p->naggs);
	bool over_scores = arg && reads_a_score(arg);
	p->aggs[p->naggs] = (prog_aggregate){kind, func, group, arg ? arg->loc : e->loc, e->loc, over_scores, false};
	if (over_scores) {
		p->aggs_read_scores = true;
		c->score_args = mem_append_room(c->score_args, sizeof *c->score_args, (size_t)c->nscore_args);
		c->score_args[c->nscore_args++] = arg;
	}
	e->ref = REF_AGGREGATE;
	e->slot = p->naggs++;
	return T_NUMBER;
}

static ast_type check_call(checker *c, ast_expr *e)
{
	size_t n = e->list.len;
	int agg = lang_aggregate_find(e->name);
	if (agg >= 0)
		return check_aggregate(c, e, (lang_aggregate)agg);
	if (e->kid[0]) {
		diag_error(c->log, e->kid[0]->loc, "only a rule over all units (rank, all_mean, …) takes 'by'");
		return T_ERROR;
	}
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
		if (lang_builtins[bi].needs_calendar && !c->m->calendar_named) {
			diag_error(c->log, e->loc,
				   "%s needs a holiday calendar, which must come from you: add calendar \"FILE\"; to the policy "
				   "header, a file listing each year's holidays (休) and weekend days worked (班)",
				   e->name);
			ok = false;
		}
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
		const char *near = suggest_fn(c, e->name);
		if (near)
			diag_error(c->log, e->loc, "no function is called '%s': did you mean '%s'?", e->name, near);
		else
			diag_error(c->log, e->loc, "no function is called '%s'", e->name);
		for (size_t i = 0; i < n; i++)
			check_expr(c, e->list.items[i]);
		return T_ERROR;
	}
	e->slot = fi;
	ast_decl *fn = c->m->fns[fi];
	if (n != fn->params.len) {
		diag_error(c->log, e->loc, "%s takes %zu arguments, not %zu", fn->name, fn->params.len, n);
		return T_ERROR;
	}
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		ast_param *param = fn->params.items[i];
		ast_type t = param_type(param);
		if (t == T_COLUMN)
			ok &= check_column_argument(c, e->list.items[i], fn->name, param->name);
		else
			ok &= want(c, e->list.items[i], t == T_ERROR ? T_NUMBER : t, "this argument");
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

/* ---- tables: a value per option of a one-of input ------------------------------------ */

/* The match over a table's key input that picks one branch per option:
 * `match KEY { "东部": …; "中部": …; }`, in place of e. */
static void become_match_on_key(checker *c, ast_expr *e, int key, ast_list arms)
{
	ast_expr *subject = ast_expr_new(c->m->ast->arena, E_NAME, e->loc);
	subject->name = c->p->inputs[key].name;
	e->kind = E_MATCH;
	e->kid[0] = subject;
	e->kid[1] = e->kid[2] = e->kid[3] = NULL;
	e->list = arms;
}

/* A table's name in a rule is its value for the row's key. */
static void table_lookup(checker *c, ast_expr *e, const ast_decl *table)
{
	ast_arena *arena = c->m->ast->arena;
	const prog_input *in = &c->p->inputs[table->key];
	ast_list arms = {0};
	for (int k = 0; k < in->noptions; k++) {
		ast_arm *arm = ast_arm_new(arena, ARM_LABEL, e->loc);
		arm->label = in->options[k];
		arm->value = ast_expr_new(arena, E_NUM, e->loc);
		arm->value->num = *model_table_value(c->m, table, k);
		arm->value->num.loc = e->loc;
		ast_list_push(arena, &arms, arm);
	}
	become_match_on_key(c, e, table->key, arms);
}

static bool band_is_keyed(const ast_expr *e)
{
	for (size_t i = 0; i < e->list.len; i++) {
		const ast_arm *arm = e->list.items[i];
		if (arm->kind == ARM_INTERVAL && ((arm->has_lo && arm->lo.is_name) || (arm->has_hi && arm->hi.is_name)))
			return true;
	}
	return false;
}

/* The table a bound names; all in one band must share one key. */
static const ast_decl *bound_table(checker *c, const ast_num *n, int *key, bool *ok)
{
	if (!n->is_name)
		return NULL;
	const ast_decl *t = model_find_table(c->m, n->text);
	if (!t) {
		diag_error(c->log, n->loc, "'%s' is not a table: a branch's bound is a number or the name of a table", n->text);
		*ok = false;
	} else if (*key >= 0 && t->key != *key) {
		diag_error(c->log, n->loc, "table %s is keyed by %s, another bound of this band by %s: one band, one key",
			   t->name, c->p->inputs[t->key].name, c->p->inputs[*key].name);
		*ok = false;
	} else {
		*key = t->key;
	}
	return t;
}

static ast_num bound_for(checker *c, const ast_num *n, const ast_decl *t, int option)
{
	if (!t)
		return *n;
	ast_num v = *model_table_value(c->m, t, option);
	v.loc = n->loc; /* a message about it points at the band */
	return v;
}

/* A band whose bounds come from tables ("中部≥40%、西部≥30%") is the same
 * band written once per option of the tables' key, with each table's value
 * in place: `match KEY { "中部": band X { >= 40%: … }; … }`. Each copy is
 * then an ordinary band, checked and analysed with its own numbers. */
static bool keyed_band(checker *c, ast_expr *e)
{
	ast_arena *arena = c->m->ast->arena;
	int key = -1;
	bool ok = true;
	for (size_t i = 0; i < e->list.len; i++) {
		const ast_arm *arm = e->list.items[i];
		if (arm->kind != ARM_INTERVAL)
			continue;
		if (arm->has_lo)
			bound_table(c, &arm->lo, &key, &ok);
		if (arm->has_hi)
			bound_table(c, &arm->hi, &key, &ok);
	}
	if (!ok)
		return false;
	const prog_input *in = &c->p->inputs[key];
	ast_list by_key = {0};
	for (int k = 0; k < in->noptions; k++) {
		ast_expr *band = ast_expr_new(arena, E_BAND, e->loc);
		*band = *e;
		band->variant = k + 1;
		strbuf where = STRBUF_INIT;
		sb_printf(&where, "%s = %s", in->name, in->options[k]);
		band->name = ast_strndup(arena, where.data, where.len);
		sb_free(&where);
		band->list = (ast_list){0};
		for (size_t i = 0; i < e->list.len; i++) {
			ast_arm *arm = ast_arm_new(arena, ARM_ELSE, e->loc);
			*arm = *(ast_arm *)e->list.items[i];
			if (arm->kind == ARM_INTERVAL) {
				int unused = key;
				if (arm->has_lo)
					arm->lo = bound_for(c, &arm->lo, bound_table(c, &arm->lo, &unused, &ok), k);
				if (arm->has_hi)
					arm->hi = bound_for(c, &arm->hi, bound_table(c, &arm->hi, &unused, &ok), k);
			}
			ast_list_push(arena, &band->list, arm);
		}
		ast_arm *branch = ast_arm_new(arena, ARM_LABEL, e->loc);
		branch->label = in->options[k];
		branch->value = band;
		ast_list_push(arena, &by_key, branch);
	}
	become_match_on_key(c, e, key, by_key);
	return true;
}

static ast_type score_ref(checker *c, ast_expr *e);

static ast_type check_expr_kind(checker *c, ast_expr *e)
{
	switch (e->kind) {
	case E_NUM: {
		dec_t v = DEC_ZERO;
		bool ok = model_literal(c->log, &e->num, &v);
		dec_clear(&v);
		return ok ? T_NUMBER : T_ERROR;
	}
	case E_STR:
		return T_STRING;
	case E_BOOL:
		return T_BOOL;
	case E_WEIGHT:
		if (!(c->reads & BODY_WEIGHT)) {
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
		const ast_decl *table = in < 0 ? model_find_table(c->m, e->name) : NULL;
		if (table) {
			table_lookup(c, e, table);
			return check_expr_kind(c, e);
		}
		if (in < 0 && (c->reads & BODY_SCORES))
			return score_ref(c, e);
		if (in < 0) {
			if (find_fn(c, e->name) >= 0 || lang_builtin_find(e->name) >= 0 || lang_aggregate_find(e->name) >= 0)
				diag_error(c->log, e->loc, "'%s' is a function: call it with (…)", e->name);
			else if (suggest_name(c, e->name))
				diag_error(c->log, e->loc, "'%s' is not a declared input or a local name: did you mean '%s'?", e->name,
					   suggest_name(c, e->name));
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
			let->slot = new_local(c, let->name);
			let->type = t;
			push_var(c, let->name, t, let->slot);
		}
		ast_type t = check_expr(c, e->kid[0]);
		c->nvars = mark;
		return t;
	}
	case E_BAND: {
		if (band_is_keyed(e)) {
			if (!keyed_band(c, e))
				return T_ERROR;
			return check_expr_kind(c, e);
		}
		bool ok = want(c, e->kid[0], T_NUMBER, "what a band is applied to");
		e->slot = new_local(c, "(band)"); /* the subject, evaluated once */
		for (size_t i = 0; i < e->list.len; i++) {
			ast_arm *arm = e->list.items[i];
			if (arm->kind == ARM_INTERVAL)
				model_interval(c->log, arm);
		}
		ast_type t = check_arms_value(c, e, &e->list);
		return ok ? t : T_ERROR;
	}
	case E_MATCH: {
		ast_type st = check_expr(c, e->kid[0]);
		int input = enum_input_of(e->kid[0]);
		e->slot = new_local(c, "(match)");
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
			ok &= model_literal(c->log, &e->num, &v);
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
		if (e->list.len) {
			/* capped: the printed rule's numbers, a cap of at least 0 */
			ast_expr *cap = e->list.items[0];
			dec_t v = DEC_ZERO;
			bool lit = cap->kind == E_NUM && !cap->num.percent && ast_num_value(&cap->num, &v) && dec_sgn(&v) >= 0;
			dec_clear(&v);
			const ast_expr *not_number = lit ? NULL : cap; /* the caret goes where the number is missing */
			for (int i = 2; i >= 0; i--)
				if (e->kid[i]->kind != E_NUM)
					not_number = e->kid[i];
			if (not_number) {
				diag_error(c->log, not_number->loc, "a capped deduction states its numbers: from 1.5 deduct 0.5 per 1 of "
								    "x capped 2 (the base, the points, the unit and the cap)");
				ok = false;
			} else {
				cap->type = T_NUMBER;
			}
		}
		return ok ? T_NUMBER : T_ERROR;
	}
	case E_PICK: /* only as a branch's value: check_arms_value */
		diag_error(c->log, e->loc, "a score range can only be a branch's score, in a band or match with 'pick'");
		return T_ERROR;
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

/* In a veto: an indicator's score, by its name (or path), or 总分. */
static ast_type score_ref(checker *c, ast_expr *e)
{
	const prog *p = c->p;
	int found = -1, count = 0;
	for (int i = 0; i < p->nnodes; i++)
		if (strcmp(p->nodes[i].name, e->name) == 0 || strcmp(p->nodes[i].path, e->name) == 0) {
			found = i;
			count++;
		}
	if (count == 0 && (strcmp(e->name, "总分") == 0 || strcmp(e->name, "total_score") == 0)) {
		e->ref = REF_SCORE;
		e->slot = -1;
		return T_NUMBER;
	}
	if (count > 1) {
		diag_error(c->log, e->loc, "'%s' names %d indicators; a veto reads one whose name no other has", e->name,
			   count);
		return T_ERROR;
	}
	if (count == 0) {
		diag_error(c->log, e->loc, "'%s' is not a declared input, an indicator or 总分", e->name);
		return T_ERROR;
	}
	e->ref = REF_SCORE;
	e->slot = found;
	return T_NUMBER;
}

/* A rule that is a capped deduction may score below 0: down to its base
 * less its cap (扣分不超过 2 分 from a base of 1.5: −0.5). */
static void deduct_floor(prog_node *n, const ast_expr *body)
{
	if (body->kind != E_DEDUCT || !body->list.len || body->kid[0]->kind != E_NUM)
		return;
	const ast_expr *cap = body->list.items[0];
	dec_t base = DEC_ZERO, most = DEC_ZERO;
	if (cap->kind == E_NUM && ast_num_value(&body->kid[0]->num, &base) && ast_num_value(&cap->num, &most)) {
		dec_sub(&n->floor, &base, &most);
		if (dec_sgn(&n->floor) > 0)
			dec_set_int(&n->floor, 0);
	}
	dec_clear(&base);
	dec_clear(&most);
}

/* Each score an aggregate's argument reads, refused where it is written
 * when it cannot be known in the first pass (see scores_before_ranks). */
static walk_step refuse_late_score(checker *c, const ast_expr *e, void *ctx)
{
	(void)ctx;
	if (!is_score(e))
		return WALK_INTO;
	const prog *p = c->p;
	int node = e->slot;
	if (node < 0) {
		diag_error(c->log, e->loc, "a rule over all units cannot take 总分: the total is known only once every rule is");
		return WALK_PAST;
	}
	int depth = p->nodes[node].depth;
	for (int i = node; i < p->nnodes && (i == node || p->nodes[i].depth > depth); i++)
		if (p->nodes[i].uses_aggregate) {
			diag_error(c->log, e->loc, "a rule over all units takes %s's score, but %s takes one itself: neither "
						   "could be known first",
				   p->nodes[node].name, p->nodes[i].name);
			break;
		}
	return WALK_PAST;
}

/* An aggregate over indicators' scores is taken in a first pass that
 * scores each row without its rules over all units: each indicator it
 * reads, and all inside it, must take none (else neither could be known
 * first), and 总分 is known only once all are. */
static void scores_before_ranks(checker *c)
{
	prog *p = c->p;
	for (int id = 0; id < p->nnodes; id++) {
		const ast_decl *d = c->m->node_decl[id];
		p->nodes[id].uses_aggregate = d && d->body && any_expr(c, d->body, stop_at_aggregate);
	}
	for (int k = 0; k < c->nscore_args; k++)
		walk(c, c->score_args[k], refuse_late_score, NULL, NULL);
	mem_free(c->score_args);
	c->score_args = NULL;
	c->nscore_args = 0;
}

/* Starts checking a new function body. */
static void begin_body(checker *c, ast_decl *fn, int node, unsigned reads)
{
	c->nvars = 0;
	c->nlocals = 0;
	c->cur_fn = fn;
	c->cur_node = node;
	c->reads = reads;
}

static void end_body(checker *c, int func)
{
	set_locals(c, func);
}

/* Checks a user function in a scope of its own; it may be reached from the
 * middle of another body (a call to a function not yet checked), so the
 * caller's context is kept and restored. */
static void check_fn(checker *c, int fi)
{
	ast_decl *fn = c->m->fns[fi];
	checker saved = *c;
	c->local_names = NULL; /* slots from 0 again: the caller's names kept aside */
	c->caplocals = 0;
	c->vars = NULL;
	c->nvars = 0;
	c->capvars = 0;
	c->fn_state[fi] = FN_BUSY;
	begin_body(c, fn, -1, 0);
	for (size_t i = 0; i < fn->params.len; i++) {
		ast_param *param = fn->params.items[i];
		ast_type t = param_type(param);
		if (t == T_ERROR) {
			diag_error(c->log, param->loc, "a parameter is a number, yesno or column, not '%s'", param->type);
			t = T_NUMBER;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(((ast_param *)fn->params.items[k])->name, param->name) == 0)
				diag_error(c->log, param->loc, "parameter '%s' is named twice", param->name);
		push_var(c, param->name, t, new_local(c, param->name));
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
	mem_free(c->local_names);
	c->local_names = saved.local_names;
	c->caplocals = saved.caplocals;
	c->vars = saved.vars;
	c->nvars = saved.nvars;
	c->capvars = saved.capvars;
	c->nlocals = saved.nlocals;
	c->cur_fn = saved.cur_fn;
	c->cur_node = saved.cur_node;
	c->reads = saved.reads;
}

/* Checks a rule or condition body of an indicator, a bonus or a veto. */
static int check_body(checker *c, const char *label, ast_expr *body, ast_type want_t, const char *what,
		      int node, unsigned reads)
{
	int func = add_func(c, label, 0, body->loc);
	begin_body(c, NULL, node, reads);
	want(c, body, want_t, what);
	end_body(c, func);
	add_unit(c, func, body, node);
	return func;
}

/* ---- declarations ------------------------------------------------------------- */






/* ---- the indicator tree --------------------------------------------------------- */


/* check_body as the model calls it back. */
static int check_declared_body(void *ctx, const char *label, ast_expr *body, ast_type want_t, const char *what,
			       int node, unsigned reads)
{
	return check_body(ctx, label, body, want_t, what, node, reads);
}

bool check_program(ast_program *ast, const model_options *opts, diag_log *log, check_result *res)
{
	int errors_before = diag_error_count(log);
	model m = {0};
	checker c = {0};
	m.ast = ast;
	m.p = c.p = prog_new();
	m.opts = opts;
	m.log = c.log = log;
	m.check_body = check_declared_body;
	m.ctx = &c;
	c.m = &m;

	/* the header, inputs and function names (and the policy's Lua) */
	model_declarations(&m);

	/* user functions first, so their indexes are 0 … nfns-1 */
	c.fn_state = mem_calloc((size_t)m.nfns + 1, sizeof *c.fn_state);
	c.fn_type = mem_calloc((size_t)m.nfns + 1, sizeof *c.fn_type);
	for (int i = 0; i < m.nfns; i++)
		add_func(&c, m.fns[i]->name, (int)m.fns[i]->params.len, m.fns[i]->name_loc);
	c.p->nuser_funcs = m.nfns;
	for (int i = 0; i < m.nfns; i++)
		if (c.fn_state[i] == FN_TODO)
			check_fn(&c, i);

	/* the indicator tree, then every rule in it, then its clauses */
	model_tree(&m);
	for (int id = 0; id < c.p->nnodes; id++) {
		ast_decl *d = m.node_decl[id];
		if (d->body) {
			strbuf label = STRBUF_INIT, label_files = STRBUF_INIT;
			prog_label(&label, &label_files, "indicator %s", c.p->nodes[id].path);
			int func = check_body(&c, label.data, d->body, T_NUMBER, N_("an indicator's rule"), id, BODY_WEIGHT);
			c.p->nodes[id].rule = func;
			deduct_floor(&c.p->nodes[id], d->body);
			prog_func_name_files(c.p, func, &label_files);
			sb_free(&label);
		}
	}
	model_clauses(&m);
	scores_before_ranks(&c);

	/* bonus items and policy vetoes; the output's columns; weight sums */
	model_extras(&m);
	model_finish(&m, opts && opts->warnings && diag_error_count(log) == errors_before);

	model_free(&m);
	mem_free(c.fn_state);
	mem_free(c.fn_type);
	mem_free(c.vars);
	mem_free(c.local_names);
	res->prog = c.p;
	res->units = c.units;
	res->nunits = c.nunits;
	res->node_decl = m.node_decl;
	res->fns = m.fns;
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
