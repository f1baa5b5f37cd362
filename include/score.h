/* score.h — the public interface of libscore, the interpreter of scoring
 * rubrics (预算绩效评价 指标体系) with exact decimal arithmetic.
 *
 * Compile a policy once, then score rows with an evaluator:
 *
 *     score_policy *pol;
 *     if (score_policy_load_file(&pol, "policy.rule", NULL) != SCORE_OK) {
 *             for (size_t i = 0; i < score_message_count(pol); i++)
 *                     puts(score_message_get(pol, i)->text);   // with file, line, column
 *             score_policy_free(pol);
 *             return 2;
 *     }
 *     score_eval *ev = score_eval_new(pol);
 *     score_eval_set(ev, "满意度", "93.5%");                  // cells as a CSV holds them
 *     if (score_eval_run(ev) == SCORE_OK)
 *             printf("%s %s\n", score_eval_total(ev), score_eval_grade(ev));
 *     score_eval_free(ev);
 *     score_policy_free(pol);
 *
 * Nothing here keeps global state (the one process-wide setting is the
 * out-of-memory handler, set once, as GMP's memory functions are
 * process-wide): policies and evaluators are independent handles, and an evaluator may be used by one thread while others use
 * their own (each needs its own evaluator; a policy is read-only once
 * loaded). No function calls exit(). Scores are returned as exact decimal
 * text ("4.07", "1/3" when a policy rounds nothing and the value has no
 * finite decimal). Strings returned stay valid until the next call on the
 * same handle, or until it is freed.
 *
 * The score command is a client of this header; its commands (run, check,
 * dump, test, diff) are here too, so that another program can offer them. */
#ifndef SCORE_H
#define SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header; score_version() gives the library's. A
 * program built against MAJOR.MINOR runs with any library of the same
 * MAJOR (libscore.so.MAJOR) and a MINOR at least as high. */
#define SCORE_VERSION_MAJOR 0
#define SCORE_VERSION_MINOR 2
#define SCORE_VERSION_PATCH 0
#define SCORE_VERSION_NUMBER (SCORE_VERSION_MAJOR * 10000 + SCORE_VERSION_MINOR * 100 + SCORE_VERSION_PATCH)

/* What libscore.so exports: these functions, nothing else. */
#if defined(__GNUC__) && !defined(SCORE_STATIC)
#define SCORE_API __attribute__((visibility("default")))
#else
#define SCORE_API
#endif

/* Results, and the score command's exit statuses: SCORE_OK, SCORE_ERR_* */
#include "score_status.h"

typedef struct score_policy score_policy;
typedef struct score_eval score_eval;

/* ---- policies ---------------------------------------------------------------- */

typedef struct score_options {
	bool warnings;            /* also find what `score check` warns about */
	bool print_messages;      /* print messages (with carets) to messages_to as well */
	FILE *messages_to;        /* NULL: stderr */
	long lua_instructions;    /* limits of a Lua hook call; 0 keeps the policy's own */
	long lua_memory_mib;
	int lua_depth;
	const char *const *allow_paths; /* folders imports and Lua files may come from too */
	size_t nallow_paths;
} score_options;

/* Loads and compiles a policy. *out is always set (free it with
 * score_policy_free), so that its messages can be read when loading
 * failed. Returns SCORE_OK, SCORE_ERR_POLICY, SCORE_ERR_IO or SCORE_ERR_USAGE
 * (an allow path that does not exist). opts may be NULL. */
SCORE_API int score_policy_load_file(score_policy **out, const char *path, const score_options *opts);
/* The same for policy text (copied: text may be freed at once); name is
 * shown in messages. */
SCORE_API int score_policy_load_text(score_policy **out, const char *name, const char *text, size_t len,
			   const score_options *opts);
/* Frees the policy, its messages and the strings read from it. NULL is
 * allowed. Every evaluator made from it must be freed first. */
SCORE_API void score_policy_free(score_policy *pol);

