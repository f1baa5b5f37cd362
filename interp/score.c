/* score: the public interface (include/score.h) over the interpreter. */
#include "../include/score.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "decimal.h"
#include "read_cell.h"
#include "diff.h"
#include "dump.h"
#include "explain.h"
#include "i18n.h"
#include "load.h"
#include "mem.h"
#include "outdir.h"
#include "output.h"
#include "parallel.h"
#include "policy.h"
#include "progress.h"
#include "report.h"
#include "skeleton.h"
#include "datafile.h"
#include "write_template.h"
#include "row.h"
#include "utf8.h"

/* The public header states the formats again: they agree. */
_Static_assert((int)SCORE_FORMAT_CSV == (int)SHEET_CSV && (int)SCORE_FORMAT_JSON == (int)SHEET_JSON &&
		       (int)SCORE_FORMAT_TABLE == (int)SHEET_TABLE && (int)SCORE_FORMAT_JSONL == (int)SHEET_JSONL &&
		       (int)SCORE_FORMAT_XLSX == (int)SHEET_XLSX && (int)SCORE_FORMAT_HTML == (int)SHEET_HTML,
	       "score.h's formats are write_rows.h's, in order");

#ifndef SCORE_VERSION
#define SCORE_VERSION "0.2.0"
#endif

/* ---- policies ---------------------------------------------------------------- */

struct score_policy {
	prog *prog;          /* NULL when loading failed */
	diag_log *log;       /* its messages: prog->diag when loaded */
	score_message *msgs;
	size_t nmsgs;
	char **weights;      /* each indicator's weight as written, made on first asking (owned) */
};

/* The front end's options from the public ones; false when an allow path
 * does not exist (reported in log). */
static bool build_options(const score_options *o, policy_options *build, load_reach *reach, diag_log *log)
{
	/* every value is made after a policy's options are read: the one place
	 * to choose the number path (SCORE_DECIMAL=gmp forces the general one) */
	const char *path = getenv("SCORE_DECIMAL");
	if (path && strcmp(path, "gmp") == 0)
		dec_force_gmp(true);
	memset(build, 0, sizeof *build);
	memset(reach, 0, sizeof *reach);
	if (!o)
		return true;
	build->model.warnings = o->warnings;
	build->model.lua_instructions = o->lua_instructions;
	build->model.lua_memory_mib = o->lua_memory_mib;
	build->model.lua_depth = o->lua_depth;
	build->model.reach = reach;
	build->messages = o->messages_to;
	for (size_t i = 0; i < o->nallow_paths; i++)
		if (!load_reach_add(reach, o->allow_paths[i])) {
			if (log)
				diag_error(log, SRCLOC_NONE, "--allow-path: no folder '%s'", o->allow_paths[i]);
			return false;
		}
	return true;
}

static int load(score_policy **out, const char *name, const char *path, const char *text, size_t len,
		const score_options *opts)
{
	mem_install_gmp();
	score_policy *pol = mem_calloc(1, sizeof *pol);
	*out = pol;
	diag_log *log = diag_log_new();
	diag_keep(log, opts && opts->print_messages);
	if (opts && opts->messages_to)
		diag_set_stream(log, opts->messages_to);
	policy_options build;
	load_reach reach;
	int status = SCORE_OK;
	bool unreadable = false;
	if (!build_options(opts, &build, &reach, log)) {
		status = SCORE_ERR_USAGE;
	} else {
		pol->prog = path ? policy_compile_file(log, path, &build, &unreadable)
				 : policy_compile_text(log, name, text, len, &build);
		if (!pol->prog)
			status = unreadable ? SCORE_ERR_IO : SCORE_ERR_POLICY;
	}
	load_reach_free(&reach);
	pol->log = log;
	pol->nmsgs = diag_kept_count(log);
	pol->msgs = mem_calloc(pol->nmsgs + 1, sizeof *pol->msgs);
	for (size_t i = 0; i < pol->nmsgs; i++) {
		const diag_message *m = diag_kept(log, i);
		pol->msgs[i] = (score_message){(score_message_kind)m->kind, m->file, m->line, m->column, m->text};
	}
	return status;
}

