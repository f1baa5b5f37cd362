/* template: the form a unit fills in, derived from a policy alone
 * (score template).
 *
 * As a workbook: a sheet 填报 with one column per input in the policy's
 * order, ids first; each header cell is the input's name with what it takes
 * on a second line (the reader matches a header by its first line), a note
 * with the 指标解释 and 评分标准 of the indicators that read it, data
 * validation (是/否 and one-of lists, ranges, percents, dates, whole
 * numbers) and a number format that makes typing natural; a sheet 说明 with
 * the indicator tree, weights and 评分标准. As CSV: the header and the
 * ids. Reading the filled form back scores it with no pre-work. */
#ifndef SCORE_TEMPLATE_H
#define SCORE_TEMPLATE_H

#include <stdbool.h>
#include <stdio.h>

#include "program.h"

/* Rows of the form given data validation and formats (ids prefilled or not). */
#define TEMPLATE_FORM_ROWS 5000

/* The ids to prefill, one per line of ids_file (NULL: none); the form is
 * written to out as a workbook (csv false; out must be a file) or as CSV.
 * False (reported) when it cannot be written or ids_file read. */
bool template_write(FILE *out, const prog *p, bool csv, const char *ids_file);

/* The inputs each node's rules read (leaf rule, its vetoes and conditions,
 * the functions and rules over all units they call), as a
 * nnodes × ninputs table of flags; owned by the caller. */
bool *template_reads(const prog *p);

#endif
