/* parser: tokens to the syntax tree (interp/ast.h).
 *
 * A pure parser over the reentrant scanner, with byte-span locations. Each
 * rule builds nodes in the program's arena; nothing is freed here, so no
 * %destructor is needed: a failed parse leaves its nodes in the arena, which
 * the caller frees whole. `error` productions at declarations, indicator
 * children and band arms let one run report many mistakes. */

%code requires {
#include "grammar.h"
typedef void *yyscan_t;
}

%code provides {
int lexer_lex(YYSTYPE *lval, srcloc *lloc, yyscan_t scanner);
grammar_ctx *lexer_get_extra(yyscan_t scanner);
}

%code {
#include <string.h>

#include "../interp/i18n.h"
#include "../interp/strbuf.h"
#include "../interp/utf8.h"

static int grammar_lex(YYSTYPE *lval, srcloc *lloc, yyscan_t scanner);
#define yylex grammar_lex
static void yyerror(srcloc *loc, yyscan_t scanner, grammar_ctx *ctx, const char *msg);

#define ARENA (ctx->arena)

/* Bison's default merge of locations, for srcloc. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                   \
	do {                                                          \
		if (N) {                                              \
			(Cur).file = YYRHSLOC(Rhs, 1).file;           \
			(Cur).start = YYRHSLOC(Rhs, 1).start;         \
			(Cur).end = YYRHSLOC(Rhs, N).end;             \
		} else {                                              \
			(Cur).file = YYRHSLOC(Rhs, 0).file;           \
			(Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end; \
		}                                                     \
	} while (0)

static int depth_of(ast_expr *e)
{
	return e ? e->depth : 0;
}

/* Every expression node is made here, so nesting depth is bounded in one
 * place: later passes recurse over the tree and must not overflow the stack. */
static ast_expr *mk(grammar_ctx *ctx, ast_expr_kind kind, srcloc loc,
		    ast_expr *a, ast_expr *b, ast_expr *c, ast_expr *d)
{
	ast_expr *e = ast_expr_new(ctx->arena, kind, loc);
	e->kid[0] = a;
	e->kid[1] = b;
	e->kid[2] = c;
	e->kid[3] = d;
	int m = 0;
	for (int i = 0; i < 4; i++)
		if (depth_of(e->kid[i]) > m)
			m = depth_of(e->kid[i]);
	e->depth = m + 1;
	if (e->depth == GRAMMAR_MAX_DEPTH + 1)
		diag_error(ctx->log, loc, "expression nested deeper than %d levels", GRAMMAR_MAX_DEPTH);
	return e;
}

static void deepen(grammar_ctx *ctx, ast_expr *e, ast_expr *kid)
{
	if (depth_of(kid) + 1 > e->depth) {
		e->depth = depth_of(kid) + 1;
		if (e->depth == GRAMMAR_MAX_DEPTH + 1)
			diag_error(ctx->log, e->loc, "expression nested deeper than %d levels", GRAMMAR_MAX_DEPTH);
	}
	(void)ctx;
}

static ast_expr *binop(grammar_ctx *ctx, ast_binop op, srcloc loc, ast_expr *a, ast_expr *b)
{
	ast_expr *e = mk(ctx, E_BIN, loc, a, b, NULL, NULL);
	e->op = op;
	return e;
}

/* A note written after a zero/na clause belongs to it; before any, to the
 * indicator itself. */
static void add_clause(grammar_ctx *ctx, ast_decl *d, ast_clause *c, const char *note)
{
	if (c) {
		ast_list_push(ctx->arena, &d->clauses, c);
		return;
	}
	if (d->clauses.len) {
		ast_clause *last = d->clauses.items[d->clauses.len - 1];
		if (!last->note) {
			last->note = note;
			return;
		}
	}
	d->note = note;
}

/* Words with a meaning in one place only (pick, table, standard,
 * definition) are names everywhere else, so that adding one never breaks a
 * policy that uses it as a name. Here: is it the word wanted? */
static bool word(grammar_ctx *ctx, const char *got, srcloc loc, const char *want, const char *zh)
{
	if (strcmp(got, want) == 0 || (zh && strcmp(got, zh) == 0))
		return true;
	if (zh)
		diag_error(ctx->log, loc, "'%s' here must be '%s' (or '%s')", got, want, zh);
	else
		diag_error(ctx->log, loc, "'%s' here must be '%s'", got, want);
	return false;
}

/* An accept's reason is the point of writing one: a blank one would make
 * a departure from the sums look reviewed when it was not. */
static const char *reason(grammar_ctx *ctx, const char *why, srcloc loc)
{
	const char *text = why;
	size_t n = strlen(text);
	utf8_trim(&text, &n);
	if (n == 0)
		diag_error(ctx->log, loc, "'accept' needs its reason: accept \"the report prints 55\"");
	return why;
}

static void set_indicator_depth(grammar_ctx *ctx, ast_decl *d)
{
	int m = 0;
	for (size_t i = 0; i < d->children.len; i++) {
		ast_decl *c = d->children.items[i];
		if (c->depth > m)
			m = c->depth;
	}
	d->depth = m + 1;
	if (d->depth == GRAMMAR_MAX_DEPTH + 1)
		diag_error(ctx->log, d->name_loc, "indicators nested deeper than %d levels", GRAMMAR_MAX_DEPTH);
	(void)ctx;
}
}

