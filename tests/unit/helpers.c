/* Helpers: compile policy text in memory and score rows, capturing messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read_cell.h"
#include "mem.h"
#include "policy.h"
#include "tests.h"
#include "row.h"

/* The VM of the last row, kept for tests_node_score until the next row. */
static row *last_vm;

prog *tests_compile(const char *text, char **errors)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	policy_options opts = {.messages = mem};
	prog *p = policy_build_text("t.rule", text, strlen(text), &opts);
	fclose(mem);
	if (errors)
		*errors = buf;
	else
		free(buf);
	return p;
}

char *tests_score(prog *p, const char *const *cells, int ncells)
{
	row_free(last_vm);
	last_vm = row_new(p);
	row *v = last_vm;
	strbuf out = STRBUF_INIT;
	for (int i = 0; i < p->ninputs; i++) {
		const char *value = "";
		size_t nl = strlen(p->inputs[i].name);
		for (int k = 0; k < ncells; k++)
			if (strncmp(cells[k], p->inputs[i].name, nl) == 0 && cells[k][nl] == '=')
				value = cells[k] + nl + 1;
		strbuf why = STRBUF_INIT;
		cell_result cr = cell_parse(&p->inputs[i], value, strlen(value), &row_inputs(v)[i], &why);
		row_set_missing(v, i, cr == CELL_EMPTY);
		if (cr == CELL_BAD) {
			sb_printf(&out, "error: %s", why.data);
			sb_free(&why);
			return sb_take(&out);
		}
		sb_free(&why);
	}
	if (!row_score(v)) {
		sb_printf(&out, "error: %s", row_error(v));
		return sb_take(&out);
	}
	dec_format(&out, row_total(v));
	int g = row_grade(v);
	if (g >= 0)
		sb_printf(&out, " %s", p->grades[g].label);
	return sb_take(&out);
}

char *tests_node_score(prog *p, const char *name)
{
	strbuf out = STRBUF_INIT;
	for (int i = 0; i < p->nnodes; i++)
		if (strcmp(p->nodes[i].name, name) == 0) {
			if (row_node_status(last_vm, i) == ROW_NA)
				sb_puts(&out, "n/a");
			else
				dec_format(&out, row_node_score(last_vm, i));
		}
	return sb_take(&out);
}

/* Releases the VM kept between calls (at exit, for leak checkers). */
__attribute__((destructor)) static void helpers_cleanup(void)
{
	row_free(last_vm);
	last_vm = NULL;
}
