/* wide: bench/wide.rule computed by hand, in exact fixed point.
 *
 * The yardstick for score's speed on a wide sheet (53 columns, mostly
 * yes/no and small counts; make bench prints score/wide) and a second,
 * independent reading of the rubric (make check compares the two outputs
 * byte for byte over generated rows). It reads what bench/gen-wide.awk
 * writes and nothing else: any other cell stops it.
 *
 * Percents in ten-thousandths, money in cents, scores in hundredths (the
 * policy's round 2 half_up); ratios are compared and rounded by
 * cross-multiplying in 128 bits. Usage: wide [FILE] (standard input
 * without one). */
#define NCOLS 53

static const char header_in[] =
	"单位,制度1,制度2,制度3,制度4,制度5,制度6,公开1,公开2,公开3,公开4,档案1,档案2,档案3,档案4,档案5,"
	"采购1,采购2,采购3,采购4,采购5,资产1,资产2,资产3,资产4,资产5,绩效1,绩效2,绩效3,绩效4,绩效5,"
	"违规1,违规2,违规3,违规4,投诉,整改未完成,延期项目,未公开项,超标数,闲置资产数,审计问题数,未按期报送,"
	"执行率,预算调整率,采购率,刷卡率,满意度,目标完成率,实际支出,预算数,三公实际,三公预算";
static const char header_out[] =
	"单位,投入,预算编制,三公控制,预算调整,过程,执行率得分,支出进度,信息公开,未公开扣分,档案管理,采购管理,"
	"采购执行,公务卡,资产管理,资金合规,产出,目标完成,问题整改,项目进度,效果,绩效管理,满意度得分,投诉处理,"
	"审计整改,报送及时,total,grade\n";

#include "handwritten.h"

/* How many of the yes/no cells from..from+count say yes. */
static int64_t yeses(const char *const *f, const size_t *n, int from, int count)
{
	int64_t k = 0;
	for (int i = from; i < from + count; i++)
		k += yes(f[i], n[i]);
	return k;
}

static char *score_row(const char *const *f, const size_t *n, char *o)
{
	enum { ID, RULES = 1, PUBLIC = 7, FILES = 11, BUYING = 16, ASSETS = 21, PERFORM = 26, VIOL = 31,
	       COMPLAINTS = 35, UNFIXED, LATE, UNPUBLISHED, OVER, IDLE, AUDIT, UNREPORTED, EXEC, ADJUST, PURCHASE,
	       CARD, SATISFY, GOAL, SPENT, PLAN, SG_SPENT, SG_PLAN };
	int64_t c[12];
	for (int i = 0; i < 12; i++)
		c[i] = fixed(f[VIOL + i], n[VIOL + i], 0, false);
	int64_t v1 = c[0], violations = c[0] + c[1] + c[2] + c[3], complaints = c[COMPLAINTS - VIOL];
	int64_t unfixed = c[UNFIXED - VIOL], late = c[LATE - VIOL], unpublished = c[UNPUBLISHED - VIOL];
	int64_t over = c[OVER - VIOL], idle = c[IDLE - VIOL], audit = c[AUDIT - VIOL], unreported = c[UNREPORTED - VIOL];
	int64_t exec = fixed(f[EXEC], n[EXEC], 2, true), adjust = fixed(f[ADJUST], n[ADJUST], 2, true);
	int64_t purchase = fixed(f[PURCHASE], n[PURCHASE], 2, true), card = fixed(f[CARD], n[CARD], 2, true);
	int64_t satisfy = fixed(f[SATISFY], n[SATISFY], 2, true), goal = fixed(f[GOAL], n[GOAL], 2, true);
	int64_t spent = fixed(f[SPENT], n[SPENT], 2, false), plan = fixed(f[PLAN], n[PLAN], 2, false);
	int64_t sg_spent = fixed(f[SG_SPENT], n[SG_SPENT], 2, false), sg_plan = fixed(f[SG_PLAN], n[SG_PLAN], 2, false);
	if (adjust > 10000)
		die("outside the rubric's inputs:", f[ID], n[ID]);

	int64_t s[21];
	/* 投入 */
	s[0] = min64(500, 100 * yeses(f, n, RULES, 6));
	/* ratio(三公实际, 三公预算, 0): ≤ 100%, ≤ 105% */
	s[1] = sg_plan == 0 || sg_spent <= sg_plan ? 500 : (i128)100 * sg_spent <= (i128)105 * sg_plan ? 300 : 0;
	s[2] = adjust == 0 ? 500 : adjust <= 500 ? 400 : adjust <= 1000 ? 200 : 0;
	/* 过程 */
	s[3] = exec >= 10000 ? 1000 : hundredths((i128)10 * exec, 10000);
	s[4] = plan == 0 ? 0 : spent >= plan ? 500 : hundredths((i128)5 * spent, plan);
	s[5] = 100 * yeses(f, n, PUBLIC, 4);
	s[6] = max64(0, 300 - 100 * unpublished);
	s[7] = 100 * yeses(f, n, FILES, 5);
	s[8] = 100 * yeses(f, n, BUYING, 5);
	/* 3 − 0.2 per point below 100%: (1500 − (10000 − purchase)) / 500 */
	s[9] = purchase >= 10000 ? 300 : floored((i128)1500 - (10000 - purchase), 500);
	s[10] = card >= 5000 ? 200 : 0;
	s[11] = idle > 3 ? 0 : 100 * yeses(f, n, ASSETS, 5);
	s[12] = max64(0, 300 - 100 * violations);
	/* 产出 */
	s[13] = goal >= 10000 ? 1000 : hundredths((i128)10 * goal, 10000);
	s[14] = unfixed == 0 ? 500 : unfixed <= 2 ? 300 : 0;
	s[15] = max64(0, 500 - 100 * late);
	/* 效果 */
	s[16] = 100 * yeses(f, n, PERFORM, 5);
	s[17] = satisfy >= 9000 ? 500 : satisfy >= 8000 ? 400 : satisfy >= 6000 ? 200 : 0;
	s[18] = complaints == 0 ? 300 : complaints <= 5 ? 200 : 0;
	s[19] = max64(0, 400 - 50 * audit);
	s[20] = max64(0, 300 - 100 * (unreported + over));

	memcpy(o, f[ID], n[ID]);
	o += n[ID];
	static const int groups[][2] = {{0, 3}, {3, 13}, {13, 16}, {16, 21}};
	int64_t total;
	o = put_groups(o, s, groups, 4, &total);
	return put_grade(o, total, v1 > 2); /* veto 违规1 > 2 grade 差 */
}
