/* builtin: how the builtin functions of rules that run seldom run (sum, avg,
 * count, clamp, abs, dates and working days). Each is one function here and
 * one row of builtins.def; the VM calls it through OP_BUILTIN. The builtins
 * a row runs often (min, max, round, prorata) are opcodes of their own. */
#ifndef SCORE_BUILTIN_H
#define SCORE_BUILTIN_H

#include <stdbool.h>

#include "lang.h"
#include "program.h"
#include "strbuf.h"

/* What a builtin gets besides its arguments. */
typedef struct builtin_call {
	const prog *p;      /* the policy (its holiday calendar) */
	const char *where;  /* what runs it, for messages: "indicator 甲" */
	dec_t *tmp;         /* scratch, owned by the caller */
	strbuf *why;        /* on failure, the message (translated), without its place */
} builtin_call;

/* Runs the builtin on args[0..n-1] and leaves the result in args[0] (the
 * arguments belong to the caller's stack). False, with c->why, when the
 * row must stop. */
typedef bool builtin_fn(const builtin_call *c, dec_t *args, int n);

/* By lang_builtin; NULL for a builtin with an opcode of its own. */
extern builtin_fn *const builtin_runs[BI__COUNT];

#endif
