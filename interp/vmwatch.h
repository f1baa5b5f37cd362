/* vmwatch: what the VM lets be watched as it runs a row, kept apart from
 * the machine. A run that neither explains nor measures coverage has no
 * watcher (the VM's pointer to one is NULL and each place it would report
 * costs one test of that pointer), as Lua hands tracing to luaG_traceexec
 * only when a hook asks for it.
 *
 * Two watchers share the calls: the trace of each indicator's rule (for the
 * 扣分说明 and the witnesses of score check) and the counts of branch
 * outcomes (score test --coverage). */
#ifndef SCORE_VMWATCH_H
#define SCORE_VMWATCH_H

#include <stdbool.h>

#include "decimal.h"

/* What one indicator's rule did in the last row. */
#define VM_TRACE_MAX 16
#define VM_TRACE_AGGS 4
typedef struct vm_trace {
	/* first, in one cache line: what a row resets and every explanation
	 * tests (a rubric has a trace per indicator, each row), then what it
	 * reads of most: the exact score, the inputs, the band branches */
	int ninputs, nintervals, nnotes, naggs;
	int pick;                     /* the input a score range was picked from, or -1 */
	int deduct;                   /* a deduction in whole steps taken (prog.deducts), or -1 */
	bool pick_empty;              /* its cell was empty: the top of the range was given */
	bool scaled;                  /* its weight moved, so it was rescaled */
	dec_t exact;                  /* the score before rounding: every explanation compares it */
	int inputs[VM_TRACE_MAX];     /* inputs read, in order, each once */
	int intervals[VM_TRACE_MAX];  /* band branches taken */
	int notes[VM_TRACE_MAX];      /* notes of the branches taken */
	int aggs[VM_TRACE_AGGS];      /* rules over all units taken, and their values */
	dec_t agg_values[VM_TRACE_AGGS];
	long agg_sizes[VM_TRACE_AGGS];/* how many units each was taken over */
	dec_t pick_lo, pick_hi;       /* the range */
	dec_t deduct_amount;          /* what it counted steps of */
} vm_trace;

/* Open, so that what a rule reports each row (an input read, a branch
 * taken) is a few instructions inline in the machine, not a call: the
 * 扣分说明 has a couple of dozen a row. */
typedef struct vmwatch {
	int nnodes;
	vm_trace *trace;    /* one per node, or NULL */
	unsigned *coverage; /* not owned, or NULL */
} vmwatch;

/* A watcher of nnodes indicators: tracing them, counting branch outcomes
 * into coverage (2 × prog.ncode, zeroed by the caller; NULL: not counted),
 * or both. */
vmwatch *vmwatch_new(int nnodes, bool tracing, unsigned *coverage);
void vmwatch_free(vmwatch *w);
bool vmwatch_tracing(const vmwatch *w);
unsigned *vmwatch_coverage(const vmwatch *w);
/* The trace of a node's rule; NULL when not tracing. */
const vm_trace *vmwatch_trace(const vmwatch *w, int node);

/* A row begins: every trace empty. */
void vmwatch_row(vmwatch *w);
/* The node's trace, or NULL when there is none to keep. */
static inline vm_trace *vmwatch_traced(vmwatch *w, int node)
{
	return w->trace && node >= 0 ? &w->trace[node] : NULL;
}

static inline void vmwatch_add(int *list, int *n, int value, bool unique)
{
	if (unique)
		for (int i = 0; i < *n; i++)
			if (list[i] == value)
				return;
	if (*n < VM_TRACE_MAX)
		list[(*n)++] = value;
}

/* What a rule did, into its trace once looked up: an input read (each
 * once), a band branch taken. */
static inline void vmwatch_trace_input(vm_trace *t, int input)
{
	vmwatch_add(t->inputs, &t->ninputs, input, true);
}

static inline void vmwatch_trace_interval(vm_trace *t, int branch)
{
	vmwatch_add(t->intervals, &t->nintervals, branch, false);
}

/* What the rule of node (-1: none, nothing traced) did. */
static inline void vmwatch_input(vmwatch *w, int node, int input)
{
	vm_trace *t = vmwatch_traced(w, node);
	if (t)
		vmwatch_trace_input(t, input);
}

static inline void vmwatch_interval(vmwatch *w, int node, int branch)
{
	vm_trace *t = vmwatch_traced(w, node);
	if (t)
		vmwatch_trace_interval(t, branch);
}

static inline void vmwatch_note(vmwatch *w, int node, int note)
{
	vm_trace *t = vmwatch_traced(w, node);
	if (t)
		vmwatch_add(t->notes, &t->nnotes, note, true);
}

void vmwatch_aggregate(vmwatch *w, int node, int agg, long units, const dec_t *value);
void vmwatch_pick(vmwatch *w, int node, int input, bool empty, const dec_t *lo, const dec_t *hi);
/* A leaf's score before rounding, and whether it was rescaled: inline, as
 * every leaf of every row explained tells it. */
static inline void vmwatch_exact(vmwatch *w, int node, const dec_t *exact, bool scaled)
{
	vm_trace *t = vmwatch_traced(w, node);
	if (!t)
		return;
	dec_set(&t->exact, exact);
	t->scaled = scaled;
}
void vmwatch_deduct(vmwatch *w, int node, int deduct, const dec_t *amount);
/* The branch at instruction at went one way: [2·at + outcome] of counts
 * (a watcher's coverage, once looked up) counted. */
static inline void vmwatch_count(unsigned *counts, int at, bool outcome)
{
	counts[2 * at + outcome]++;
}

static inline void vmwatch_branch(vmwatch *w, int at, bool outcome)
{
	if (w->coverage)
		vmwatch_count(w->coverage, at, outcome);
}

#endif