int score_policy_load_file(score_policy **out, const char *path, const score_options *opts)
{
	return load(out, path, path, NULL, 0, opts);
}

int score_policy_load_text(score_policy **out, const char *name, const char *text, size_t len,
			   const score_options *opts)
{
	return load(out, name, NULL, text, len, opts);
}

void score_policy_free(score_policy *pol)
{
	if (!pol)
		return;
	for (int i = 0; pol->weights && i < pol->prog->nnodes; i++)
		mem_free(pol->weights[i]);
	mem_free(pol->weights);
	if (pol->prog)
		prog_free(pol->prog); /* and its log */
	else
		diag_log_free(pol->log);
	mem_free(pol->msgs);
	mem_free(pol);
}

size_t score_message_count(const score_policy *pol)
{
	return pol ? pol->nmsgs : 0;
}

const score_message *score_message_get(const score_policy *pol, size_t i)
{
	return pol && i < pol->nmsgs ? &pol->msgs[i] : NULL;
}

int score_input_count(const score_policy *pol)
{
	return pol->prog ? pol->prog->ninputs : 0;
}

const char *score_input_column(const score_policy *pol, int i)
{
	return pol->prog && i >= 0 && i < pol->prog->ninputs ? pol->prog->inputs[i].column : NULL;
}

int score_indicator_count(const score_policy *pol)
{
	return pol->prog ? pol->prog->nnodes : 0;
}

const char *score_indicator_path(const score_policy *pol, int i)
{
	return pol->prog && i >= 0 && i < pol->prog->nnodes ? pol->prog->nodes[i].path : NULL;
}

const char *score_indicator_weight(const score_policy *pol, int i)
{
	if (!pol->prog || i < 0 || i >= pol->prog->nnodes)
		return NULL;
	/* each its own string, kept as long as the policy: two can be held at once */
	score_policy *mut = (score_policy *)pol;
	if (!mut->weights)
		mut->weights = mem_calloc((size_t)pol->prog->nnodes, sizeof *mut->weights);
	if (!mut->weights[i]) {
		strbuf sb = STRBUF_INIT;
		dec_format(&sb, &pol->prog->nodes[i].weight);
		mut->weights[i] = sb_take(&sb);
	}
	return mut->weights[i];
}

/* ---- scoring rows ----------------------------------------------------------- */

/* The strings a row's results are returned in: one for each indicator,
 * one for the total, one for the explanation, so that results of one row
 * can be held together; each lives until the evaluator's next row. */
struct score_eval {
	const prog *p;
	row *v;
	strbuf err, total, explanation, total_explanation;
	strbuf *node, *node_weight, *node_explanation; /* by indicator */
};

score_eval *score_eval_new(const score_policy *pol)
{
	if (!pol || !pol->prog)
		return NULL;
	score_eval *ev = mem_calloc(1, sizeof *ev);
	ev->p = pol->prog;
	ev->v = row_new(pol->prog);
	size_t n = (size_t)(pol->prog->nnodes ? pol->prog->nnodes : 1);
	ev->node = mem_calloc(n, sizeof *ev->node);
	ev->node_weight = mem_calloc(n, sizeof *ev->node_weight);
	ev->node_explanation = mem_calloc(n, sizeof *ev->node_explanation);
	row_set_tracing(ev->v, true);
	score_eval_clear(ev);
	return ev;
}

void score_eval_free(score_eval *ev)
{
	if (!ev)
		return;
	row_free(ev->v);
	sb_free(&ev->err);
	sb_free(&ev->total);
	sb_free(&ev->explanation);
	sb_free(&ev->total_explanation);
	for (int i = 0; i < ev->p->nnodes; i++) {
		sb_free(&ev->node[i]);
		sb_free(&ev->node_weight[i]);
		sb_free(&ev->node_explanation[i]);
	}
	mem_free(ev->node);
	mem_free(ev->node_weight);
	mem_free(ev->node_explanation);
	mem_free(ev);
}

void score_eval_clear(score_eval *ev)
{
	for (int i = 0; i < ev->p->ninputs; i++) {
		if (ev->p->inputs[i].type == IN_ID)
			continue;
		sb_clear(&ev->err);
		cell_result cr = row_set_cell(ev->v, i, "", 0, &ev->err);
		row_set_missing(ev->v, i, cr != CELL_OK);
	}
	sb_clear(&ev->err);
}

