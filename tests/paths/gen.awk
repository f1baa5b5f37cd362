# Writes a random rubric (mode "rule") or its rows (mode "rows") for seed s:
# bands with edges of many places, proportions, deductions, divisions by 3,
# 7 …, roundings in every mode, and values from 1e-18 to 1e20, so that the
# machine-word path meets its edges and overflows into GMP and back.
function pick(a, n) { return a[1 + int(rand() * n)] }
function num(   r, k, s) {
	r = rand()
	if (r < 0.15) return pick(edges, nedges)
	if (r < 0.25) return sprintf("%d%d%d", 1 + int(rand() * 9e8), int(rand() * 1e9), int(rand() * 100))
	if (r < 0.32) return "0.0000000000000000" (1 + int(rand() * 99))
	if (r < 0.38) return "-" int(rand() * 50) "." int(rand() * 1000)
	if (r < 0.45) return "0"
	s = int(rand() * 200) "." int(rand() * 10)
	for (k = 0; k < 4; k++) if (rand() < 0.4) s = s int(rand() * 10)
	return s
}
function pct() { return rand() < 0.5 ? pick(edges, nedges) : num() }
BEGIN {
	srand(s)
	split("half_up half_even down up floor ceil", modes, " ")
	split("80 89.995 90 0.5 1 33.333 66.6666666666666666667 100 12.345 0.005", edges, " ")
	nedges = 10
	split("3 7 9 11 13 1000003", ks, " ")
	# a percent cell as sheets have it, on a band's edges and a step off them
	split("90 90.00 89.99 90.01 80 79.99 80.01 60 60.0 59.99 60.01 0 100 85.5 -0.01", near, " ")
	nnear = 15
	split("2.5 3 0.005 1.5", cw, " ")
	if (mode == "rows") {
		print "id,a,b,c,p,q,n,y,r,z"
		for (i = 1; i <= 60; i++)
			printf "u%d,%s,%s,%s,%s%%,%s%%,%d,%s,%s%%,%s\n", i, num(), num(), num(), pct(), pct(), int(rand() * 30), rand() < 0.5 ? "是" : "否", pick(near, nnear), rand() < 0.5 ? "1" : "0"
		exit
	}
	places = int(rand() * 5)
	printf "policy \"paths %d\" { total 120; round %d %s; grade 优 >= 45; grade 良 [30, 45); grade 差 < 30; }\n", s, places, pick(modes, 6)
	print "input id: id;"
	print "input a, b, c: number;"
	print "input p, q: percent;"
	print "input n: count;"
	print "input y: yesno;"
	print "input r: percent [-100%, 1000%];"
	print "input z: yesno;"
	for (i = 1; i <= 6; i++) {
		e1 = pick(edges, nedges); e2 = pick(edges, nedges)
		lo = e1 + 0 < e2 + 0 ? e1 : e2; hi = e1 + 0 < e2 + 0 ? e2 : e1
		k = pick(ks, 6)
		r = int(rand() * 10)
		if (r <= 1 && lo + 0 == hi + 0)
			r = 2
		if (r == 0)
			printf "indicator 甲%d 10 = band p { >= %s%%: 10; [%s%%, %s%%): 7.5; else: round(prorata(p, 5), %d); };\n", i, hi, lo, hi, int(rand() * 4)
		else if (r == 1)
			printf "indicator 甲%d 10 = band p { [%s%%, %s%%): 6; (%s%%, 1000%%]: 10; else: 2; };\n", i, lo, hi, hi
		else if (r == 2)
			printf "indicator 甲%d 10 = prorata(ratio(a, b, 0), 10);\n", i
		else if (r == 3)
			printf "indicator 甲%d 10 = from 10 deduct %s per %s%% of p - q;\n", i, pick(edges, nedges), 1 + int(rand() * 3)
		else if (r == 4)
			printf "indicator 甲%d 10 = clamp(round(a * b / %s, %d) - c * c * c, 0, 10);\n", i, k, int(rand() * 6)
		else if (r == 5)
			printf "indicator 甲%d 10 = min(10, abs(a / %s + b / %s) * 1000000000000);\n", i, k, pick(ks, 6)
		else if (r == 6)
			printf "indicator 甲%d 10 = if y and p >= q then 10 else from 10 deduct 0.25 per 1 of n;\n", i
		else if (r == 7)
			printf "indicator 甲%d 10 = from 10 deduct %s per %s of n whole capped %s;\n", i, pick(edges, nedges), pick(ks, 6), 1 + int(rand() * 10)
		else if (r == 8)
			printf "indicator 甲%d 10 = from 10 deduct %s per %s of a whole;\n", i, pick(edges, nedges), pick(edges, nedges)
		else
			printf "indicator 甲%d 10 = from %s deduct %s per %s%% of q capped %s;\n", i, 1 + int(rand() * 9), pick(edges, nedges), pick(edges, nedges), int(rand() * 2)
	}
	# a cell over a power of ten, negative or not, rounded in the policy's mode
	printf "indicator 乙 10 = clamp(round(c / 10, %d) + 5, 0, 10);\n", int(rand() * 4)
	# bands over a count and over a percent, open and closed at each edge,
	# which the machine tests in words (form.h)
	print "indicator 丙 10 = band n { = 0: 10; (0, 3]: 8; (3, 10): 5; [10, 20]: 2; else: 0; };"
	# checklists, which the machine adds up in words (form.h)
	printf "indicator 戊 10 = checklist { y: %s; z: 1.25; y: 0.5; };\n", pick(cw, 4)
	print "indicator 己 10 = checklist each 4.5 cap 8 { y; z; y; };"
	print "indicator 丁 10 = band r { >= 90%: 10; [80%, 90%): 8; (60%, 80%): 5; = 60%: 4; (0, 60%): 1; else: 0; };"
}
