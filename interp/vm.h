/* vm: runs a compiled policy over one row at a time.
 *
 * The caller fills the row's input values (vm_inputs), then vm_score_row
 * decides which indicators apply and moves their weights, runs each leaf's
 * bytecode, adds up the tree, applies bonus items, rescaling and vetoes, and
 * picks the grade. All state is reused from row to row: scoring a row
 * allocates nothing unless a value outgrows a machine word. */
#ifndef SCORE_VM_H
#define SCORE_VM_H

#include "program.h"
#include "strbuf.h"

typedef struct vm vm;

/* What happened to one indicator in the last row. */
typedef enum vm_status {
	VM_SCORED,
	VM_ZERO,   /* a "zero if" veto held */
	VM_NA      /* not applicable: its weight went elsewhere */
} vm_status;

/* The largest exact value a rule may compute, in bits of numerator and
 * denominator together (about 1,200 digits); a larger one stops the row. */
#define VM_MAX_BITS 4096

vm *vm_new(const prog *p);
void vm_free(vm *v);

/* What one indicator's rule did in the last row, kept only when tracing is
 * on (vm_set_tracing): for explanations, costing nothing otherwise. */
#define VM_TRACE_MAX 16
typedef struct vm_trace {
	int inputs[VM_TRACE_MAX];     /* inputs read, in order, each once */
	int ninputs;
	int intervals[VM_TRACE_MAX];  /* band branches taken */
	int nintervals;
	int notes[VM_TRACE_MAX];      /* notes of the branches taken */
	int nnotes;
	dec_t exact;                  /* the score before rounding */
	bool scaled;                  /* its weight moved, so it was rescaled */
} vm_trace;

void vm_set_tracing(vm *v, bool on);
/* Counts branch outcomes into counts (2 × prog.ncode, zeroed by the caller):
 * for a conditional jump or a clause's condition, [2·ip] counts "false" and
 * [2·ip+1] "true"; for a band test, [2·ip+1] counts "inside". NULL stops. */
void vm_set_coverage(vm *v, unsigned *counts);
const vm_trace *vm_node_trace(const vm *v, int node);

/* The row's values, one per declared input (ids are not read). */
dec_t *vm_inputs(vm *v);
/* Marks an input of this row as missing (an empty cell with no default):
 * a rule that reads it stops the row with an error. */
void vm_set_missing(vm *v, int input, bool missing);

/* Scores the row. On false, vm_error says why (one line, with the rule's
 * location) and the results are not to be used. */
bool vm_score_row(vm *v);
const char *vm_error(const vm *v);
/* Runs only one leaf's rule on the current inputs, at its declared weight,
 * without rounding or range checks (score check looks for inputs with it). */
bool vm_run_rule(vm *v, int node, dec_t *out);

const dec_t *vm_score(const vm *v, int node);
const dec_t *vm_weight(const vm *v, int node);   /* effective weight */
vm_status vm_node_status(const vm *v, int node);
int vm_node_note(const vm *v, int node);         /* string index or -1 */
const dec_t *vm_bonus(const vm *v, int i);
const dec_t *vm_total(const vm *v);
/* The grade's index, or -1 when no grade band holds the total. */
int vm_grade(const vm *v);
/* The policy veto that decided the grade, or -1. */
int vm_veto(const vm *v);

#endif
