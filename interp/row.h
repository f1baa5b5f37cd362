/* row: one row scored by a policy (see row.c for the order of things).
 *
 * A row owns a VM (vm.h) for the rules; the caller fills the inputs
 * (row_inputs, row_set_missing), calls row_score, then reads the results.
 * All state is reused from row to row. */
#ifndef SCORE_ROW_H
#define SCORE_ROW_H

#include <stdbool.h>

#include "read_cell.h"
#include "program.h"
#include "vm.h"

/* What happened to one indicator in the last row. */
typedef enum row_status {
	ROW_SCORED,
	ROW_ZERO,   /* a "zero if" veto held */
	ROW_NA      /* not applicable: its weight went elsewhere */
} row_status;

typedef struct row row;

row *row_new(const prog *p);
void row_free(row *r);

/* The row's values, one per declared input (ids are not read). */
dec_t *row_inputs(row *r);
/* An empty cell with no default: a rule that reads it stops the row. */
void row_set_missing(row *r, int input, bool missing);
/* Reads a cell into input `input` (read_cell.h): its value, whether it is
 * missing, and for a list its text, which explanations show. */
cell_result row_set_cell(row *r, int input, const char *s, size_t n, strbuf *why);
/* The text of a list input in this row (its cell, or its default's). */
const char *row_text(const row *r, int input, size_t *len);
void row_set_tracing(row *r, bool on);
/* Runs the policy's Lua hooks in lua (not owned) instead of the policy's
 * own state: one state per thread. */
void row_set_lua(row *r, luahook *lua);
/* The population the policy's rules over all units use (NULL: none). */
void row_set_population(row *r, const population *pop);
/* The first pass: adds this row's argument of each rule over all units to
 * pop; an argument that cannot be computed leaves the row out of that one
 * (its error comes when the row is scored). */
void row_collect(row *r, population *pop);
void row_set_coverage(row *r, unsigned *counts);
const vm_trace *row_trace(const row *r, int node);
/* Every node's trace, by node (row_trace of node 0 and those after it). */
const vm_trace *row_traces(const row *r);

/* Scores the row. On false, row_error says why (one line, with the rule's
 * location) and the results are not to be used. */
bool row_score(row *r);
const char *row_error(const row *r);
/* With tracing, after row_score: why the population of aggregate agg left
 * this row out, or NULL when it is in. Valid until the next row. */
const char *row_left_out(const row *r, int agg);

const dec_t *row_node_score(const row *r, int node);
/* Every node's score, by node; NULL when some node does not apply in this
 * row (row_node_status says which). */
const dec_t *row_scores(const row *r);
const dec_t *row_weight(const row *r, int node);   /* effective weight */
row_status row_node_status(const row *r, int node);
int row_node_note(const row *r, int node);         /* string index or -1 */
const dec_t *row_bonus(const row *r, int i);
const dec_t *row_total(const row *r);
/* The grade's index, or -1 when no grade band holds the total. */
int row_grade(const row *r);
/* The policy veto that decided the grade, or -1. */
int row_veto(const row *r);
/* The "na if" clause that took node out of the row (NULL: it applies, or
 * its parent went), and the weight it moved (*weight). */
const prog_clause *row_na_clause(const row *r, int node, const dec_t **weight);
/* Whether the total was rescaled for weight taken out: the total before,
 * and the weight taken out. */
bool row_rescaled(const row *r, const dec_t **raw_total, const dec_t **removed);

#endif
