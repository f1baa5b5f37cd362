/* program: a checked and compiled policy, ready to score rows.
 *
 * check builds the model (inputs, indicator tree, grades, vetoes), compile
 * fills in the bytecode of every rule, vm runs it for each row. The program
 * owns everything it points to, its decimals included; prog_free releases it.
 * Nothing here points into the syntax tree, which is freed after compiling. */
#ifndef SCORE_PROGRAM_H
#define SCORE_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "decimal.h"
#include "names.h"
#include "diag.h"
#include "interval.h"
#include "lang.h"
#include "calendar.h"
#include "luahook.h"

typedef enum prog_opcode {
#define OP(name, shape, in, out, runs, synopsis) OP_##name,
#include "opcodes.def"
#undef OP
	OP__COUNT
} prog_opcode;

typedef enum prog_shape {
	SHAPE_NONE, SHAPE_CONST, SHAPE_INPUT, SHAPE_LOCAL, SHAPE_JUMP,
	SHAPE_COUNT, SHAPE_CALL, SHAPE_ROUND, SHAPE_NOTE, SHAPE_FLAG, SHAPE_INTERVAL, SHAPE_HOOK, SHAPE_AGGREGATE,
	SHAPE_BAND, SHAPE_KONST, SHAPE_DEDUCT, SHAPE_BUILTIN, SHAPE_SCORE
} prog_shape;

typedef struct prog_opinfo {
	const char *name;
	prog_shape shape;
	int in, out;  /* -1: given by the operand */
	const char *synopsis;
} prog_opinfo;

extern const prog_opinfo prog_ops[OP__COUNT];

typedef struct prog_instr {
	uint8_t op;
	uint8_t b;
	uint16_t c;  /* BAND shape only: the interval (in the bytes a and b leave over) */
	int32_t a;
} prog_instr;

/* How a percent column's numbers without a % sign read. */
typedef enum prog_percent_form {
	PCT_PLAIN,     /* a fraction within [0, 1] (0.9543 = 95.43%); any other is refused as ambiguous */
	PCT_FRACTION,  /* always a fraction: 1.05 = 105% (declared `percent fraction`) */
	PCT_POINTS     /* always percentage points: 75 = 75% (declared `percent points`) */
} prog_percent_form;

/* The bytes that can be read from the start of an input's or indicator's
 * name, or of an interval's text, whatever its length: the 扣分说明 copies
 * the shorter ones whole. */
#define PROG_TEXT_SLACK 64

/* A text the 扣分说明 writes on most rows, made once: PROG_TEXT_SLACK readable. */
typedef struct prog_text {
	char *data;
	size_t len;
} prog_text;

typedef struct prog_input {
	char *name;           /* as used in rules; PROG_TEXT_SLACK readable */
	/* what the 扣分说明 writes before the input's value, in each language of
	 * the files (i18n_word_lang): "name " first in a bracket, "，name " after */
	prog_text lead[2][2];
	char *column;         /* the CSV header it is read from */
	lang_input_type type;
	prog_percent_form percent_form;
	bool excel_serial;    /* IN_DATE: cells are Excel serial numbers (`date excel`) */
	bool has_bounds;
	dec_t lo, hi;         /* inclusive domain, when has_bounds */
	char **options;       /* IN_ONEOF */
	int noptions;
	bool has_default;
	dec_t default_value;  /* for an empty cell */
	char *default_text;   /* IN_ID */
	srcloc loc;
	bool used;            /* read by some rule */
} prog_input;

/* A compiled function: a leaf's rule, a condition, or a user function. */
typedef struct prog_func {
	char *name;        /* for dump and errors: "indicator 预算执行率", "fn 比率" */
	char *name_files;  /* the same in the files' language (i18n.h), or NULL: as name */
	int start, len;    /* range in prog.code */
	int nparams;
	int nlocals;       /* parameters included */
	char **local_names; /* each slot's: a parameter's or let's name, "(band)", "(match)" */
	int max_stack;
	uint64_t work;     /* the most steps a call can take, its calls' included */
	srcloc loc;
} prog_func;

/* A band interval, stored in the constant pool's side table. */


