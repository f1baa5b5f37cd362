/* main: the `score` command. */
#include <errno.h>
#include <iconv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "compile.h"
#include "csv.h"
#include "diag.h"
#include "diff.h"
#include "dump.h"
#include "exitcode.h"
#include "i18n.h"
#include "load.h"
#include "mem.h"
#include "output.h"
#include "policy.h"
#include "report.h"
#include "rows.h"
#include "vm.h"

#ifndef SCORE_VERSION
#define SCORE_VERSION "0.1.0"
#endif

static const char *const usage_text = N_(
	"usage: score [run] [options] POLICY.rule DATA.csv   score every row of DATA\n"
	"       score check [--werror] POLICY.rule [DATA.csv] find mistakes, score nothing\n"
	"       score dump POLICY.rule                        print the compiled bytecode\n"
	"       score test [--update] [--coverage] POLICY.rule CASES.csv\n"
	"                                                     check expected scores\n"
	"       score diff [options] OLD.rule NEW.rule DATA.csv\n"
	"                                                     what a rubric change does\n"
	"\n"
	"options:\n"
	"  -o, --output FILE   write to FILE (replaced only when the run completes)\n"
	"  -f, --format FMT    csv (default), json or table\n"
	"      --strict        stop at the first row that cannot be scored\n"
	"  -e, --explain       add each row's 扣分说明 (why points were lost)\n"
	"      --encoding ENC  the data file's encoding, e.g. gb18030 (default UTF-8)\n"
	"      --allow-path DIR  let imports and Lua files come from DIR too (by default\n"
	"                      only from the policy's folder, $SCORE_PATH and the stdlib)\n"
	"      --lua-instructions N, --lua-memory MiB, --lua-depth N\n"
	"                      limits of each Lua hook call (default 1000000, 64, 200)\n"
	"      --werror        (check) treat warnings as errors\n"
	"      --update        (test) rewrite the expected values with today's scores\n"
	"      --coverage      (test) list band branches and conditions no case reaches\n"
	"  -h, --help          show this help\n"
	"  -V, --version       show the version\n"
	"\n"
	"DATA may be - for standard input. Exit status: 0 every row scored (test: all\n"
	"passed; diff: nothing changed); 1 some rows or the data file were reported\n"
	"(test: a case failed; diff: something changed); 2 the policy has errors;\n"
	"3 bad command line; 4 a file could not be read or written; 5 out of memory.\n");

typedef struct options {
	const char *command;
	const char *policy;
	const char *data;
	const char *data2;   /* diff: the data file (data is then the new policy) */
	const char *output;
	sheet_format format;
	bool strict;
	bool werror;
	bool explain;
	bool update;
	bool coverage;
	const char *encoding;
	load_reach reach;     /* --allow-path folders */
	policy_options build; /* what every policy is built with */
} options;

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "score: ");
	fprintf(stderr, _(fmt), arg);
	fprintf(stderr, "\n%s\n", _("Try 'score --help'."));
	return SCORE_EXIT_USAGE;
}

