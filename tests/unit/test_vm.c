/* vm: the meaning of each construct, scored row by row. */
#include <stdlib.h>
#include <string.h>

#include "tests.h"

static prog *P(const char *text)
{
	char *err = NULL;
	prog *p = tests_compile(text, &err);
	if (!p)
		fprintf(stderr, "\n%s\n", err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	free(err);
	return p;
}

#define ROW(...) ((const char *const[]){__VA_ARGS__}), (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *))

static void expect_total(prog *p, const char *const *cells, int n, const char *want)
{
	char *got = tests_score(p, cells, n);
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n  got %s, want %s\n", got, want);
	free(got);
}

static void expect_node(prog *p, const char *name, const char *want)
{
	char *got = tests_node_score(p, name);
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n  %s: got %s, want %s\n", name, got, want);
	free(got);
}

static void test_band_bounds(void)
{
	/* 重点支出安排率≥90%，计5分；80%（含）-90%，计4分；…；低于60%不得分 */
	prog *p = P("policy \"t\" { total 5; }\ninput r: percent;\n"
		    "indicator 甲 5 = band r { >= 90%: 5; [80%, 90%): 4; [70%, 80%): 3; [60%, 70%): 2; < 60%: 0; };\n");
	expect_total(p, ROW("r=90%"), "5");
	expect_total(p, ROW("r=0.9"), "5");
	expect_total(p, ROW("r=89.999999%"), "4");
	expect_total(p, ROW("r=80%"), "4");
	expect_total(p, ROW("r=59.99%"), "0");
	prog_free(p);
	/* 0-10%（含）: the upper bound belongs to the band */
	p = P("policy \"t\" { total 3; }\ninput r: percent;\n"
	      "indicator 甲 3 = band r { = 0: 3; (0, 10%]: 2; (10%, 20%]: 1; (20%, 30%]: 0.5; > 30%: 0; };\n");
	expect_total(p, ROW("r=0"), "3");
	expect_total(p, ROW("r=10%"), "2");
	expect_total(p, ROW("r=10.01%"), "1");
	expect_total(p, ROW("r=30%"), "0.5");
	expect_total(p, ROW("r=30.0001%"), "0");
	prog_free(p);
}

static void test_deductions(void)
{
	/* 以100%为标准…每超过一个百分点扣0.5分，扣完为止 */
	prog *p = P("policy \"t\" { total 10; }\ninput r: percent;\n"
		    "indicator 连续 5 = from 5 deduct 0.5 per 1% of r - 100%;\n"
		    "indicator 整数 5 = from 5 deduct 0.5 per 1% of r - 100% whole;\n");
	expect_total(p, ROW("r=100%"), "10");
	expect_total(p, ROW("r=98%"), "10"); /* under the standard: nothing deducted */
	expect_total(p, ROW("r=102.5%"), "7.75");
	expect_node(p, "连续", "3.75");
	expect_node(p, "整数", "4");
	expect_total(p, ROW("r=150%"), "0"); /* 扣完为止: never below zero */
	prog_free(p);
}

static void test_checklist_and_veto(void)
{
	prog *p = P("policy \"t\" { total 4; }\ninput a, b, c, d, e, bad: yesno;\n"
		    "indicator 甲 4 = checklist each 0.8 cap 4 { a; b; c; d; e; } zero if bad note \"虚列支出\";\n");
	expect_total(p, ROW("a=是", "b=是", "c=否", "d=1", "e=yes", "bad=否"), "3.2");
	expect_total(p, ROW("a=是", "b=是", "c=是", "d=1", "e=yes", "bad=N"), "4");
	expect_total(p, ROW("a=是", "b=是", "c=是", "d=1", "e=yes", "bad=是"), "0");
	prog_free(p);
	/* 符合一条得1分 over 6 items under a weight of 5: the cap keeps it in range */
	p = P("policy \"t\" { total 5; }\ninput a, b, c, d, e, f: yesno;\n"
	      "indicator 甲 5 = checklist each 1 { a; b; c; d; e; f; };\n");
	char *got = tests_score(p, ROW("a=1", "b=1", "c=1", "d=1", "e=1", "f=1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(got, "indicator 甲 scored 6, outside its range [0, 5]"));
	free(got);
	prog_free(p);
}

static void test_weight_moves(void)
{
	/* seed 002: 无转移支付的部门，本项指标不考核，3分分值调整至"部门预算资金支出率" */
	const char *text = "policy \"t\" { total 10; }\ninput 支出率得分: manual [0, 6];\ninput 有转移支付: yesno;\n"
			   "input 下达得分: manual [0, 3];\ninput x: number;\n"
			   "indicator 资金管理 6 {\n"
			   "  indicator 部门预算资金支出率 3 = min(支出率得分, weight);\n"
			   "  indicator 资金下达合法性 3 = 下达得分 na if not 有转移支付 move to 部门预算资金支出率;\n"
			   "}\n"
			   "indicator 其他 4 = x;\n";
	prog *p = P(text);
	expect_total(p, ROW("支出率得分=5", "有转移支付=否", "下达得分=", "x=4"), "9");
	expect_node(p, "部门预算资金支出率", "5");
	expect_node(p, "资金下达合法性", "n/a");
	expect_node(p, "资金管理", "5");
	expect_total(p, ROW("支出率得分=3", "有转移支付=是", "下达得分=2", "x=4"), "9");
	prog_free(p);

	/* a rule that does not read `weight` is scaled to its new weight */
	p = P("policy \"t\" { total 10; }\ninput s: percent;\ninput 无: yesno;\n"
	      "indicator 甲 4 = prorata(s, 4);\n"
	      "indicator 乙 6 = 6 na if 无 move to 甲;\n");
	expect_total(p, ROW("s=50%", "无=是"), "5");
	prog_free(p);

	/* spread: pro rata to the siblings */
	p = P("policy \"t\" { total 10; }\ninput 无: yesno;\n"
	      "indicator 甲 2 = 2;\nindicator 乙 6 = 3;\nindicator 丙 2 = 2 na if 无 spread;\n");
	expect_total(p, ROW("无=是"), "6.25"); /* 甲 2 → 2.5 of 2.5, 乙 3 of 6 → 3.75 of 7.5 */
	expect_node(p, "甲", "2.5");
	expect_node(p, "乙", "3.75");
	prog_free(p);

	/* rescale: out of the total */
	p = P("policy \"t\" { total 100; round 2 half_up; }\ninput 无: yesno;\n"
	      "indicator 甲 60 = 50;\nindicator 乙 30 = 30;\nindicator 丙 10 = 10 na if 无 rescale;\n");
	expect_total(p, ROW("无=是"), "88.89");
	expect_total(p, ROW("无=否"), "90");
	prog_free(p);
}

static void test_capped_parent_and_bonus(void)
{
	prog *p = P("policy \"t\" { total 10; grade 优 >= 9; grade 差 < 9; }\ninput x: number;\ninput 表彰: yesno;\n"
		    "indicator 产出 4 capped { indicator 甲 3 = 3; indicator 乙 2 = 2; }\n"
		    "indicator 其他 6 = x;\n"
		    "bonus 加减分项 [-2, 2] = if 表彰 then 1 else 0;\n"
		    "veto x < 1 grade 差 note \"重大问题\";\n");
	expect_total(p, ROW("x=5", "表彰=否"), "9 优");
	expect_node(p, "产出", "4");
	expect_total(p, ROW("x=6", "表彰=是"), "10 优"); /* 4 + 6 + 1, kept within the total */
	expect_total(p, ROW("x=0.5", "表彰=是"), "5.5 差");
	prog_free(p);
}

static void test_runtime_errors(void)
{
	prog *p = P("policy \"t\" { total 10; }\ninput a, b: money;\nindicator 甲 10 = a / b * 10;\n");
	char *got = tests_score(p, ROW("a=1", "b=0"));
	CU_ASSERT_STRING_EQUAL(got, "error: t.rule:3:22: division by zero in indicator 甲");
	free(got);
	got = tests_score(p, ROW("a=1", "b="));
	CU_ASSERT_STRING_EQUAL(got, "error: t.rule:3:22: column b is empty and input b has no default (read by indicator 甲)");
	free(got);
	prog_free(p);
}

static void test_functions_and_match(void)
{
	prog *p = P("policy \"t\" { total 3; }\ninput 公开: oneof(\"按规定公开\", \"部分公开\", \"未公开\");\n"
		    "input 涉密: yesno;\n"
		    "fn 公开分(涉密: yesno, 档) = if 涉密 then 1.5 else 档;\n"
		    "indicator 甲 1.5 = 公开分(涉密, match 公开 { \"按规定公开\": 1.5; \"部分公开\": 1; \"未公开\": 0; });\n"
		    "indicator 乙 1.5 = 1.5;\n");
	expect_total(p, ROW("公开=部分公开", "涉密=否"), "2.5");
	expect_total(p, ROW("公开=未公开", "涉密=是"), "3");
	char *got = tests_score(p, ROW("公开=半公开", "涉密=否"));
	CU_ASSERT_PTR_NOT_NULL(strstr(got, "'半公开' is not one of: 按规定公开, 部分公开, 未公开"));
	free(got);
	prog_free(p);
}

void tests_add_vm(void)
{
	CU_pSuite s = CU_add_suite("vm", NULL, NULL);
	CU_add_test(s, "band bounds, inclusive and exclusive", test_band_bounds);
	CU_add_test(s, "deductions floored at zero", test_deductions);
	CU_add_test(s, "checklists and vetoes", test_checklist_and_veto);
	CU_add_test(s, "weights moved when not applicable", test_weight_moves);
	CU_add_test(s, "capped parents, bonus items, grade vetoes", test_capped_parent_and_bonus);
	CU_add_test(s, "run-time errors name the rule", test_runtime_errors);
	CU_add_test(s, "functions and match", test_functions_and_match);
}
