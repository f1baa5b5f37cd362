# Writes a random rubric of deductions (mode "rule") or its rows (mode
# "rows") for seed s: from an input (a number, a percent, a count) or a
# difference, per units whole or not, capped or not, with constants and
# amounts from 10^-9 to 10^18, negative ones among them, so that a
# deduction's word way (vm.c, deduct_words) meets its edges and leaves
# them to GMP.
function num(   r) {
	r = rand()
	if (r < 0.1) return "0"
	if (r < 0.2) return int(rand() * 1e9) "" int(rand() * 1e9)
	if (r < 0.3) return "-" int(rand() * 100) "." int(rand() * 100)
	if (r < 0.4) return "0.000000" int(rand() * 1000)
	return int(rand() * 200) "." int(rand() * 1000)
}
function konst(   r) {
	r = rand()
	if (r < 0.3) return int(1 + rand() * 9)
	if (r < 0.6) return "0." int(1 + rand() * 99)
	if (r < 0.7) return int(rand() * 1e9) "" int(rand() * 1e9)
	return int(rand() * 50) "." int(rand() * 1000)
}
BEGIN {
	srand(s)
	if (mode == "rows") {
		print "id,a,p,n"
		for (i = 1; i <= 40; i++)
			printf "u%d,%s,%s%%,%d\n", i, num(), num(), int(rand() * 40)
		exit
	}
	printf "policy \"deductions %d\" { total 1000000000000000000000000; round %d half_even; }\n", s, int(rand() * 4)
	print "input id: id;"
	print "input a: number;"
	print "input p: percent;"
	print "input n: count;"
	for (i = 1; i <= 8; i++) {
		from = rand() < 0.3 ? "a" : rand() < 0.5 ? "p" : rand() < 0.5 ? "n" : "a - p"
		whole = rand() < 0.4 ? " whole" : ""
		capped = rand() < 0.4 ? " capped " konst() : ""
		unit = rand() < 0.5 ? konst() "%" : konst()
		printf "indicator x%d 100000000000000000000000 = from %s deduct %s per %s of %s%s%s;\n", i, konst(), konst(), unit,
			from, whole, capped
	}
}
