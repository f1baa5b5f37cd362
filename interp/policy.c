#include "policy.h"

#include <stdio.h>

#include "check.h"
#include "compile.h"
#include "load.h"
#include "mem.h"

static long lua_instructions, lua_memory_mib;
static int lua_depth;

void policy_set_lua_limits(long instructions, long memory_mib, int depth)
{
	lua_instructions = instructions;
	lua_memory_mib = memory_mib;
	lua_depth = depth;
}

prog *policy_build(const char *path, bool warnings)
{
	int before = diag_error_count();
	ast_program *ast = load_policy(path);
	if (!ast)
		return NULL;
	prog *p = NULL;
	if (diag_error_count() == before) {
		check_options copts = {warnings, lua_instructions, lua_memory_mib, lua_depth};
		check_result res;
		if (check_program(ast, &copts, &res)) {
			compile_program(&res);
			p = res.prog;
			mem_free(res.units);
		}
	}
	ast_program_free(ast);
	int errors = diag_error_count() - before;
	if (errors) {
		fprintf(stderr, "score: %d error%s in %s\n", errors, errors == 1 ? "" : "s", path);
		prog_free(p);
		return NULL;
	}
	return p;
}
