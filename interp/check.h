/* check: names and types in a policy's rule bodies, with the model (model.h)
 * built from its declarations as it goes.
 *
 * The checker walks the syntax tree once, reports every mistake it finds
 * (through diag) and, when there is none, returns a program whose inputs,
 * indicator tree, grades and vetoes are filled in and whose functions are
 * declared but still empty: `check_unit`s pair each of them with the
 * annotated expression that compile turns into bytecode. */
#ifndef SCORE_CHECK_H
#define SCORE_CHECK_H

#include "ast.h"
#include "model.h"
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


/* Returns true when the policy has no errors; then res holds the program
 * (owned by the caller, with res->units) and the tree must outlive compile. */
bool check_program(ast_program *ast, const model_options *opts, diag_log *log, check_result *res);
void check_result_free(check_result *res);


#endif