int score_eval_set(score_eval *ev, const char *column, const char *cell)
{
	sb_clear(&ev->err);
	for (int i = 0; i < ev->p->ninputs; i++) {
		const prog_input *in = &ev->p->inputs[i];
		if (strcmp(in->column, column) != 0)
			continue;
		if (in->type == IN_ID)
			return SCORE_OK;
		strbuf why = STRBUF_INIT;
		cell_result cr = row_set_cell(ev->v, i, cell, strlen(cell), &why);
		if (cr == CELL_BAD)
			sb_printf(&ev->err, _("column %s: %s"), column, why.data);
		sb_free(&why);
		return cr == CELL_BAD ? SCORE_ERR_DATA : SCORE_OK;
	}
	sb_printf(&ev->err, _("no input reads column '%s'"), column);
	return SCORE_ERR_DATA;
}

bool score_policy_needs_population(const score_policy *pol)
{
	return pol && pol->prog && pol->prog->naggs > 0;
}

int score_eval_run(score_eval *ev)
{
	sb_clear(&ev->err);
	if (ev->p->naggs > 0) {
		sb_puts(&ev->err, _("the policy has rules over all units (rank, mean …): score a file of them "
				    "(score_run), not one row"));
		return SCORE_ERR_USAGE;
	}
	if (row_score(ev->v))
		return SCORE_OK;
	sb_puts(&ev->err, row_error(ev->v));
	return SCORE_ERR_DATA;
}

const char *score_eval_error(const score_eval *ev)
{
	return sb_text(&ev->err);
}

const char *score_eval_total(score_eval *ev)
{
	sb_clear(&ev->total);
	dec_format(&ev->total, row_total(ev->v));
	return ev->total.data;
}

const char *score_eval_grade(const score_eval *ev)
{
	int g = row_grade(ev->v);
	return g >= 0 ? ev->p->grades[g].label : "";
}

const char *score_eval_indicator(score_eval *ev, int i)
{
	if (i < 0 || i >= ev->p->nnodes || row_node_status(ev->v, i) == ROW_NA)
		return NULL;
	sb_clear(&ev->node[i]);
	dec_format(&ev->node[i], row_node_score(ev->v, i));
	return ev->node[i].data;
}

score_status score_eval_indicator_status(const score_eval *ev, int i)
{
	if (i < 0 || i >= ev->p->nnodes)
		return SCORE_NOT_APPLICABLE;
	row_status st = row_node_status(ev->v, i);
	return st == ROW_NA ? SCORE_NOT_APPLICABLE : st == ROW_ZERO ? SCORE_ZEROED : SCORE_SCORED;
}

const char *score_eval_indicator_weight(score_eval *ev, int i)
{
	if (i < 0 || i >= ev->p->nnodes)
		return NULL;
	sb_clear(&ev->node_weight[i]);
	dec_format(&ev->node_weight[i], row_weight(ev->v, i));
	return ev->node_weight[i].data;
}

const char *score_eval_indicator_explanation(score_eval *ev, int i)
{
	if (i < 0 || i >= ev->p->nnodes)
		return NULL;
	sb_clear(&ev->node_explanation[i]);
	explain_node(&ev->node_explanation[i], ev->p, ev->v, i);
	return sb_text(&ev->node_explanation[i]);
}

const char *score_eval_total_explanation(score_eval *ev)
{
	sb_clear(&ev->total_explanation);
	explain_total(&ev->total_explanation, ev->p, ev->v);
	return sb_text(&ev->total_explanation);
}

const char *score_eval_explanation(score_eval *ev)
{
	sb_clear(&ev->explanation);
	explain_row(&ev->explanation, ev->p, ev->v);
	return sb_text(&ev->explanation);
}

/* ---- the commands ------------------------------------------------------------ */

/* What every command builds its policies with. */
typedef struct command_setup {
	policy_options build;
	load_reach reach;
} command_setup;

static bool setup(command_setup *set, const score_command *cmd)
{
	mem_install_gmp();
	if (build_options(&cmd->policy, &set->build, &set->reach, NULL))
		return true;
	load_reach_free(&set->reach);
	return false;
}