%define api.pure full
%define api.location.type {srcloc}
%define parse.error custom
%locations
%expect 0
%param {yyscan_t scanner}
%parse-param {grammar_ctx *ctx}

%union {
	const char *str;
	ast_num num;
	ast_expr *expr;
	ast_decl *decl;
	ast_arm *arm;
	ast_clause *clause;
	ast_param *param;
	ast_list list;
	bool flag;
}

%token IMPORT "import" POLICY "policy" TOTAL "total" ROUND "round" GRADE "grade"
%token INPUT "input" DEFAULT "default" COLUMN "column" FN "fn"
%token INDICATOR "indicator" CAPPED "capped" BONUS "bonus" VETO "veto" ACCEPT "accept"
%token ZERO "zero" NA "na" MOVE "move" TO "to" SPREAD "spread" RESCALE "rescale"
%token NOTE "note" IF "if" THEN "then" ELIF "elif" ELSE "else"
%token BAND "band" MATCH "match" CHECKLIST "checklist" EACH "each" CAP "cap"
%token FROM "from" DEDUCT "deduct" PER "per" OF "of" WHOLE "whole" LET "let"
%token AND "and" OR "or" NOT "not" TRUE "true" FALSE "false" WEIGHT "weight" LUA "lua" BY "by"
%token <str> WORDING "standard or definition"
%token LE "<=" GE ">=" EQ "==" NE "!="
%token <str> NAME "name" STRING "string" RAWSTRING "raw string"
%token <num> NUMBER "number"

/* "capped" after a deduction is its cap, even where a parent's "capped"
 * could follow (a deduction as a parent's zero-if condition) */
%precedence DEDUCT_NOCAP
%precedence CAPPED
%left OR
%left AND
%precedence NOT
%nonassoc '<' '>' LE GE EQ NE
%left '+' '-'
%left '*' '/'
%precedence UMINUS

%type <str> name opt_note text
%type <num> bound arm_bound
%type <expr> expr opexpr primary elifs block arm_value opt_pick
%type <decl> decl policy_items input_decl input_names type_spec fn_head
%type <decl> indicator ind_head ind_start leaf_head children clauses_on_parent
%type <expr> checklist_opts
%type <param> param
%type <arm> interval arm match_arm item
%type <clause> clause
%type <list> args arms match_arms items path lets strings params table_rows
%type <arm> table_row
%type <flag> opt_whole
%type <expr> opt_deduct_cap

%%

file
	: %empty
	| file decl        { if ($2) ast_list_push(ARENA, ctx->decls, $2); }
	;

decl
	: IMPORT STRING ';'        { $$ = ast_decl_new(ARENA, D_IMPORT, @$); $$->name = $2; $$->name_loc = @2; }
	| POLICY name '{' policy_items '}'
	                            { $$ = $4; $$->loc = @$; $$->name = $2; $$->name_loc = @2; }
	| input_decl ';'           { $$ = $1; $$->loc = @$; }
	| fn_head '=' expr ';'     { $$ = $1; $$->body = $3; }
	| indicator                { $$ = $1; }
	| BONUS name '[' bound ',' bound ']' '=' expr opt_note ';'
	                            {
		$$ = ast_decl_new(ARENA, D_BONUS, @$);
		$$->name = $2; $$->name_loc = @2; $$->lo = $4; $$->hi = $6; $$->body = $9; $$->note = $10;
	}
	| NAME name BY name '{' table_rows '}'
	                            {
		/* table 配套标准 by 地区 { … } */
		$$ = NULL;
		if (word(ctx, $1, @1, "table", "表")) {
			$$ = ast_decl_new(ARENA, D_TABLE, @$);
			$$->name = $2; $$->name_loc = @2; $$->type = $4; $$->type_loc = @4; $$->rows = $6;
		}
	}
	| LUA STRING ';'           { $$ = ast_decl_new(ARENA, D_LUA, @$); $$->name = $2; $$->name_loc = @2; }
	| LUA RAWSTRING ';'        { $$ = ast_decl_new(ARENA, D_LUA, @$); $$->name = $2; $$->name_loc = @2; $$->is_inline = true; }
	| VETO expr GRADE name opt_note ';'
	                            {
		$$ = ast_decl_new(ARENA, D_VETO, @$);
		$$->body = $2; $$->grade = $4; $$->grade_loc = @4; $$->note = $5; $$->veto = VETO_FORCE;
	}
	| VETO expr GRADE LE name opt_note ';'
	                            {
		$$ = ast_decl_new(ARENA, D_VETO, @$);
		$$->body = $2; $$->grade = $5; $$->grade_loc = @5; $$->note = $6; $$->veto = VETO_AT_MOST;
	}
	| VETO expr GRADE '<' name opt_note ';'
	                            {
		$$ = ast_decl_new(ARENA, D_VETO, @$);
		$$->body = $2; $$->grade = $5; $$->grade_loc = @5; $$->note = $6; $$->veto = VETO_BELOW;
	}
	| error ';'                { $$ = NULL; }
	| error '}'                { $$ = NULL; }
	;

