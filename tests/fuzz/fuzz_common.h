/* Shared by the libFuzzer harnesses: policy text to a compiled program. */
#ifndef SCORE_FUZZ_COMMON_H
#define SCORE_FUZZ_COMMON_H

#include <stddef.h>
#include <stdio.h>

#include "check.h"
#include "compile.h"
#include "diag.h"
#include "load.h"
#include "mem.h"
#include "program.h"

/* Compiles text as a policy; NULL when it has errors. Messages are discarded. */
static prog *fuzz_compile(const char *text, size_t len)
{
	static FILE *sink;
	if (!sink) {
		mem_install_gmp();
		sink = fopen("/dev/null", "w");
	}
	diag_reset();
	diag_set_stream(sink);
	ast_program *ast = load_policy_text("fuzz.rule", text, len);
	prog *p = NULL;
	if (diag_error_count() == 0) {
		check_options opts = {1, 100000, 16, 50};
		check_result res;
		if (check_program(ast, &opts, &res)) {
			compile_program(&res);
			p = res.prog;
			mem_free(res.units);
		}
	}
	ast_program_free(ast);
	return p;
}

#endif
