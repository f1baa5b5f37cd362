# Writes N rows for bench/rubric.rule (deterministic: fixed seed, integer math).
BEGIN {
	srand(20261122);
	print "单位,控制率,三公变动率,重点支出率,调整率,执行率,采购执行率,刷卡率,利用率,满意度,实际支出,到位资金,未按进度专项数,违规例数,投诉次数,有制度,制度合规,制度执行,公开内容,公开时限,经济效益";
	for (i = 1; i <= n; i++) {
		pct = ""; for (k = 0; k < 9; k++) pct = pct sprintf(",%d.%02d%%", 50 + int(rand() * 55), int(rand() * 100));
		plan = 1000 + int(rand() * 9000);
		spent = int(plan * (0.6 + rand() * 0.4));
		printf "单位%07d%s,%d.%02d,%d.%02d,%d,%d,%d,%s,%s,%s,%s,%s,%d.%d\n", i, pct, spent, int(rand() * 100), plan, int(rand() * 100), int(rand() * 3), int(rand() * 5), int(rand() * 12), (rand() < 0.9 ? "是" : "否"), (rand() < 0.9 ? "是" : "否"), (rand() < 0.8 ? "是" : "否"), (rand() < 0.9 ? "1" : "0"), (rand() < 0.9 ? "1" : "0"), int(rand() * 5), int(rand() * 10);
	}
}