/* The messages of loading: errors, warnings and notes, each with its place. */
typedef enum score_message_kind { SCORE_MSG_ERROR, SCORE_MSG_WARNING, SCORE_MSG_NOTE } score_message_kind;
typedef struct score_message {
	score_message_kind kind;
	const char *file;   /* NULL when it names no place */
	int line, column;   /* 1-based; 0 without a place */
	const char *text;
} score_message;
/* The messages and their strings belong to the policy and live as long as
 * it; i from 0 to count - 1 (NULL beyond). pol may be NULL (no messages). */
SCORE_API size_t score_message_count(const score_policy *pol);
SCORE_API const score_message *score_message_get(const score_policy *pol, size_t i);

/* What a loaded policy reads and gives; i from 0 to count - 1 (NULL beyond).
 * The strings belong to the policy and live as long as it. A loaded policy
 * is read-only: any thread may ask these at any time. */
SCORE_API int score_input_count(const score_policy *pol);
SCORE_API const char *score_input_column(const score_policy *pol, int i);  /* the CSV column it reads */
SCORE_API int score_indicator_count(const score_policy *pol);
SCORE_API const char *score_indicator_path(const score_policy *pol, int i); /* "产出/数量", in tree order */
SCORE_API const char *score_indicator_weight(const score_policy *pol, int i); /* "4", as written; lives as long as pol */

/* ---- scoring rows ----------------------------------------------------------- */

/* An evaluator of the policy's rows (NULL when pol did not load). It holds
 * the row's cells and results and is used by one thread at a time; several
 * evaluators of one policy may score on several threads at once. Free it
 * before its policy; NULL is allowed. */
SCORE_API score_eval *score_eval_new(const score_policy *pol);
SCORE_API void score_eval_free(score_eval *ev);
/* Starts a new row: every input empty. */
SCORE_API void score_eval_clear(score_eval *ev);
/* Sets the input read from column to a cell's text ("93.5%", "是", "1,200";
 * copied: cell may be freed at once). SCORE_ERR_DATA when the cell cannot be
 * read (score_eval_error says why) or no input reads that column. */
SCORE_API int score_eval_set(score_eval *ev, const char *column, const char *cell);
/* Scores the row: SCORE_OK, or SCORE_ERR_DATA with score_eval_error
 * (SCORE_ERR_USAGE for a policy that needs a population, below). */
SCORE_API int score_eval_run(score_eval *ev);
/* Why the last score_eval_set or score_eval_run failed ("" when it did
 * not): the evaluator's own string, valid until its next call. */
SCORE_API const char *score_eval_error(const score_eval *ev);
/* The last row's results (after SCORE_OK). Each function returns its own
 * string (the total, each indicator's, the explanation), valid until the
 * next score_eval_run, score_eval_clear or score_eval_free of this
 * evaluator: the results of one row can be held together. */
SCORE_API const char *score_eval_total(score_eval *ev);
SCORE_API const char *score_eval_grade(const score_eval *ev);          /* "" when no grade band holds the total */
SCORE_API const char *score_eval_indicator(score_eval *ev, int i);     /* NULL when it did not apply */
SCORE_API const char *score_eval_explanation(score_eval *ev);          /* the row's 扣分说明 */

/* Indicator i of the last row (after SCORE_OK): how it was scored, its
 * effective weight (a weight moved to it included; "0" when it did not
 * apply), and its own 扣分说明 ("" when it lost nothing). The strings are
 * the evaluator's own, one per indicator and kind, valid as above. */
typedef enum score_status {
	SCORE_SCORED,          /* by its rule */
	SCORE_NOT_APPLICABLE,  /* na if …: its weight moved, spread or taken out */
	SCORE_ZEROED           /* zero if …, or a parent vetoed */
} score_status;
SCORE_API score_status score_eval_indicator_status(const score_eval *ev, int i);
SCORE_API const char *score_eval_indicator_weight(score_eval *ev, int i);
SCORE_API const char *score_eval_indicator_explanation(score_eval *ev, int i);
/* What moved the total itself: rescaling, bonus items, the veto or grade
 * cap that decided the grade ("" when nothing did). */
SCORE_API const char *score_eval_total_explanation(score_eval *ev);

/* Whether the policy has rules over all units (rank, mean, …): such a
 * policy scores a population, not one row, so score_eval_run refuses it
 * (SCORE_ERR_USAGE, saying why); score_run scores a file of units. */
