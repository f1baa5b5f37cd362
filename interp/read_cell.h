/* cell: one CSV cell to the value of a declared input.
 *
 * Accepted forms (see README, "Input types"):
 *   number, money  -12.5, 1427.91, 1,427.91 (groups of three only)
 *   percent        95.43% (= 0.9543) or the fraction 0.9543
 *   count          a whole number >= 0
 *   yesno          1/0, 是/否, 有/无, yes/no, true/false, Y/N (any case)
 *   oneof          one of the listed values, exactly
 *   manual         a number within the declared bounds
 *   date           2023-06-30, 2023/6/30, 2023年6月30日, 20230630
 *   list           items separated by ；, ;, 、 or line breaks: its value is
 *                  how many (无 alone: none)
 * Spaces around a cell are ignored; an empty cell takes the input's default,
 * or else is "missing": an error only if a rule reads it (an indicator that
 * does not apply may leave its inputs empty). Nothing is ever guessed: a
 * cell that does not fit is refused with a message saying why. */
#ifndef SCORE_CELL_H
#define SCORE_CELL_H

#include <stdbool.h>
#include <stddef.h>

#include "program.h"
#include "strbuf.h"

/* Most digits a number in a cell may have; more is refused, so input cannot
 * make GMP allocate without bound. */
#define CELL_MAX_DIGITS 40

typedef enum cell_result {
	CELL_OK,
	CELL_EMPTY,  /* empty and no default: missing */
	CELL_BAD     /* refused; the reason was appended to why */
} cell_result;

cell_result cell_parse(const prog_input *in, const char *s, size_t n, dec_t *out, strbuf *why);

/* The items of a list cell, one per call from *pos (0 to start): split at
 * ；, ;, 、 and line breaks, trimmed, empty ones skipped. False at the end.
 * A cell that says 无 (none) alone has no items. */
bool cell_list_next(const char *s, size_t n, size_t *pos, const char **item, size_t *len);

#endif