typedef struct prog_clause {
	int func;            /* the condition */
	int note;            /* string index, -1 for none */
	lang_na_mode mode;   /* for "na" clauses */
	int target;          /* NA_MOVE: node index */
	srcloc loc;
} prog_clause;

typedef struct prog_node {
	char *name;          /* PROG_TEXT_SLACK readable */
	/* "name 扣" in each language of the files (i18n_word_lang): [0] first
	 * in the 扣分说明, [1] after another sentence ("；name 扣") */
	prog_text lost_lead[2][2];
	char *path;          /* names from the root, joined by '/' */
	char *column;        /* output header: the name when unique, else the path */
	int parent;          /* -1 for a root */
	int *children;
	int nchildren;
	dec_t weight;        /* as declared */
	dec_t floor;         /* the lowest score its rule may give: 0, or below for a capped deduction */
	bool uses_aggregate; /* its rule takes a rule over all units (so no aggregate may read its score) */
	bool capped;         /* a parent whose score may not exceed its weight */
	int rule;            /* leaf: function index; parent: -1 */
	bool uses_weight;    /* the rule reads `weight`, so it is not rescaled */
	prog_clause *zeros;  /* "zero if" vetoes */
	int nzeros;
	prog_clause *nas;    /* "na if" */
	int nnas;
	int note;            /* string index or -1 */
	int standard;        /* its printed 评分标准: string index or -1 */
	int definition;      /* its printed 指标解释: string index or -1 */
	srcloc loc;
	int depth;           /* 1 for a root */
} prog_node;

typedef struct prog_bonus {
	char *name;
	dec_t lo, hi;
	int rule;
	int note;
	srcloc loc;
} prog_bonus;

typedef struct prog_grade {
	char *label;
	interval band;
	srcloc loc;
} prog_grade;

typedef struct prog_veto {
	int cond;    /* function index */
	int grade;   /* index into grades */
	lang_veto kind; /* decides the grade, or caps it at (or below) grade */
	int note;
	srcloc loc;
} prog_veto;

/* A call of a Lua hook: which function, with which arguments. */
/* rank(支出进度 by 地区): a value over every unit of the population. */
typedef struct prog_aggregate {
	lang_aggregate kind;
	int func;          /* computes the row's argument (-1: all_count); reads only inputs */
	int group;         /* the one-of or yes/no input it is taken within, or -1 */
	srcloc arg_loc;    /* the argument as written, for explanations */
	srcloc loc;        /* the call */
	bool reads_scores; /* the argument reads indicators' scores: a first pass scores each row */
	bool below_zero;   /* score check found the argument can be below 0 (a share of the largest too) */
} prog_aggregate;

/* from 5 deduct 0.5 per 1% of …, its numbers written as they are: the
 * constants of a DEDUCT_K. */
typedef struct prog_deduct {
	int base, points, unit;  /* constant indexes */
	int cap;                 /* the most it deducts (capped), a constant index; -1: down to 0 */
	bool percent;            /* the unit is written as a percent (每 3%) */
	prog_text unit_text;     /* the unit as the 扣分说明 writes it ("3%"), made once */
} prog_deduct;

/* A Lua function takes at most this many arguments: one bit each in bool_mask. */
#define PROG_HOOK_MAX_ARGS 32

typedef struct prog_hookcall {
	char *name;
	int ref;              /* luahook_ref of the function */
	int nargs;            /* 0: the function gets the row as a table */
	uint32_t bool_mask;   /* bit i: argument i is yes/no */
} prog_hookcall;

/* A rule that can leave [0, weight] (from analyze, for score check). */
typedef struct prog_finding {
	int node;
	bool above;     /* above the weight; otherwise below 0 */
	dec_t bound;    /* the reach's end beyond the range (0 when unbounded) */
	bool unbounded;
} prog_finding;