static void setup_free(command_setup *set)
{
	load_reach_free(&set->reach);
}

/* The command's policy, built with its options; NULL with *status set. */
/* units: score check DATA's count of the data's units (0: unknown). */
static prog *build_checked(const char *policy, const score_command *cmd, bool warnings, long units, int *status)
{
	command_setup set;
	if (!setup(&set, cmd)) {
		*status = SCORE_ERR_USAGE;
		return NULL;
	}
	set.build.model.warnings = warnings;
	set.build.model.units = units;
	prog *p = policy_build(policy, &set.build, status);
	setup_free(&set);
	return p;
}

static prog *build_policy(const char *policy, const score_command *cmd, bool warnings, int *status)
{
	return build_checked(policy, cmd, warnings, 0, status);
}

/* The units of a data file for a policy's rules over all units: the rows
 * whose cells all read, counted quietly (the check that follows reports
 * what is wrong); 0 when it cannot tell (no such rules, standard input, a
 * file or header it cannot read). */
static long data_units(const char *policy, const char *data, const score_command *cmd)
{
	if (!data || strcmp(data, "-") == 0)
		return 0;
	int saved = output_mute_stderr(), status;
	long units = 0;
	prog *p = build_policy(policy, cmd, false, &status);
	datafile_file d;
	datafile_source src = {cmd->encoding, cmd->delimiter, cmd->sheet};
	if (p && p->naggs > 0 && datafile_open(&d, data, &src, false)) {
		if (datafile_header(&d, p)) {
			row *v = row_new(p);
			datafile_driver r;
			datafile_driver_init(&r, &d, p, v, false);
			datafile_step step;
			while ((step = datafile_drive(&r)) != ROWS_END)
				units += step == ROWS_READY;
			if (r.read_error)
				units = 0;
			datafile_driver_free(&r);
			row_free(v);
		}
		datafile_close(&d);
	}
	prog_free(p);
	output_unmute_stderr(saved);
	return units;
}

/* The three commands that write files set their language for their run. */
static int run_in_language(const char *policy, const char *data, const score_command *cmd);
static int template_in_language(const char *policy, const score_command *cmd);
static int diff_in_language(const char *old_policy, const char *new_policy, const char *data, const score_command *cmd);

int score_run(const char *policy, const char *data, const score_command *cmd)
{
	bool was = i18n_files_in_english();
	i18n_files_english(cmd->english);
	int status = run_in_language(policy, data, cmd);
	i18n_files_english(was);
	return status;
}

int score_template(const char *policy, const score_command *cmd)
{
	bool was = i18n_files_in_english();
	i18n_files_english(cmd->english);
	int status = template_in_language(policy, cmd);
	i18n_files_english(was);
	return status;
}

int score_diff(const char *old_policy, const char *new_policy, const char *data, const score_command *cmd)
{
	bool was = i18n_files_in_english();
	i18n_files_english(cmd->english);
	int status = diff_in_language(old_policy, new_policy, data, cmd);
	i18n_files_english(was);
	return status;
}

/* Refuses what -f xlsx and a folder (-o NAME/) cannot write. */
static int run_output_usage(const score_command *cmd)
{
	if (cmd->format == SCORE_FORMAT_XLSX && (!cmd->output || strcmp(cmd->output, "-") == 0 ||
						  output_is_descriptor(cmd->output) || cmd->bom || cmd->output_encoding)) {
		fprintf(stderr, "%s", cmd->bom || cmd->output_encoding
			? _("score: --bom and --output-encoding are for text output, not -f xlsx\n")
			: _("score: -f xlsx writes a workbook to a file: name it with -o FILE.xlsx\n"));
		return SCORE_ERR_USAGE;
	}
	if (outdir_wanted(cmd->output) && (cmd->format != SCORE_FORMAT_HTML || cmd->bom || cmd->output_encoding)) {
		fprintf(stderr, "%s", _("score: a folder (-o NAME/) holds an HTML report: use it with -f html alone\n"));
		return SCORE_ERR_USAGE;
	}
	return SCORE_OK;
}

/* Where a run writes: the file (never one the run reads), or -o 报告/'s
 * folder and its index.html. */