SCORE_API bool score_policy_needs_population(const score_policy *pol);

/* ---- the commands of the score program ----------------------------------------- */

typedef enum score_format {
	SCORE_FORMAT_CSV, SCORE_FORMAT_JSON, SCORE_FORMAT_TABLE, SCORE_FORMAT_JSONL,
	SCORE_FORMAT_XLSX, /* run only, to a file (-o): sheets 汇总 and 未评分, and 评分表 with unit_sheets */
	SCORE_FORMAT_HTML  /* run only: a self-contained report, an overview and each unit's 评分表 */
} score_format;

typedef struct score_command {
	score_options policy;
	const char *output;    /* file to write (replaced only when complete); NULL or "-": stdout */
	score_format format;
	const char *encoding;  /* of the data file; NULL: UTF-8 (UTF-16 with a byte-order mark is recognised) */
	char delimiter;        /* between the data file's fields; 0: ',' ('\t' for TSV) */
	bool bom;              /* begin the output with a UTF-8 byte-order mark (Excel) */
	const char *output_encoding; /* write the output in this encoding (gb18030); NULL: UTF-8 */
	bool strict;           /* run: stop at the first row that cannot be scored */
	bool quiet;            /* run: no progress line, even on a terminal */
	bool explain;          /* run: add the 扣分说明 */
	bool unit_sheets;      /* run, xlsx: one 评分表 sheet per unit (at most 1000) */
	bool signatures;       /* run, xlsx and html: lines to sign under each 评分表 */
	bool english;          /* run, diff, template: the output files' labels, 扣分说明 and reasons
	                          in English (default Chinese); process-wide while the command runs */
	int threads;           /* run: score on this many threads (0 or 1: the calling one); CSV, JSON and
	                          JSON Lines, without strict; the same bytes out whatever the number */
	bool werror;           /* check: warnings fail */
	bool update;           /* test: rewrite the failing expectations */
	bool coverage;         /* test: list branches no case reaches */
	const char *sheet;     /* run, check, test, diff: the data workbook's sheet; NULL: its first visible one */
	const char *ids;       /* template: a file of ids to prefill, one a line; NULL: none */
} score_command;

/* The score command's commands: each returns a status above, prints as the
 * command does (stdout, or cmd->output, written whole or not at all; its
 * messages on stderr), and may be called from any thread, one command at a
 * time per process where cmd->english differs (the files' language is
 * process-wide while a command runs). */
SCORE_API int score_run(const char *policy, const char *data, const score_command *cmd);
SCORE_API int score_check(const char *policy, const char *data, const score_command *cmd); /* data may be NULL */
SCORE_API int score_dump(const char *policy, const score_command *cmd);
/* score template: the form a unit fills in for policy, as a workbook
 * (format SCORE_FORMAT_XLSX, to the file cmd->output) or as CSV. */
SCORE_API int score_template(const char *policy, const score_command *cmd);
SCORE_API int score_test(const char *policy, const char *cases, const score_command *cmd);
SCORE_API int score_diff(const char *old_policy, const char *new_policy, const char *data, const score_command *cmd);
/* score init: a policy's skeleton from its printed rubric table (a CSV file
 * or a workbook's sheet: cmd->sheet, cmd->encoding, cmd->delimiter), to
 * cmd->output (NULL or "-": standard output); a file written is checked as
 * score check would, its report on stderr. */
SCORE_API int score_init(const char *table, const score_command *cmd);

/* Messages in the user's language (LC_ALL, LC_MESSAGES, LANG), with the
 * catalog found beside the program or under the install prefix. Call once,
 * before any other thread uses the library (it sets the process's locale). */
SCORE_API void score_use_locale(void);
/* What to do when memory runs out: by default the library prints a line and
 * aborts (GMP cannot go on without memory). The handler must not return. */
SCORE_API void score_on_out_of_memory(void (*handler)(size_t requested));
/* True when iconv can read the named encoding. */
SCORE_API bool score_encoding_known(const char *encoding);
/* The library's version, "0.2.0" (a static string). */
SCORE_API const char *score_version(void);

#ifdef __cplusplus
}
#endif

#endif
