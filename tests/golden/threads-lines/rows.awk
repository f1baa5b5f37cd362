# 3,000 records, over the reader's 64 KiB buffer several times: text that
# is not UTF-8 (bytes 0xFF, 0xC3 cut short), a wrong width, both at once
# (the UTF-8 message first), CRLF and lone CR line ends, blank lines,
# quotes, a line longer than 16,384 bytes and one with a field over the
# 65,536-byte limit, an unknown column kept, and a last line with no line
# break. Run with LC_ALL=C, so that "\377" is one byte.
BEGIN {
	printf "单位,执行率,备注,问题数\n"
	pad = "x"
	while (length(pad) < 20000)
		pad = pad pad
	big = pad pad pad pad
	for (i = 1; i <= 3000; i++) {
		end = "\n"
		if (i % 79 == 0) end = "\r\n"
		else if (i % 71 == 0) end = "\r"
		if (i % 83 == 0) printf "单位%d,9\377%%,1%s", i, end
		else if (i % 89 == 0) printf "单位%d,90%%,1%s", i, end
		else if (i % 97 == 0) printf "单位\303%d,90%%%s", i, end
		else if (i % 61 == 0) printf "\"单位%d\",\"%d%%\",\"说\"\"明\",%d%s", i, 50 + i % 50, i % 7, end
		else if (i == 1500) printf "单位%d,80%%,%s,0%s", i, pad, end
		else if (i == 2500) printf "单位%d,80%%,%s,0%s", i, big, end
		else if (i == 3000) printf "单位%d,70%%,,2", i
		else printf "单位%d,%d.%d%%,备注%d,%d%s", i, 50 + i % 50, i % 10, i, i % 12, end
		if (i % 67 == 0) printf "\n"
	}
}
