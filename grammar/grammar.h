/* grammar: the entry point of the flex scanner and bison parser. */
#ifndef SCORE_GRAMMAR_H
#define SCORE_GRAMMAR_H

#include "../interp/ast.h"

/* What the scanner and the parser share for one source file. */
typedef struct grammar_ctx {
	diag_log *log;      /* the policy's messages and sources */
	ast_arena *arena;
	int file;           /* diag source index */
	ast_list *decls;    /* where top-level declarations are appended */
	int depth;          /* nesting depth of brackets, to refuse runaway input */
	uint32_t offset;    /* byte offset of the scanner in the source */
	int prev_tok;       /* the token before, and where it ended (0 at the start) */
	uint32_t prev_end;
	int pending;        /* a keyword held back after a supplied ';' */
	srcloc pending_loc;
	uint32_t hushed_until; /* a syntax error before this offset follows one
			        * the scanner explained already: not reported */
} grammar_ctx;

/* Deepest nesting of parentheses, blocks and indicators a policy may use. */
#define GRAMMAR_MAX_DEPTH 200

/* Parses source `file` of log (registered with diag_add_source) and appends
 * its declarations to decls, in order. Errors are reported to log; returns
 * how many there were. */
int grammar_parse(diag_log *log, ast_arena *arena, int file, ast_list *decls);

#endif