static int run_output_open(const prog *p, const char *data, const score_command *cmd, outdir **dir, FILE **out)
{
	if (outdir_wanted(cmd->output)) {
		*dir = outdir_open(cmd->output);
		if (!*dir)
			return SCORE_ERR_IO;
	}
	size_t ninputs;
	const char **inputs = prog_read_files(p, NULL, data, &ninputs);
	const diag_log *logs[] = {p->diag};
	*out = *dir ? outdir_file(*dir, "index.html") : output_open(cmd->output, inputs, ninputs, logs, 1);
	mem_free(inputs);
	if (*out)
		return SCORE_OK;
	if (*dir) {
		fprintf(stderr, _("score: cannot write '%s': %s\n"), cmd->output, strerror(errno));
		outdir_close(*dir, false);
		*dir = NULL;
	}
	return SCORE_ERR_IO;
}

/* The counts of a run: rows seen, rows not scored. */
typedef struct run_counts {
	long rows, bad;
} run_counts;

/* A row the driver skipped: reported on stderr (by the driver) and in the
 * report, with its id and, for the workbook and the page, the reason in
 * their language. */
static void run_skip(datafile_driver *r, report *rep, const score_command *cmd, const char **ids, size_t *idlens)
{
	const prog *p = r->policy[0].p;
	datafile_report_skip(r);
	strbuf idtext = STRBUF_INIT, reason = STRBUF_INIT;
	if (r->stage != ROWS_AT_RECORD && p->nids) {
		datafile_ids(&r->d->cur, p, r->d->col_of_input, ids, idlens);
		sb_putn(&idtext, ids[0], idlens[0]);
	}
	if (cmd->format == SCORE_FORMAT_XLSX || cmd->format == SCORE_FORMAT_HTML)
		datafile_reason_for_files(r, &reason);
	report_skip(rep, datafile_row(r->d), sb_text(&idtext), sb_text(&reason));
	sb_free(&idtext);
	sb_free(&reason);
}

/* Every row in turn on this thread (or on cmd->threads, where the output
 * streams); SCORE_ERR_IO when the data could not be read to its end. */
static int run_rows(datafile_driver *r, report *rep, const score_command *cmd, run_counts *n)
{
	const prog *p = r->policy[0].p;
	bool streams = cmd->format == SCORE_FORMAT_CSV || cmd->format == SCORE_FORMAT_JSON ||
		       cmd->format == SCORE_FORMAT_JSONL;
	parallel_result par;
	progress pg;
	progress_begin(&pg, cmd->quiet, r->d->csv ? r->d->f : NULL);
	if (cmd->threads > 1 && streams && !cmd->strict &&
	    parallel_score(r, rep, (sheet_format)cmd->format, cmd->explain, cmd->explain, cmd->threads, &pg, &par)) {
		progress_end(&pg);
		n->rows = par.rows;
		n->bad = par.bad;
		return r->read_error ? SCORE_ERR_IO : SCORE_OK;
	}
	const char **ids = mem_calloc((size_t)p->nids + 1, sizeof *ids);
	size_t *idlens = mem_calloc((size_t)p->nids + 1, sizeof *idlens);
	for (;;) {
		datafile_step step = datafile_drive(r);
		progress_row(&pg);
		if (step == ROWS_END)
			break;
		if (step == ROWS_SKIPPED) {
			run_skip(r, rep, cmd, ids, idlens);
			n->bad += r->lost;
			n->rows += r->lost;
			if (cmd->strict)
				break;
			continue;
		}
		n->rows++;
		datafile_ids(&r->d->cur, p, r->d->col_of_input, ids, idlens);
		report_row(rep, datafile_row(r->d), ids, idlens, r->policy[0].v);
	}
	progress_end(&pg);
	mem_free(ids);
	mem_free(idlens);
	return r->read_error ? SCORE_ERR_IO : SCORE_OK;
}

/* Scores the open data into the open output and closes it: kept when the
 * run completes (rows reported included, but not under --strict). */