static int parse_args(int argc, char **argv, options *o)
{
	memset(o, 0, sizeof *o);
	o->command = "run";
	const char *pos[3];
	int npos = 0;
	int i = 1;
	if (i < argc && (strcmp(argv[i], "run") == 0 || strcmp(argv[i], "check") == 0 || strcmp(argv[i], "dump") == 0 ||
			 strcmp(argv[i], "test") == 0 || strcmp(argv[i], "diff") == 0))
		o->command = argv[i++];
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(_(usage_text), stdout);
			exit(SCORE_EXIT_OK);
		} else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("score %s\n", SCORE_VERSION);
			exit(SCORE_EXIT_OK);
		} else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			if (++i >= argc)
				return usage_error("%s needs a file name", a);
			o->output = argv[i];
		} else if (strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) {
			if (++i >= argc)
				return usage_error("%s needs csv, json or table", a);
			if (strcmp(argv[i], "csv") == 0)
				o->format = SHEET_CSV;
			else if (strcmp(argv[i], "json") == 0)
				o->format = SHEET_JSON;
			else if (strcmp(argv[i], "table") == 0)
				o->format = SHEET_TABLE;
			else
				return usage_error("unknown format '%s' (csv, json or table)", argv[i]);
		} else if (strcmp(a, "-e") == 0 || strcmp(a, "--explain") == 0) {
			o->explain = true;
		} else if (strcmp(a, "--strict") == 0) {
			o->strict = true;
		} else if (strcmp(a, "--lua-instructions") == 0 || strcmp(a, "--lua-memory") == 0 ||
			   strcmp(a, "--lua-depth") == 0) {
			if (++i >= argc)
				return usage_error("%s needs a number", a);
			char *end;
			long n = strtol(argv[i], &end, 10);
			if (*end || n <= 0 || n > 1000000000)
				return usage_error("'%s' is not a limit (a whole number from 1 to 1000000000)", argv[i]);
			if (a[6] == 'i')
				o->build.check.lua_instructions = n;
			else if (a[6] == 'm')
				o->build.check.lua_memory_mib = n;
			else
				o->build.check.lua_depth = (int)n;
		} else if (strcmp(a, "--encoding") == 0) {
			if (++i >= argc)
				return usage_error("%s needs an encoding, e.g. gb18030", a);
			iconv_t cd = iconv_open("UTF-8", argv[i]);
			if (cd == (iconv_t)-1)
				return usage_error("unknown encoding '%s' (iconv names: gb18030, gbk, big5, utf-16…)", argv[i]);
			iconv_close(cd);
			o->encoding = argv[i];
		} else if (strcmp(a, "--allow-path") == 0) {
			if (++i >= argc)
				return usage_error("%s needs a folder", a);
			if (!load_reach_add(&o->reach, argv[i]))
				return usage_error("--allow-path: no folder '%s'", argv[i]);
		} else if (strcmp(a, "--update") == 0) {
			o->update = true;
		} else if (strcmp(a, "--coverage") == 0) {
			o->coverage = true;
		} else if (strcmp(a, "--werror") == 0) {
			o->werror = true;
		} else if (a[0] == '-' && a[1] != '\0') {
			return usage_error("unknown option '%s'", a);
		} else {
			if (npos == (strcmp(o->command, "diff") == 0 ? 3 : 2))
				return usage_error("too many arguments ('%s')", a);
			pos[npos++] = a;
		}
	}
	if (npos < 1)
		return usage_error("%s", _("no policy given"));
	o->policy = pos[0];
	o->data = npos > 1 ? pos[1] : NULL;
	o->data2 = npos > 2 ? pos[2] : NULL;
	if (strcmp(o->command, "diff") == 0 && !o->data2)
		return usage_error("%s", _("diff needs OLD.rule NEW.rule DATA.csv"));
	if ((strcmp(o->command, "run") == 0 || strcmp(o->command, "test") == 0) && !o->data)
		return usage_error("%s", strcmp(o->command, "test") == 0 ? _("no cases file given") : _("no data file given"));
	if (strcmp(o->command, "dump") == 0 && o->data)
		return usage_error("%s", _("dump takes only a policy"));
	return -1;
}

/* ---- commands ---------------------------------------------------------------------- */

static int cmd_run(const options *o)
{
	prog *p = policy_build(o->policy, &o->build);
	if (!p)
		return SCORE_EXIT_POLICY;
	rows_file d;
	if (!rows_open(&d, o->data, o->encoding)) {
		prog_free(p);
		return SCORE_EXIT_IO;
	}
	int status = SCORE_EXIT_OK;
	if (!rows_header(&d, p)) {
		rows_close(&d);
		prog_free(p);
		return SCORE_EXIT_DATA;
	}
	const char *inputs[] = {o->data};
	const diag_log *logs[] = {p->diag};
	FILE *out = output_open(o->output, inputs, 1, logs, 1);
	if (!out) {
		rows_close(&d);
		prog_free(p);
		return SCORE_EXIT_IO;
	}
	vm *v = vm_new(p);
	vm_set_tracing(v, o->explain);
	report *rep = report_new(p, out, o->format, o->explain);
	const char **ids = mem_calloc((size_t)p->nids + 1, sizeof *ids);
	size_t *idlens = mem_calloc((size_t)p->nids + 1, sizeof *idlens);
	long rows = 0, bad = 0;
	rows_driver r;
	rows_driver_init(&r, &d, p, v, true);
	for (;;) {
		rows_step step = rows_drive(&r);
		if (step == ROWS_END) {
			if (r.read_error)
				status = SCORE_EXIT_IO;
			break;
		}
		if (step == ROWS_SKIPPED) {
			rows_report_skip(&r);
			bad += r.lost;
			rows += r.lost;
			if (o->strict)
				break;
			continue;
		}
		rows++;
		rows_ids(&d, p, d.col_of_input, ids, idlens);
		report_row(rep, csv_row(d.csv), ids, idlens, v);
	}
	bool written = report_finish(rep);
	if (!written) {
		fprintf(stderr, _("score: cannot write the output: %s\n"), strerror(errno));
		status = SCORE_EXIT_IO;
	}
	if (bad && status == SCORE_EXIT_OK) {
		status = SCORE_EXIT_DATA;
		if (o->strict)
			fprintf(stderr, "%s", _("score: stopped at the first row that could not be scored (--strict)\n"));
		else
			fprintf(stderr, P_("score: %ld of %ld row not scored (listed above)\n", "score: %ld of %ld rows not scored (listed above)\n", rows), bad, rows);
	}
	bool keep = status == SCORE_EXIT_OK || (status == SCORE_EXIT_DATA && !o->strict);
	if (!output_close(out, o->output, keep) && status == SCORE_EXIT_OK)
		status = SCORE_EXIT_IO;
	rows_driver_free(&r);
	mem_free(ids);
	mem_free(idlens);
	report_free(rep);
	vm_free(v);
	rows_close(&d);
	prog_free(p);
	return status;
}

