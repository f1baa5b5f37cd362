# Turns docs/language.md into a man page (score-rule(5)), so that the page
# and the document cannot drift apart: headings, paragraphs, fenced code,
# lists and tables (as preformatted text). Run: awk -f md2man.awk -v date=…
function esc(s) {
	gsub(/\\/, "\\e", s)
	if (s ~ /^[.']/) s = "\\&" s
	return s
}
function inline(s) {
	s = esc(s)
	# Chinese text has no spaces: a line may break after its punctuation (\:)
	gsub(/，/, "，\\:", s); gsub(/；/, "；\\:", s); gsub(/、/, "、\\:", s); gsub(/：/, "：\\:", s)
	gsub(/。/, "。\\:", s); gsub(/）/, "）\\:", s)
	# `code` and **bold** as bold; *emphasis* as italics
	while (match(s, /`[^`]+`/)) s = substr(s, 1, RSTART - 1) "\\fB" substr(s, RSTART + 1, RLENGTH - 2) "\\fR" substr(s, RSTART + RLENGTH)
	while (match(s, /\*\*[^*]+\*\*/)) s = substr(s, 1, RSTART - 1) "\\fB" substr(s, RSTART + 2, RLENGTH - 4) "\\fR" substr(s, RSTART + RLENGTH)
	while (match(s, /\*[^* ][^*]*\*/)) s = substr(s, 1, RSTART - 1) "\\fI" substr(s, RSTART + 1, RLENGTH - 2) "\\fR" substr(s, RSTART + RLENGTH)
	return s
}
BEGIN {
	print ".TH SCORE-RULE 5 \"" date "\" \"score " version "\" \"File Formats\""
	print ".ad l"   # ragged right: Chinese lines break rarely, so justifying them fails
	print ".SH NAME"
	print "score-rule \\- the rule language of score's policies (*.rule)"
	code = 0; para = 0
}
/^```/ { if (code) { print ".fi"; print ".RE"; code = 0 } else { print ".PP"; print ".RS 2"; print ".nf"; code = 1 } next }
code { print esc($0); next }
/^# / { next }    # the title: the NAME section says it
/^## / { sub(/^## /, ""); print ".SH " toupper(inline($0)); para = 0; next }
/^### / { sub(/^### /, ""); print ".SS " inline($0); para = 0; next }
/^\|/ {           # a table row, kept as text; the separator row dropped
	if ($0 ~ /^\|[-| :]+\|$/) next
	if (!intable) { print ".PP"; print ".nf"; intable = 1 }
	print inline($0); next
}
intable && !/^\|/ { print ".fi"; intable = 0 }
/^[-*] / { sub(/^[-*] /, ""); print ".IP \\(bu 2"; print inline($0); para = 1; next }
/^[0-9]+\. / { sub(/^[0-9]+\. /, ""); print ".IP \\(bu 2"; print inline($0); para = 1; next }
/^$/ { para = 0; next }
{ if (!para) { print ".PP"; para = 1 } print inline($0) }
END { if (code) print ".fi"; if (intable) print ".fi"; print ".SH SEE ALSO"; print ".BR score (1)" }
