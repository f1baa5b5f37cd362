/* vm: the bytecode machine. It runs one compiled function at a time over
 * the row's input values (vm_inputs): a rule, a condition, a bonus item.
 * What a rubric does with the results (weights moved, vetoes, parents,
 * rescaling, bonus items, the grade) is row.c's. All state is reused from
 * row to row: running allocates nothing unless a value outgrows a machine
 * word. */
#ifndef SCORE_VM_H
#define SCORE_VM_H

#include "population.h"
#include "program.h"
#include "strbuf.h"
#include "vmwatch.h"

typedef struct vm vm;

/* The largest exact value a rule may compute, in bits of numerator and
 * denominator together (about 1,200 digits); a larger one stops the row. */
#define VM_MAX_BITS 4096

vm *vm_new(const prog *p);
void vm_free(vm *v);

/* What each indicator's rule did in the last row (vm_trace), kept only
 * while tracing is on: for explanations; see vmwatch.h. */

void vm_set_tracing(vm *v, bool on);
/* The Lua state the policy's hooks run in (another thread's clone of the
 * policy's own: luahook_clone); not owned. */
void vm_set_lua(vm *v, luahook *lua);
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
bool vm_missing(const vm *v, int input);

/* A new row: Lua hooks start afresh, traces are emptied. */
void vm_begin_row(vm *v);
/* The row's effective weight of each indicator (what `weight` gives in its
 * rule) and the slots where the note of a branch taken goes, by node; NULL:
 * declared weights, notes kept nowhere. */
void vm_bind(vm *v, const dec_t *weights, int *notes);
/* The row's indicator scores and total, which vetoes read (OP_SCORE);
 * NULL until the row is scored. Not owned. */
void vm_bind_scores(vm *v, const dec_t *scores, const dec_t *total);
/* The population that rules over all units are taken over (population.h);
 * NULL: such a rule stops the row. */
void vm_bind_population(vm *v, const population *pop);
/* For score check's search, with no population: each rule over all units
 * gives values[k] (the caller's), as if some population did. */
void vm_set_free_aggregates(vm *v, const dec_t *values);
/* Runs function func as a rule or condition of indicator node (-1: none);
 * on false, vm_error says why (one line, with the rule's location, and the
 * rule that called a helper). */
bool vm_run(vm *v, int func, int node, dec_t *out);
/* The same for a condition (counted for coverage at its end). */
bool vm_run_cond(vm *v, int func, int node, bool *out);
/* Runs only one leaf's rule on the current inputs, at its declared weight,
 * without rounding or range checks (score check looks for inputs with it). */
bool vm_run_rule(vm *v, int node, dec_t *out);
/* Sets the error of the row, placed at loc. */
void vm_fail(vm *v, srcloc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *vm_error(const vm *v);
/* When tracing: a leaf's score before rounding, and whether it was rescaled. */
void vm_record_exact(vm *v, int node, const dec_t *exact, bool scaled);

#endif
