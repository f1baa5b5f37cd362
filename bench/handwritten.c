/* handwritten: bench/rubric.rule computed by hand, in exact fixed point.
 *
 * The yardstick for score's speed (make bench prints score/handwritten)
 * and a second, independent reading of the rubric (make check compares the
 * two outputs byte for byte over generated rows). It reads what
 * bench/gen.awk writes and nothing else: any other cell stops it.
 *
 * Percents are held in ten-thousandths (87.45% → 8745), money in cents,
 * scores in hundredths (the policy's round 2 half_up); a ratio of two
 * inputs is compared and rounded by cross-multiplying in 128 bits, so no
 * value is ever rounded except where the rubric rounds. No binary floating
 * point. Usage: handwritten [FILE] (standard input without one). */
#define NCOLS 21

static const char header_in[] =
	"单位,控制率,三公变动率,重点支出率,调整率,执行率,采购执行率,刷卡率,利用率,满意度,实际支出,到位资金,"
	"未按进度专项数,违规例数,投诉次数,有制度,制度合规,制度执行,公开内容,公开时限,经济效益";
static const char header_out[] =
	"单位,投入,财政供养人员控制率,三公经费变动率,重点支出安排率,过程,预算调整率,支付进度,预算执行率,"
	"执行率得分,管理制度健全性,资金使用合规性,预决算信息公开,政府采购执行率,公务卡刷卡率,固定资产利用率,"
	"资产管理安全性,投诉处理,产出,重点工作,任务完成,效果,经济效益,社会效益,生态效益,满意度,total,grade\n";

#include "handwritten.h"

static char *score_row(const char *const *f, const size_t *n, char *o)
{
	enum { ID, CTRL, SANGONG, KEY, ADJUST, EXEC, PURCHASE, CARD, ASSETS, SATISFY, SPENT, FUNDS,
	       LATE, VIOLATIONS, COMPLAINTS, HAS_RULES, RULES_OK, RULES_KEPT, PUB_CONTENT, PUB_TIME, ECON };
	int64_t ctrl = fixed(f[CTRL], n[CTRL], 2, true), sangong = fixed(f[SANGONG], n[SANGONG], 2, true);
	int64_t key = fixed(f[KEY], n[KEY], 2, true), adjust = fixed(f[ADJUST], n[ADJUST], 2, true);
	int64_t exec = fixed(f[EXEC], n[EXEC], 2, true), purchase = fixed(f[PURCHASE], n[PURCHASE], 2, true);
	int64_t card = fixed(f[CARD], n[CARD], 2, true), assets = fixed(f[ASSETS], n[ASSETS], 2, true);
	int64_t satisfy = fixed(f[SATISFY], n[SATISFY], 2, true);
	int64_t spent = fixed(f[SPENT], n[SPENT], 2, false), funds = fixed(f[FUNDS], n[FUNDS], 2, false);
	int64_t late = fixed(f[LATE], n[LATE], 0, false), violations = fixed(f[VIOLATIONS], n[VIOLATIONS], 0, false);
	int64_t complaints = fixed(f[COMPLAINTS], n[COMPLAINTS], 0, false);
	int64_t econ = fixed(f[ECON], n[ECON], 2, false);
	bool has_rules = yes(f[HAS_RULES], n[HAS_RULES]), rules_ok = yes(f[RULES_OK], n[RULES_OK]);
	bool rules_kept = yes(f[RULES_KEPT], n[RULES_KEPT]);
	bool pub_content = yes(f[PUB_CONTENT], n[PUB_CONTENT]), pub_time = yes(f[PUB_TIME], n[PUB_TIME]);
	if (funds == 0 || adjust > 100000 || econ > 500)
		die("outside the rubric's inputs:", f[ID], n[ID]);

	int64_t s[21];
	/* 投入: 5 − 0.5 per point above 100%: 5 − (ctrl − 10000)/200 */
	s[0] = ctrl <= 10000 ? 500 : floored((i128)1000 - (ctrl - 10000), 200);
	/* whole points: 5 − 0.5 × ⌊sangong / 100⌋ */
	s[1] = max64(0, 500 - 50 * (sangong / 100));
	s[2] = key >= 9000 ? 500 : key >= 8000 ? 400 : key >= 7000 ? 300 : key >= 6000 ? 200 : 0;
	/* 过程 */
	s[3] = adjust == 0 ? 300 : adjust <= 1000 ? 200 : adjust <= 2000 ? 100 : adjust <= 3000 ? 50 : 0;
	s[4] = max64(0, 300 - 50 * late);
	s[5] = spent >= funds ? 600 : hundredths((i128)6 * spent, funds);
	s[6] = exec >= 10000 ? 400 : hundredths((i128)4 * exec, 10000);
	s[7] = 100 * (has_rules + rules_ok + rules_kept);
	s[8] = max64(0, 300 - 100 * violations);
	s[9] = min64(300, 150 * (pub_content + pub_time));
	/* 3 − 0.2 per point below 100%: 3 − (10000 − purchase)/500 */
	s[10] = purchase >= 10000 ? 300 : floored((i128)1500 - (10000 - purchase), 500);
	s[11] = card >= 5000 ? 300 : floored((i128)1500 - (5000 - card), 500);
	s[12] = assets >= 10000 ? 300 : floored((i128)3000 - (10000 - assets), 1000);
	s[13] = violations > 3 ? 0 : max64(0, 400 - 100 * violations);
	s[14] = complaints == 0 ? 200 : complaints <= 10 ? 100 : 0;
	/* 产出: round(10 × spent / funds, 1), half up, unless spent covers funds */
	s[15] = spent >= funds ? 1000 : 10 * (int64_t)(((i128)200 * spent + funds) / (2 * funds));
	s[16] = exec >= 10000 ? 1500 : hundredths((i128)15 * exec, 10000);
	/* 效果 */
	s[17] = econ;
	s[18] = satisfy >= 9500 ? 500 : satisfy >= 8500 ? 300 : satisfy >= 7500 ? 100 : 0;
	s[19] = rules_kept && satisfy >= 8000 ? 500 : 250;
	s[20] = satisfy >= 10000 ? 500 : hundredths((i128)5 * satisfy, 10000);

	memcpy(o, f[ID], n[ID]);
	o += n[ID];
	static const int groups[][2] = {{0, 3}, {3, 15}, {15, 17}, {17, 21}};
	int64_t total;
	o = put_groups(o, s, groups, 4, &total);
	return put_grade(o, total, false);
}
