/* analyze: what `score check` finds beyond names and types.
 *
 * - reach: the smallest and largest score each leaf's rule can give over the
 *   declared input domains, by exact interval arithmetic; a rule whose reach
 *   leaves [0, weight] is run on candidate inputs and reported with the input
 *   that takes it out (analyze_witnesses). The arithmetic does not follow
 *   conditions, so a finding that no input confirms is not reported;
 * - bands: values a band does not cover (a row there would stop with an
 *   error), branches that overlap earlier ones, branches no value reaches;
 * - grades: totals in [0, total] that get no grade, grades never given. */
#ifndef SCORE_ANALYZE_H
#define SCORE_ANALYZE_H

#include "ast.h"
#include "program.h"

/* Runs on the checked tree (node_decl[i] declares node i; fns[k] is user
 * function k); reports band and grade findings as warnings and records the
 * rules whose reach exceeds their range in p->findings. */
void analyze_policy(prog *p, ast_decl *const *node_decl, ast_decl *const *fns);

/* After compiling: looks for an input that takes each recorded rule out of
 * its range, and reports the finding with it. */
void analyze_witnesses(const prog *p);

#endif
