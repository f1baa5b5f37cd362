/* main: the `score` command, a client of include/score.h like any other:
 * it reads the command line and runs one of the library's commands. */
#include <errno.h>
#include <getopt.h>
#include <libintl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../include/score.h"

/* the library's catalog: the command's messages are translated with it */
#define _(msgid) dgettext("score", msgid)
#define N_(msgid) (msgid)

static const char *const usage_text = N_(
	"Usage: score [run] [options] POLICY.rule DATA.csv|DATA.xlsx\n"
	"  or:  score check [--werror] POLICY.rule [DATA.csv]\n"
	"  or:  score dump POLICY.rule\n"
	"  or:  score test [--update] [--coverage] POLICY.rule CASES.csv\n"
	"  or:  score diff [options] OLD.rule NEW.rule DATA.csv\n"
	"  or:  score template [-o FORM.xlsx] [--ids FILE] POLICY.rule\n"
	"Score every row of DATA (run), find a policy's mistakes without scoring\n"
	"(check), print its bytecode (dump), check expected scores (test), show\n"
	"what a rubric change does (diff), or write the form a unit fills in\n"
	"(template). score COMMAND --help: one command's help.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE   write to FILE (replaced only when the run completes);\n"
	"                      a NAME/ takes an html report as a folder, a page per unit\n"
	"  -f, --format FMT    csv (default), json, jsonl (a JSON object a line), table\n"
	"                      xlsx (an Excel workbook, with -o FILE.xlsx) or html (a\n"
	"                      report: overview, charts, each unit's 评分表)\n"
	"      --unit-sheets   (xlsx) add one 评分表 sheet per unit (at most 1000)\n"
	"      --signatures    (xlsx, html) lines to sign under each 评分表 (评价人, 复核人, 日期)\n"
	"      --report-language zh|en  the language of what the output files say\n"
	"                      (labels, 扣分说明, reasons); default zh, whatever LANG says\n"
	"      --strict        stop at the first row that cannot be scored\n"
	"  -e, --explain       add each row's 扣分说明 (why points were lost)\n"
	"  -j, --jobs N        score on N threads (default 1; 0: every core); csv, json\n"
	"                      and jsonl; the same output whatever N\n"
	"      --sheet NAME    the sheet of a DATA workbook (.xlsx) to read (default: the\n"
	"                      first visible one)\n"
	"      --encoding ENC  the data file's encoding, e.g. gb18030 (default UTF-8;\n"
	"                      UTF-16 with a byte-order mark is recognised)\n"
	"      --tsv, --delimiter C  fields separated by tabs, or by C (e.g. ';')\n"
	"      --bom           begin the output with a UTF-8 byte-order mark (Excel)\n"
	"      --output-encoding ENC  write the output in ENC (gb18030: older Excel, WPS)\n"
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

/* Each command's own help (score CMD --help, score help CMD). */
static const struct command_help {
	const char *name;
	const char *text;
} command_helps[] = {
	{"run", N_("usage: score [run] [options] POLICY.rule DATA.csv|DATA.xlsx\n"
		   "Scores every row of DATA (a CSV file or an Excel workbook; - for standard\n"
		   "input) with POLICY and writes one line per row: the ids, each indicator's\n"
		   "score, total and grade.\n\n"
		   "  -o, --output FILE   write to FILE (replaced only when the run completes);\n"
		   "                      a NAME/ takes an html report as a folder, a page per unit\n"
		   "  -f, --format FMT    csv (default), json, jsonl, table or xlsx (with -o FILE.xlsx:\n"
		   "                      sheets 汇总 and 未评分) or html (a report to open offline)\n"
		   "      --unit-sheets   (xlsx) add one 评分表 sheet per unit (at most 1000)\n"
		   "      --signatures    (xlsx, html) lines to sign under each 评分表 (评价人, 复核人, 日期)\n"
		   "      --report-language zh|en  the language of what the output files say\n"
		   "                      (labels, 扣分说明, reasons); default zh, whatever LANG says\n"
		   "  -e, --explain       add each row's 扣分说明 (why points were lost)\n"
		   "      --strict        stop at the first row that cannot be scored\n"
		   "  -j, --jobs N        score on N threads (default 1; 0: every core); csv, json\n"
		   "                      and jsonl; the same output whatever N\n"
		   "      --sheet NAME    the sheet of a DATA workbook to read (default: the first)\n"
		   "      --encoding ENC  the data file's encoding, e.g. gb18030 (default UTF-8)\n"
		   "      --tsv, --delimiter C  fields separated by tabs, or by C (e.g. ';')\n"
		   "      --bom           begin the output with a UTF-8 byte-order mark (Excel)\n"
		   "      --output-encoding ENC  write the output in ENC (gb18030: older Excel, WPS)\n"
		   "      --allow-path DIR  let imports and Lua files come from DIR too\n"
		   "      --lua-instructions N, --lua-memory MiB, --lua-depth N\n"
		   "                      limits of each Lua hook call (default 1000000, 64, 200)\n")},
	{"check", N_("usage: score check [--werror] POLICY.rule [DATA.csv]\n"
		     "Finds a policy's mistakes without scoring: names and types, weights that do\n"
		     "not add up, bands with gaps or overlaps, rules that can leave [0, weight],\n"
		     "grades that do not cover the total; with DATA, also cells it cannot read.\n\n"
		     "      --werror        warnings fail the check (exit 2)\n"
		     "      --encoding ENC  the data file's encoding\n")},
	{"dump", N_("usage: score dump POLICY.rule\n"
		    "Prints the compiled bytecode of every rule, with its source lines.\n")},
	{"test", N_("usage: score test [--update] [--coverage] POLICY.rule CASES.csv\n"
		    "Scores each case and compares the expect:total, expect:grade,\n"
		    "expect:<indicator> and expect:error columns with what it gives.\n\n"
		    "      --update        rewrite the expectations of the cases that fail\n"
		    "      --coverage      list band branches and conditions no case reaches\n")},
	{"template", N_("usage: score template [-o FORM.xlsx] [-f csv] [--ids FILE] POLICY.rule\n"
			"Writes the form each unit fills in, from the policy alone: a workbook with a\n"
			"sheet 填报 (one column per input, ids first, what each takes under its name,\n"
			"a note with the 评分标准 that read it, checks on what is typed) and a sheet\n"
			"说明 (the indicator tree, weights, 评分标准 and grades). The filled form is\n"
			"scored as it is: score POLICY.rule FORM.xlsx.\n\n"
			"  -o, --output FILE   the workbook to write (-f xlsx needs one)\n"
			"  -f, --format FMT    xlsx (default) or csv (the header, and the ids)\n"
			"      --ids FILE      put these ids in the id column, one a line\n"
			"      --report-language zh|en  the language of the form's labels (default zh)\n")},
	{"diff", N_("usage: score diff [options] OLD.rule NEW.rule DATA.csv\n"
		    "Scores DATA with both policies and lists the rows whose scores change,\n"
		    "then a summary: rows changed, largest deltas, grade moves.\n\n"
		    "  -o, --output FILE   write to FILE\n"
		    "  -f, --format FMT    csv (default), json, jsonl or table\n")},
};

static int print_help(const char *command)
{
	const char *text = _(usage_text);
	for (size_t k = 0; command && k < sizeof command_helps / sizeof *command_helps; k++)
		if (strcmp(command, command_helps[k].name) == 0)
			text = _(command_helps[k].text);
	fputs(text, stdout);
	return fflush(stdout) == 0 && !ferror(stdout) ? SCORE_OK : SCORE_ERR_IO;
}

static bool is_command(const char *word)
{
	for (size_t k = 0; k < sizeof command_helps / sizeof *command_helps; k++)
		if (strcmp(word, command_helps[k].name) == 0)
			return true;
	return false;
}

/* At most this many threads (-j). */
#define MAX_THREADS 256

/* At most this many --allow-path folders. */
#define MAX_ALLOW_PATHS 64

typedef struct options {
	const char *command;
	const char *args[3];  /* the policy, then data (or cases), then diff's data */
	int nargs;
	const char *allow[MAX_ALLOW_PATHS];
	score_command cmd;
} options;

static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "score: ");
	vfprintf(stderr, _(fmt), ap);
	fprintf(stderr, "\n%s\n", _("Try 'score --help'."));
	va_end(ap);
	return SCORE_ERR_USAGE;
}

