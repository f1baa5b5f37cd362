/* Fuzz harness 4: Lua hooks. The input is a hook's source (built by the
 * fuzzer from tests/fuzz/lua.dict); it is loaded and f is called on two
 * rows. Every call must end within its limits: the state never holds more
 * memory than its limit, and no call runs longer than any honest
 * instruction budget allows (libFuzzer's -timeout catches a call that
 * never returns). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "luahook.h"
#include "mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MEMORY_KIB 4096
#define FUZZ_SECONDS_PER_CALL 5.0

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void check_bounds(const luahook *h, double started, const char *what)
{
	if (luahook_memory(h) > (size_t)FUZZ_MEMORY_KIB * 1024) {
		fprintf(stderr, "fuzz_lua: %s left %zu bytes, above the %d KiB limit\n", what, luahook_memory(h),
			FUZZ_MEMORY_KIB);
		abort();
	}
	if (now() - started > FUZZ_SECONDS_PER_CALL) {
		fprintf(stderr, "fuzz_lua: %s took %.1f s, beyond any budget of 100,000 instructions\n", what,
			now() - started);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		mem_install_gmp();
		ready = true;
	}
	luahook_limits lim = {100000, FUZZ_MEMORY_KIB, 50};
	luahook *h = luahook_new(&lim);
	if (!h)
		return 0;
	strbuf err = STRBUF_INIT;
	double t = now();
	bool loaded = luahook_load(h, (const char *)data, size, "@fuzz.lua", &err);
	check_bounds(h, t, "loading");
	int ref = loaded ? luahook_ref(h, "f") : -1;
	dec_t three = DEC_ZERO, out = DEC_ZERO;
	dec_set_int(&three, 3);
	luahook_value args[2] = {{LH_NUMBER, &three, false, NULL, "x"}, {LH_BOOL, NULL, true, NULL, "ok"}};
	for (int row = 0; ref >= 0 && row < 2; row++) {
		luahook_begin_row(h);
		sb_clear(&err);
		t = now();
		if (row == 0)
			(void)luahook_call(h, ref, args, 2, NULL, 0, &out, &err);
		else
			(void)luahook_call(h, ref, NULL, 0, args, 2, &out, &err);
		check_bounds(h, t, "a call");
	}
	dec_clear(&three);
	dec_clear(&out);
	sb_free(&err);
	luahook_free(h);
	return 0;
}