name
	: NAME
	| STRING
	;

/* printed wording, pasted: "…" or """…""" over several lines */
text
	: STRING
	| RAWSTRING
	;

opt_note
	: %empty       { $$ = NULL; }
	| NOTE STRING  { $$ = $2; }
	;

/* policy "title" { total 100; round 2 half_up; grade 优 >= 90; ... } */
policy_items
	: %empty                    { $$ = ast_decl_new(ARENA, D_POLICY, @$); }
	| policy_items TOTAL NUMBER ';'
	                            { $$ = $1; $$->total = $3; $$->has_total = true; }
	| policy_items ROUND NUMBER NAME ';'
	                            { $$ = $1; $$->places = $3; $$->round_mode = $4; $$->round_loc = @4; $$->has_round = true; }
	| policy_items ROUND NAME ';'
	                            { $$ = $1; $$->round_mode = $3; $$->round_loc = @3; $$->has_round = true; $$->places.text = NULL; }
	| policy_items GRADE name interval ';'
	                            {
		$$ = $1;
		ast_grade *g = ast_alloc(ARENA, sizeof *g);
		g->label = $3; g->loc = @3; g->band = *$4;
		ast_list_push(ARENA, &$$->grades, g);
	}
	| policy_items NAME NUMBER ';'
	                            {
		$$ = $1;
		ast_grade *g = ast_alloc(ARENA, sizeof *g);   /* a setting: name and number */
		g->label = $2; g->loc = @2; g->band.lo = $3;
		ast_list_push(ARENA, &$$->settings, g);
	}
	| policy_items ACCEPT STRING ';'
	                            { $$ = $1; $$->accept = reason(ctx, $3, @3); }
	| policy_items NAME STRING ';'
	                            {
		$$ = $1;
		ast_grade *g = ast_alloc(ARENA, sizeof *g);   /* a setting: name and file (calendar "节假日.txt") */
		g->label = $2; g->loc = @2; g->band.label = $3; g->band.loc = @3;
		ast_list_push(ARENA, &$$->settings, g);
	}
	| policy_items error ';'    { $$ = $1; }
	;

/* input 实际支出, 到位资金: money [0, 10000] default 0 column "到位资金(万元)" */
input_decl
	: INPUT input_names ':' type_spec
	                            {
		$$ = $4; $$->names = $2->names; $$->name_locs = $2->name_locs;
		$$->name = $$->names.items[0]; $$->name_loc = *(srcloc *)$$->name_locs.items[0];
	}
	| input_decl DEFAULT bound  { $$ = $1; $$->has_default = true; $$->default_num = $3; $$->default_loc = @3; }
	| input_decl DEFAULT STRING { $$ = $1; $$->has_default = true; $$->default_str = $3; $$->default_loc = @3; }
	| input_decl DEFAULT NAME   { $$ = $1; $$->has_default = true; $$->default_str = $3; $$->default_loc = @3; }
	| input_decl DEFAULT TRUE   { $$ = $1; $$->has_default = true; $$->default_str = "true"; $$->default_loc = @3; }
	| input_decl DEFAULT FALSE  { $$ = $1; $$->has_default = true; $$->default_str = "false"; $$->default_loc = @3; }
	| input_decl COLUMN STRING  { $$ = $1; $$->column = $3; }
	;

input_names
	: name                      {
		$$ = ast_decl_new(ARENA, D_INPUT, @$);
		ast_list_push(ARENA, &$$->names, (void *)$1);
		srcloc *l = ast_alloc(ARENA, sizeof *l); *l = @1;
		ast_list_push(ARENA, &$$->name_locs, l);
	}
	| input_names ',' name      {
		$$ = $1;
		ast_list_push(ARENA, &$$->names, (void *)$3);
		srcloc *l = ast_alloc(ARENA, sizeof *l); *l = @3;
		ast_list_push(ARENA, &$$->name_locs, l);
	}
	;

type_spec
	: NAME                      { $$ = ast_decl_new(ARENA, D_INPUT, @$); $$->type = $1; $$->type_loc = @1; }
	| NAME '[' bound ',' bound ']'
	                            {
		$$ = ast_decl_new(ARENA, D_INPUT, @$); $$->type = $1; $$->type_loc = @1;
		$$->has_bounds = true; $$->lo = $3; $$->hi = $5;
	}
	| NAME '(' strings ')'      { $$ = ast_decl_new(ARENA, D_INPUT, @$); $$->type = $1; $$->type_loc = @1; $$->options = $3; }
	| NAME NAME                 {
		$$ = ast_decl_new(ARENA, D_INPUT, @$); $$->type = $1; $$->type_loc = @1;
		$$->type_form = $2; $$->type_form_loc = @2;
	}
	| NAME NAME '[' bound ',' bound ']'
	                            {
		$$ = ast_decl_new(ARENA, D_INPUT, @$); $$->type = $1; $$->type_loc = @1;
		$$->type_form = $2; $$->type_form_loc = @2;
		$$->has_bounds = true; $$->lo = $4; $$->hi = $6;
	}
	;