static int run_report(const prog *p, datafile_file *d, const score_command *cmd, outdir *dir, FILE *out)
{
	/* a workbook ranks the totals (排名), from a first pass over one snapshot */
	bool rank_totals = cmd->format == SCORE_FORMAT_XLSX;
	int status = SCORE_OK;
	row *v = row_new(p);
	/* a 评分表 (HTML, XLSX's unit sheets) gives each leaf's 扣分说明 */
	row_set_tracing(v, cmd->explain || cmd->format == SCORE_FORMAT_HTML ||
				   (cmd->format == SCORE_FORMAT_XLSX && cmd->unit_sheets));
	FILE *w = output_encoding_begin(out, cmd->bom, cmd->output_encoding);
	ranking places = RANKING_INIT;
	report *rep = NULL;
	datafile_driver r;
	datafile_driver_init(&r, d, p, v, true);
	run_counts n = {0, 0};
	if (!w) {
		status = SCORE_ERR_IO;
		goto close;
	}
	report_options ro = {cmd->explain, cmd->unit_sheets, cmd->signatures, dir, rank_totals ? &places : NULL};
	rep = report_new(p, w, (sheet_format)cmd->format, &ro);
	if (rank_totals)
		r.totals = &places;
	status = run_rows(&r, rep, cmd, &n);
	bool written = report_finish(rep);
	written = output_encoding_end(w, out, cmd->output_encoding) && written;
	if (!written) {
		fprintf(stderr, _("score: cannot write the output: %s\n"), strerror(errno));
		status = SCORE_ERR_IO;
	}
	if (n.bad && status == SCORE_OK) {
		status = SCORE_ERR_DATA;
		if (cmd->strict)
			fprintf(stderr, "%s", _("score: stopped at the first row that could not be scored (--strict)\n"));
		else
			fprintf(stderr, P_("score: %ld of %ld row not scored (listed above)\n", "score: %ld of %ld rows not scored (listed above)\n", n.rows), n.bad, n.rows);
	}
close:;
	bool keep = status == SCORE_OK || (status == SCORE_ERR_DATA && !cmd->strict);
	if (dir) {
		if (!outdir_close_file(dir, out) && keep && status != SCORE_ERR_IO) {
			fprintf(stderr, _("score: cannot write the output: %s\n"), strerror(errno));
			status = SCORE_ERR_IO;
		}
		if (!outdir_close(dir, keep && status != SCORE_ERR_IO))
			status = SCORE_ERR_IO;
	} else if (!output_close(out, cmd->output, keep) && status == SCORE_OK) {
		status = SCORE_ERR_IO;
	}
	datafile_driver_free(&r);
	report_free(rep);
	ranking_free(&places);
	row_free(v);
	return status;
}

static int run_in_language(const char *policy, const char *data, const score_command *cmd)
{
	int status;
	prog *p = build_policy(policy, cmd, false, &status);
	if (!p)
		return status;
	datafile_file d;
	datafile_source src = {cmd->encoding, cmd->delimiter, cmd->sheet};
	/* rules over all units, and a workbook's 排名, read the rows twice */
	if (!datafile_open(&d, data, &src, p->naggs > 0 || cmd->format == SCORE_FORMAT_XLSX)) {
		prog_free(p);
		return SCORE_ERR_IO;
	}
	outdir *dir = NULL;
	FILE *out = NULL;
	status = datafile_header(&d, p) ? run_output_usage(cmd) : datafile_header_failed(&d);
	if (status == SCORE_OK)
		status = run_output_open(p, data, cmd, &dir, &out);
	if (status == SCORE_OK)
		status = run_report(p, &d, cmd, dir, out);
	datafile_close(&d);
	prog_free(p);
	return status;
}

