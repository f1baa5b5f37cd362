/* lang: the language's fixed vocabulary, each fact declared once.
 *
 * Input types, rounding modes, not-applicable modes and builtin functions are
 * each one table here (builtins in builtins.def, an X-macro whose columns
 * compile.c reads too); the checker, compiler, analyzer, cell reader and
 * disassembler take names, arities and meanings from here, not from copies. */
#ifndef SCORE_LANG_H
#define SCORE_LANG_H

#include <stdbool.h>

#include "decimal.h"

/* X(id, English name, Chinese name, as written in full): the types of an
 * input column. */
#define LANG_INPUT_TYPES(X)                                                                         \
	X(IN_ID, "id", "标识", "id") X(IN_NUMBER, "number", "数值", "number")                    \
	X(IN_PERCENT, "percent", "百分比", "percent") X(IN_MONEY, "money", "金额", "money")        \
	X(IN_COUNT, "count", "计数", "count") X(IN_YESNO, "yesno", "是否", "yesno")                \
	X(IN_ONEOF, "oneof", "选项", "oneof(…)") X(IN_MANUAL, "manual", "酌情", "manual [a, b]")   \
	X(IN_DATE, "date", "日期", "date") X(IN_LIST, "list", "清单", "list")

typedef enum lang_input_type {
#define LANG_ENUM(id, name, zh, written) id,
	LANG_INPUT_TYPES(LANG_ENUM)
#undef LANG_ENUM
} lang_input_type;

/* X(type, form, English name, Chinese name): the forms an input type takes
 * after its name ('percent points', 'date excel'). */
#define LANG_INPUT_FORMS(X)                                                                         \
	X(IN_PERCENT, LANG_FORM_POINTS, "points", "百分点")                                       \
	X(IN_PERCENT, LANG_FORM_FRACTION, "fraction", "小数")                                     \
	X(IN_DATE, LANG_FORM_EXCEL, "excel", "序列号")

typedef enum lang_input_form {
	LANG_FORM_NONE,
#define LANG_ENUM(type, form, name, zh) form,
	LANG_INPUT_FORMS(LANG_ENUM)
#undef LANG_ENUM
} lang_input_form;

/* X(mode, English name, Chinese name): the rounding modes a policy can name. */
#define LANG_ROUND_MODES(X)                                                                         \
	X(DEC_HALF_UP, "half_up", "四舍五入") X(DEC_HALF_EVEN, "half_even", "银行家舍入")          \
	X(DEC_DOWN, "down", "截断") X(DEC_UP, "up", "进一") X(DEC_FLOOR, "floor", "向下取整")      \
	X(DEC_CEIL, "ceil", "向上取整")

/* X(kind, name, args, Chinese label): rules over all units (population.c).
 * args: 0 (all_count) or 1, the value each unit is measured by. */
#define LANG_AGGREGATES(X)                                                                          \
	X(AGG_RANK, "rank", 1, "排名") X(AGG_RANK_ASC, "rank_asc", 1, "升序排名")                 \
	X(AGG_COUNT, "all_count", 0, "单位数") X(AGG_SUM, "all_sum", 1, "合计")                   \
	X(AGG_MEAN, "all_mean", 1, "平均值") X(AGG_MIN, "all_min", 1, "最小值")                   \
	X(AGG_MAX, "all_max", 1, "最大值") X(AGG_SHARE, "share_of_max", 1, "占最高值")

typedef enum lang_aggregate {
#define LANG_ENUM(id, name, args, zh) id,
	LANG_AGGREGATES(LANG_ENUM)
#undef LANG_ENUM
	AGG__COUNT
} lang_aggregate;

/* An aggregate by name, or -1; its name, argument count and label. */
int lang_aggregate_find(const char *name);
const char *lang_aggregate_name(lang_aggregate a);
int lang_aggregate_args(lang_aggregate a);
const char *lang_aggregate_label(lang_aggregate a);

/* What a veto does to the grade: decides it (veto … grade 差), or caps it
 * ("等级最高评为良": grade <= 良; "不得评为优": grade < 优), leaving a worse
 * grade as it is. */
typedef enum lang_veto {
	VETO_FORCE,
	VETO_AT_MOST,
	VETO_BELOW
} lang_veto;

/* Where the weight of an indicator that does not apply goes. */
typedef enum lang_na_mode {
	NA_MOVE,    /* to a named indicator */
	NA_SPREAD,  /* pro rata to the siblings */
	NA_RESCALE  /* out of the total, which is rescaled */
} lang_na_mode;

/* One byte holds a builtin's number in its instruction (OP_BUILTIN's b). */
typedef enum lang_builtin {
#define BUILTIN(id, name, min_args, max_args, args, opcode, b, run, reach, needs) id,
#include "builtins.def"
#undef BUILTIN
	BI__COUNT
} lang_builtin;

typedef struct lang_builtin_info {
	const char *name;
	int min_args, max_args; /* max -1: any number */
	bool bool_args;         /* its arguments are conditions (count) */
	bool own_reach;         /* analyze.c knows its values (else: any number) */
	bool needs_calendar;    /* only in a policy with a holiday calendar */
} lang_builtin_info;

extern const lang_builtin_info lang_builtins[BI__COUNT];

/* By name, English or Chinese; false (or -1) when there is none. */
bool lang_input_type_find(const char *name, lang_input_type *out);
bool lang_round_mode_find(const char *name, dec_round_mode *out);
/* A form of type t by name: LANG_FORM_NONE when t has no such form. */
lang_input_form lang_input_form_find(lang_input_type t, const char *name);
/* "id, number, percent, …, oneof(…), manual [a, b], …": every input type
 * as written in full. */
const char *lang_input_type_list(int *len); /* its first len bytes (read-only; no lazy copy) */
int lang_builtin_find(const char *name);

/* A 评分表's column for indicators at depth d (1: 一级指标 … 6: 六级指标;
 * deeper: 指标). */
const char *lang_level_name(int depth);

/* The English name, as a policy writes it. */
const char *lang_input_type_name(lang_input_type t);
const char *lang_round_mode_name(dec_round_mode mode);

#endif
