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

/* The commands: each one's words on the command line, its arguments, and
 * what its help says before the options it takes. */
enum {
	C_RUN = 1, C_CHECK = 2, C_DUMP = 4, C_TEST = 8, C_DIFF = 16, C_TEMPLATE = 32, C_INIT = 64,
	C_POLICY = C_RUN | C_CHECK | C_DUMP | C_TEST | C_DIFF | C_TEMPLATE, /* every command that loads a policy */
	C_DATA = C_RUN | C_CHECK | C_TEST | C_DIFF | C_INIT                 /* every command that reads a table */
};

static const struct command {
	const char *name;
	unsigned bit;
	int min_args, max_args;
	const char *too_few;   /* N_(): said when a policy but fewer than min_args are given */
	const char *too_many;  /* N_(): said when more than max_args are given, or NULL */
	const char *help;      /* N_() */
} commands[] = {
	{"run", C_RUN, 2, 2, N_("no data file given"), NULL, N_("usage: score [run] [options] POLICY.rule DATA.csv|DATA.xlsx\n"
				"Scores every row of DATA (a CSV file or an Excel workbook; - for standard\n"
				"input) with POLICY and writes one line per row: the ids, each indicator's\n"
				"score, total and grade.\n")},
	{"check", C_CHECK, 1, 2, NULL, NULL, N_("usage: score check [--werror] POLICY.rule [DATA.csv]\n"
				    "Finds a policy's mistakes without scoring: names and types, weights that do\n"
				    "not add up, bands with gaps or overlaps, rules that can leave [0, weight],\n"
				    "grades that do not cover the total; with DATA, also cells it cannot read.\n")},
	{"dump", C_DUMP, 1, 1, NULL, N_("dump takes only a policy"), N_("usage: score dump POLICY.rule\n"
				  "Prints the compiled bytecode of every rule, with its source lines.\n")},
	{"test", C_TEST, 2, 2, N_("no cases file given"), NULL, N_("usage: score test [--update] [--coverage] POLICY.rule CASES.csv\n"
				  "Scores each case and compares the expect:total, expect:grade,\n"
				  "expect:<indicator> and expect:error columns with what it gives.\n")},
	{"diff", C_DIFF, 3, 3, N_("diff needs OLD.rule NEW.rule DATA.csv"), NULL, N_("usage: score diff [options] OLD.rule NEW.rule DATA.csv\n"
				  "Scores DATA with both policies and lists the rows whose scores change,\n"
				  "then a summary: rows changed, largest deltas, grade moves.\n")},
	{"template", C_TEMPLATE, 1, 1, NULL, N_("template takes only a policy"), N_("usage: score template [-o FORM.xlsx] [-f csv] [--ids FILE] POLICY.rule\n"
					  "Writes the form each unit fills in, from the policy alone: a workbook with a\n"
					  "sheet 填报 (one column per input, ids first, what each takes under its name,\n"
					  "a note with the 评分标准 that read it, checks on what is typed) and a sheet\n"
					  "说明 (the indicator tree, weights, 评分标准 and grades). The filled form is\n"
					  "scored as it is: score POLICY.rule FORM.xlsx.\n")},
	{"init", C_INIT, 1, 1, NULL, N_("init takes only a rubric table"),
	 N_("usage: score init [-o POLICY.rule] [--sheet NAME] TABLE.xlsx|TABLE.csv\n"
	    "Writes a policy from its printed rubric table: a header row naming 一级指标,\n"
	    "二级指标 … (or 指标名称) and 分值, with 评分标准 and 指标解释 where printed, in any\n"
	    "order, parents in merged cells or written once. Out comes the indicator tree\n"
	    "with its weights and wording, each leaf read from a manual [0, 分值] column:\n"
	    "it runs at once, and each leaf is then replaced by its rule. A file written\n"
	    "is checked as score check would.\n")},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static const char *const usage_head = N_(
	"Usage: score [run] [options] POLICY.rule DATA.csv|DATA.xlsx\n"
	"  or:  score check [--werror] POLICY.rule [DATA.csv]\n"
	"  or:  score dump POLICY.rule\n"
	"  or:  score test [--update] [--coverage] POLICY.rule CASES.csv\n"
	"  or:  score diff [options] OLD.rule NEW.rule DATA.csv\n"
	"  or:  score template [-o FORM.xlsx] [--ids FILE] POLICY.rule\n"
	"  or:  score init [-o POLICY.rule] TABLE.xlsx|TABLE.csv\n"
	"Score every row of DATA (run), find a policy's mistakes without scoring\n"
	"(check), print its bytecode (dump), check expected scores (test), show\n"
	"what a rubric change does (diff), write the form a unit fills in\n"
	"(template), or start a policy from its printed rubric table (init).\n"
	"score COMMAND --help: one command's help.\n");

static const char *const usage_tail = N_(
	"POLICY or DATA may be - for standard input (one of them). Exit status: 0\n"
	"every row scored (test: all passed; diff: nothing changed); 1 some rows or\n"
	"the data file were reported (test: a case failed; diff: something changed);\n"
	"2 the policy has errors; 3 bad command line; 4 a file could not be read or\n"
	"written; 5 out of memory.\n");

enum { OPT_STRICT = 256, OPT_ENCODING, OPT_DELIMITER, OPT_TSV, OPT_BOM, OPT_OUTPUT_ENCODING, OPT_ALLOW_PATH, OPT_LUA_INSTRUCTIONS, OPT_LUA_MEMORY, OPT_LUA_DEPTH,
       OPT_WERROR, OPT_UPDATE, OPT_COVERAGE, OPT_UNIT_SHEETS, OPT_SIGNATURES, OPT_SHEET, OPT_IDS, OPT_REPORT_LANGUAGE };

/* Every option, once: getopt's table, each command's help (and so the
 * manual page, made from it) and the shell completions (score help
 * options, read by scripts/completions.sh) come from here. */
static const struct cli_option {
	const char *name;      /* the long name */
	int key;               /* its letter, or an OPT_ value */
	const char *arg;       /* its value as help names it, or NULL: it takes none */
	const char *complete;  /* what completes the value: words, or @file, @dir; NULL: nothing */
	unsigned commands;     /* whose help lists it (0: the general help only) */
	const char *help;      /* N_(): what it does; a further line after each \n */
	const char *missing;   /* N_(): said when the value is missing, "%s" the option as typed */
} cli_options[] = {
	{"output", 'o', "FILE", "@file", C_RUN | C_DIFF | C_TEMPLATE | C_INIT,
	 N_("write to FILE (replaced only when the run completes);\na NAME/ takes an html report as a folder, a page per unit"),
	 N_("%s needs a file name")},
	{"format", 'f', "FMT", "csv json jsonl table xlsx html", C_RUN | C_CHECK | C_DIFF | C_TEMPLATE,
	 N_("csv (default), json, jsonl (a JSON object a line), table\nxlsx (an Excel workbook, with -o FILE.xlsx) or html (a\n"
	    "report: overview, charts, each unit's 评分表)"),
	 NULL},
	{"unit-sheets", OPT_UNIT_SHEETS, NULL, NULL, C_RUN, N_("(xlsx) add one 评分表 sheet per unit (at most 1000)"), NULL},
	{"signatures", OPT_SIGNATURES, NULL, NULL, C_RUN, N_("(xlsx, html) lines to sign under each 评分表 (评价人, 复核人, 日期)"), NULL},
	{"report-language", OPT_REPORT_LANGUAGE, "zh|en", "zh en", C_RUN | C_DIFF | C_TEMPLATE | C_INIT,
	 N_("the language of what the output files say\n(labels, 扣分说明, reasons); default zh, whatever LANG says"),
	 N_("%s needs a language, zh or en")},
	{"strict", OPT_STRICT, NULL, NULL, C_RUN, N_("stop at the first row that cannot be scored"), NULL},
	{"quiet", 'q', NULL, NULL, C_RUN, N_("no progress line (shown on a terminal for long runs)"), NULL},
	{"explain", 'e', NULL, NULL, C_RUN, N_("add each row's 扣分说明 (why points were lost)"), NULL},
	{"jobs", 'j', "N", NULL, C_RUN,
	 N_("score on N threads (default 1; 0: every core); csv, json\nand jsonl; the same output whatever N"),
	 N_("%s needs a number of threads")},
	{"sheet", OPT_SHEET, "NAME", NULL, C_DATA,
	 N_("the sheet of a DATA workbook (.xlsx) to read (default: the\nfirst visible one)"), N_("%s needs a sheet's name")},
	{"encoding", OPT_ENCODING, "ENC", "gb18030 gbk big5 utf-16", C_DATA,
	 N_("the data file's encoding, e.g. gb18030 (default UTF-8;\nUTF-16 with a byte-order mark is recognised)"),
	 N_("%s needs an encoding, e.g. gb18030")},
	{"tsv", OPT_TSV, NULL, NULL, C_DATA, N_("fields separated by tabs"), NULL},
	{"delimiter", OPT_DELIMITER, "C", NULL, C_DATA, N_("fields separated by C (e.g. ';')"),
	 N_("%s needs a character, e.g. ';' or \\t")},
	{"bom", OPT_BOM, NULL, NULL, C_RUN | C_DIFF, N_("begin the output with a UTF-8 byte-order mark (Excel)"), NULL},
	{"output-encoding", OPT_OUTPUT_ENCODING, "ENC", "gb18030 gbk big5 utf-16", C_RUN | C_DIFF,
	 N_("write the output in ENC (gb18030: older Excel, WPS)"), N_("%s needs an encoding, e.g. gb18030")},
	{"allow-path", OPT_ALLOW_PATH, "DIR", "@dir", C_POLICY,
	 N_("let imports and Lua files come from DIR too (by default\nonly from the policy's folder, $SCORE_PATH and the stdlib)"),
	 N_("%s needs a folder")},
	{"lua-instructions", OPT_LUA_INSTRUCTIONS, "N", NULL, C_POLICY,
	 N_("instructions each Lua hook call may run (default 1000000)"), N_("%s needs a number")},
	{"lua-memory", OPT_LUA_MEMORY, "MiB", NULL, C_POLICY, N_("memory each Lua hook call may hold (default 64)"),
	 N_("%s needs a number")},
	{"lua-depth", OPT_LUA_DEPTH, "N", NULL, C_POLICY, N_("calls each Lua hook call may nest (default 200)"),
	 N_("%s needs a number")},
	{"werror", OPT_WERROR, NULL, NULL, C_CHECK, N_("(check) treat warnings as errors"), NULL},
	{"update", OPT_UPDATE, NULL, NULL, C_TEST, N_("(test) rewrite the expected values with today's scores"), NULL},
	{"coverage", OPT_COVERAGE, NULL, NULL, C_TEST, N_("(test) list band branches and conditions no case reaches"), NULL},
	{"ids", OPT_IDS, "FILE", "@file", C_TEMPLATE, N_("(template) put these ids in the id column, one a line"),
	 N_("%s needs a file of ids")},
	{"help", 'h', NULL, NULL, 0, N_("show this help"), NULL},
	{"version", 'V', NULL, NULL, 0, N_("show the version"), NULL},
};
#define NOPTIONS (sizeof cli_options / sizeof *cli_options)

/* "  -o, --output FILE   " and the help beside it, its further lines under
 * it (the help as translated). */
static void print_option(const struct cli_option *opt)
{
	char head[64];
	int n = opt->key < 256 ? snprintf(head, sizeof head, "  -%c, --%s%s%s", opt->key, opt->name, opt->arg ? " " : "",
					  opt->arg ? opt->arg : "")
			       : snprintf(head, sizeof head, "      --%s%s%s", opt->name, opt->arg ? " " : "",
					  opt->arg ? opt->arg : "");
	printf("%s%*s", head, n < 22 ? 22 - n : 2, "");
	for (const char *line = _(opt->help);;) {
		const char *end = strchr(line, '\n');
		printf("%.*s\n", end ? (int)(end - line) : (int)strlen(line), line);
		if (!end)
			break;
		line = end + 1;
		printf("%22s", "");
	}
}

/* The help of a command (or, for NULL, of score): what it does, then the
 * options it takes. */
static int print_help(const char *command)
{
	const struct command *c = NULL;
	for (size_t k = 0; command && k < NCOMMANDS; k++)
		if (strcmp(command, commands[k].name) == 0)
			c = &commands[k];
	fputs(c ? _(c->help) : _(usage_head), stdout);
	fputs(c ? "\n" : _("\nOptions:\n"), stdout);
	for (size_t k = 0; k < NOPTIONS; k++)
		if (c ? (cli_options[k].commands & c->bit) != 0 : true)
			print_option(&cli_options[k]);
	if (!c)
		printf("\n%s", _(usage_tail));
	return fflush(stdout) == 0 && !ferror(stdout) ? SCORE_OK : SCORE_ERR_IO;
}

/* score help options: the options as scripts/completions.sh reads them,
 * a line each: --name, -x or -, the value's name or -, what completes it or
 * -, the commands whose help lists it. Not translated. */
static int print_options_table(void)
{
	for (size_t k = 0; k < NOPTIONS; k++) {
		const struct cli_option *o = &cli_options[k];
		printf("--%s\t", o->name);
		if (o->key < 256)
			printf("-%c\t", o->key);
		else
			fputs("-\t", stdout);
		printf("%s\t%s\t", o->arg ? o->arg : "-", o->complete ? o->complete : "-");
		for (size_t c = 0, any = 0; c < NCOMMANDS; c++)
			if (o->commands & commands[c].bit)
				printf("%s%s", any++ ? " " : "", commands[c].name);
		printf("\t%.*s\n", (int)strcspn(o->help, "\n"), o->help);
	}
	return fflush(stdout) == 0 && !ferror(stdout) ? SCORE_OK : SCORE_ERR_IO;
}

static const struct command *find_command(const char *word)
{
	for (size_t k = 0; k < NCOMMANDS; k++)
		if (strcmp(word, commands[k].name) == 0)
			return &commands[k];
	return NULL;
}

/* At most this many threads (-j). */
#define MAX_THREADS 256

/* At most this many --allow-path folders. */
#define MAX_ALLOW_PATHS 64

typedef struct options {
	unsigned command;     /* the command's bit (C_RUN …) */
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
	o->command = C_RUN;
	score_command *cmd = &o->cmd;
	bool help = false, format_given = false;
	optind = 1;
	opterr = 0;
	/* getopt's tables, from the options' */
	struct option long_options[NOPTIONS + 1];
	char short_options[2 * NOPTIONS + 2] = ":";
	for (size_t k = 0; k < NOPTIONS; k++) {
		const struct cli_option *opt = &cli_options[k];
		long_options[k] = (struct option){opt->name, opt->arg ? required_argument : no_argument, NULL, opt->key};
		if (opt->key < 256) {
			size_t n = strlen(short_options);
			short_options[n] = (char)opt->key;
			short_options[n + 1] = opt->arg ? ':' : '\0';
			short_options[n + 2] = '\0';
		}
	}
	long_options[NOPTIONS] = (struct option){NULL, 0, NULL, 0};
	int c;
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			help = true; /* once the command is known: its own help */
			break;
		case 'V':
			printf("score %s\n%s", score_version(),
			       _("Copyright (c) 2026 the score developers.\n"
				 "License MIT: <https://opensource.org/licenses/MIT>.\n"
				 "This is free software: you are free to change and redistribute it.\n"
				 "There is NO WARRANTY, to the extent permitted by law.\n"));
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
		case 'q':
			cmd->quiet = true;
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
			if (optopt == 'f')
				return usage_error("%s needs a format, one of: %s", as_typed, format_names());
			for (size_t k = 0; k < NOPTIONS; k++)
				if (cli_options[k].key == optopt && cli_options[k].missing)
					return usage_error(cli_options[k].missing, as_typed);
			return usage_error("%s needs a value", as_typed);
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
	if (optind < argc && strcmp(argv[optind], "help") == 0) {
		if (optind + 1 < argc && strcmp(argv[optind + 1], "options") == 0)
			return print_options_table();
		return print_help(optind + 1 < argc ? argv[optind + 1] : NULL);
	}
	const struct command *named = optind < argc ? find_command(argv[optind]) : NULL;
	if (named)
		optind++;
	if (help)
		return print_help(named ? named->name : NULL);
	const struct command *run = named ? named : &commands[0];
	o->command = run->bit;
	for (; optind < argc; optind++) {
		if (o->nargs == run->max_args && !run->too_many)
			return usage_error("too many arguments ('%s')", argv[optind]);
		if (o->nargs == run->max_args)
			return usage_error("%s", _(run->too_many));
		o->args[o->nargs++] = argv[optind];
	}
	if (o->nargs < 1)
		return usage_error("%s", run->bit == C_INIT ? _("no rubric table given") : _("no policy given"));
	if (o->nargs < run->min_args)
		return usage_error("%s", _(run->too_few));
	for (int i = 0; i < o->nargs; i++)
		for (int k = i + 1; k < o->nargs; k++)
			if (strcmp(o->args[i], "-") == 0 && strcmp(o->args[k], "-") == 0)
				return usage_error("%s", _("standard input (-) can give only one of the files"));
	bool template = run->bit == C_TEMPLATE;
	if (template && !format_given && named_format < 0)
		cmd->format = SCORE_FORMAT_XLSX;
	if (cmd->ids && !template)
		return usage_error("%s", _("--ids is for score template"));
	if (template && cmd->format != SCORE_FORMAT_XLSX && cmd->format != SCORE_FORMAT_CSV)
		return usage_error("%s", _("template writes a workbook (-f xlsx, the default) or CSV (-f csv)"));
	if ((cmd->format == SCORE_FORMAT_XLSX || cmd->format == SCORE_FORMAT_HTML) && o->command != C_RUN &&
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
	switch (o.command) {
	case C_DUMP: rc = score_dump(o.args[0], cmd); break;
	case C_TEMPLATE: rc = score_template(o.args[0], cmd); break;
	case C_TEST: rc = score_test(o.args[0], o.args[1], cmd); break;
	case C_DIFF: rc = score_diff(o.args[0], o.args[1], o.args[2], cmd); break;
	case C_CHECK: rc = score_check(o.args[0], o.args[1], cmd); break;
	case C_INIT: rc = score_init(o.args[0], cmd); break;
	default: rc = score_run(o.args[0], o.args[1], cmd); break;
	}
	/* whatever went to standard output must have arrived (> /dev/full) */
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc != SCORE_ERR_MEMORY && rc != SCORE_ERR_IO) {
		fprintf(stderr, _("score: cannot write to standard output: %s\n"), strerror(errno ? errno : EIO));
		rc = SCORE_ERR_IO;
	}
	return rc;
}
