/* Fuzz harness 1: policy text → parse, check, compile (and dump). */
#include <stdint.h>
#include <stdio.h>

#include "dump.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	prog *p = fuzz_compile((const char *)data, size);
	if (p)
		dump_program(p, sink);
	prog_free(p);
	return 0;
}