strings
	: STRING                    { $$ = (ast_list){0}; ast_list_push(ARENA, &$$, (void *)$1); }
	| strings ',' STRING        { $$ = $1; ast_list_push(ARENA, &$$, (void *)$3); }
	;

/* fn 比率(a, b) = ... */
fn_head
	: FN NAME '(' ')'           { $$ = ast_decl_new(ARENA, D_FN, @$); $$->name = $2; $$->name_loc = @2; }
	| FN NAME '(' params ')'    { $$ = ast_decl_new(ARENA, D_FN, @$); $$->name = $2; $$->name_loc = @2; $$->params = $4; }
	;

params
	: param                     { $$ = (ast_list){0}; ast_list_push(ARENA, &$$, $1); }
	| params ',' param          { $$ = $1; ast_list_push(ARENA, &$$, $3); }
	;

param
	: NAME                      { $$ = ast_alloc(ARENA, sizeof *$$); $$->name = $1; $$->loc = @$; }
	| NAME ':' NAME             { $$ = ast_alloc(ARENA, sizeof *$$); $$->name = $1; $$->type = $3; $$->loc = @$; }
	| NAME ':' COLUMN           { $$ = ast_alloc(ARENA, sizeof *$$); $$->name = $1; $$->type = "column"; $$->loc = @$; }
	;

/* indicator 决策 20 { ... }   |   indicator 预算执行率 5 = expr clauses; */
indicator
	: ind_head '{' children '}' {
		$$ = $1; $$->children = $3->children; $$->loc = ast_span($$->loc, @4);
		set_indicator_depth(ctx, $$);
	}
	| leaf_head ';'             { $$ = $1; $$->depth = 1; }
	;

ind_head
	: ind_start clauses_on_parent
	                            {
		$$ = $2; $$->loc = @$; $$->name = $1->name; $$->name_loc = $1->name_loc; $$->weight = $1->weight;
		$$->standard = $1->standard; $$->definition = $1->definition;
	}
	;

/* indicator 名称 4 definition "指标解释…" standard "评分标准…": the name, the
 * weight and the printed wording, in the order of the printed table */
ind_start
	: INDICATOR name NUMBER     {
		$$ = ast_decl_new(ARENA, D_INDICATOR, @$);
		$$->name = $2; $$->name_loc = @2; $$->weight = $3;
	}
	| ind_start WORDING text    {
		$$ = $1;
		if (strcmp($2, "standard") == 0 || strcmp($2, "评分标准") == 0)
			$$->standard = $3;
		else
			$$->definition = $3;
	}
	;

clauses_on_parent
	: %empty                    { $$ = ast_decl_new(ARENA, D_INDICATOR, @$); }
	| clauses_on_parent CAPPED  { $$ = $1; $$->capped = true; }
	| clauses_on_parent ACCEPT STRING
	                            { $$ = $1; $$->accept = reason(ctx, $3, @3); }
	| clauses_on_parent clause  { $$ = $1; add_clause(ctx, $$, $2, NULL); }
	| clauses_on_parent NOTE STRING
	                            { $$ = $1; add_clause(ctx, $$, NULL, $3); }

	;

leaf_head
	: ind_start '=' expr        { $$ = $1; $$->loc = @$; $$->body = $3; }
	| leaf_head clause          { $$ = $1; add_clause(ctx, $$, $2, NULL); }
	| leaf_head NOTE STRING     { $$ = $1; add_clause(ctx, $$, NULL, $3); }
	;

children
	: %empty                    { $$ = ast_decl_new(ARENA, D_INDICATOR, @$); }
	| children indicator        { $$ = $1; ast_list_push(ARENA, &$$->children, $2); }
	| children error ';'        { $$ = $1; }
	;

clause
	: ZERO IF expr              { $$ = ast_clause_new(ARENA, CL_ZERO, @$); $$->cond = $3; }
	| NA IF expr MOVE TO path   {
		$$ = ast_clause_new(ARENA, CL_NA, @$); $$->cond = $3; $$->mode = NA_MOVE;
		$$->target = $6; $$->target_loc = @6;
	}
	| NA IF expr SPREAD         { $$ = ast_clause_new(ARENA, CL_NA, @$); $$->cond = $3; $$->mode = NA_SPREAD; }
	| NA IF expr RESCALE        { $$ = ast_clause_new(ARENA, CL_NA, @$); $$->cond = $3; $$->mode = NA_RESCALE; }
	;

