# Writes N rows for bench/wide.rule (deterministic: fixed seed, integer math).
function yn(p) { r = rand(); return r < p ? (rand() < 0.8 ? "是" : "1") : (rand() < 0.8 ? "否" : "0") }
function pct(lo, span) { return sprintf("%d.%02d%%", lo + int(rand() * span), int(rand() * 100)) }
BEGIN {
	srand(20261206);
	h = "单位";
	split("制度 6 公开 4 档案 5 采购 5 资产 5 绩效 5", g, " ");
	for (k = 1; k <= 12; k += 2) for (j = 1; j <= g[k + 1]; j++) h = h "," g[k] j;
	h = h ",违规1,违规2,违规3,违规4,投诉,整改未完成,延期项目,未公开项,超标数,闲置资产数,审计问题数,未按期报送";
	h = h ",执行率,预算调整率,采购率,刷卡率,满意度,目标完成率,实际支出,预算数,三公实际,三公预算";
	print h;
	for (i = 1; i <= n; i++) {
		row = sprintf("单位%07d", i);
		for (k = 0; k < 30; k++) row = row "," yn(0.85);
		for (k = 0; k < 12; k++) row = row "," (rand() < 0.6 ? 0 : int(rand() * 6));
		row = row "," pct(60, 41) "," (rand() < 0.3 ? "0%" : pct(0, 15)) "," pct(80, 20) "," pct(30, 70) "," pct(55, 45) "," pct(50, 51);
		plan = 1000 + int(rand() * 9000); spent = int(plan * (0.6 + rand() * 0.45));
		sgp = 100 + int(rand() * 900); sgs = int(sgp * (0.9 + rand() * 0.2));
		row = row sprintf(",%d.%02d,%d.%02d,%d.%02d,%d.%02d", spent, int(rand() * 100), plan, int(rand() * 100), sgs, int(rand() * 100), sgp, int(rand() * 100));
		print row;
	}
}
