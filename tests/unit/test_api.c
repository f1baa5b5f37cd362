/* The public interface, include/score.h: policies, messages as values,
 * evaluators, and independence between handles (two threads at once). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/score.h"
#include "tests.h"

static const char policy_text[] =
	"policy \"t\" { total 10; grade 优 >= 9; grade 差 < 9; }\n"
	"input 单位: id;\n"
	"input 满意度: percent;\n"
	"input 支出, 预算: money;\n"
	"indicator 满意 5 = band 满意度 { >= 90%: 5; [80%, 90%): 4; < 80%: 0; } note \"满意度不足\";\n"
	"indicator 执行 5 = min(5, ratio(支出, 预算, 1) * 5);\n";

static void test_policy_and_row(void)
{
	score_policy *pol;
	CU_ASSERT_EQUAL(score_policy_load_text(&pol, "t.rule", policy_text, strlen(policy_text), NULL), SCORE_OK);
	CU_ASSERT_EQUAL(score_message_count(pol), 0);
	CU_ASSERT_EQUAL(score_indicator_count(pol), 2);
	CU_ASSERT_STRING_EQUAL(score_indicator_path(pol, 1), "执行");
	CU_ASSERT_STRING_EQUAL(score_indicator_weight(pol, 1), "5");
	CU_ASSERT_EQUAL(score_input_count(pol), 4);
	score_eval *ev = score_eval_new(pol);
	CU_ASSERT_EQUAL(score_eval_set(ev, "满意度", "85%"), SCORE_OK);
	CU_ASSERT_EQUAL(score_eval_set(ev, "支出", "1,427.91"), SCORE_OK);
	CU_ASSERT_EQUAL(score_eval_set(ev, "预算", "1753.45"), SCORE_OK);
	CU_ASSERT_EQUAL(score_eval_run(ev), SCORE_OK);
	/* 4 + 5 × 1427.91 / 1753.45, exactly, then rounded to 2 places */
	CU_ASSERT_STRING_EQUAL(score_eval_total(ev), "8.07");
	CU_ASSERT_STRING_EQUAL(score_eval_grade(ev), "差");
	CU_ASSERT_STRING_EQUAL(score_eval_indicator(ev, 0), "4");
	CU_ASSERT_PTR_NOT_NULL(strstr(score_eval_explanation(ev), "满意 扣1分"));
	/* results held together keep their own values (they shared one buffer,
	 * and a program printed 8.07 three times) */
	const char *first = score_eval_indicator(ev, 0), *second = score_eval_indicator(ev, 1),
		   *total = score_eval_total(ev), *why = score_eval_explanation(ev);
	CU_ASSERT_STRING_EQUAL(first, "4");
	CU_ASSERT_STRING_EQUAL(second, "4.07");
	CU_ASSERT_STRING_EQUAL(total, "8.07");
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "满意 扣1分"));
	score_policy *pol2;
	static const char two_weights[] = "policy \"w\" { total 10; }\ninput a: number;\nindicator 甲 4 = 4;\nindicator 乙 6 = 6;\n";
	CU_ASSERT_EQUAL(score_policy_load_text(&pol2, "w.rule", two_weights, strlen(two_weights), NULL), SCORE_OK);
	const char *w0 = score_indicator_weight(pol2, 0), *w1 = score_indicator_weight(pol2, 1);
	CU_ASSERT_STRING_EQUAL(w0, "4");
	CU_ASSERT_STRING_EQUAL(w1, "6");
	score_policy_free(pol2);
	/* a cell that cannot be read, and a column nobody reads */
	CU_ASSERT_EQUAL(score_eval_set(ev, "满意度", "九十"), SCORE_ERR_DATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(score_eval_error(ev), "'九十' is not a percent"));
	CU_ASSERT_EQUAL(score_eval_set(ev, "无此列", "1"), SCORE_ERR_DATA);
	/* a new row: an empty cell without a default stops the rule that reads it */
	score_eval_clear(ev);
	CU_ASSERT_EQUAL(score_eval_set(ev, "满意度", "95%"), SCORE_OK);
	CU_ASSERT_EQUAL(score_eval_run(ev), SCORE_ERR_DATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(score_eval_error(ev), "is empty and input"));
	CU_ASSERT_PTR_NOT_NULL(strstr(score_eval_error(ev), "(read by indicator 执行)"));
	score_eval_free(ev);
	score_policy_free(pol);
}

/* Each indicator's status, effective weight and 扣分说明; the total's own;
 * a policy that needs a population says so. */