path
	: name                      { $$ = (ast_list){0}; ast_list_push(ARENA, &$$, (void *)$1); }
	| path '/' name             { $$ = $1; ast_list_push(ARENA, &$$, (void *)$3); }
	;

/* ---- expressions ---- */

expr
	: IF expr THEN expr opt_note elifs
	                            { $$ = mk(ctx, E_IF, @$, $2, $4, $6, NULL); $$->note = $5; }
	| FROM opexpr DEDUCT opexpr PER opexpr OF opexpr opt_whole opt_deduct_cap
	                            { $$ = mk(ctx, E_DEDUCT, @$, $2, $4, $6, $8); $$->flag = $9;
	                              if ($10) ast_list_push(ARENA, &$$->list, $10); }
	| opexpr
	;

/* 扣分不超过 2 分: the deduction stops at 2, and may take the score below 0 */
opt_deduct_cap
	: %empty %prec DEDUCT_NOCAP { $$ = NULL; }
	| CAPPED primary            { $$ = $2; }
	;

elifs
	: ELSE expr                 { $$ = $2; }
	| ELIF expr THEN expr opt_note elifs
	                            { $$ = mk(ctx, E_IF, @$, $2, $4, $6, NULL); $$->note = $5; }
	;

opt_whole
	: %empty                    { $$ = false; }
	| WHOLE                     { $$ = true; }
	;

opexpr
	: opexpr OR opexpr          { $$ = mk(ctx, E_OR, @$, $1, $3, NULL, NULL); }
	| opexpr AND opexpr         { $$ = mk(ctx, E_AND, @$, $1, $3, NULL, NULL); }
	| NOT opexpr                { $$ = mk(ctx, E_NOT, @$, $2, NULL, NULL, NULL); }
	| opexpr '<' opexpr         { $$ = binop(ctx, OPB_LT, @$, $1, $3); }
	| opexpr '>' opexpr         { $$ = binop(ctx, OPB_GT, @$, $1, $3); }
	| opexpr LE opexpr          { $$ = binop(ctx, OPB_LE, @$, $1, $3); }
	| opexpr GE opexpr          { $$ = binop(ctx, OPB_GE, @$, $1, $3); }
	| opexpr EQ opexpr          { $$ = binop(ctx, OPB_EQ, @$, $1, $3); }
	| opexpr NE opexpr          { $$ = binop(ctx, OPB_NE, @$, $1, $3); }
	| opexpr '+' opexpr         { $$ = binop(ctx, OPB_ADD, @$, $1, $3); }
	| opexpr '-' opexpr         { $$ = binop(ctx, OPB_SUB, @$, $1, $3); }
	| opexpr '*' opexpr         { $$ = binop(ctx, OPB_MUL, @$, $1, $3); }
	| opexpr '/' opexpr         { $$ = binop(ctx, OPB_DIV, @$, $1, $3); }
	| '-' opexpr %prec UMINUS   { $$ = mk(ctx, E_NEG, @$, $2, NULL, NULL, NULL); }
	| primary
	;

primary
	: NUMBER                    { $$ = mk(ctx, E_NUM, @$, NULL, NULL, NULL, NULL); $$->num = $1; }
	| STRING                    { $$ = mk(ctx, E_STR, @$, NULL, NULL, NULL, NULL); $$->name = $1; }
	| TRUE                      { $$ = mk(ctx, E_BOOL, @$, NULL, NULL, NULL, NULL); $$->flag = true; }
	| FALSE                     { $$ = mk(ctx, E_BOOL, @$, NULL, NULL, NULL, NULL); $$->flag = false; }
	| WEIGHT                    { $$ = mk(ctx, E_WEIGHT, @$, NULL, NULL, NULL, NULL); }
	| NAME                      { $$ = mk(ctx, E_NAME, @$, NULL, NULL, NULL, NULL); $$->name = $1; }
	| NAME '(' ')'              { $$ = mk(ctx, E_CALL, @$, NULL, NULL, NULL, NULL); $$->name = $1; }
	| NAME '(' args ')'         {
		$$ = mk(ctx, E_CALL, @$, NULL, NULL, NULL, NULL); $$->name = $1; $$->list = $3;
		for (size_t i = 0; i < $3.len; i++)
			deepen(ctx, $$, $3.items[i]);
	}
	| NAME '(' args BY name ')' {
		/* rank(支出进度 by 地区): a rule over all units, within each group */
		$$ = mk(ctx, E_CALL, @$, NULL, NULL, NULL, NULL); $$->name = $1; $$->list = $3;
		$$->kid[0] = mk(ctx, E_NAME, @5, NULL, NULL, NULL, NULL); $$->kid[0]->name = $5;
		for (size_t i = 0; i < $3.len; i++)
			deepen(ctx, $$, $3.items[i]);
	}
	| NAME '(' BY name ')'      {
		$$ = mk(ctx, E_CALL, @$, NULL, NULL, NULL, NULL); $$->name = $1;
		$$->kid[0] = mk(ctx, E_NAME, @4, NULL, NULL, NULL, NULL); $$->kid[0]->name = $4;
	}
	| ROUND '(' args ')'        {
		/* `round` is also a header keyword; here it is the builtin */
		$$ = mk(ctx, E_CALL, @$, NULL, NULL, NULL, NULL); $$->name = "round"; $$->list = $3;
		for (size_t i = 0; i < $3.len; i++)
			deepen(ctx, $$, $3.items[i]);
	}
	| '(' expr ')'              { $$ = $2; }
	| block
	| BAND opexpr opt_pick '{' arms '}'
	                            {
		$$ = mk(ctx, E_BAND, @$, $2, $3, NULL, NULL); $$->list = $5;
		for (size_t i = 0; i < $5.len; i++)
			deepen(ctx, $$, ((ast_arm *)$5.items[i])->value);
	}
	| MATCH opexpr opt_pick '{' match_arms '}'
	                            {
		$$ = mk(ctx, E_MATCH, @$, $2, $3, NULL, NULL); $$->list = $5;
		for (size_t i = 0; i < $5.len; i++)
			deepen(ctx, $$, ((ast_arm *)$5.items[i])->value);
	}
	| CHECKLIST checklist_opts '{' items '}'
	                            {
		$$ = $2; $$->loc = @$; $$->list = $4;
		for (size_t i = 0; i < $4.len; i++) {
			deepen(ctx, $$, ((ast_arm *)$4.items[i])->cond);
			deepen(ctx, $$, ((ast_arm *)$4.items[i])->value);
		}
	}
	;

