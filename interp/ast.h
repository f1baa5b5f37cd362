/* ast: the syntax tree of a policy and its imports.
 *
 * Every node, list and string of a program lives in the program's arena and
 * is released in one piece by ast_program_free; nodes never own anything
 * else. That is why the parser needs no per-node destructors, and why
 * number literals are kept as text here: their exact values are made by the
 * checker and owned by the compiled program. */
#ifndef SCORE_AST_H
#define SCORE_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "decimal.h"
#include "diag.h"
#include "lang.h"

typedef struct ast_arena ast_arena;

/* A number as written: digits, optionally a percent sign (90% is 0.9). */
typedef struct ast_num {
	const char *text;  /* digits with optional sign and '.', no '%' */
	bool percent;
	bool is_name;      /* a band bound naming a table: text is the name */
	srcloc loc;
} ast_num;

/* A literal may have at most this many digits: rubric numbers are short. */
#define AST_MAX_DIGITS 60

typedef struct ast_list {
	void **items;
	size_t len, cap;
} ast_list;

typedef enum ast_type {
	T_ERROR,   /* already reported */
	T_NUMBER,
	T_BOOL,
	T_ENUM,    /* a value of a one-of input */
	T_STRING,  /* a string literal (compared with one-of values) */
	T_COLUMN   /* a function's column parameter: an input named after 'pick' */
} ast_type;

typedef enum ast_expr_kind {
	E_NUM, E_STR, E_BOOL, E_NAME, E_WEIGHT,
	E_NEG, E_NOT, E_BIN, E_AND, E_OR,
	E_IF,      /* kid[0] ? kid[1] : kid[2] */
	E_CALL,    /* name(list); an aggregate's group: kid[0] (rank(x by 地区)) */
	E_BLOCK,   /* list of E_LET, then kid[0] */
	E_LET,     /* name = kid[0]; slot = local */
	E_BAND,    /* band kid[0] [pick kid[1]] { list of ast_arm } */
	E_MATCH,   /* match kid[0] [pick kid[1]] { list of ast_arm } */
	E_CHECK,   /* checklist [each num] [cap num] { list of ast_arm } */
	E_DEDUCT,  /* from kid[0] deduct kid[1] per kid[2] of kid[3] [whole] */
	E_PICK     /* a branch's score range [num, num_hi]: the band's pick column, within it */
} ast_expr_kind;

typedef enum ast_binop {
	OPB_ADD, OPB_SUB, OPB_MUL, OPB_DIV,
	OPB_LT, OPB_LE, OPB_GT, OPB_GE, OPB_EQ, OPB_NE
} ast_binop;

typedef enum ast_ref_kind {
	REF_NONE, REF_INPUT, REF_LOCAL, REF_PARAM, REF_HOOK, REF_SCORE, /* an indicator's score, or (slot -1) 总分 */
	REF_COLUMN, /* E_NAME: input slot given to a column parameter (its index, not its value) */
	REF_AGGREGATE  /* E_CALL: a rule over all units; slot = prog.aggs index */
} ast_ref_kind;

typedef struct ast_expr {
	ast_expr_kind kind;
	srcloc loc;
	ast_type type;            /* set by check */
	int op;                   /* ast_binop; builtin id for E_CALL */
	const char *name;         /* E_NAME, E_CALL, E_LET, E_STR */
	ast_num num;              /* E_NUM; E_CHECK: each; E_PICK: low end */
	ast_num num_hi;           /* E_PICK: high end */
	bool flag;                /* E_BOOL value; E_DEDUCT whole; E_CHECK has each; E_NAME read
	                             quietly (ratio's test of its divisor: not traced); E_IF is
	                             ratio's, whose zero branch shows that divisor */
	struct ast_expr *kid[4];  /* E_CHECK: kid[0] is the cap or NULL */
	ast_list list;
	int depth;                /* nesting depth, bounded by the parser */
	const char *note;         /* E_IF: the note of its then-branch, or NULL */
	/* set by check */
	ast_ref_kind ref;
	int slot;                 /* input index, local slot, parameter, function */
	int enum_value;           /* E_STR compared with a one-of: its index */
	int variant;              /* E_BAND made for one key of a table (1 + the key's option), else 0 */
} ast_expr;

typedef enum ast_arm_kind {
	ARM_INTERVAL, /* a band branch: lo/hi bounds */
	ARM_ELSE,
	ARM_LABEL,    /* a match branch: label */
	ARM_ITEM      /* a checklist item: cond [: value] */
} ast_arm_kind;

typedef struct ast_arm {
	ast_arm_kind kind;
	srcloc loc;
	bool has_lo, has_hi, lo_incl, hi_incl;
	ast_num lo, hi;
	const char *label;
	ast_expr *cond;
	ast_expr *value;
	const char *note;
	int enum_value;            /* ARM_LABEL: index of the label, set by check */
} ast_arm;

