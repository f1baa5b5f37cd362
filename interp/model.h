/* model: the declarations of a policy, into the program model (model.c).
 *
 * check_program (check.c) runs the passes in this order, so that messages
 * come in the order of the text: model_declarations (header, inputs,
 * function names, Lua), the user functions' bodies (check), model_tree,
 * the indicators' rules (check), model_clauses, model_extras (bonus items
 * and vetoes), model_finish (columns, weight sums). */
#ifndef SCORE_MODEL_H
#define SCORE_MODEL_H

#include <stdbool.h>

#include "ast.h"
#include "load.h"
#include "names.h"
#include "program.h"

/* What the caller adds to a policy's own settings. */
typedef struct model_options {
	bool warnings;     /* report weight sums and unread inputs (score check) */
	/* Lua limits from the command line; 0 keeps the policy's (or the default) */
	long lua_instructions, lua_memory_mib;
	int lua_depth;
	const load_reach *reach; /* folders the policy's Lua files may come from, or NULL */
	long units;        /* score check DATA: the units of the data (a rank is at most this); 0: unknown */
} model_options;

/* What a body may read besides inputs: its indicator's `weight` (a rule),
 * the indicators' scores and 总分 (a veto, decided once they are known). */
enum { BODY_WEIGHT = 1, BODY_SCORES = 2 };

/* Checks a rule body found in a declaration and returns its function's
 * index: the checker's, called back as the model meets each body. */
typedef int (*model_body_fn)(void *ctx, const char *label, ast_expr *body, ast_type want, const char *what,
			     int node, unsigned reads);

typedef struct model {
	ast_program *ast;
	prog *p;
	const model_options *opts;
	diag_log *log;
	model_body_fn check_body;
	void *ctx;
	ast_decl *policy;          /* the header, or NULL */
	ast_decl **fns;            /* user functions, in order */
	int nfns;
	ast_decl **node_decl;      /* the declaration of each node */
	size_t capnodes;
	/* indexes, so that building stays linear in the policy's size */
	name_index input_names, fn_names, column_names, path_names;
	name_index last_names;     /* an indicator's own name → its first node */
	const char *policy_accept; /* the header's accept: why the total departs */
	ast_decl **tables;         /* lookup tables (table … by …), in order */
	int ntables;
	name_index table_names;
	bool calendar_named;       /* the header names a calendar (loaded or not) */
	int *same_name;            /* the next node with the same name, or -1 */
} model;

void model_declarations(model *m);
void model_tree(model *m);
void model_clauses(model *m);
void model_extras(model *m);
void model_finish(model *m, bool warnings);
/* Frees the indexes (fns and node_decl are handed on to check's result). */
void model_free(model *m);

int model_find_input(const model *m, const char *name);
int model_find_fn(const model *m, const char *name);
/* A lookup table by name, or NULL; its value for option k of its key input
 * (its row for that option, or its else row). */
const ast_decl *model_find_table(const model *m, const char *name);
const ast_num *model_table_value(const model *m, const ast_decl *table, int option);
/* A literal's value; reports one that is not a number this policy can use. */
bool model_literal(diag_log *log, const ast_num *n, dec_t *out);
/* Checks a band's or grade's interval: numbers, and not empty. */
void model_interval(diag_log *log, ast_arm *arm);

#endif