/* The output formats, once: what -f takes, what a file's name asks for
 * (.htm and .xls apart), and the list the messages give. */
static const struct output_format {
	const char *name;
	score_format format;
	const char *ending;  /* of a file's name, or NULL */
} output_formats[] = {
	{"csv", SCORE_FORMAT_CSV, ".csv"},     {"json", SCORE_FORMAT_JSON, ".json"},
	{"jsonl", SCORE_FORMAT_JSONL, ".jsonl"}, {"table", SCORE_FORMAT_TABLE, NULL},
	{"xlsx", SCORE_FORMAT_XLSX, ".xlsx"},  {"html", SCORE_FORMAT_HTML, ".html"},
};
#define NFORMATS (sizeof output_formats / sizeof *output_formats)

/* "csv, json, jsonl, table, xlsx, html" */
static const char *format_names(void)
{
	static char list[96];
	if (!list[0])
		for (size_t k = 0; k < NFORMATS; k++) {
			strcat(list, k ? ", " : "");
			strcat(list, output_formats[k].name);
		}
	return list;
}

static bool is_folder(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A Lua limit: a whole number from 1 to 1,000,000,000, or -1. */
static long limit_of(const char *text)
{
	char *end;
	errno = 0;
	long n = strtol(text, &end, 10);
	return *text && !*end && errno == 0 && n > 0 && n <= 1000000000 ? n : -1;
}

enum { OPT_STRICT = 256, OPT_ENCODING, OPT_DELIMITER, OPT_TSV, OPT_BOM, OPT_OUTPUT_ENCODING, OPT_ALLOW_PATH, OPT_LUA_INSTRUCTIONS, OPT_LUA_MEMORY, OPT_LUA_DEPTH,
       OPT_WERROR, OPT_UPDATE, OPT_COVERAGE, OPT_UNIT_SHEETS, OPT_SIGNATURES, OPT_SHEET, OPT_IDS, OPT_REPORT_LANGUAGE };

static const struct option long_options[] = {
	{"output", required_argument, NULL, 'o'},
	{"format", required_argument, NULL, 'f'},
	{"explain", no_argument, NULL, 'e'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"encoding", required_argument, NULL, OPT_ENCODING},
	{"delimiter", required_argument, NULL, OPT_DELIMITER},
	{"tsv", no_argument, NULL, OPT_TSV},
	{"bom", no_argument, NULL, OPT_BOM},
	{"output-encoding", required_argument, NULL, OPT_OUTPUT_ENCODING},
	{"allow-path", required_argument, NULL, OPT_ALLOW_PATH},
	{"lua-instructions", required_argument, NULL, OPT_LUA_INSTRUCTIONS},
	{"lua-memory", required_argument, NULL, OPT_LUA_MEMORY},
	{"lua-depth", required_argument, NULL, OPT_LUA_DEPTH},
	{"werror", no_argument, NULL, OPT_WERROR},
	{"update", no_argument, NULL, OPT_UPDATE},
	{"coverage", no_argument, NULL, OPT_COVERAGE},
	{"unit-sheets", no_argument, NULL, OPT_UNIT_SHEETS},
	{"signatures", no_argument, NULL, OPT_SIGNATURES},
	{"sheet", required_argument, NULL, OPT_SHEET},
	{"ids", required_argument, NULL, OPT_IDS},
	{"report-language", required_argument, NULL, OPT_REPORT_LANGUAGE},
	{"jobs", required_argument, NULL, 'j'},
	{NULL, 0, NULL, 0},
};

/* The format a file's name asks for: -1 none, -2 one score does not
 * write (.xls). The format's own word decides only where -f is not given;
 * a workbook's name never holds text, nor a text file's a workbook. */
static int format_of_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	for (size_t k = 0; k < NFORMATS; k++) {
		const char *e = output_formats[k].ending;
		if (e && n > strlen(e) && strcasecmp(name + n - strlen(e), e) == 0)
			return (int)output_formats[k].format;
	}
	if (n > 4 && strcasecmp(name + n - 4, ".htm") == 0)
		return SCORE_FORMAT_HTML;
	if (n > 1 && name[n - 1] == '/') /* a folder: the report as pages */
		return SCORE_FORMAT_HTML;
	if (n > 4 && strcasecmp(name + n - 4, ".xls") == 0)
		return -2;
	return -1;
}

