/* numfmt: a workbook's number as its sheet shows it.
 *
 * A workbook stores each number as a double, written with up to 17
 * significant digits (a ratio shown as 90% is 0.89999999999999991); a
 * spreadsheet shows and computes with 15. numfmt takes the stored text to
 * the 15 digits the sheet shows, exactly, without ever passing through a
 * double, and reads the cell's number format as information: a percent
 * format makes 0.9 "90%", a date format makes a serial a date, a format of
 * zeros (000000) makes 1023 "001023". */
#ifndef SCORE_NUMFMT_H
#define SCORE_NUMFMT_H

#include <stdbool.h>

#include "strbuf.h"

/* What a number format shows a number as. */
typedef enum numfmt_kind {
	NUMFMT_GENERAL,
	NUMFMT_PERCENT,
	NUMFMT_DATE,
	NUMFMT_DATETIME,
	NUMFMT_PADDED    /* zero-padded to pad digits */
} numfmt_kind;

typedef struct numfmt {
	unsigned char kind;   /* numfmt_kind */
	unsigned short pad;
} numfmt;

/* A format code (styles.xml's formatCode: "0.0%", yyyy"年"m"月"d"日"). */
numfmt numfmt_of_code(const char *code);
/* A format Excel does not write out, by its id (ECMA-376 18.8.30, and the
 * East Asian dates a Chinese Excel gives ids 27-36 and 50-58). */
numfmt numfmt_builtin(long id);
/* The text the sheet shows for the stored number v in format f, in the
 * workbook's date system (date1904); false when v is not a number. */
bool numfmt_text(strbuf *out, const char *v, size_t n, numfmt f, bool date1904);

#endif
