/* lexer and parser: what parses, and the exact text of what does not. */
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define HEADER "policy \"t\" { total 10; grade 优 >= 9; grade 差 < 9; }\n"

static void expect_ok(const char *text)
{
	char *err = NULL;
	prog *p = tests_compile(text, &err);
	CU_ASSERT_PTR_NOT_NULL(p);
	if (!p)
		fprintf(stderr, "\nunexpected errors:\n%s\n", err);
	prog_free(p);
	free(err);
}

static void expect_error(const char *text, const char *want)
{
	char *err = NULL;
	prog *p = tests_compile(text, &err);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
	if (!strstr(err, want))
		fprintf(stderr, "\nwanted: %s\ngot:\n%s\n", want, err);
	prog_free(p);
	free(err);
}

static void test_chinese_names_and_fullwidth_punctuation(void)
{
	expect_ok(HEADER "input 满意度: percent;\nindicator 社会效益 10 = band 满意度 { >= 90%: 10; [80%, 90%): 5; else: 0; };\n");
	/* ≥, （）, ： and ； as typed by a Chinese input method */
	expect_ok(HEADER "input 满意度：percent；\nindicator 社会效益 10 = if 满意度 ≥ 90％ then 10 else （5 × 1）；\n");
	/* names with punctuation in backquotes and strings */
	expect_ok(HEADER "input `“三公经费”变动率`: percent;\nindicator \"“三公经费”变动率\" 10 = if `“三公经费”变动率` <= 0 then 10 else 0;\n");
	/* points with 分 */
	expect_ok(HEADER "input a: number;\nindicator 甲 10分 = min(a, 10分);\n");
}

static void test_syntax_error_has_caret(void)
{
	expect_error(HEADER "indicator 甲 10 = 1 +;\n",
		     "t.rule:2:21: error: syntax error, unexpected ';'\n"
		     "  indicator 甲 10 = 1 +;\n"
		     "                       ^\n");
}

static void test_many_errors_in_one_run(void)
{
	char *err = NULL;
	prog *p = tests_compile(HEADER "indicator 甲 5 = 1 +;\nindicator 乙 5 = band 1 { >= 1 2; else: 0; };\ninput x: ;\n", &err);
	CU_ASSERT_PTR_NULL(p);
	int n = 0;
	for (const char *s = err; (s = strstr(s, ": error: ")); s++)
		n++;
	CU_ASSERT_EQUAL(n, 3);
	free(err);
}

static void test_lexical_errors(void)
{
	expect_error(HEADER "indicator 甲 10 = 1 @ 2;\n", "unexpected character '@'");
	expect_error(HEADER "indicator 甲 10 = \"open;\n", "string is not closed");
	expect_error(HEADER "indicator 甲 10 = 1 \xff;\n", "invalid UTF-8 byte 0xFF");
	expect_ok(HEADER "indicator “甲” 10 = 1;\n"); /* “…” is a string, as "…" */
	expect_error(HEADER "indicator “甲 10 = 1;\n", "is not closed by ” before the end of the line");
	expect_error(HEADER "indicator 甲” 10 = 1;\n", "a string closes with ” only after an opening “");
}

static void test_nesting_is_bounded(void)
{
	size_t n = 10000;
	char *text = malloc(n * 2 + 200);
	strcpy(text, HEADER "indicator 甲 10 = ");
	size_t k = strlen(text);
	for (size_t i = 0; i < n; i++)
		text[k++] = '(';
	text[k++] = '1';
	for (size_t i = 0; i < n; i++)
		text[k++] = ')';
	strcpy(text + k, ";\n");
	char *err = NULL;
	prog *p = tests_compile(text, &err);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "error"));
	free(err);
	free(text);
}

static void test_names_and_types(void)
{
	expect_error(HEADER "indicator 甲 10 = 满意;\n", "'满意' is not a declared input or a local name");
	expect_error(HEADER "input a: yesno;\nindicator 甲 10 = a + 1;\n", "each side of an arithmetic operator must be a number, but this is yes/no");
	expect_error(HEADER "input o: oneof(\"是\", \"否\");\nindicator 甲 10 = if o == \"也许\" then 1 else 0;\n",
		     "\"也许\" is not one of the values of o: \"是\", \"否\"");
	expect_error(HEADER "input 单位: id;\nindicator 甲 10 = 单位;\n", "is an id column");
	expect_error(HEADER "input a: money;\ninput a: money;\nindicator 甲 10 = a;\n", "input 'a' is declared twice");
	expect_error(HEADER "indicator 甲 5 { indicator 乙 5 = 1; indicator 乙 5 = 2; }\n", "'甲' already has an indicator called '乙'");
	expect_error(HEADER "fn f(x) = g(x);\nfn g(x) = f(x);\nindicator 甲 10 = f(1);\n", "rules may not recurse");
	expect_error(HEADER "input a: manual;\nindicator 甲 10 = a;\n", "a manual score needs its bounds");
	expect_error(HEADER "input a: number;\nindicator 甲 10 = band a { [5, 1]: 1; else: 0; };\n", "this interval is empty");
	expect_error(HEADER "input a: number;\nindicator 甲 10 = a na if a > 1 move to 乙;\n", "no indicator is called '乙'");
	expect_error(HEADER "input a: number;\nindicator 甲 5 = a na if a > 1 move to 乙;\nindicator 乙 5 = a na if a > 2 move to 甲;\n",
		     "moved round in a circle");
	expect_error("input a: number;\nindicator 甲 10 = a;\n", "the policy has no header");
	expect_error(HEADER "input a: number;\nindicator 甲 10 = weight + round(a, 1.5);\n", "round's places must be a whole number");
}

void tests_add_grammar(void)
{
	CU_pSuite s = CU_add_suite("grammar", NULL, NULL);
	CU_add_test(s, "Chinese names and full-width punctuation", test_chinese_names_and_fullwidth_punctuation);
	CU_add_test(s, "syntax error has a caret", test_syntax_error_has_caret);
	CU_add_test(s, "many errors in one run", test_many_errors_in_one_run);
	CU_add_test(s, "lexical errors", test_lexical_errors);
	CU_add_test(s, "nesting is bounded", test_nesting_is_bounded);
	CU_add_test(s, "names and types", test_names_and_types);
}
