/* compile: the opcodes emitted for each construct (as Lua's code.lua does). */
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define HEADER "policy \"t\" { total 10; }\ninput a, b: number;\ninput y: yesno;\n"

/* The opcode names of the first function of the named indicator, joined by spaces. */
static char *ops_of(const char *text, const char *indicator)
{
	char *err = NULL;
	prog *p = tests_compile(text, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	free(err);
	strbuf sb = STRBUF_INIT;
	for (int i = 0; i < p->nnodes; i++) {
		if (strcmp(p->nodes[i].name, indicator) != 0)
			continue;
		const prog_func *f = &p->funcs[p->nodes[i].rule];
		for (int k = f->start; k < f->start + f->len; k++)
			sb_printf(&sb, "%s%s", k > f->start ? " " : "", prog_ops[p->code[k].op].name);
	}
	prog_free(p);
	return sb_take(&sb);
}

static void expect_ops(const char *rule, const char *want)
{
	strbuf text = STRBUF_INIT;
	sb_printf(&text, HEADER "indicator 甲 10 = %s;\n", rule);
	char *got = ops_of(text.data, "甲");
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n%s\n  got:  %s\n  want: %s\n", rule, got, want);
	free(got);
	sb_free(&text);
}

static void test_arithmetic(void)
{
	expect_ops("a + b * 2", "INPUT INPUT MUL ADD RETURN");
	expect_ops("-(a - b) / 2", "INPUT INPUT SUB NEG DIV RETURN");
	expect_ops("min(a, b, 3)", "INPUT INPUT CONST MIN RETURN");
	expect_ops("round(a / 3, 2)", "INPUT DIV ROUND RETURN");
	expect_ops("prorata(a / b, 10)", "INPUT INPUT DIV CONST PRORATA RETURN");
}

static void test_control(void)
{
	expect_ops("if y and a > 1 then 10 else 0",
		   "INPUT AND_JUMP INPUT GT JUMP_IF_FALSE RETURN RETURN"); /* a constant returned in one, nothing after */
	expect_ops("{ let r = a / b; r * 10 }", "INPUT INPUT DIV SET_LOCAL LOCAL MUL RETURN");
}

static void test_constructs(void)
{
	/* a band branch tests its interval in one instruction */
	expect_ops("band a { >= 90%: 10; else: 0; }", "INPUT SET_LOCAL BAND_TEST RETURN RETURN");
	expect_ops("band a { >= 90%: 10; }", "INPUT SET_LOCAL BAND_TEST RETURN LOCAL FAIL"); /* no path past a FAIL */
	expect_ops("1 + band a { >= 90%: 10; else: 0; }", /* not last: its branches jump on */
		   "CONST INPUT SET_LOCAL BAND_TEST CONST JUMP CONST JUMP ADD RETURN");
	expect_ops("checklist each 1 cap 2 { y; a > 1; }",
		   "CONST INPUT JUMP_IF_FALSE ADD INPUT GT JUMP_IF_FALSE ADD CONST MIN RETURN");
	expect_ops("from 5 deduct 0.5 per 1% of a - 1 whole", "INPUT SUB DEDUCT_K RETURN"); /* its numbers in a table */
	expect_ops("from a deduct 0.5 per 1 of b", "INPUT CONST CONST INPUT DEDUCT RETURN"); /* a base that is not */
	expect_ops("band a { >= 1: 10 note \"好\"; else: 0; }", "INPUT SET_LOCAL BAND_TEST NOTE RETURN RETURN");
}

static void test_constants_are_shared(void)
{
	char *err = NULL;
	prog *p = tests_compile(HEADER "indicator 甲 5 = 0.5 + 0.50 + 1/2;\nindicator 乙 5 = 0.5;\n", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(p->nconsts, 3); /* 0.5, 1 and 2 */
	prog_free(p);
	free(err);
}

void tests_add_compile(void)
{
	CU_pSuite s = CU_add_suite("compile", NULL, NULL);
	CU_add_test(s, "arithmetic", test_arithmetic);
	CU_add_test(s, "control flow", test_control);
	CU_add_test(s, "bands, checklists, deductions", test_constructs);
	CU_add_test(s, "constants are shared", test_constants_are_shared);
}