typedef enum ast_clause_kind {
	CL_ZERO,   /* zero if cond: the indicator scores 0 (a veto) */
	CL_NA      /* na if cond: not applicable, weight moved */
} ast_clause_kind;

typedef struct ast_clause {
	ast_clause_kind kind;
	srcloc loc;
	ast_expr *cond;
	lang_na_mode mode;
	ast_list target;  /* NA_MOVE: path of names (const char *) */
	srcloc target_loc;
	const char *note;
} ast_clause;

typedef enum ast_decl_kind {
	D_IMPORT, D_POLICY, D_INPUT, D_FN, D_INDICATOR, D_BONUS, D_VETO, D_LUA, D_TABLE
} ast_decl_kind;

typedef struct ast_grade {
	const char *label;
	srcloc loc;
	ast_arm band;  /* the interval of totals */
} ast_grade;

typedef struct ast_param {
	const char *name;
	const char *type;  /* NULL: number */
	srcloc loc;
} ast_param;

typedef struct ast_decl ast_decl;
struct ast_decl {
	ast_decl_kind kind;
	srcloc loc;
	const char *name;       /* import path, policy title, fn/indicator/bonus name */
	srcloc name_loc;
	/* D_POLICY */
	ast_num total;
	bool has_total;
	ast_num places;
	const char *round_mode;  /* NULL: default; "none": no rounding */
	srcloc round_loc;
	bool has_round;
	ast_list grades;        /* ast_grade * */
	ast_list settings;      /* ast_grade *: label = setting, band.lo = value (lua_memory 64),
				 * or band.label = a file (calendar "节假日.txt") */
	bool is_inline;         /* D_LUA: the string is code, not a file name */
	/* D_INPUT */
	ast_list names;         /* const char * */
	ast_list name_locs;     /* srcloc * */
	const char *type;
	srcloc type_loc;
	const char *type_form;  /* percent points / percent fraction, or NULL */
	const char *accept;     /* D_INDICATOR, D_POLICY: why its weights depart on purpose */
	srcloc type_form_loc;
	bool has_bounds;
	ast_num lo, hi;
	ast_list options;       /* const char * (one-of) */
	bool has_default;
	ast_num default_num;
	const char *default_str;  /* string, or "true"/"false" for yes/no */
	srcloc default_loc;
	const char *column;
	/* D_FN */
	ast_list params;        /* ast_param * */
	ast_expr *body;         /* also D_INDICATOR leaf rule, D_BONUS rule, D_VETO cond */
	/* D_INDICATOR, D_BONUS */
	ast_num weight;         /* D_BONUS: lo in lo, hi in hi */
	bool capped;
	ast_list clauses;       /* ast_clause * */
	ast_list children;      /* ast_decl * (D_INDICATOR) */
	const char *note;
	const char *standard;   /* D_INDICATOR: its 评分标准 as printed, or NULL */
	const char *definition; /* D_INDICATOR: its 指标解释 as printed, or NULL */
	int depth;              /* D_INDICATOR: nesting level, 1 for a root */
	/* D_VETO */
	const char *grade;
	srcloc grade_loc;
	lang_veto veto;         /* forces the grade, or caps it (at most, below) */
	/* D_TABLE: name, the key input's name in type, rows of ast_arm (label or
	 * else, value in lo) */
	ast_list rows;
	int key;                /* the key input, set by the model */
};

typedef struct ast_program {
	ast_arena *arena;
	ast_list decls;  /* ast_decl *, in source order, imports already expanded */
	const char *top; /* the policy's own file (arena-owned): its folder may be read */
} ast_program;

ast_program *ast_program_new(void);
void ast_program_free(ast_program *p);

void *ast_alloc(ast_arena *a, size_t size);
const char *ast_strndup(ast_arena *a, const char *s, size_t n);
void ast_list_push(ast_arena *a, ast_list *l, void *item);
#define AST_ITEM(l, i) ((l).items[i])

ast_expr *ast_expr_new(ast_arena *a, ast_expr_kind kind, srcloc loc);
ast_decl *ast_decl_new(ast_arena *a, ast_decl_kind kind, srcloc loc);
ast_arm *ast_arm_new(ast_arena *a, ast_arm_kind kind, srcloc loc);
ast_clause *ast_clause_new(ast_arena *a, ast_clause_kind kind, srcloc loc);

/* Joins two locations into the span from the first to the end of the last. */
srcloc ast_span(srcloc a, srcloc b);

/* A literal's value as written (90% is 0.9); false when it is not a number
 * (or has more than AST_MAX_DIGITS digits). out is the caller's. */
bool ast_num_value(const ast_num *n, dec_t *out);
/* round(x, places): its places, a literal check has held to 0-18; 0 for round(x). */
int ast_round_places(const ast_expr *call);

#endif