static int cmd_dump(const options *o)
{
	prog *p = policy_build(o->policy, &o->build);
	if (!p)
		return SCORE_EXIT_POLICY;
	dump_program(p, stdout);
	prog_free(p);
	return SCORE_EXIT_OK;
}

static int cmd_check(const options *o)
{
	policy_options build = o->build;
	build.check.warnings = true;
	prog *p = policy_build(o->policy, &build);
	if (!p)
		return SCORE_EXIT_POLICY;
	int status = SCORE_EXIT_OK;
	if (o->data) {
		rows_file d;
		if (!rows_open(&d, o->data, o->encoding)) {
			prog_free(p);
			return SCORE_EXIT_IO;
		}
		if (!rows_header(&d, p)) {
			status = SCORE_EXIT_DATA;
		} else {
			vm *v = vm_new(p);
			rows_driver r;
			rows_driver_init(&r, &d, p, v, false);
			rows_step step;
			while ((step = rows_drive(&r)) != ROWS_END)
				if (step == ROWS_SKIPPED) {
					rows_report_skip(&r);
					status = SCORE_EXIT_DATA;
				}
			if (r.read_error)
				status = SCORE_EXIT_IO;
			rows_driver_free(&r);
			vm_free(v);
		}
		rows_close(&d);
	}
	int warnings = diag_warning_count(p->diag);
	if (warnings && o->werror && status == SCORE_EXIT_OK)
		status = SCORE_EXIT_POLICY;
	fprintf(stderr, "%s: ", o->policy);
	fprintf(stderr, P_("%d indicator", "%d indicators", p->nnodes), p->nnodes);
	fprintf(stderr, P_(", %d input", ", %d inputs", p->ninputs), p->ninputs);
	fprintf(stderr, P_(", %d warning", ", %d warnings", warnings), warnings);
	fprintf(stderr, "%s\n", status == SCORE_EXIT_OK ? "" : _(" (failed)"));
	prog_free(p);
	return status;
}

int main(int argc, char **argv)
{
	mem_install_gmp();
	i18n_init();
	options o;
	int rc = parse_args(argc, argv, &o);
	if (rc >= 0) {
		load_reach_free(&o.reach);
		return rc;
	}
	o.build.check.reach = &o.reach;
	if (strcmp(o.command, "dump") == 0) {
		rc = cmd_dump(&o);
	} else if (strcmp(o.command, "test") == 0) {
		cases_options co = {o.update, o.coverage, &o.build, o.encoding};
		rc = cases_run(o.policy, o.data, &co);
	} else if (strcmp(o.command, "diff") == 0) {
		diff_options dopt = {o.format, o.output, o.encoding, &o.build};
		rc = diff_run(o.policy, o.data, o.data2, &dopt);
	} else if (strcmp(o.command, "check") == 0) {
		rc = cmd_check(&o);
	} else {
		rc = cmd_run(&o);
	}
	load_reach_free(&o.reach);
	/* whatever went to standard output must have arrived (> /dev/full) */
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc != SCORE_EXIT_INTERNAL && rc != SCORE_EXIT_IO) {
		fprintf(stderr, _("score: cannot write to standard output: %s\n"), strerror(errno ? errno : EIO));
		rc = SCORE_EXIT_IO;
	}
	return rc;
}
