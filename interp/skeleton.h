/* skeleton: a policy's skeleton from its printed rubric table (score init).
 *
 * The table is a CSV file or a sheet of a workbook, as reports print it: a
 * header row naming 一级指标, 二级指标, 三级指标, 四级指标 (or 指标名称 alone),
 * 分值, and where printed 评分标准 and 指标解释, in any order and below any
 * title rows; parents in merged cells, or written once above rows that
 * leave them empty. Out comes a policy that runs at once: the indicator
 * tree with its weights, each 评分标准 and 指标解释 word for word, and each
 * leaf scored from a `manual [0, weight]` column, so that it is a manual
 * scoring sheet (and `score template` gives its form) until the author
 * replaces the leaves by rules, one at a time. */
#ifndef SCORE_SKELETON_H
#define SCORE_SKELETON_H

#include <stdio.h>

#include "datafile.h"

/* Writes the skeleton of the table in d (open, nothing read) to out, named
 * as the title of the table's title row or else title. SCORE_OK, or
 * SCORE_ERR_DATA with the reason on stderr. */
int skeleton_write(datafile_file *d, const char *title, FILE *out);

#endif
