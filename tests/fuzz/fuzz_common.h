/* Shared by the libFuzzer harnesses: policy text to a compiled program. */
#ifndef SCORE_FUZZ_COMMON_H
#define SCORE_FUZZ_COMMON_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "mem.h"
#include "policy.h"
#include "program.h"

/* Compiles text as a policy; NULL when it has errors. Messages are discarded. */
static prog *fuzz_compile(const char *text, size_t len)
{
	static FILE *sink;
	if (!sink) {
		mem_install_gmp();
		sink = fopen("/dev/null", "w");
	}
	policy_options opts = {{true, 100000, 16, 50, NULL, 0}, sink};
	prog *p = policy_build_text("fuzz.rule", text, len, &opts);
	return p;
}

#endif