args
	: expr                      { $$ = (ast_list){0}; ast_list_push(ARENA, &$$, $1); }
	| args ',' expr             { $$ = $1; ast_list_push(ARENA, &$$, $3); }
	;

block
	: '{' lets expr '}'         {
		$$ = mk(ctx, E_BLOCK, @$, $3, NULL, NULL, NULL); $$->list = $2;
		for (size_t i = 0; i < $2.len; i++)
			deepen(ctx, $$, $2.items[i]);
	}
	;

lets
	: %empty                    { $$ = (ast_list){0}; }
	| lets LET NAME '=' expr ';'
	                            {
		$$ = $1;
		ast_expr *let = mk(ctx, E_LET, @$, $5, NULL, NULL, NULL);
		let->name = $3; let->loc = @3;
		ast_list_push(ARENA, &$$, let);
	}
	;

/* table 配套标准 by 地区 { "东部": 100%; "中部": 40%; "西部": 30%; } */
table_rows
	: %empty                    { $$ = (ast_list){0}; }
	| table_rows table_row      { $$ = $1; if ($2) ast_list_push(ARENA, &$$, $2); }
	;

table_row
	: STRING ':' bound ';'      { $$ = ast_arm_new(ARENA, ARM_LABEL, @1); $$->label = $1; $$->lo = $3; }
	| ELSE ':' bound ';'        { $$ = ast_arm_new(ARENA, ARM_ELSE, @1); $$->lo = $3; }
	| error ';'                 { $$ = NULL; }
	;

/* band 满意度 pick 满意度评分 { >= 90%: 10; [80%, 90%): [8, 9]; ... }: the
 * column where the evaluator's score within a branch's range is. */
opt_pick
	: %empty                    { $$ = NULL; }
	| NAME name                 {
		word(ctx, $1, @1, "pick", NULL);
		$$ = mk(ctx, E_NAME, @2, NULL, NULL, NULL, NULL); $$->name = $2;
	}
	;

/* A branch's score: an expression, or a range ("9-8分") to pick from. */
arm_value
	: expr
	| '[' bound ',' bound ']'   { $$ = mk(ctx, E_PICK, @$, NULL, NULL, NULL, NULL); $$->num = $2; $$->num_hi = $4; }
	;

/* band 满意度 { >= 90%: 10; [80%, 90%): 5 note "…"; else: 0; } */
arms
	: %empty                    { $$ = (ast_list){0}; }
	| arms arm                  { $$ = $1; if ($2) ast_list_push(ARENA, &$$, $2); }
	;

arm
	: interval ':' arm_value opt_note ';'
	                            { $$ = $1; $$->value = $3; $$->note = $4; $$->loc = ast_span($$->loc, @3); }
	| error ';'                 { $$ = NULL; }
	;

bound
	: NUMBER                    { $$ = $1; }
	| '-' NUMBER                {
		$$ = $2;
		size_t n = strlen($2.text);
		char *t = ast_alloc(ARENA, n + 2);
		t[0] = '-';
		memcpy(t + 1, $2.text, n + 1);
		$$.text = t;
		$$.loc = @$;
	}
	;

/* A branch's bound: a number, or the name of a table keyed by a column. */
arm_bound
	: bound
	| NAME                      { $$.text = $1; $$.percent = false; $$.is_name = true; $$.loc = @1; }
	;