static void test_per_indicator(void)
{
	static const char text[] =
		"policy \"m\" { total 10; grade 优 >= 9; grade 差 < 9; }\n"
		"input 有采购: yesno;\ninput a: number [0, 5];\n"
		"indicator 采购 4 = 4 na if not 有采购 spread note \"无采购\";\n"
		"indicator 质量 6 = a note \"质量不足\";\n"
		"bonus 奖励 [0, 1] = 1;\n";
	score_policy *pol;
	CU_ASSERT_EQUAL_FATAL(score_policy_load_text(&pol, "m.rule", text, strlen(text), NULL), SCORE_OK);
	CU_ASSERT_FALSE(score_policy_needs_population(pol));
	score_eval *ev = score_eval_new(pol);
	CU_ASSERT_EQUAL(score_eval_set(ev, "有采购", "否"), SCORE_OK);
	CU_ASSERT_EQUAL(score_eval_set(ev, "a", "5"), SCORE_OK);
	CU_ASSERT_EQUAL_FATAL(score_eval_run(ev), SCORE_OK);
	/* 采购's 4 spread to 质量: 6 + 4 = 10, scored 5 × 10/6 */
	CU_ASSERT_EQUAL(score_eval_indicator_status(ev, 0), SCORE_NOT_APPLICABLE);
	CU_ASSERT_EQUAL(score_eval_indicator_status(ev, 1), SCORE_SCORED);
	const char *w0 = score_eval_indicator_weight(ev, 0), *w1 = score_eval_indicator_weight(ev, 1);
	CU_ASSERT_STRING_EQUAL(w0, "0");
	CU_ASSERT_STRING_EQUAL(w1, "10");
	const char *x0 = score_eval_indicator_explanation(ev, 0), *x1 = score_eval_indicator_explanation(ev, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(x0, "采购 不适用：无采购"));
	CU_ASSERT_PTR_NOT_NULL(strstr(x1, "质量 扣"));
	CU_ASSERT_PTR_NOT_NULL(strstr(score_eval_total_explanation(ev), "奖励 加1分"));
	CU_ASSERT_EQUAL(score_eval_indicator_status(ev, 9), SCORE_NOT_APPLICABLE);
	CU_ASSERT_PTR_NULL(score_eval_indicator_weight(ev, -1));
	score_eval_free(ev);
	score_policy_free(pol);
	static const char ranked[] = "policy \"r\" { total 10; }\ninput a: number;\nindicator 名次 10 = if rank(a) <= 1 then 10 else 0;\n";
	CU_ASSERT_EQUAL_FATAL(score_policy_load_text(&pol, "r.rule", ranked, strlen(ranked), NULL), SCORE_OK);
	CU_ASSERT_TRUE(score_policy_needs_population(pol));
	ev = score_eval_new(pol);
	score_eval_set(ev, "a", "1");
	CU_ASSERT_EQUAL(score_eval_run(ev), SCORE_ERR_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(score_eval_error(ev), "rules over all units"));
	score_eval_free(ev);
	score_policy_free(pol);
}

static void test_errors_are_values(void)
{
	static const char bad[] = "policy \"t\" { total 10; }\ninput a: number;\nindicator 甲 10 = b * 2;\n";
	score_policy *pol;
	CU_ASSERT_EQUAL(score_policy_load_text(&pol, "bad.rule", bad, strlen(bad), NULL), SCORE_ERR_POLICY);
	CU_ASSERT_PTR_NULL(score_eval_new(pol));
	CU_ASSERT_EQUAL(score_message_count(pol), 1);
	const score_message *m = score_message_get(pol, 0);
	CU_ASSERT_EQUAL(m->kind, SCORE_MSG_ERROR);
	CU_ASSERT_STRING_EQUAL(m->file, "bad.rule");
	CU_ASSERT_EQUAL(m->line, 3);
	CU_ASSERT_EQUAL(m->column, 18);
	CU_ASSERT_STRING_EQUAL(m->text, "'b' is not a declared input or a local name");
	score_policy_free(pol);
	/* warnings too, when asked */
	static const char odd[] = "policy \"t\" { total 10; }\ninput a: number [0, 1];\nindicator 甲 8 = a * 6;\n";
	score_options opts = {.warnings = true};
	CU_ASSERT_EQUAL(score_policy_load_text(&pol, "odd.rule", odd, strlen(odd), &opts), SCORE_OK);
	bool never = false;
	for (size_t i = 0; i < score_message_count(pol); i++)
		never |= score_message_get(pol, i)->kind == SCORE_MSG_WARNING &&
			 strstr(score_message_get(pol, i)->text, "can never score its weight 8") != NULL;
	CU_ASSERT(never);
	score_policy_free(pol);
	/* an unreadable file */
	CU_ASSERT_EQUAL(score_policy_load_file(&pol, "/nonexistent/p.rule", NULL), SCORE_ERR_IO);
	CU_ASSERT(score_message_count(pol) >= 1);
	score_policy_free(pol);
}