/* -1 when the command should run; otherwise the exit status. */
static int parse_args(int argc, char **argv, options *o)
{
	memset(o, 0, sizeof *o);
	o->command = "run";
	score_command *cmd = &o->cmd;
	bool help = false, format_given = false;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":o:f:j:ehV", long_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			help = true; /* once the command is known: its own help */
			break;
		case 'V':
			printf("score %s\n", score_version());
			return fflush(stdout) == 0 && !ferror(stdout) ? SCORE_OK : SCORE_ERR_IO;
		case 'o':
			cmd->output = optarg;
			break;
		case 'f': {
			format_given = true;
			size_t k = 0;
			while (k < NFORMATS && strcmp(optarg, output_formats[k].name) != 0)
				k++;
			if (k == NFORMATS)
				return usage_error("unknown format '%s' (one of: %s)", optarg, format_names());
			cmd->format = output_formats[k].format;
			break;
		}
		case 'e':
			cmd->explain = true;
			break;
		case OPT_STRICT:
			cmd->strict = true;
			break;
		case OPT_ENCODING:
			if (!score_encoding_known(optarg))
				return usage_error("unknown encoding '%s' (iconv names: gb18030, gbk, big5, utf-16…)", optarg);
			cmd->encoding = optarg;
			break;
		case OPT_DELIMITER:
			/* one ASCII character, or \t spelled out */
			if (strcmp(optarg, "\\t") == 0 || strcmp(optarg, "tab") == 0)
				cmd->delimiter = '\t';
			else if (strlen(optarg) == 1 && optarg[0] != '"' && optarg[0] != '\n' && optarg[0] != '\r' &&
				 (unsigned char)optarg[0] < 0x80)
				cmd->delimiter = optarg[0];
			else
				return usage_error("'%s' is not a delimiter (one ASCII character, or \\t)", optarg);
			break;
		case OPT_TSV:
			cmd->delimiter = '\t';
			break;
		case OPT_BOM:
			cmd->bom = true;
			break;
		case OPT_OUTPUT_ENCODING:
			if (!score_encoding_known(optarg))
				return usage_error("unknown encoding '%s' (iconv names: gb18030, gbk, big5, utf-16…)", optarg);
			cmd->output_encoding = optarg;
			break;
		case OPT_ALLOW_PATH:
			if (!is_folder(optarg))
				return usage_error("--allow-path: no folder '%s'", optarg);
			if (cmd->policy.nallow_paths == MAX_ALLOW_PATHS)
				return usage_error("too many --allow-path folders ('%s'): at most 64", optarg);
			o->allow[cmd->policy.nallow_paths++] = optarg;
			break;
		case OPT_LUA_INSTRUCTIONS:
		case OPT_LUA_MEMORY:
		case OPT_LUA_DEPTH: {
			long n = limit_of(optarg);
			if (n < 0)
				return usage_error("'%s' is not a limit (a whole number from 1 to 1000000000)", optarg);
			if (c == OPT_LUA_INSTRUCTIONS)
				cmd->policy.lua_instructions = n;
			else if (c == OPT_LUA_MEMORY)
				cmd->policy.lua_memory_mib = n;
			else
				cmd->policy.lua_depth = (int)n;
			break;
		}
		case OPT_WERROR:
			cmd->werror = true;
			break;
		case OPT_UPDATE:
			cmd->update = true;
			break;
		case OPT_COVERAGE:
			cmd->coverage = true;
			break;
		case OPT_UNIT_SHEETS:
			cmd->unit_sheets = true;
			break;
		case OPT_SIGNATURES:
			cmd->signatures = true;
			break;
		case OPT_SHEET:
			cmd->sheet = optarg;
			break;
		case OPT_IDS:
			cmd->ids = optarg;
			break;
		case OPT_REPORT_LANGUAGE:
			if (strcmp(optarg, "zh") != 0 && strcmp(optarg, "en") != 0)
				return usage_error("--report-language takes zh or en, not '%s'", optarg);
			cmd->english = strcmp(optarg, "en") == 0;
			break;
		case 'j': {
			char *end;
			errno = 0;
			long n = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || n < 0 || n > MAX_THREADS)
				return usage_error("-j: '%s' is not a number of threads (0 for every core, up to 256)", optarg);
			if (n == 0) {
				long cores = sysconf(_SC_NPROCESSORS_ONLN);
				n = cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : cores;
			}
			cmd->threads = (int)n;
			break;
		}
		case ':': { /* an option without its value, named as it was typed */
			const char *as_typed = argv[optind - 1];
			switch (optopt) {
			case 'o': return usage_error("%s needs a file name", as_typed);
			case 'f': return usage_error("%s needs a format, one of: %s", as_typed, format_names());
			case 'j': return usage_error("%s needs a number of threads", as_typed);
			case OPT_ENCODING:
			case OPT_OUTPUT_ENCODING: return usage_error("%s needs an encoding, e.g. gb18030", as_typed);
			case OPT_ALLOW_PATH: return usage_error("%s needs a folder", as_typed);
			case OPT_DELIMITER: return usage_error("%s needs a character, e.g. ';' or \\t", as_typed);
			case OPT_SHEET: return usage_error("%s needs a sheet's name", as_typed);
			case OPT_IDS: return usage_error("%s needs a file of ids", as_typed);
			default: return usage_error("%s needs a number", as_typed);
			}
		}
		default: /* '?' */
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	cmd->policy.allow_paths = o->allow;
	int named_format = format_of_name(cmd->output);
	if (named_format == -2)
		return usage_error("-o %s: score writes workbooks as .xlsx (Excel 2007 and later, WPS)", cmd->output);
	if (named_format >= 0 && !format_given)
		cmd->format = (score_format)named_format;
	else if (named_format >= 0 && named_format != (int)cmd->format &&
		 (named_format == SCORE_FORMAT_XLSX || named_format == SCORE_FORMAT_HTML ||
		  cmd->format == SCORE_FORMAT_XLSX || cmd->format == SCORE_FORMAT_HTML))
		return usage_error("-o %s: the file's name says one format and -f another", cmd->output);
	if (cmd->bom && cmd->output_encoding)
		return usage_error("%s", _("--bom is for UTF-8 output; --output-encoding writes another encoding"));
	if ((cmd->bom || cmd->output_encoding) && cmd->format == SCORE_FORMAT_HTML)
		return usage_error("%s", _("--bom and --output-encoding are for text output: an HTML report is UTF-8, as its page says"));
	/* the command is the first word that is not an option, if it names one */
	if (optind < argc && strcmp(argv[optind], "help") == 0)
		return print_help(optind + 1 < argc ? argv[optind + 1] : NULL);
	bool named = optind < argc && is_command(argv[optind]);
	if (named)
		o->command = argv[optind++];
	if (help)
		return print_help(named ? o->command : NULL);
	int max = strcmp(o->command, "diff") == 0 ? 3 : 2;
	for (; optind < argc; optind++) {
		if (o->nargs == max)
			return usage_error("too many arguments ('%s')", argv[optind]);
		o->args[o->nargs++] = argv[optind];
	}
	if (o->nargs < 1)
		return usage_error("%s", _("no policy given"));
	if (strcmp(o->command, "diff") == 0 && o->nargs < 3)
		return usage_error("%s", _("diff needs OLD.rule NEW.rule DATA.csv"));
	if ((strcmp(o->command, "run") == 0 || strcmp(o->command, "test") == 0) && o->nargs < 2)
		return usage_error("%s", strcmp(o->command, "test") == 0 ? _("no cases file given") : _("no data file given"));
	if (strcmp(o->command, "dump") == 0 && o->nargs > 1)
		return usage_error("%s", _("dump takes only a policy"));
	bool template = strcmp(o->command, "template") == 0;
	if (template && !format_given && named_format < 0)
		cmd->format = SCORE_FORMAT_XLSX;
	if (template && o->nargs > 1)
		return usage_error("%s", _("template takes only a policy"));
	if (cmd->ids && !template)
		return usage_error("%s", _("--ids is for score template"));
	if (template && cmd->format != SCORE_FORMAT_XLSX && cmd->format != SCORE_FORMAT_CSV)
		return usage_error("%s", _("template writes a workbook (-f xlsx, the default) or CSV (-f csv)"));
	if ((cmd->format == SCORE_FORMAT_XLSX || cmd->format == SCORE_FORMAT_HTML) && strcmp(o->command, "run") != 0 &&
	    !template)
		return usage_error("%s", _("-f xlsx and -f html are for scoring (run); check, test and diff write text"));
	return -1;
}

