/* Scores one row with libscore: embed POLICY.rule COLUMN=CELL ...
 * Build: cc embed.c $(pkg-config --cflags --libs score) */
#include <score.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc < 2)
		return fprintf(stderr, "usage: embed POLICY.rule COLUMN=CELL ...\n"), 3;
	score_policy *pol;
	int rc = score_policy_load_file(&pol, argv[1], NULL);
	for (size_t i = 0; i < score_message_count(pol); i++) {
		const score_message *m = score_message_get(pol, i);
		fprintf(stderr, "%s:%d:%d: %s\n", m->file ? m->file : argv[1], m->line, m->column, m->text);
	}
	score_eval *ev = rc == SCORE_OK ? score_eval_new(pol) : NULL;
	for (int i = 2; ev && rc == SCORE_OK && i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (eq)
			*eq = '\0';
		rc = score_eval_set(ev, argv[i], eq ? eq + 1 : "");
	}
	if (ev && rc == SCORE_OK)
		rc = score_eval_run(ev);
	if (ev && rc == SCORE_OK) {
		/* each indicator: its score (NULL when it did not apply), effective
		 * weight, status and own 扣分说明, all held at once */
		static const char *const status[] = {"scored", "not applicable", "zeroed"};
		for (int i = 0; i < score_indicator_count(pol); i++) {
			const char *got = score_eval_indicator(ev, i), *weight = score_eval_indicator_weight(ev, i);
			const char *why = score_eval_indicator_explanation(ev, i);
			printf("%s: %s of %s (%s)%s%s\n", score_indicator_path(pol, i), got ? got : "-", weight,
			       status[score_eval_indicator_status(ev, i)], *why ? ": " : "", why);
		}
		printf("total %s, grade %s\n", score_eval_total(ev), score_eval_grade(ev));
	}
	else if (ev)
		fprintf(stderr, "%s\n", score_eval_error(ev));
	score_eval_free(ev);
	score_policy_free(pol);
	return rc;
}
