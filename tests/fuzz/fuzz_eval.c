/* Fuzz harness 3: a random rubric and a random row → evaluate.
 * The input is a policy, a NUL byte, then one cell per line, given to the
 * policy's inputs in order. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "read_cell.h"
#include "fuzz_common.h"
#include "row.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t plen = nul ? (size_t)(nul - text) : size;
	prog *p = fuzz_compile(text, plen);
	if (!p)
		return 0;
	const char *cells = nul ? nul + 1 : text + size;
	const char *end = text + size;
	row *v = row_new(p);
	strbuf why = STRBUF_INIT;
	bool ok = true;
	for (int i = 0; i < p->ninputs; i++) {
		const char *nl = memchr(cells, '\n', (size_t)(end - cells));
		size_t n = nl ? (size_t)(nl - cells) : (size_t)(end - cells);
		cell_result cr = cell_parse(&p->inputs[i], cells, n, &row_inputs(v)[i], &why);
		row_set_missing(v, i, cr == CELL_EMPTY);
		ok &= cr != CELL_BAD;
		cells = nl ? nl + 1 : end;
	}
	if (ok)
		(void)row_score(v);
	sb_free(&why);
	row_free(v);
	prog_free(p);
	return 0;
}
