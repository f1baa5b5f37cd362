/* golden: run the score command and compare its output, byte for byte.
 *
 * tests/golden/NAME/ holds `cmd` (the arguments, as shell words, run in
 * that folder), `expected.out`, and optionally `expected.err` and
 * `expected.status` (0 when absent). examples/NAME/ holds policy.rule,
 * data.csv and expected.csv, and optionally variants.csv with
 * variants.expected.csv, and data.xlsx (the same facts in the filled form
 * of score template, which must score as expected.csv). $SCORE_BIN names the binary (./score by default);
 * $SCORE_WRAP is put before it (valgrind). */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "i18n.h"
#include "load.h"
#include "strbuf.h"
#include "tests.h"

static char bin[PATH_MAX];

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sub-folders of dir, sorted; NULL-terminated; caller frees. */
static char **subdirs(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return calloc(1, sizeof(char *));
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 2) * sizeof *names);
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (!names)
		return calloc(1, sizeof(char *));
	qsort(names, n, sizeof *names, cmp_names);
	names[n] = NULL;
	return names;
}

static char *read_text(const char *path)
{
	size_t len;
	char *s = load_read_file(path, &len, 0);
	return s;
}

static bool exists(const char *path)
{
	return access(path, R_OK) == 0;
}

/* Every case runs in its own process group, bounded: at most
 * CASE_SECONDS of wall-clock time (then the group is killed), as much CPU
 * time, and, when $SCORE_TEST_MEM_KB is set (the release run: sanitizers
 * and valgrind need more address space), that much memory. A hostile input
 * that hangs or grows fails its case instead of the run. */
#define CASE_SECONDS 120

static int run_limited(const char *command)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setpgid(0, 0);
		struct rlimit cpu = {CASE_SECONDS, CASE_SECONDS + 5};
		setrlimit(RLIMIT_CPU, &cpu);
		const char *mem = getenv("SCORE_TEST_MEM_KB");
		if (mem && atol(mem) > 0) {
			struct rlimit as = {(rlim_t)atol(mem) * 1024, (rlim_t)atol(mem) * 1024};
			setrlimit(RLIMIT_AS, &as);
		}
		/* messages in English unless a case asks for another language */
		setenv("LC_ALL", "C", 1);
		unsetenv("LANGUAGE");
		unsetenv("LC_MESSAGES");
		unsetenv("LANG");
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	int status = 0;
	for (int waited = 0;; waited++) {
		pid_t got = waitpid(pid, &status, WNOHANG);
		if (got == pid)
			break;
		if (got < 0)
			return -1;
		if (waited >= CASE_SECONDS * 20) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			fprintf(stderr, "\ncase timed out after %d s: %s\n", CASE_SECONDS, command);
			return -1;
		}
		usleep(50000);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs the command in dir; its output goes to dir/.got.out and .got.err. */
static int run_in(const char *dir, const char *args)
{
	const char *wrap = getenv("SCORE_WRAP");
	strbuf cmd = STRBUF_INIT;
	/* grouped, so that a cmd of several commands is captured whole */
	/* $SCORE names the binary for cases that run it more than once */
	sb_printf(&cmd, "cd '%s' && SCORE='%s' && export SCORE && { %s '%s' %s\n} >.got.out 2>.got.err", dir, bin,
		  wrap ? wrap : "", bin, args);
	int rc = run_limited(cmd.data);
	sb_free(&cmd);
	return rc;
}

static bool same_file(const char *dir, const char *got, const char *want)
{
	strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	sb_printf(&a, "%s/%s", dir, got);
	sb_printf(&b, "%s/%s", dir, want);
	char *x = read_text(a.data), *y = read_text(b.data);
	bool same = x && y && strcmp(x, y) == 0;
	if (!same) {
		fprintf(stderr, "\n--- %s differs:\n", b.data);
		strbuf cmd = STRBUF_INIT;
		sb_printf(&cmd, "diff -u '%s' '%s' | head -40 >&2", b.data, a.data);
		if (system(cmd.data) != 0)
			fprintf(stderr, "(diff failed)\n");
		sb_free(&cmd);
	}
	free(x);
	free(y);
	sb_free(&a);
	sb_free(&b);
	return same;
}

static void cleanup(const char *dir)
{
	strbuf p = STRBUF_INIT;
	sb_printf(&p, "%s/.got.out", dir);
	unlink(p.data);
	sb_clear(&p);
	sb_printf(&p, "%s/.got.err", dir);
	unlink(p.data);
	sb_free(&p);
}

/* Every case folder under root: cmd, expected.out, expected.err and
 * expected.status. */
