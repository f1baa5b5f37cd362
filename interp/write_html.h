/* html: a self-contained report of the scored rows (-f html): it opens
 * offline, with its CSS inline and its charts drawn here as SVG.
 *
 * An overview first (units scored and not, the grade distribution, a
 * histogram of totals, each indicator's mean share of its weight lost,
 * every unit linked to its 评分表, the rows not scored), then one 评分表 per
 * unit in the published layout, each on its own A4 page when printed. The
 * overview needs every row, so the units' tables wait in an unnamed
 * temporary file until the end: memory does not grow with the units. */
#ifndef SCORE_HTML_H
#define SCORE_HTML_H

#include <stdbool.h>
#include <stdio.h>

#include "outdir.h"
#include "program.h"
#include "row.h"

typedef struct html html;

/* NULL when no temporary file can be made. With dir (not owned), out is
 * the overview (index.html) and each unit's 评分表 is a page of its own,
 * units/uN.html (N its row), linked both ways: the report grows by a file
 * per unit, not in one page. With signatures, each 评分表 ends with lines
 * to sign. */
html *html_open(FILE *out, const prog *p, outdir *dir, bool signatures);
void html_row(html *h, long number, const char *id, const row *v);
void html_unscored(html *h, long number, const char *id, const char *why);
/* Writes the report; false when writing failed. Frees h. */
bool html_close(html *h);
void html_free(html *h);

#endif