interval
	: '[' arm_bound ',' arm_bound ']'   { $$ = ast_arm_new(ARENA, ARM_INTERVAL, @$); $$->has_lo = $$->has_hi = $$->lo_incl = $$->hi_incl = true; $$->lo = $2; $$->hi = $4; }
	| '[' arm_bound ',' arm_bound ')'   { $$ = ast_arm_new(ARENA, ARM_INTERVAL, @$); $$->has_lo = $$->has_hi = $$->lo_incl = true; $$->lo = $2; $$->hi = $4; }
	| '(' arm_bound ',' arm_bound ']'   { $$ = ast_arm_new(ARENA, ARM_INTERVAL, @$); $$->has_lo = $$->has_hi = $$->hi_incl = true; $$->lo = $2; $$->hi = $4; }
	| '(' arm_bound ',' arm_bound ')'   { $$ = ast_arm_new(ARENA, ARM_INTERVAL, @$); $$->has_lo = $$->has_hi = true; $$->lo = $2; $$->hi = $4; }
	| GE arm_bound              { $$ = ast_arm_new(ARENA, ARM_INTERVAL, @$); $$->has_lo = $$->lo_incl = true; $$->lo = $2; }
	| '>' arm_bound             { $$ = ast_arm_new(ARENA, ARM_INTERVAL, @$); $$->has_lo = true; $$->lo = $2; }
	| LE arm_bound              { $$ = ast_arm_new(ARENA, ARM_INTERVAL, @$); $$->has_hi = $$->hi_incl = true; $$->hi = $2; }
	| '<' arm_bound             { $$ = ast_arm_new(ARENA, ARM_INTERVAL, @$); $$->has_hi = true; $$->hi = $2; }
	| EQ arm_bound              { $$ = ast_arm_new(ARENA, ARM_INTERVAL, @$); $$->has_lo = $$->has_hi = $$->lo_incl = $$->hi_incl = true; $$->lo = $2; $$->hi = $2; }
	| '=' arm_bound             { $$ = ast_arm_new(ARENA, ARM_INTERVAL, @$); $$->has_lo = $$->has_hi = $$->lo_incl = $$->hi_incl = true; $$->lo = $2; $$->hi = $2; }
	| ELSE                      { $$ = ast_arm_new(ARENA, ARM_ELSE, @$); }
	;

/* match 公开情况 { "按规定公开": 1.5; "部分公开": 1; else: 0; } */
match_arms
	: %empty                    { $$ = (ast_list){0}; }
	| match_arms match_arm      { $$ = $1; if ($2) ast_list_push(ARENA, &$$, $2); }
	;

match_arm
	: STRING ':' arm_value opt_note ';'
	                            { $$ = ast_arm_new(ARENA, ARM_LABEL, @1); $$->label = $1; $$->value = $3; $$->note = $4; }
	| ELSE ':' arm_value opt_note ';'
	                            { $$ = ast_arm_new(ARENA, ARM_ELSE, @1); $$->value = $3; $$->note = $4; }
	| error ';'                 { $$ = NULL; }
	;

/* checklist each 0.8 cap 4 { 依据充分; 程序规范: 1 note "…"; } */
checklist_opts
	: %empty                    { $$ = mk(ctx, E_CHECK, @$, NULL, NULL, NULL, NULL); }
	| checklist_opts EACH NUMBER
	                            { $$ = $1; $$->flag = true; $$->num = $3; }
	| checklist_opts CAP opexpr { $$ = $1; $$->kid[0] = $3; deepen(ctx, $$, $3); }
	;

items
	: %empty                    { $$ = (ast_list){0}; }
	| items item                { $$ = $1; if ($2) ast_list_push(ARENA, &$$, $2); }
	;

item
	: expr opt_note ';'         { $$ = ast_arm_new(ARENA, ARM_ITEM, @1); $$->cond = $1; $$->note = $2; }
	| expr ':' expr opt_note ';'
	                            { $$ = ast_arm_new(ARENA, ARM_ITEM, @1); $$->cond = $1; $$->value = $3; $$->note = $4; }
	| error ';'                 { $$ = NULL; }
	;

%%

/* Whether a token begins a declaration (and so, at the start of a line,
 * shows that the line before should have ended one). */
static bool starts_declaration(int tok)
{
	return tok == IMPORT || tok == POLICY || tok == INPUT || tok == FN || tok == INDICATOR || tok == BONUS ||
	       tok == VETO || tok == LUA;
}

static bool at_line_start(const grammar_ctx *ctx, srcloc loc)
{
	size_t len;
	const char *text = diag_source_text(ctx->log, ctx->file, &len);
	for (uint32_t i = loc.start; i > 0; i--) {
		char c = text[i - 1];
		if (c == '\n')
			return true;
		if (c != ' ' && c != '\t' && c != '\r')
			return false;
	}
	return true;
}

/* The scanner, and one thing only a view of the lines shows: a
 * declaration keyword that starts a line after a line that left its
 * declaration open. The missing ';' is reported at the end of that line and
 * supplied, so that what follows parses and no cascade of errors follows. */