static void run_case_folders(const char *root, int at_least)
{
	char **names = subdirs(root);
	int count = 0;
	for (char **n = names; *n; n++) {
		strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
		sb_printf(&dir, "%s/%s", root, *n);
		sb_printf(&path, "%s/cmd", dir.data);
		char *args = read_text(path.data);
		if (!args) {
			sb_free(&dir);
			sb_free(&path);
			continue;
		}
		args[strcspn(args, "\n")] = '\0';
		int want_status = 0;
		sb_clear(&path);
		sb_printf(&path, "%s/expected.status", dir.data);
		char *st = read_text(path.data);
		if (st)
			want_status = atoi(st);
		free(st);
		int status = run_in(dir.data, args);
		bool ok = status == want_status;
		if (!ok)
			fprintf(stderr, "\n%s: exit status %d, expected %d\n", dir.data, status, want_status);
		ok &= same_file(dir.data, ".got.out", "expected.out");
		sb_clear(&path);
		sb_printf(&path, "%s/expected.err", dir.data);
		if (exists(path.data))
			ok &= same_file(dir.data, ".got.err", "expected.err");
		CU_ASSERT(ok);
		if (ok)
			cleanup(dir.data);
		count++;
		free(args);
		sb_free(&dir);
		sb_free(&path);
	}
	CU_ASSERT(count >= at_least); /* the cases are there */
	for (char **n = names; *n; n++)
		free(*n);
	free(names);
}

static void test_golden_cases(void)
{
	run_case_folders("tests/golden", 1);
}

/* tests/hostile: one case for each way an attacker or a careless user
 * was found to break score (tests/hostile/README.md). */
static void test_hostile_cases(void)
{
	run_case_folders("tests/hostile", 20);
}

static void run_example(const char *dir, const char *data, const char *expected)
{
	strbuf args = STRBUF_INIT, want = STRBUF_INIT;
	sb_printf(&args, "policy.rule %s", data);
	sb_printf(&want, "%s/%s", dir, expected);
	CU_ASSERT_TRUE_FATAL(exists(want.data));
	int status = run_in(dir, args.data);
	bool ok = status == 0 && same_file(dir, ".got.out", expected);
	if (status != 0) {
		fprintf(stderr, "\n%s %s: exit status %d\n", dir, data, status);
		strbuf err = STRBUF_INIT;
		sb_printf(&err, "cat '%s/.got.err' >&2", dir);
		if (system(err.data) != 0)
			fprintf(stderr, "(no stderr)\n");
		sb_free(&err);
	}
	CU_ASSERT(ok);
	if (ok)
		cleanup(dir);
	sb_free(&args);
	sb_free(&want);
}

static void test_examples(void)
{
	char **names = subdirs("examples");
	int count = 0;
	for (char **n = names; *n; n++) {
		strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
		sb_printf(&dir, "examples/%s", *n);
		sb_printf(&path, "%s/expected.csv", dir.data);
		if (exists(path.data)) {
			run_example(dir.data, "data.csv", "expected.csv");
			count++;
		}
		sb_clear(&path);
		sb_printf(&path, "%s/variants.csv", dir.data);
		if (exists(path.data)) {
			run_example(dir.data, "variants.csv", "variants.expected.csv");
			count++;
		}
		/* the same facts in the form a unit fills (score template), filled */
		sb_clear(&path);
		sb_printf(&path, "%s/data.xlsx", dir.data);
		if (exists(path.data)) {
			run_example(dir.data, "data.xlsx", "expected.csv");
			count++;
		}
		sb_free(&dir);
		sb_free(&path);
	}
	CU_ASSERT(count > 0);
	for (char **n = names; *n; n++)
		free(*n);
	free(names);
}

/* The README shows examples/readme as it is: its policy, data and output. */
static void test_readme_shows_its_example(void)
{
	char *readme = read_text("README.md");
	CU_ASSERT_PTR_NOT_NULL_FATAL(readme);
	const char *files[] = {"examples/readme/policy.rule", "examples/readme/data.csv", "examples/readme/expected.table"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char *text = read_text(files[i]);
		CU_ASSERT_PTR_NOT_NULL(text);
		bool shown = text && strstr(readme, text) != NULL;
		CU_ASSERT(shown);
		if (!shown)
			fprintf(stderr, "\nREADME.md does not show %s as it is\n", files[i]);
		free(text);
	}
	free(readme);
	/* and that output is what score prints now */
	int status = run_in("examples/readme", "--format table policy.rule data.csv");
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT(same_file("examples/readme", ".got.out", "expected.table"));
	cleanup("examples/readme");
}

/* Seed 001's published 扣分说明 comes out of its example, word for word. */
static void test_seed_001_published_explanations(void)
{
	int status = run_in("examples/seed-001", "--explain policy.rule data.csv");
	CU_ASSERT_EQUAL(status, 0);
	char *out = read_text("examples/seed-001/.got.out");
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	const char *published[] = {
		"预算执行率 扣0.93分：资金未使用完毕",
		"管理制度 扣3分：未制定项目管理制度文件",
		"监督评价机制 扣2分：未制定工作考核评价体系,内部未实施考核工作",
	};
	for (size_t i = 0; i < sizeof published / sizeof *published; i++) {
		CU_ASSERT_PTR_NOT_NULL(strstr(out, published[i]));
		if (!strstr(out, published[i]))
			fprintf(stderr, "\nmissing: %s\n", published[i]);
	}
	free(out);
	cleanup("examples/seed-001");
}

