# 5,000 rows: the first 1,100 refused (so JSON's first batch has no row),
# then a bad cell every 37th row, a wrong width every 101st, a band that
# no branch holds (满意度 < 20%) every 53rd, and a quoted field over lines.
BEGIN {
	print "单位,执行率,满意度,问题数"
	for (i = 1; i <= 5000; i++) {
		s = 60 + (i * 7) % 40
		if (i <= 1100 || i % 37 == 0) printf "单位%d,九十,%d%%,1\n", i, s
		else if (i % 101 == 0) printf "单位%d,90%%\n", i
		else if (i % 53 == 0) printf "单位%d,%d.%d%%,5%%,0\n", i, 50 + i % 60, i % 10
		else if (i == 4000) printf "\"单位%d\n续\",80%%,90%%,0\n", i
		else printf "单位%d,%d.%d%%,%d%%,%d\n", i, 50 + i % 60, i % 10, s, i % 4
	}
}