static int grammar_lex(YYSTYPE *lval, srcloc *lloc, yyscan_t scanner)
{
	grammar_ctx *ctx = lexer_get_extra(scanner);
	int tok;
	if (ctx->pending) {
		tok = ctx->pending;
		*lloc = ctx->pending_loc;
		ctx->pending = 0;
	} else {
		tok = lexer_lex(lval, lloc, scanner);
		if (starts_declaration(tok) && ctx->prev_tok && ctx->prev_tok != ';' && ctx->prev_tok != '{' &&
		    ctx->prev_tok != '}' && at_line_start(ctx, *lloc)) {
			srcloc at = {lloc->file, ctx->prev_end, ctx->prev_end};
			diag_error(ctx->log, at, "';' is missing at the end of this line");
			ctx->pending = tok;
			ctx->pending_loc = *lloc;
			*lloc = at;
			tok = ';';
		}
	}
	ctx->prev_tok = tok;
	ctx->prev_end = lloc->end;
	return tok;
}

/* Only bison's own failure comes here: its stack is full, which only
 * runaway nesting does. Syntax errors are yyreport_syntax_error's. */
static void yyerror(srcloc *loc, yyscan_t scanner, grammar_ctx *ctx, const char *msg)
{
	(void)scanner;
	(void)msg;
	if (loc->start < ctx->hushed_until)
		return;
	diag_error(ctx->log, *loc, "the policy nests too deeply here for the parser (about %d levels at most)", YYMAXDEPTH / 3);
}

/* A token as messages name it: words in the user's language, punctuation
 * and keywords as they are typed. */
static const char *token_name(yysymbol_kind_t k)
{
	switch (k) {
	case YYSYMBOL_YYEOF: return _("end of file");
	case YYSYMBOL_YYUNDEF: return _("invalid token");
	case YYSYMBOL_NAME: return _("name");
	case YYSYMBOL_STRING: return _("string");
	case YYSYMBOL_RAWSTRING: return _("raw string");
	case YYSYMBOL_NUMBER: return _("number");
	default: return yysymbol_name(k);
	}
}

/* Punctuation has no symbol name of its own: it is found by its spelling. */
static bool is_symbol(yysymbol_kind_t k, const char *spelled)
{
	return k >= 0 && strcmp(yysymbol_name(k), spelled) == 0;
}

static bool expects(const yysymbol_kind_t *expected, int n, const char *spelled)
{
	for (int i = 0; i < n; i++)
		if (is_symbol(expected[i], spelled))
			return true;
	return false;
}

/* "syntax error, unexpected X, expecting Y or Z", and where the mistake is
 * a common one, how to mend it. */
static int yyreport_syntax_error(const yypcontext_t *pc, yyscan_t scanner, grammar_ctx *ctx)
{
	(void)scanner;
	srcloc loc = *yypcontext_location(pc);
	if (loc.start < ctx->hushed_until)
		return 0; /* the scanner has explained this line's mistake */
	yysymbol_kind_t got = yypcontext_token(pc);
	/* like bison's own messages: up to four expected tokens, else none */
	yysymbol_kind_t expected[4];
	int n = got == YYSYMBOL_YYEMPTY ? 0 : yypcontext_expected_tokens(pc, expected, 4);
	if (n < 0)
		n = 0;
	strbuf msg = STRBUF_INIT;
	if (got == YYSYMBOL_YYEMPTY)
		sb_puts(&msg, _("syntax error"));
	else if (n == 0)
		sb_printf(&msg, _("syntax error, unexpected %s"), token_name(got));
	else {
		sb_printf(&msg, _("syntax error, unexpected %s, expecting %s"), token_name(got), token_name(expected[0]));
		for (int i = 1; i < n; i++)
			sb_printf(&msg, _(" or %s"), token_name(expected[i]));
	}
	/* a reserved word where a name was expected: say how to use it as one */
	size_t len;
	const char *text = diag_source_text(ctx->log, loc.file, &len);
	bool word = loc.end > loc.start && loc.end <= len;
	for (uint32_t i = loc.start; word && i < loc.end; i++)
		word = (text[i] >= 'a' && text[i] <= 'z') || text[i] == '_';
	int w = (int)(loc.end - loc.start);
	if (word && expects(expected, n, "name"))
		diag_error(ctx->log, loc, "%s ('%.*s' is a reserved word: write `%.*s` to use it as a name)", msg.data, w,
			   text + loc.start, w, text + loc.start);
	/* '=' where a comparison was meant, not where a declaration lacks a part */
	else if (is_symbol(got, "'='") && !expects(expected, n, "'['") && !expects(expected, n, "'('") &&
		 !expects(expected, n, "number"))
		diag_error(ctx->log, loc, "%s ('=' does not compare: to test equality, write '==')", msg.data);
	else
		diag_error(ctx->log, loc, "%s", msg.data);
	sb_free(&msg);
	return 0;
}