/* Each thread loads its own policy and scores 200 rows: no state is shared. */
static void *score_in_thread(void *arg)
{
	const char *cell = arg;
	score_policy *pol;
	if (score_policy_load_text(&pol, "t.rule", policy_text, strlen(policy_text), NULL) != SCORE_OK)
		return "load failed";
	score_eval *ev = score_eval_new(pol);
	const char *result = NULL;
	for (int i = 0; i < 200 && !result; i++) {
		score_eval_set(ev, "满意度", cell);
		score_eval_set(ev, "支出", "50");
		score_eval_set(ev, "预算", "100");
		if (score_eval_run(ev) != SCORE_OK)
			result = "run failed";
		else if (strcmp(score_eval_total(ev), strcmp(cell, "95%") == 0 ? "7.5" : "2.5") != 0)
			result = "wrong total";
	}
	score_eval_free(ev);
	score_policy_free(pol);
	return (void *)result;
}

/* What score.h promises at its edges: NULL handles, indices out of range,
 * a policy that did not load, options that print messages or allow paths. */
static void test_edges(void)
{
	CU_ASSERT_EQUAL(score_message_count(NULL), 0);
	CU_ASSERT_PTR_NULL(score_message_get(NULL, 0));
	CU_ASSERT_FALSE(score_policy_needs_population(NULL));
	score_policy_free(NULL);
	score_eval_free(NULL);
	score_policy *bad;
	static const char broken[] = "policy \"b\" { total 10; }\nindicator 甲 10 = 没有;\n";
	char *messages = NULL;
	size_t messages_len = 0;
	FILE *to = open_memstream(&messages, &messages_len);
	score_options printing = {.print_messages = true, .messages_to = to};
	CU_ASSERT_EQUAL(score_policy_load_text(&bad, "b.rule", broken, strlen(broken), &printing), SCORE_ERR_POLICY);
	fclose(to);
	CU_ASSERT_PTR_NOT_NULL(messages && strstr(messages, "b.rule:2:18"));
	free(messages);
	/* a policy that did not load: its messages, and nothing else */
	CU_ASSERT_EQUAL(score_message_count(bad), 1);
	CU_ASSERT_PTR_NOT_NULL(score_message_get(bad, 0));
	CU_ASSERT_PTR_NULL(score_message_get(bad, 1));
	CU_ASSERT_EQUAL(score_input_count(bad), 0);
	CU_ASSERT_EQUAL(score_indicator_count(bad), 0);
	CU_ASSERT_PTR_NULL(score_input_column(bad, 0));
	CU_ASSERT_PTR_NULL(score_indicator_path(bad, 0));
	CU_ASSERT_PTR_NULL(score_indicator_weight(bad, 0));
	CU_ASSERT_PTR_NULL(score_eval_new(bad));
	CU_ASSERT_FALSE(score_policy_needs_population(bad));
	score_policy_free(bad);
	/* a file that is not there; an allow path that is not there */
	CU_ASSERT_EQUAL(score_policy_load_file(&bad, "/nonexistent/p.rule", NULL), SCORE_ERR_IO);
	score_policy_free(bad);
	const char *nowhere[] = {"/nonexistent/folder"};
	score_options allow = {.allow_paths = nowhere, .nallow_paths = 1};
	CU_ASSERT_EQUAL(score_policy_load_text(&bad, "t.rule", policy_text, strlen(policy_text), &allow), SCORE_ERR_USAGE);
	score_policy_free(bad);
	/* indices out of range on a loaded policy and its evaluator */
	score_policy *pol;
	CU_ASSERT_EQUAL(score_policy_load_text(&pol, "t.rule", policy_text, strlen(policy_text), NULL), SCORE_OK);
	CU_ASSERT_STRING_EQUAL(score_input_column(pol, 1), "满意度");
	CU_ASSERT_PTR_NULL(score_input_column(pol, -1));
	CU_ASSERT_PTR_NULL(score_input_column(pol, 4));
	CU_ASSERT_PTR_NULL(score_indicator_path(pol, 2));
	CU_ASSERT_PTR_NULL(score_indicator_weight(pol, -1));
	score_eval *ev = score_eval_new(pol);
	CU_ASSERT_STRING_EQUAL(score_eval_error(ev), "");
	CU_ASSERT_EQUAL(score_eval_set(ev, "满意度", "95%"), SCORE_OK);
	CU_ASSERT_EQUAL(score_eval_set(ev, "支出", "10"), SCORE_OK);
	CU_ASSERT_EQUAL(score_eval_set(ev, "预算", "10"), SCORE_OK);
	CU_ASSERT_EQUAL(score_eval_run(ev), SCORE_OK);
	CU_ASSERT_STRING_EQUAL(score_eval_total(ev), "10");
	CU_ASSERT_STRING_EQUAL(score_eval_grade(ev), "优");
	CU_ASSERT_STRING_EQUAL(score_eval_explanation(ev), "");
	CU_ASSERT_STRING_EQUAL(score_eval_total_explanation(ev), "");
	CU_ASSERT_STRING_EQUAL(score_eval_indicator_explanation(ev, 0), "");
	CU_ASSERT_PTR_NULL(score_eval_indicator(ev, 2));
	CU_ASSERT_PTR_NULL(score_eval_indicator(ev, -1));
	CU_ASSERT_PTR_NULL(score_eval_indicator_weight(ev, 2));
	CU_ASSERT_PTR_NULL(score_eval_indicator_explanation(ev, -1));
	CU_ASSERT_EQUAL(score_eval_indicator_status(ev, 0), SCORE_SCORED);
	/* each bound of each index: below 0 and at the count */
	CU_ASSERT_PTR_NULL(score_indicator_path(pol, -1));
	CU_ASSERT_PTR_NULL(score_indicator_weight(pol, 2));
	CU_ASSERT_PTR_NULL(score_eval_indicator_weight(ev, -1));
	CU_ASSERT_PTR_NULL(score_eval_indicator_explanation(ev, 2));
	CU_ASSERT_EQUAL(score_eval_indicator_status(ev, -1), SCORE_NOT_APPLICABLE);
	CU_ASSERT_EQUAL(score_eval_indicator_status(ev, 2), SCORE_NOT_APPLICABLE);
	/* a weight asked twice is the same string, kept with the policy */
	const char *w = score_indicator_weight(pol, 1);
	CU_ASSERT_PTR_EQUAL(score_indicator_weight(pol, 1), w);
	CU_ASSERT_STRING_EQUAL(w, "5");
	score_eval_free(ev);
	score_policy_free(pol);
	/* an indicator that does not apply, one zeroed by a veto, no grades */
	static const char statuses[] = "policy \"s\" { total 10; }\n"
				       "input 单位: id;\ninput 停, 否: yesno;\n"
				       "indicator 甲 5 = 5 na if 停 move to 乙;\n"
				       "indicator 乙 5 = 5 zero if 否;\n";
	CU_ASSERT_EQUAL_FATAL(score_policy_load_text(&pol, "s.rule", statuses, strlen(statuses), NULL), SCORE_OK);
	ev = score_eval_new(pol);
	CU_ASSERT_EQUAL(score_eval_set(ev, "停", "是"), SCORE_OK);
	CU_ASSERT_EQUAL(score_eval_set(ev, "否", "是"), SCORE_OK);
	CU_ASSERT_EQUAL(score_eval_run(ev), SCORE_OK);
	CU_ASSERT_EQUAL(score_eval_indicator_status(ev, 0), SCORE_NOT_APPLICABLE);
	CU_ASSERT_PTR_NULL(score_eval_indicator(ev, 0));
	CU_ASSERT_EQUAL(score_eval_indicator_status(ev, 1), SCORE_ZEROED);
	CU_ASSERT_STRING_EQUAL(score_eval_indicator(ev, 1), "0");
	CU_ASSERT_STRING_EQUAL(score_eval_indicator_weight(ev, 1), "10");
	CU_ASSERT_STRING_EQUAL(score_eval_total(ev), "0");
	CU_ASSERT_STRING_EQUAL(score_eval_grade(ev), "");
	score_eval_free(ev);
	score_policy_free(pol);
}

static void test_threads(void)
{
	pthread_t a, b;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&a, NULL, score_in_thread, "95%"), 0);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&b, NULL, score_in_thread, "50%"), 0);
	void *ra, *rb;
	pthread_join(a, &ra);
	pthread_join(b, &rb);
	CU_ASSERT_PTR_NULL(ra);
	CU_ASSERT_PTR_NULL(rb);
}

void tests_add_api(void)
{
	CU_pSuite s = CU_add_suite("api", NULL, NULL);
	CU_add_test(s, "a policy and a row through score.h", test_policy_and_row);
	CU_add_test(s, "errors and warnings as values, with places", test_errors_are_values);
	CU_add_test(s, "each indicator's status, weight and explanation; populations refused", test_per_indicator);
	CU_add_test(s, "two threads, two policies, nothing shared", test_threads);
	CU_add_test(s, "the edges score.h states: NULL, out of range, a policy that did not load", test_edges);
}
