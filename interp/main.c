/* main: the `score` command. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cell.h"
#include "check.h"
#include "compile.h"
#include "csv.h"
#include "diag.h"
#include "dump.h"
#include "exitcode.h"
#include "load.h"
#include "mem.h"
#include "report.h"
#include "vm.h"

#ifndef SCORE_VERSION
#define SCORE_VERSION "0.1.0"
#endif

static const char usage_text[] =
	"usage: score [run] [options] POLICY.rule DATA.csv   score every row of DATA\n"
	"       score check [--werror] POLICY.rule [DATA.csv] find mistakes, score nothing\n"
	"       score dump POLICY.rule                        print the compiled bytecode\n"
	"\n"
	"options:\n"
	"  -o, --output FILE   write to FILE (replaced only when the run completes)\n"
	"  -f, --format FMT    csv (default), json or table\n"
	"      --strict        stop at the first row that cannot be scored\n"
	"  -e, --explain       add each row's 扣分说明 (why points were lost)\n"
	"      --werror        (check) treat warnings as errors\n"
	"  -h, --help          show this help\n"
	"  -V, --version       show the version\n"
	"\n"
	"DATA may be - for standard input. Exit status: 0 every row scored; 1 some\n"
	"rows or the data file were reported; 2 the policy has errors; 3 bad command\n"
	"line; 4 a file could not be read or written; 5 out of memory.\n";

typedef struct options {
	const char *command;
	const char *policy;
	const char *data;
	const char *output;
	report_format format;
	bool strict;
	bool werror;
	bool explain;
} options;

/* The temporary output file, removed if the run does not complete. */
static char *tmp_path;

static void on_signal(int sig)
{
	if (tmp_path)
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "score: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'score --help'.\n");
	return SCORE_EXIT_USAGE;
}

static int parse_args(int argc, char **argv, options *o)
{
	memset(o, 0, sizeof *o);
	o->command = "run";
	const char *pos[3];
	int npos = 0;
	int i = 1;
	if (i < argc && (strcmp(argv[i], "run") == 0 || strcmp(argv[i], "check") == 0 || strcmp(argv[i], "dump") == 0))
		o->command = argv[i++];
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_text, stdout);
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
				o->format = REPORT_CSV;
			else if (strcmp(argv[i], "json") == 0)
				o->format = REPORT_JSON;
			else if (strcmp(argv[i], "table") == 0)
				o->format = REPORT_TABLE;
			else
				return usage_error("unknown format '%s' (csv, json or table)", argv[i]);
		} else if (strcmp(a, "-e") == 0 || strcmp(a, "--explain") == 0) {
			o->explain = true;
		} else if (strcmp(a, "--strict") == 0) {
			o->strict = true;
		} else if (strcmp(a, "--werror") == 0) {
			o->werror = true;
		} else if (a[0] == '-' && a[1] != '\0') {
			return usage_error("unknown option '%s'", a);
		} else {
			if (npos == 2)
				return usage_error("too many arguments ('%s')", a);
			pos[npos++] = a;
		}
	}
	if (npos < 1)
		return usage_error("%s", "no policy given");
	o->policy = pos[0];
	o->data = npos > 1 ? pos[1] : NULL;
	if (strcmp(o->command, "run") == 0 && !o->data)
		return usage_error("%s", "no data file given");
	if (strcmp(o->command, "dump") == 0 && o->data)
		return usage_error("%s", "dump takes only a policy");
	return -1;
}

/* Loads, checks and compiles a policy; NULL after reporting its errors. */
static prog *build_policy(const char *path, bool warnings)
{
	ast_program *ast = load_policy(path);
	if (!ast)
		return NULL;
	prog *p = NULL;
	if (diag_error_count() == 0) {
		check_options copts = {warnings};
		check_result res;
		if (check_program(ast, &copts, &res)) {
			compile_program(&res);
			p = res.prog;
			mem_free(res.units);
		}
	}
	ast_program_free(ast);
	if (diag_error_count()) {
		fprintf(stderr, "score: %d error%s in %s\n", diag_error_count(), diag_error_count() == 1 ? "" : "s", path);
		prog_free(p);
		return NULL;
	}
	return p;
}