static int template_in_language(const char *policy, const score_command *cmd)
{
	bool csv = cmd->format == SCORE_FORMAT_CSV;
	if (!csv && cmd->format != SCORE_FORMAT_XLSX) {
		fprintf(stderr, "%s", _("score: template writes a workbook (-f xlsx, the default) or CSV (-f csv)\n"));
		return SCORE_ERR_USAGE;
	}
	if (!csv && (!cmd->output || strcmp(cmd->output, "-") == 0 || output_is_descriptor(cmd->output))) {
		fprintf(stderr, "%s", _("score: template writes a workbook to a file: name it with -o FILE.xlsx (or -f csv)\n"));
		return SCORE_ERR_USAGE;
	}
	int status;
	prog *p = build_policy(policy, cmd, false, &status);
	if (!p)
		return status;
	size_t ninputs;
	const char **inputs = prog_read_files(p, NULL, cmd->ids, &ninputs);
	const diag_log *logs[] = {p->diag};
	FILE *out = output_open(cmd->output, inputs, ninputs, logs, 1);
	mem_free(inputs);
	if (!out) {
		prog_free(p);
		return SCORE_ERR_IO;
	}
	bool ok = template_write(out, p, csv, cmd->ids);
	if (!output_close(out, cmd->output, ok) && ok) {
		fprintf(stderr, _("score: cannot write the form: %s\n"), strerror(errno ? errno : EIO));
		ok = false;
	}
	prog_free(p);
	return ok ? SCORE_OK : SCORE_ERR_IO;
}

int score_dump(const char *policy, const score_command *cmd)
{
	int status;
	prog *p = build_policy(policy, cmd, false, &status);
	if (!p)
		return status;
	dump_program(p, stdout);
	prog_free(p);
	return SCORE_OK;
}

/* score check -f json: the policy's messages and the summary as one JSON
 * object on standard output, for tools that drive score. */
static int check_json(const char *policy, const score_command *cmd, command_setup *set)
{
	diag_log *log = diag_log_new();
	diag_keep(log, false);
	bool unreadable = false;
	prog *p = policy_compile_file(log, policy, &set->build, &unreadable);
	int errors = diag_error_count(log), warnings = diag_warning_count(log);
	int status = p ? (warnings && cmd->werror ? SCORE_ERR_POLICY : SCORE_OK)
		       : unreadable ? SCORE_ERR_IO : SCORE_ERR_POLICY;
	static const char *const kinds[] = {"error", "warning", "note"};
	strbuf out = STRBUF_INIT;
	sb_puts(&out, "{\"policy\": ");
	sb_json_string(&out, policy, strlen(policy));
	sb_printf(&out, ", \"ok\": %s, \"errors\": %d, \"warnings\": %d", status == SCORE_OK ? "true" : "false",
		  errors, warnings);
	if (p)
		sb_printf(&out, ", \"indicators\": %d, \"inputs\": %d", p->nnodes, p->ninputs);
	sb_puts(&out, ", \"messages\": [");
	for (size_t i = 0; i < diag_kept_count(log); i++) {
		const diag_message *m = diag_kept(log, i);
		sb_puts(&out, i ? ",\n  {\"kind\": \"" : "\n  {\"kind\": \"");
		sb_puts(&out, kinds[m->kind]);
		sb_puts(&out, "\", \"file\": ");
		if (m->file)
			sb_json_string(&out, m->file, strlen(m->file));
		else
			sb_puts(&out, "null");
		sb_printf(&out, ", \"line\": %d, \"column\": %d, \"message\": ", m->line, m->column);
		sb_json_string(&out, m->text, strlen(m->text));
		sb_putc(&out, '}');
	}
	sb_puts(&out, diag_kept_count(log) ? "\n]}\n" : "]}\n");
	fputs(out.data, stdout);
	sb_free(&out);
	if (p)
		prog_free(p); /* and its log */
	else
		diag_log_free(log);
	return status;
}

