/* Fuzz harness 5: the two number paths agree. A random rubric and a random
 * row (the input format of fuzz_eval) are scored with values in machine
 * words where they fit, then again with every value in GMP
 * (dec_force_gmp); every score, the total, the grade, the 扣分说明 and any
 * error must be the same bytes; then both again untraced. In words a rule
 * of a usual form runs without its instructions (form.h), in GMP never. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "explain.h"
#include "fuzz_common.h"
#include "row.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Everything the row gives, as text (with the 扣分说明 when traced);
 * false when the policy does not compile. */
static bool score_as_text(const char *text, size_t size, bool traced, strbuf *out)
{
	const char *nul = memchr(text, '\0', size);
	size_t plen = nul ? (size_t)(nul - text) : size;
	prog *p = fuzz_compile(text, plen);
	if (!p)
		return false;
	const char *cells = nul ? nul + 1 : text + size;
	const char *end = text + size;
	row *v = row_new(p);
	row_set_tracing(v, traced);
	strbuf why = STRBUF_INIT;
	bool ok = true;
	for (int i = 0; i < p->ninputs; i++) {
		const char *nl = memchr(cells, '\n', (size_t)(end - cells));
		size_t n = nl ? (size_t)(nl - cells) : (size_t)(end - cells);
		cell_result cr = row_set_cell(v, i, cells, n, &why);
		row_set_missing(v, i, cr == CELL_EMPTY);
		ok &= cr != CELL_BAD;
		cells = nl ? nl + 1 : end;
	}
	sb_printf(out, "cells: %s\n", why.data ? why.data : "");
	if (ok && row_score(v)) {
		for (int i = 0; i < p->nnodes; i++) {
			sb_printf(out, "%d %d ", i, (int)row_node_status(v, i));
			dec_format(out, row_node_score(v, i));
			sb_putc(out, '\n');
		}
		dec_format(out, row_total(v));
		sb_printf(out, " grade %d\n", row_grade(v));
		if (traced)
			explain_row(out, p, v);
	} else if (ok) {
		sb_printf(out, "error: %s\n", row_error(v));
	}
	sb_free(&why);
	row_free(v);
	prog_free(p);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int traced = 1; traced >= 0; traced--) {
		strbuf fast = STRBUF_INIT, general = STRBUF_INIT;
		dec_force_gmp(false);
		bool compiled = score_as_text((const char *)data, size, traced, &fast);
		dec_force_gmp(true);
		bool compiled_gmp = score_as_text((const char *)data, size, traced, &general);
		dec_force_gmp(false);
		if (compiled != compiled_gmp || (compiled && strcmp(fast.data, general.data) != 0)) {
			fprintf(stderr, "the number paths differ (%s)\n-- machine words --\n%s\n-- GMP --\n%s\n",
				traced ? "traced" : "untraced", compiled ? fast.data : "(no policy)",
				compiled_gmp ? general.data : "(no policy)");
			abort();
		}
		sb_free(&fast);
		sb_free(&general);
		if (!compiled)
			break;
	}
	return 0;
}
