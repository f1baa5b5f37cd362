#include "policy.h"

#include <stdio.h>

#include "analyze.h"
#include "check.h"
#include "compile.h"
#include "i18n.h"
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

/* The passes after loading, in order: the model and its checks (check),
 * what check reports beyond names and types (analyze), bytecode (compile),
 * the bound on a row's work, then, for `score check`, the inputs that take
 * a rule outside its weight. The tree is freed; NULL on errors. */
static prog *finish(ast_program *ast, int before, const check_options *opts)
{
	prog *p = NULL;
	bool warnings = opts && opts->warnings;
	if (diag_error_count() == before) {
		check_result res;
		if (check_program(ast, opts, &res)) {
			if (warnings)
				analyze_policy(res.prog, res.node_decl, res.fns);
			compile_program(&res);
			compile_bound_work(res.prog);
			p = res.prog;
			res.prog = NULL;
			check_result_free(&res);
			if (warnings && diag_error_count() == before)
				analyze_witnesses(p);
		}
	}
	ast_program_free(ast);
	if (diag_error_count() != before) {
		prog_free(p);
		return NULL;
	}
	return p;
}

prog *policy_build(const char *path, bool warnings)
{
	int before = diag_error_count();
	ast_program *ast = load_policy(path);
	if (!ast)
		return NULL;
	check_options copts = {warnings, lua_instructions, lua_memory_mib, lua_depth};
	prog *p = finish(ast, before, &copts);
	int errors = diag_error_count() - before;
	if (errors)
		fprintf(stderr, P_("score: %d error in %s\n", "score: %d errors in %s\n", errors), errors, path);
	return p;
}

prog *policy_build_text(const char *name, const char *text, size_t len, const check_options *opts)
{
	int before = diag_error_count();
	return finish(load_policy_text(name, text, len), before, opts);
}