static void out_of_memory(size_t size)
{
	fprintf(stderr, _("score: out of memory (requesting %zu bytes)\n"), size);
	exit(SCORE_ERR_MEMORY);
}

int main(int argc, char **argv)
{
	/* output to a file or a pipe in 64 KiB writes, not the 4 KiB stdio
	 * picks: a file's page cache charges by the write (an --explain run
	 * writes a kilobyte a row); a terminal keeps its lines. (glibc takes
	 * the size only with a buffer.) */
	if (!isatty(STDOUT_FILENO)) {
		static char out_buffer[1 << 16];
		setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
	}
	score_use_locale();
	score_on_out_of_memory(out_of_memory);
	/* past a file-size limit a write fails (EFBIG) and is reported as
	 * any failed write is (exit 4), instead of the signal ending the run */
	signal(SIGXFSZ, SIG_IGN);
	options o;
	int rc = parse_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	const score_command *cmd = &o.cmd;
	if (strcmp(o.command, "dump") == 0)
		rc = score_dump(o.args[0], cmd);
	else if (strcmp(o.command, "template") == 0)
		rc = score_template(o.args[0], cmd);
	else if (strcmp(o.command, "test") == 0)
		rc = score_test(o.args[0], o.args[1], cmd);
	else if (strcmp(o.command, "diff") == 0)
		rc = score_diff(o.args[0], o.args[1], o.args[2], cmd);
	else if (strcmp(o.command, "check") == 0)
		rc = score_check(o.args[0], o.args[1], cmd);
	else
		rc = score_run(o.args[0], o.args[1], cmd);
	/* whatever went to standard output must have arrived (> /dev/full) */
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc != SCORE_ERR_MEMORY && rc != SCORE_ERR_IO) {
		fprintf(stderr, _("score: cannot write to standard output: %s\n"), strerror(errno ? errno : EIO));
		rc = SCORE_ERR_IO;
	}
	return rc;
}
