/* check: names, types and structure of a policy; builds the program model.
 *
 * The checker walks the syntax tree once, reports every mistake it finds
 * (through diag) and, when there is none, returns a program whose inputs,
 * indicator tree, grades and vetoes are filled in and whose functions are
 * declared but still empty: `check_unit`s pair each of them with the
 * annotated expression that compile turns into bytecode. */
#ifndef SCORE_CHECK_H
#define SCORE_CHECK_H

#include "ast.h"
#include "load.h"
#include "program.h"

typedef struct check_unit {
	int func;          /* index in prog.funcs */
	ast_expr *body;
	int node;          /* the indicator whose rule or clause this is, or -1 */
} check_unit;

typedef struct check_result {
	prog *prog;
	check_unit *units;
	int nunits;
	ast_decl **node_decl; /* the declaration of each indicator, for analyze */
	ast_decl **fns;       /* the declaration of each user function */
} check_result;

typedef struct check_options {
	bool warnings;     /* report weight sums and unread inputs (score check) */
	/* Lua limits from the command line; 0 keeps the policy's (or the default) */
	long lua_instructions, lua_memory_mib;
	int lua_depth;
	const load_reach *reach; /* folders the policy's Lua files may come from, or NULL */
} check_options;

/* Returns true when the policy has no errors; then res holds the program
 * (owned by the caller, with res->units) and the tree must outlive compile. */
bool check_program(ast_program *ast, const check_options *opts, diag_log *log, check_result *res);
void check_result_free(check_result *res);


#endif
