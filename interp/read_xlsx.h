/* xlsxin: the rows of one sheet of an Excel workbook (.xlsx), streamed.
 *
 * The container is read with libzip and each XML part with expat: the
 * sheet is parsed a row at a time (the parser is suspended at each row's
 * end), so memory holds one row, the shared strings and the styles, never
 * the sheet. Each cell becomes the text the sheet shows at full precision:
 *
 * - a number is its stored decimal rounded to 15 significant digits, as
 *   a spreadsheet shows and computes it (a ratio stored as
 *   0.89999999999999991 is 0.9), and never passes through a double;
 * - its number format says more: a percent format makes 0.9 "90%", a date
 *   format makes a serial a date ("2023-06-30"), a code format of zeros
 *   (000000) makes 1023 "001023";
 * - booleans are TRUE/FALSE, strings (shared, inline, a formula's) as
 *   written, _xHHHH_ escapes decoded;
 * - an error value (#DIV/0!), a formula saved without its value, and an
 *   empty cell inside merged cells whose value stands in another row are
 *   not texts: xlsxin_cell_error says what they are.
 *
 * Refused with a message: a file that is not a zip, an encrypted
 * workbook or a legacy .xls (an OLE2 file), encrypted parts, a part that
 * inflates beyond its limit, XML with a document type (entity expansion),
 * malformed XML, a missing sheet. */
#ifndef SCORE_XLSXIN_H
#define SCORE_XLSXIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "strbuf.h"

typedef struct xlsxin xlsxin;

/* How far each part may inflate: the parts read whole (the workbook, its
 * relationships, styles, shared strings) and the sheet, which is streamed. */
#define XLSXIN_MAX_PART ((size_t)256 << 20)
#define XLSXIN_MAX_PART_TEXT "256 MiB"
#define XLSXIN_MAX_SHEET ((unsigned long long)4 << 30)
#define XLSXIN_MAX_SHEET_TEXT "4 GiB"
/* A sheet has at most this many columns and rows (Excel's own limits). */
#define XLSXIN_MAX_COLS 16384
#define XLSXIN_MAX_ROWS 1048576L

/* What the first bytes of a file say it is. */
typedef enum xlsxin_kind {
	XLSXIN_NOT,      /* not a workbook: text, perhaps CSV */
	XLSXIN_XLSX,     /* a zip: an .xlsx (or refused later as another zip) */
	XLSXIN_OLE2      /* an OLE2 compound file: a legacy .xls or an encrypted .xlsx */
} xlsxin_kind;

xlsxin_kind xlsxin_sniff(const unsigned char *head, size_t n);

/* Opens sheet (NULL: the first visible worksheet) of the workbook in f,
 * which must be seekable; f stays the caller's. NULL, with the reason in
 * err (no file name: the caller adds it), when it cannot be read. */
xlsxin *xlsxin_open(FILE *f, const char *sheet, strbuf *err);
/* The same over bytes in memory (not copied: they must outlive wb). */
xlsxin *xlsxin_open_memory(const void *data, size_t len, const char *sheet, strbuf *err);
void xlsxin_close(xlsxin *wb);
/* Whether every XML part (.xml, .rels, .vml) of the workbook at path came
 * out whole: every tag whole, every element closed, each sheet holding the
 * last row its dimension names. A part cut short (a library that read its
 * own temporary file back and met an error it did not check) fails, with
 * the part's name in why. */
bool xlsxin_parts_whole(const char *path, strbuf *why);
/* The sheet's name, as its tab shows it. */
const char *xlsxin_sheet(const xlsxin *wb);
/* Every sheet's name, ", "-separated, for a message. */
const char *xlsxin_sheet_names(const xlsxin *wb);

typedef enum xlsxin_status {
	XLSXIN_ROW,      /* a row with some content was read */
	XLSXIN_END,
	XLSXIN_BAD       /* the sheet cannot be read on (xlsxin_error says why) */
} xlsxin_status;

/* The next row that holds anything; empty rows are passed over. */
xlsxin_status xlsxin_next(xlsxin *wb);
/* Its number on the sheet (the first row is 1). */
long xlsxin_row(const xlsxin *wb);
/* Its cells from column A: as many as the widest row so far, or the width
 * set. A missing cell is "". Each is NUL-terminated inside xlsxin_record's
 * bytes, valid until the next xlsxin_next. */
size_t xlsxin_ncells(const xlsxin *wb);
const char *xlsxin_cell(const xlsxin *wb, size_t col, size_t *len);
const char *xlsxin_record(const xlsxin *wb, size_t *len);
/* Why cell col holds no usable value (an error value, a formula without
 * its value, an empty cell of merged cells), or NULL. */
const char *xlsxin_cell_error(const xlsxin *wb, size_t col);
const char *xlsxin_error(const xlsxin *wb);
/* Columns past width are not read (the header's width, once known). */
void xlsxin_set_width(xlsxin *wb, size_t width);
/* Merged cells cover a header: an empty cell of merged cells shows the
 * value of their first cell (a header written over two rows). Until
 * called, it shows nothing. */
void xlsxin_fill_merged(xlsxin *wb, bool fill);
/* The last row of the merged cells that cover row (a header over two
 * rows: 单位 merged down A1:A2 beside the names of row 2), or row. */
long xlsxin_merged_to(const xlsxin *wb, long row);
/* Back to the sheet's start, to read it again from row 1. */
bool xlsxin_rewind(xlsxin *wb);

/* "C17": a cell's reference (col from 0, row from 1). */
void xlsxin_ref(strbuf *sb, size_t col, long row);

#endif
