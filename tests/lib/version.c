/* A program linked against libscore.so: the header's version is the
 * library's, and the per-indicator calls answer through the shared object. */
#include <score.h>
#include <stdio.h>
#include <string.h>

#define STR2(x) #x
#define STR(x) STR2(x)

int main(void)
{
	const char *header = STR(SCORE_VERSION_MAJOR) "." STR(SCORE_VERSION_MINOR) "." STR(SCORE_VERSION_PATCH);
	if (strncmp(score_version(), header, strlen(header)) != 0) {
		fprintf(stderr, "header %s, library %s\n", header, score_version());
		return 1;
	}
	static const char text[] = "policy \"v\" { total 10; }\ninput a: number [0, 10];\nindicator 甲 10 = a;\n";
	score_policy *pol;
	if (score_policy_load_text(&pol, "v.rule", text, sizeof text - 1, NULL) != SCORE_OK)
		return 1;
	score_eval *ev = score_eval_new(pol);
	score_eval_set(ev, "a", "7.5");
	int rc = score_eval_run(ev);
	printf("version %s, total %s, 甲 weight %s: %s\n", header, score_eval_total(ev), score_eval_indicator_weight(ev, 0),
	       score_eval_indicator_explanation(ev, 0));
	score_eval_free(ev);
	score_policy_free(pol);
	return rc;
}
