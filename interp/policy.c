#include "policy.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "analyze.h"
#include "compile.h"
#include "../include/score_status.h"
#include "i18n.h"
#include "load.h"
#include "mem.h"

/* The passes after loading, in order: the model and its checks (check),
 * what check reports beyond names and types (analyze), bytecode (compile),
 * the bound on a row's work, then, for `score check`, the inputs that take
 * a rule outside its weight. The tree is freed. The program takes the log;
 * NULL (the log still the caller's) on errors. */
static prog *finish(ast_program *ast, diag_log *log, const model_options *opts)
{
	prog *p = NULL;
	bool warnings = opts && opts->warnings;
	check_result res;
	if (ast && diag_error_count(log) == 0 && check_program(ast, opts, log, &res)) {
		p = res.prog;
		p->diag = log;
		p->units = opts ? opts->units : 0;
		if (warnings)
			analyze_policy(p, res.node_decl, res.fns);
		compile_program(&res);
		compile_bound_work(p);
		res.prog = NULL;
		check_result_free(&res);
		if (warnings && diag_error_count(log) == 0)
			analyze_witnesses(p);
	}
	ast_program_free(ast);
	if (p && diag_error_count(log) != 0) {
		p->diag = NULL; /* the caller still reports from it */
		prog_free(p);
		p = NULL;
	}
	return p;
}

prog *policy_compile_file(diag_log *log, const char *path, const policy_options *opts, bool *unreadable)
{
	const model_options *copts = opts ? &opts->model : NULL;
	ast_program *ast = load_policy(log, copts ? copts->reach : NULL, path);
	*unreadable = !ast;
	return ast ? finish(ast, log, copts) : NULL;
}

prog *policy_compile_text(diag_log *log, const char *name, const char *text, size_t len, const policy_options *opts)
{
	const model_options *copts = opts ? &opts->model : NULL;
	return finish(load_policy_text(log, copts ? copts->reach : NULL, name, text, len), log, copts);
}

static diag_log *new_log(const policy_options *opts)
{
	diag_log *log = diag_log_new();
	if (opts && opts->messages)
		diag_set_stream(log, opts->messages);
	return log;
}

/* The policy given as "-": its text from standard input, named <stdin>. */
static prog *build_from_stdin(const policy_options *opts, int *status)
{
	size_t len = 0;
	char *text = load_read_file("/dev/stdin", &len, LOAD_MAX_BYTES);
	if (!text) {
		fprintf(stderr, _("score: cannot read the policy from standard input: %s\n"), strerror(errno));
		if (status)
			*status = SCORE_ERR_IO;
		return NULL;
	}
	diag_log *log = new_log(opts);
	prog *p = policy_compile_text(log, "<stdin>", text, len, opts);
	mem_free(text);
	if (status)
		*status = p ? SCORE_OK : SCORE_ERR_POLICY;
	if (!p) {
		int errors = diag_error_count(log);
		fprintf(stderr, P_("score: %d error in %s\n", "score: %d errors in %s\n", errors), errors, "<stdin>");
		diag_log_free(log);
	}
	return p;
}

prog *policy_build(const char *path, const policy_options *opts, int *status)
{
	if (strcmp(path, "-") == 0)
		return build_from_stdin(opts, status);
	diag_log *log = new_log(opts);
	bool unreadable;
	prog *p = policy_compile_file(log, path, opts, &unreadable);
	if (status)
		*status = p ? SCORE_OK : unreadable ? SCORE_ERR_IO : SCORE_ERR_POLICY;
	if (!p) {
		int errors = diag_error_count(log);
		if (errors && !unreadable) /* an unreadable file is said so already */
			fprintf(stderr, P_("score: %d error in %s\n", "score: %d errors in %s\n", errors), errors, path);
		diag_log_free(log);
	}
	return p;
}

prog *policy_build_text(const char *name, const char *text, size_t len, const policy_options *opts)
{
	diag_log *log = new_log(opts);
	prog *p = policy_compile_text(log, name, text, len, opts);
	if (!p)
		diag_log_free(log);
	return p;
}
