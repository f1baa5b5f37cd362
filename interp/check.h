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
} check_result;

typedef struct check_options {
	bool warnings;     /* report weight sums and unread inputs (score check) */
	/* Lua limits from the command line; 0 keeps the policy's (or the default) */
	long lua_instructions, lua_memory_mib;
	int lua_depth;
} check_options;

/* Returns true when the policy has no errors; then res holds the program
 * (owned by the caller, with res->units) and the tree must outlive compile. */
bool check_program(ast_program *ast, const check_options *opts, check_result *res);
void check_result_free(check_result *res);

/* Builtin functions known to rules. */
typedef enum check_builtin {
	BI_MIN, BI_MAX, BI_SUM, BI_AVG, BI_COUNT, BI_CLAMP, BI_ROUND, BI_FLOOR,
	BI_CEIL, BI_ABS, BI_PRORATA, BI__COUNT
} check_builtin;

/* Parses a literal as written (90% is 0.9); false when it is not a number. */
bool check_literal(const ast_num *n, dec_t *out);
/* The interval of a band branch or grade; iv's decimals are the caller's. */
void check_interval_of(const ast_arm *arm, prog_interval *iv);

#endif
