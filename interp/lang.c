/* lang: lookups over the vocabulary tables (see lang.h). */
#include "lang.h"

#include <string.h>

#include "i18n.h"

const lang_builtin_info lang_builtins[BI__COUNT] = {
#define BUILTIN(id, name, min_args, max_args, args, opcode, b, run, reach, needs) \
	[id] = {name, min_args, max_args, LANG_ARGS_##args, LANG_REACH_##reach, LANG_NEEDS_##needs},
#define LANG_ARGS_NUMBER false
#define LANG_ARGS_BOOL true
#define LANG_REACH_ANY false
#define LANG_REACH_OWN true
#define LANG_NEEDS_NOTHING false
#define LANG_NEEDS_CALENDAR true
#include "builtins.def"
#undef LANG_ARGS_NUMBER
#undef LANG_ARGS_BOOL
#undef LANG_REACH_ANY
#undef LANG_REACH_OWN
#undef LANG_NEEDS_NOTHING
#undef LANG_NEEDS_CALENDAR
#undef BUILTIN
};

static const struct {
	const char *name, *zh;
	lang_input_type type;
} input_types[] = {
#define LANG_ROW(id, name, zh, written) {name, zh, id},
	LANG_INPUT_TYPES(LANG_ROW)
#undef LANG_ROW
};

static const struct {
	const char *name, *zh;
	dec_round_mode mode;
} round_modes[] = {
#define LANG_ROW(mode, name, zh) {name, zh, mode},
	LANG_ROUND_MODES(LANG_ROW)
#undef LANG_ROW
};

static const struct {
	const char *name, *zh;
	int args;
} aggregates[AGG__COUNT] = {
#define LANG_ROW(id, name, args, zh) [id] = {name, zh, args},
	LANG_AGGREGATES(LANG_ROW)
#undef LANG_ROW
};

#define LANG_COUNT(a) (sizeof a / sizeof *a)

const char *lang_level_name(int depth)
{
	static const i18n_word_id names[] = {W_LEVEL_1, W_LEVEL_2, W_LEVEL_3, W_LEVEL_4, W_LEVEL_5, W_LEVEL_6};
	return i18n_word(depth >= 1 && depth <= 6 ? names[depth - 1] : W_INDICATOR);
}

int lang_aggregate_find(const char *name)
{
	for (int i = 0; i < AGG__COUNT; i++)
		if (strcmp(aggregates[i].name, name) == 0)
			return i;
	return -1;
}

const char *lang_aggregate_name(lang_aggregate a)
{
	return aggregates[a].name;
}

int lang_aggregate_args(lang_aggregate a)
{
	return aggregates[a].args;
}

const char *lang_aggregate_label(lang_aggregate a)
{
	return i18n_files_in_english() ? aggregates[a].name : aggregates[a].zh;
}

bool lang_input_type_find(const char *name, lang_input_type *out)
{
	for (size_t i = 0; i < LANG_COUNT(input_types); i++)
		if (strcmp(input_types[i].name, name) == 0 || strcmp(input_types[i].zh, name) == 0) {
			*out = input_types[i].type;
			return true;
		}
	return false;
}

static const struct {
	lang_input_type type;
	lang_input_form form;
	const char *name, *zh;
} input_forms[] = {
#define LANG_ROW(type, form, name, zh) {type, form, name, zh},
	LANG_INPUT_FORMS(LANG_ROW)
#undef LANG_ROW
};

lang_input_form lang_input_form_find(lang_input_type t, const char *name)
{
	for (size_t i = 0; i < LANG_COUNT(input_forms); i++)
		if (input_forms[i].type == t && (strcmp(input_forms[i].name, name) == 0 || strcmp(input_forms[i].zh, name) == 0))
			return input_forms[i].form;
	return LANG_FORM_NONE;
}

const char *lang_input_type_list(int *len)
{
	static const char list[] =
#define LANG_ROW(id, name, zh, written) written ", "
		LANG_INPUT_TYPES(LANG_ROW)
#undef LANG_ROW
		;
	*len = (int)sizeof list - 3; /* without the last ", " */
	return list;
}

bool lang_round_mode_find(const char *name, dec_round_mode *out)
{
	for (size_t i = 0; i < LANG_COUNT(round_modes); i++)
		if (strcmp(round_modes[i].name, name) == 0 || strcmp(round_modes[i].zh, name) == 0) {
			*out = round_modes[i].mode;
			return true;
		}
	return false;
}

int lang_builtin_find(const char *name)
{
	for (int i = 0; i < BI__COUNT; i++)
		if (strcmp(lang_builtins[i].name, name) == 0)
			return i;
	return -1;
}

const char *lang_input_type_name(lang_input_type t)
{
	for (size_t i = 0; i < LANG_COUNT(input_types); i++)
		if (input_types[i].type == t)
			return input_types[i].name;
	return "?";
}

const char *lang_round_mode_name(dec_round_mode mode)
{
	for (size_t i = 0; i < LANG_COUNT(round_modes); i++)
		if (round_modes[i].mode == mode)
			return round_modes[i].name;
	return "?";
}