typedef struct prog {
	char *title; /* the policy's name: a program that compiled always has one */
	dec_t total;
	int places;             /* -1: no rounding */
	dec_round_mode mode;

	prog_input *inputs;
	int ninputs;
	int *ids;               /* indexes of the id inputs, in order */
	int nids;

	prog_node *nodes;       /* preorder: a parent comes before its children */
	int nnodes;
	int *roots;
	int nroots;
	bool has_rescale;

	prog_bonus *bonuses;
	int nbonuses;
	prog_grade *grades;
	int ngrades;
	prog_veto *vetoes;
	int nvetoes;

	prog_func *funcs;
	int nfuncs;
	int nuser_funcs;        /* functions [0, nuser_funcs) are the user's fn */
	prog_instr *code;
	srcloc *code_loc;       /* the source span of each instruction */
	int ncode, capcode;
	dec_t *consts;
	int nconsts, capconsts;
	name_index const_index;      /* a constant's exact text → its index */
	char **const_keys;      /* those texts, owned */
	interval *intervals;
	strbuf *interval_texts; /* each as the 扣分说明 writes it ("[80%, 90%)"), made when it is taken; PROG_TEXT_SLACK readable */
	int nintervals, capintervals;
	char **strings;         /* notes and messages */
	diag_log *diag;         /* the policy's sources, for locations in messages (owned) */
	int nstrings, capstrings;
	name_index string_index;     /* a string → its index (keys are the strings) */
	int max_frame;          /* stack slots one row may need, frames included */
	prog_finding *findings;
	int nfindings;
	luahook *lua;           /* the policy's Lua code, or NULL */
	calendar *calendar;     /* its holiday calendar (owned), or NULL */
	char **files;           /* the files it read besides its sources (Lua files, the calendar; owned):
	                           never a run's output */
	int nfiles;
	prog_hookcall *hookcalls;
	int nhookcalls;
	prog_aggregate *aggs;   /* rules over all units, in the order of the text */
	int naggs;
	bool aggs_read_scores; /* some aggregate reads indicators' scores: rows are scored twice */
	long units;             /* the data's units when score check was given it (ranks are at most this), or 0 */
	prog_deduct *deducts;   /* the constants of each DEDUCT_K */
	int ndeducts;
	size_t capdeducts;
} prog;

prog *prog_new(void);
void prog_free(prog *p);
int prog_add_const(prog *p, const dec_t *v);  /* copies v */
int prog_add_string(prog *p, const char *s);  /* copies s; reuses an equal one */
void prog_add_file(prog *p, const char *path); /* copies path */
/* What a run reads besides its policies' sources, none of which may be its
 * output: data (may be NULL) and the files a and b (may be NULL) loaded.
 * The array is the caller's; its strings are borrowed. */
const char **prog_read_files(const prog *a, const prog *b, const char *data, size_t *n);
int prog_take_interval(prog *p, interval *iv); /* moves iv's decimals in, leaving it zero */
int prog_add_deduct(prog *p, prog_deduct d);   /* its constants already in the pool; makes its unit_text */
/* Names an input or an indicator: its name, copied, and the texts made of it. */
void prog_name_input(prog_input *in, const char *name);
void prog_name_node(prog_node *n, const char *name);
/* Appends the interval as written: "[0.8, 0.9)", ">= 0.95". */
/* Appends x exactly, as a percent (95.43%) when percent is set. */

/* The indicator whose printed 评分标准 covers leaf node: itself, or the
 * nearest parent printed with one cell for all its children; -1 for none. */
int prog_standard_of(const prog *p, int node);
/* Whether any indicator carries its printed 指标解释 (a 评分表 then shows them). */
bool prog_has_definitions(const prog *p);

/* Gives func its name in the files' language, taking the text of files
 * (left empty); nothing when func is not a function. */
void prog_func_name_files(prog *p, int func, strbuf *files);

/* Appends _(fmt) formatted to msg in the messages' language and to files
 * in the files' (i18n.h): a function's label, which a row's error may name
 * in either. */
void prog_label(strbuf *msg, strbuf *files, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Whether grade a's band lies above grade b's (a is the better grade):
 * its lower bound is higher (a band with none is the lowest). */
bool prog_grade_above(const prog *p, int a, int b);
/* The best grade below grade g, or -1 when g is the lowest. */
int prog_grade_below(const prog *p, int g);

#endif
