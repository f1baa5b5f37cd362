/* rubric: the rows of a printed 评分表, shared by the workbook and the page.
 *
 * One row per leaf in tree order; a parent's cell spans its leaves' rows;
 * after the leaves of each 一级指标 that has children comes its 小计 row
 * (the parent's cell spans it too), so that the 分值 and 得分 columns add
 * up level by level to the 合计 row, and a capped parent says on its 小计
 * row why its children add up to more than it holds. */
#ifndef SCORE_RUBRIC_H
#define SCORE_RUBRIC_H

#include "program.h"

typedef struct rubric_rows {
	int *first;    /* by node: its row (a leaf), or its first leaf's row */
	int *last;     /* by node: its last leaf's row (below first: no leaves) */
	int *subtotal; /* by node: the row of its 小计, or -1 */
	int nrows;     /* leaves and 小计 rows; rows count from 0 */
	int depth;     /* of the tree: the level columns */
} rubric_rows;

void rubric_plan(rubric_rows *r, const prog *p);
void rubric_free(rubric_rows *r);
/* The rows a parent's own cell spans: its leaves, and its 小计. */
int rubric_span(const rubric_rows *r, int node);

#endif