/* ---- reading the data file -------------------------------------------------------- */

typedef struct data_file {
	const char *name;
	FILE *f;
	csv_reader *csv;
	size_t nheader;
	int *col_of_input;  /* header index of each input */
} data_file;

static bool open_data(data_file *d, const char *name)
{
	memset(d, 0, sizeof *d);
	d->name = strcmp(name, "-") == 0 ? "<stdin>" : name;
	d->f = strcmp(name, "-") == 0 ? stdin : fopen(name, "rb");
	if (!d->f) {
		fprintf(stderr, "score: cannot read data '%s': %s\n", name, strerror(errno));
		return false;
	}
	d->csv = csv_open(d->f);
	return true;
}

static void close_data(data_file *d)
{
	csv_close(d->csv);
	if (d->f && d->f != stdin)
		fclose(d->f);
	mem_free(d->col_of_input);
}

static void trim_span(const char **s, size_t *n)
{
	while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* Reads the header and finds every input's column; false (reported) when
 * one is missing or ambiguous, before any row is scored. */
static bool read_header(data_file *d, const prog *p)
{
	csv_status st = csv_next(d->csv);
	if (st == CSV_EOF) {
		fprintf(stderr, "%s: the file is empty: it needs a header row naming its columns\n", d->name);
		return false;
	}
	if (st != CSV_RECORD) {
		fprintf(stderr, "%s: row 1 (the header): %s\n", d->name,
			st == CSV_IOERR ? strerror(errno) : csv_error(d->csv));
		return false;
	}
	d->nheader = csv_nfields(d->csv);
	d->col_of_input = mem_calloc((size_t)(p->ninputs ? p->ninputs : 1), sizeof *d->col_of_input);
	bool ok = true;
	for (int i = 0; i < p->ninputs; i++) {
		const char *want = p->inputs[i].column;
		d->col_of_input[i] = -1;
		for (size_t c = 0; c < d->nheader; c++) {
			size_t n;
			const char *h = csv_field(d->csv, c, &n);
			trim_span(&h, &n);
			if (n == strlen(want) && memcmp(h, want, n) == 0) {
				if (d->col_of_input[i] >= 0) {
					fprintf(stderr, "%s: the header has column '%s' twice (columns %d and %zu)\n", d->name,
						want, d->col_of_input[i] + 1, c + 1);
					ok = false;
				}
				d->col_of_input[i] = (int)c;
			}
		}
		if (d->col_of_input[i] < 0) {
			int line, col;
			diag_line_col(p->inputs[i].loc, &line, &col);
			fprintf(stderr, "%s: the header has no column '%s' (input %s, %s:%d:%d)\n", d->name, want,
				p->inputs[i].name, diag_source_name(p->inputs[i].loc.file), line, col);
			ok = false;
		}
	}
	return ok;
}

/* "row 17 (id 卫健局)": how a row is named in messages. */
static void describe_row(strbuf *sb, const data_file *d, const prog *p, bool fields_ok)
{
	sb_printf(sb, "%s: row %ld", d->name, csv_row(d->csv));
	if (!fields_ok || p->nids == 0)
		return;
	bool any = false;
	for (int i = 0; i < p->nids; i++) {
		size_t n;
		const char *s = csv_field(d->csv, (size_t)d->col_of_input[p->ids[i]], &n);
		trim_span(&s, &n);
		if (!n)
			continue;
		sb_printf(sb, "%s%.*s", any ? "/" : " (id ", (int)n, s);
		any = true;
	}
	if (any)
		sb_putc(sb, ')');
}

/* Converts the row's cells into the VM's inputs; reports every bad cell. */
static bool load_row(data_file *d, const prog *p, vm *v)
{
	bool ok = true;
	strbuf why = STRBUF_INIT, where = STRBUF_INIT;
	dec_t *inputs = vm_inputs(v);
	for (int i = 0; i < p->ninputs; i++) {
		if (p->inputs[i].type == IN_ID)
			continue;
		size_t n;
		const char *s = csv_field(d->csv, (size_t)d->col_of_input[i], &n);
		sb_clear(&why);
		cell_result cr = cell_parse(&p->inputs[i], s, n, &inputs[i], &why);
		vm_set_missing(v, i, cr == CELL_EMPTY);
		if (cr == CELL_BAD) {
			if (ok) {
				describe_row(&where, d, p, true);
			}
			fprintf(stderr, "%s, column %s: %s\n", where.data, p->inputs[i].column, why.data);
			ok = false;
		}
	}
	sb_free(&why);
	sb_free(&where);
	return ok;
}

/* ---- output that is never left half-written ----------------------------------------- */

static FILE *open_output(const char *path)
{
	if (!path)
		return stdout;
	strbuf sb = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	if (slash)
		sb_printf(&sb, "%.*s/.score-out.XXXXXX", (int)(slash - path), path);
	else
		sb_puts(&sb, ".score-out.XXXXXX");
	tmp_path = sb_take(&sb);
	int fd = mkstemp(tmp_path);
	if (fd < 0) {
		fprintf(stderr, "score: cannot write beside '%s': %s\n", path, strerror(errno));
		mem_free(tmp_path);
		tmp_path = NULL;
		return NULL;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(tmp_path);
	}
	return f;
}

/* Completes (rename into place) or abandons (remove) the output. */
static bool close_output(FILE *f, const char *path, bool keep)
{
	if (!path)
		return fflush(stdout) == 0 || !keep;
	bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (keep && ok && rename(tmp_path, path) != 0) {
		fprintf(stderr, "score: cannot write '%s': %s\n", path, strerror(errno));
		ok = false;
	}
	if (!keep || !ok)
		unlink(tmp_path);
	mem_free(tmp_path);
	tmp_path = NULL;
	return ok;
}

/* ---- commands ---------------------------------------------------------------------- */

static int cmd_run(const options *o)
{
	prog *p = build_policy(o->policy, false);
	if (!p)
		return SCORE_EXIT_POLICY;
	data_file d;
	if (!open_data(&d, o->data)) {
		prog_free(p);
		return SCORE_EXIT_IO;
	}
	int status = SCORE_EXIT_OK;
	if (!read_header(&d, p)) {
		close_data(&d);
		prog_free(p);
		return SCORE_EXIT_DATA;
	}
	FILE *out = open_output(o->output);
	if (!out) {
		close_data(&d);
		prog_free(p);
		return SCORE_EXIT_IO;
	}
	vm *v = vm_new(p);
	vm_set_tracing(v, o->explain);
	report *rep = report_new(p, out, o->format, o->explain);
	const char **ids = mem_calloc((size_t)p->nids + 1, sizeof *ids);
	size_t *idlens = mem_calloc((size_t)p->nids + 1, sizeof *idlens);
	long rows = 0, bad = 0;
	strbuf where = STRBUF_INIT;
	for (;;) {
		csv_status st = csv_next(d.csv);
		if (st == CSV_EOF)
			break;
		if (st == CSV_IOERR) {
			fprintf(stderr, "%s: read error: %s\n", d.name, strerror(errno));
			status = SCORE_EXIT_IO;
			break;
		}
		rows++;
		sb_clear(&where);
		bool ok = true;
		if (st == CSV_BAD) {
			describe_row(&where, &d, p, false);
			fprintf(stderr, "%s (line %ld): %s\n", where.data, csv_line(d.csv), csv_error(d.csv));
			ok = false;
		} else if (csv_nfields(d.csv) != d.nheader) {
			describe_row(&where, &d, p, false);
			fprintf(stderr, "%s (line %ld): has %zu field%s, the header has %zu\n", where.data, csv_line(d.csv),
				csv_nfields(d.csv), csv_nfields(d.csv) == 1 ? "" : "s", d.nheader);
			ok = false;
		} else if (!load_row(&d, p, v)) {
			ok = false;
		} else if (!vm_score_row(v)) {
			describe_row(&where, &d, p, true);
			fprintf(stderr, "%s: %s\n", where.data, vm_error(v));
			ok = false;
		}
		if (!ok) {
			bad++;
			if (o->strict)
				break;
			continue;
		}
		for (int i = 0; i < p->nids; i++) {
			ids[i] = csv_field(d.csv, (size_t)d.col_of_input[p->ids[i]], &idlens[i]);
			trim_span(&ids[i], &idlens[i]);
		}
		report_row(rep, csv_row(d.csv), ids, idlens, v);
	}
	bool written = report_finish(rep);
	if (!written) {
		fprintf(stderr, "score: cannot write the output: %s\n", strerror(errno));
		status = SCORE_EXIT_IO;
	}
	if (bad && status == SCORE_EXIT_OK) {
		status = SCORE_EXIT_DATA;
		if (o->strict)
			fprintf(stderr, "score: stopped at the first row that could not be scored (--strict)\n");
		else
			fprintf(stderr, "score: %ld of %ld row%s not scored (listed above)\n", bad, rows, rows == 1 ? "" : "s");
	}
	bool keep = status == SCORE_EXIT_OK || (status == SCORE_EXIT_DATA && !o->strict);
	if (!close_output(out, o->output, keep) && status == SCORE_EXIT_OK)
		status = SCORE_EXIT_IO;
	sb_free(&where);
	mem_free(ids);
	mem_free(idlens);
	report_free(rep);
	vm_free(v);
	close_data(&d);
	prog_free(p);
	return status;
}

static int cmd_dump(const options *o)
{
	prog *p = build_policy(o->policy, false);
	if (!p)
		return SCORE_EXIT_POLICY;
	dump_program(p, stdout);
	prog_free(p);
	return SCORE_EXIT_OK;
}

static int cmd_check(const options *o)
{
	prog *p = build_policy(o->policy, true);
	if (!p)
		return SCORE_EXIT_POLICY;
	int status = SCORE_EXIT_OK;
	if (o->data) {
		data_file d;
		if (!open_data(&d, o->data)) {
			prog_free(p);
			return SCORE_EXIT_IO;
		}
		if (!read_header(&d, p)) {
			status = SCORE_EXIT_DATA;
		} else {
			vm *v = vm_new(p);
			strbuf where = STRBUF_INIT;
			csv_status st;
			while ((st = csv_next(d.csv)) != CSV_EOF && st != CSV_IOERR) {
				sb_clear(&where);
				if (st == CSV_BAD || csv_nfields(d.csv) != d.nheader) {
					describe_row(&where, &d, p, false);
					fprintf(stderr, "%s (line %ld): %s\n", where.data, csv_line(d.csv),
						st == CSV_BAD ? csv_error(d.csv) : "the number of fields differs from the header");
					status = SCORE_EXIT_DATA;
				} else if (!load_row(&d, p, v)) {
					status = SCORE_EXIT_DATA;
				}
			}
			sb_free(&where);
			vm_free(v);
		}
		close_data(&d);
	}
	int warnings = diag_warning_count();
	if (warnings && o->werror && status == SCORE_EXIT_OK)
		status = SCORE_EXIT_POLICY;
	fprintf(stderr, "%s: %d indicator%s, %d input%s, %d warning%s%s\n", o->policy, p->nnodes,
		p->nnodes == 1 ? "" : "s", p->ninputs, p->ninputs == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s",
		status == SCORE_EXIT_OK ? "" : " (failed)");
	prog_free(p);
	return status;
}

int main(int argc, char **argv)
{
	mem_install_gmp();
	options o;
	int rc = parse_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (strcmp(o.command, "dump") == 0)
		rc = cmd_dump(&o);
	else if (strcmp(o.command, "check") == 0)
		rc = cmd_check(&o);
	else
		rc = cmd_run(&o);
	diag_reset();
	return rc;
}