/* The files of dir whose names end in ext, sorted; NULL-terminated. */
static char **files_with(const char *dir, const char *ext)
{
	DIR *d = opendir(dir);
	char **names = calloc(1, sizeof(char *));
	size_t n = 0, el = strlen(ext);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len <= el || strcmp(e->d_name + len - el, ext) != 0)
			continue;
		names = realloc(names, (n + 2) * sizeof *names);
		names[n++] = strndup(e->d_name, len - el);
		names[n] = NULL;
	}
	if (d)
		closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	return names;
}

/* tests/bad/policies: every malformed policy is refused (status 2) with
 * exactly the messages recorded in NAME.err. */
static void test_bad_policies(void)
{
	char **names = files_with("tests/bad/policies", ".rule");
	int count = 0, failed = 0;
	for (char **n = names; *n; n++, count++) {
		strbuf args = STRBUF_INIT, got = STRBUF_INIT, want = STRBUF_INIT;
		sb_printf(&args, "check '%s.rule'", *n);
		int status = run_in("tests/bad/policies", args.data);
		sb_printf(&got, ".got.err");
		sb_printf(&want, "%s.err", *n);
		bool ok = status == 2 && same_file("tests/bad/policies", got.data, want.data);
		if (!ok) {
			fprintf(stderr, "\ntests/bad/policies/%s.rule: status %d\n", *n, status);
			failed++;
		}
		CU_ASSERT(ok);
		sb_free(&args);
		sb_free(&got);
		sb_free(&want);
		free(*n);
	}
	free(names);
	cleanup("tests/bad/policies");
	CU_ASSERT(count >= 100);
	(void)failed;
}

/* tests/bad/data: every malformed data file gives exactly NAME.out, NAME.err
 * and NAME.status (options, if any, in NAME.args). */
static void test_bad_data(void)
{
	char **names = files_with("tests/bad/data", ".csv");
	int count = 0;
	for (char **n = names; *n; n++, count++) {
		strbuf path = STRBUF_INIT, args = STRBUF_INIT, want = STRBUF_INIT;
		sb_printf(&path, "tests/bad/data/%s.args", *n);
		char *extra = read_text(path.data);
		if (extra)
			extra[strcspn(extra, "\n")] = '\0';
		sb_printf(&args, "%s policy.rule '%s.csv'", extra ? extra : "", *n);
		int status = run_in("tests/bad/data", args.data);
		sb_clear(&path);
		sb_printf(&path, "tests/bad/data/%s.status", *n);
		char *st = read_text(path.data);
		bool ok = st && status == atoi(st);
		sb_printf(&want, "%s.out", *n);
		ok &= same_file("tests/bad/data", ".got.out", want.data);
		sb_clear(&want);
		sb_printf(&want, "%s.err", *n);
		ok &= same_file("tests/bad/data", ".got.err", want.data);
		if (!ok)
			fprintf(stderr, "\ntests/bad/data/%s.csv: status %d\n", *n, status);
		CU_ASSERT(ok);
		free(st);
		free(extra);
		sb_free(&path);
		sb_free(&args);
		sb_free(&want);
		free(*n);
	}
	free(names);
	cleanup("tests/bad/data");
	CU_ASSERT(count >= 60);
}

static int find_binary(void)
{
	const char *b = getenv("SCORE_BIN");
	if (!b)
		b = "./score";
	if (!realpath(b, bin)) {
		fprintf(stderr, "golden: cannot find the score binary '%s'\n", b);
		return 1;
	}
	return 0;
}


/* The labels of the 扣分说明, in both languages: each as long as its table
 * says, and sixteen bytes readable from each (the explanation copies that
 * many whatever the length; under AddressSanitizer a label without the
 * slack after it would be read past its object). */
static void test_label_table(void)
{
	bool english = i18n_files_in_english();
	for (int lang = 0; lang < 2; lang++) {
		i18n_files_english(lang == 1);
		for (int w = 0; w < W__COUNT; w++) {
			size_t n;
			const char *s = i18n_word_n((i18n_word_id)w, &n);
			char copy[I18N_WORD_SLACK];
			memcpy(copy, s, sizeof copy);
			CU_ASSERT_EQUAL(strlen(s), n);
			CU_ASSERT_PTR_EQUAL(i18n_word((i18n_word_id)w), s);
			CU_ASSERT(n >= sizeof copy || memcmp(copy, s, n + 1) == 0);
		}
	}
	CU_ASSERT_STRING_EQUAL(i18n_word(W_LOST), " lost ");
	i18n_files_english(english);
}

void tests_add_golden(void)
{
	CU_pSuite s = CU_add_suite("golden", find_binary, NULL);
	CU_add_test(s, "tests/golden cases", test_golden_cases);
	CU_add_test(s, "tests/hostile cases, bounded in time and memory", test_hostile_cases);
	CU_add_test(s, "examples reproduce their expected output", test_examples);
	CU_add_test(s, "the README shows its example as it runs", test_readme_shows_its_example);
	CU_add_test(s, "seed 001's published 扣分说明", test_seed_001_published_explanations);
	CU_add_test(s, "the 扣分说明's labels: lengths and slack", test_label_table);
	CU_add_test(s, "100+ malformed policies, exact messages", test_bad_policies);
	CU_add_test(s, "60+ malformed data files, exact output", test_bad_data);
}