int score_check(const char *policy, const char *data, const score_command *cmd)
{
	if (cmd->format == SCORE_FORMAT_JSON) {
		if (data) {
			fprintf(stderr, "%s\n", _("score: check -f json checks a policy alone (no data file)"));
			return SCORE_ERR_USAGE;
		}
		command_setup set;
		if (!setup(&set, cmd))
			return SCORE_ERR_USAGE;
		set.build.model.warnings = true;
		int rc = check_json(policy, cmd, &set);
		setup_free(&set);
		return rc;
	}
	int status;
	/* with data, a rank is at most its units: check no further than they reach */
	prog *p = build_checked(policy, cmd, true, data_units(policy, data, cmd), &status);
	if (!p)
		return status;
	status = SCORE_OK;
	if (data) {
		datafile_file d;
		datafile_source src = {cmd->encoding, cmd->delimiter, cmd->sheet};
		if (!datafile_open(&d, data, &src, false)) {
			prog_free(p);
			return SCORE_ERR_IO;
		}
		if (!datafile_header(&d, p)) {
			status = datafile_header_failed(&d);
		} else {
			row *v = row_new(p);
			datafile_driver r;
			datafile_driver_init(&r, &d, p, v, false);
			datafile_step step;
			while ((step = datafile_drive(&r)) != ROWS_END)
				if (step == ROWS_SKIPPED) {
					datafile_report_skip(&r);
					status = SCORE_ERR_DATA;
				}
			if (r.read_error)
				status = SCORE_ERR_IO;
			datafile_driver_free(&r);
			row_free(v);
		}
		datafile_close(&d);
	}
	int warnings = diag_warning_count(p->diag);
	if (warnings && cmd->werror && status == SCORE_OK)
		status = SCORE_ERR_POLICY;
	fprintf(stderr, "%s: ", strcmp(policy, "-") == 0 ? "<stdin>" : policy);
	fprintf(stderr, P_("%d indicator", "%d indicators", p->nnodes), p->nnodes);
	fprintf(stderr, P_(", %d input", ", %d inputs", p->ninputs), p->ninputs);
	fprintf(stderr, P_(", %d warning", ", %d warnings", warnings), warnings);
	fprintf(stderr, "%s\n", status == SCORE_OK ? "" : _(" (failed)"));
	prog_free(p);
	return status;
}


int score_test(const char *policy, const char *cases, const score_command *cmd)
{
	command_setup set;
	if (!setup(&set, cmd))
		return SCORE_ERR_USAGE;
	cases_options co = {cmd->update, cmd->coverage, &set.build, cmd->encoding, cmd->delimiter, cmd->sheet};
	int rc = cases_run(policy, cases, &co);
	setup_free(&set);
	return rc;
}

int score_init(const char *table, const score_command *cmd)
{
	bool was = i18n_files_in_english();
	i18n_files_english(cmd->english);
	datafile_file d;
	datafile_source src = {cmd->encoding, cmd->delimiter, cmd->sheet};
	int status = SCORE_ERR_IO;
	if (!datafile_open(&d, table, &src, false))
		goto done;
	const char *inputs[] = {table};
	FILE *out = output_open(cmd->output, inputs, strcmp(table, "-") == 0 ? 0 : 1, NULL, 0);
	if (!out) {
		datafile_close(&d);
		goto done;
	}
	/* the file's name without its folder and ending, when the table has no title */
	const char *base = strrchr(table, '/') ? strrchr(table, '/') + 1 : table;
	char *title = mem_strndup(base, strcspn(base, "."));
	status = skeleton_write(&d, title, out);
	mem_free(title);
	datafile_close(&d);
	if (!output_close(out, cmd->output, status == SCORE_OK) && status == SCORE_OK) {
		fprintf(stderr, _("score: cannot write the output: %s\n"), strerror(errno));
		status = SCORE_ERR_IO;
	}
	/* what check says of it, for the author's next step */
	if (status == SCORE_OK && cmd->output && strcmp(cmd->output, "-") != 0 && !output_is_descriptor(cmd->output)) {
		score_command check = *cmd;
		check.werror = false;
		int checked = score_check(cmd->output, NULL, &check);
		status = checked == SCORE_ERR_POLICY ? checked : status;
	}
done:
	i18n_files_english(was);
	return status;
}

static int diff_in_language(const char *old_policy, const char *new_policy, const char *data, const score_command *cmd)
{
	command_setup set;
	if (!setup(&set, cmd))
		return SCORE_ERR_USAGE;
	diff_options dopt = {(sheet_format)cmd->format, cmd->output, cmd->encoding, cmd->delimiter, cmd->sheet, cmd->bom,
			     cmd->output_encoding, &set.build};
	int rc = diff_run(old_policy, new_policy, data, &dopt);
	setup_free(&set);
	return rc;
}

void score_on_out_of_memory(void (*handler)(size_t requested))
{
	mem_on_failure(handler);
}

void score_use_locale(void)
{
	i18n_init();
}

bool score_encoding_known(const char *encoding)
{
	iconv_t cd = utf8_iconv_open("UTF-8", encoding);
	if (cd == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

const char *score_version(void)
{
	return SCORE_VERSION;
}
