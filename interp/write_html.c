#include "write_html.h"

#include <string.h>

#include "explain.h"
#include "i18n.h"
#include "mem.h"
#include "outdir.h"
#include "write_rubric.h"
#include "strbuf.h"

#define HTML_BINS 10

/* What the overview needs, gathered row by row; the units' 评分表 go to an
 * unnamed temporary file meanwhile, since the overview comes first. Owns
 * its decimals. */
struct html {
	const prog *p;
	FILE *out, *units, *index;  /* index: the overview's list of units, linked to their 评分表 */
	outdir *dir;           /* a folder: each unit's 评分表 a page of its own in it (units is NULL) */
	bool failed;           /* a unit's page could not be written */
	bool signatures;       /* lines to sign under each 评分表 */
	long scored, unscored;
	long *by_grade;        /* by grade index; [ngrades]: in no band */
	long bins[HTML_BINS];  /* totals by tenths of the full score */
	dec_t *lost;           /* by node: the sum of its share of weight lost */
	long *counted;         /* by node: units where it applied */
	strbuf unscored_rows;  /* <tr>s */
	rubric_rows rows;      /* of a 评分表 */
	strbuf sb;
};


/* A score as the workbook shows it: with the policy's places (39.50); a
 * 分值 or the total stays as written (4). */
static void score_text(strbuf *sb, const prog *p, const dec_t *v)
{
	if (p->places >= 0)
		dec_format_fixed(sb, v, p->places);
	else
		dec_format(sb, v);
}
static void esc(strbuf *sb, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '<': sb_puts(sb, "&lt;"); break;
		case '>': sb_puts(sb, "&gt;"); break;
		case '&': sb_puts(sb, "&amp;"); break;
		case '"': sb_puts(sb, "&quot;"); break;
		case '\n': sb_puts(sb, "<br>"); break;
		default: sb_putc(sb, s[i]);
		}
	}
}

static void escs(strbuf *sb, const char *s)
{
	esc(sb, s, strlen(s));
}

html *html_open(FILE *out, const prog *p, outdir *dir, bool signatures)
{
	FILE *units = dir ? NULL : tmpfile(), *index = units || dir ? tmpfile() : NULL;
	if (!index) {
		if (units)
			fclose(units);
		return NULL;
	}
	html *h = mem_calloc(1, sizeof *h);
	h->dir = dir;
	h->signatures = signatures;
	h->index = index;
	h->p = p;
	h->out = out;
	h->units = units;
	h->by_grade = mem_calloc((size_t)p->ngrades + 1, sizeof *h->by_grade);
	h->lost = mem_calloc((size_t)p->nnodes, sizeof *h->lost);
	rubric_plan(&h->rows, p);
	h->counted = mem_calloc((size_t)p->nnodes, sizeof *h->counted);
	for (int i = 0; i < p->nnodes; i++)
		h->lost[i] = DEC_ZERO;
	return h;
}

static const char style[] =
	"<style>\n"
	"body{font-family:\"Microsoft YaHei\",\"PingFang SC\",\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",sans-serif;margin:2em;color:#222}\n"
	"table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #888;padding:4px 6px;vertical-align:top}\n"
	"th{background:#eef2f7}td.n{text-align:right;white-space:nowrap}td.std{font-size:90%}\n"
	"table.rubric{table-layout:fixed;width:100%}col.lv{width:6.5em}col.def{width:16%}col.w{width:3.2em}"
	"col.sc{width:4.6em}col.note{width:16%}table.rubric td{overflow-wrap:anywhere}\n"
	"tr.who th{text-align:left;background:#fff;border:none;padding:0 0 6px 0;font-size:105%}\n"
	"tr.sum td{font-weight:bold;background:#f6f6f6}tr.sub td{background:#fafafa}figure{margin:1em 0}figcaption{font-weight:bold}\n"
	"svg text{font-size:13px}nav a{margin-right:.8em}p.back{margin:0 0 .5em 0}\n"
	"p.sign{margin:2em 0 0 0;font-weight:bold;break-inside:avoid}p.sign span{display:inline-block;width:10em;"
	"border-bottom:1px solid #222;margin:0 3em 0 .3em}\n"
	"@media print{@page{size:A4 landscape;margin:8mm}body{margin:0;font-size:8.5pt}section.unit{break-before:page}"
	"nav,p.back,section.unit h2{display:none}th,td{padding:2px 4px}table{margin:0}tr{break-inside:avoid}"
	"thead{display:table-header-group}}\n"
	"</style>\n";

/* A page's start, up to its body: what (the unit or the report) in the title. */
static void page_head(strbuf *sb, const prog *p, const char *who, const char *what)
{
	sb_printf(sb, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>", i18n_word(W_HTML_LANG));
	escs(sb, who);
	if (strcmp(who, p->title) != 0) {
		sb_puts(sb, " · ");
		escs(sb, p->title);
	}
	sb_putc(sb, ' ');
	sb_puts(sb, what);
	sb_puts(sb, "</title>\n");
	sb_puts(sb, style);
	sb_puts(sb, "</head><body>\n");
}

/* A row's last cells: the node's 得分 (不适用 when it does not apply) and
 * what its 扣分说明 says; the row ends. */
static void score_and_note(strbuf *sb, const prog *p, const row *v, int node, const strbuf *note)
{
	sb_puts(sb, "<td class=\"n\">");
	if (row_node_status(v, node) == ROW_NA)
		sb_puts(sb, i18n_word(W_NOT_APPLICABLE));
	else
		score_text(sb, p, row_node_score(v, node));
	sb_puts(sb, "</td><td>");
	if (note->len)
		esc(sb, note->data, note->len);
	sb_puts(sb, "</td></tr>\n");
}

/* A 一级指标's 小计 row: its 分值 and 得分, and why a capped parent holds
 * less than its leaves add up to. */
static void subtotal_row(html *h, const row *v, int node, int depth, bool defs)
{
	const prog *p = h->p;
	strbuf *sb = &h->sb;
	sb_printf(sb, "<tr class=\"sub\"><td colspan=\"%d\">%s</td><td class=\"n\">", depth - 1 + defs, i18n_word(W_SUBTOTAL));
	dec_format(sb, &p->nodes[node].weight);
	sb_puts(sb, "</td><td></td>");
	strbuf note = STRBUF_INIT;
	explain_subtotal(&note, p, v, node);
	score_and_note(sb, p, v, node, &note);
	sb_free(&note);
}

/* One unit's 评分表: the published layout (write_rubric.h), one row per leaf,
 * parents spanning their leaves' rows, a 小计 after each 一级指标. */
static void unit_table(html *h, long number, const char *id, const row *v)
{
	const prog *p = h->p;
	const rubric_rows *plan = &h->rows;
	strbuf *sb = &h->sb;
	sb_clear(sb);
	int depth = plan->depth, g = row_grade(v);
	bool defs = prog_has_definitions(p);
	sb_printf(sb, "<section class=\"unit\" id=\"u%ld\"><p class=\"back\"><a href=\"%s\">%s</a></p><h2>", number,
		  h->dir ? "../index.html" : "#overview", i18n_word(W_BACK));
	escs(sb, id);
	sb_printf(sb, " %s</h2>\n", i18n_word(W_RUBRIC));
	/* the columns' shares of the page: the texts wide, the figures narrow */
	sb_puts(sb, "<table class=\"rubric\"><colgroup>");
	for (int d = 0; d < depth; d++)
		sb_puts(sb, "<col class=\"lv\">");
	sb_puts(sb, defs ? "<col class=\"def\">" : "");
	sb_puts(sb, "<col class=\"w\"><col class=\"std\"><col class=\"sc\"><col class=\"note\"></colgroup>\n");
	/* the title and the unit head the table, so that each printed page of
	 * it repeats them with the column names */
	sb_printf(sb, "<thead><tr class=\"who\"><th colspan=\"%d\">", depth + defs + 4);
	escs(sb, p->title);
	sb_puts(sb, i18n_word(W_HTML_WHO_UNIT));
	escs(sb, id);
	sb_puts(sb, i18n_word(W_HTML_WHO_TOTAL));
	score_text(sb, p, row_total(v));
	if (g >= 0) {
		sb_puts(sb, i18n_word(W_HTML_WHO_GRADE));
		escs(sb, p->grades[g].label);
	}
	sb_puts(sb, "</th></tr>\n<tr>");
	for (int d = 0; d < depth; d++)
		sb_printf(sb, "<th>%s</th>", lang_level_name(d + 1));
	if (defs)
		sb_printf(sb, "<th>%s</th>", i18n_word(W_DEFINITION));
	sb_printf(sb, "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n", i18n_word(W_WEIGHT),
		  i18n_word(W_STANDARD), i18n_word(W_SCORE), i18n_word(W_EXPLANATION));
	bool open_row = false;
	int pending = -1;
	for (int i = 0; i <= p->nnodes; i++) {
		if (pending >= 0 && (i == p->nnodes || p->nodes[i].parent < 0)) {
			subtotal_row(h, v, pending, depth, defs);
			pending = -1;
		}
		if (i == p->nnodes)
			break;
		const prog_node *n = &p->nodes[i];
		if (!open_row) {
			sb_puts(sb, "<tr>");
			open_row = true;
		}
		if (n->nchildren) {
			if (plan->last[i] < plan->first[i])
				continue;
			sb_printf(sb, "<td rowspan=\"%d\">", rubric_span(plan, i));
			escs(sb, n->name);
			sb_puts(sb, i18n_word(W_OPEN));
			dec_format(sb, &n->weight);
			sb_puts(sb, i18n_word(W_POINTS_CLOSE));
			sb_puts(sb, "</td>");
			if (plan->subtotal[i] >= 0)
				pending = i;
			continue;
		}
		int span = depth - n->depth + 1;
		sb_printf(sb, "<td colspan=\"%d\">", span);
		escs(sb, n->name);
		if (defs) {
			sb_puts(sb, "</td><td class=\"std\">");
			if (n->definition >= 0)
				escs(sb, p->strings[n->definition]);
		}
		sb_puts(sb, "</td><td class=\"n\">");
		dec_format(sb, &n->weight);
		sb_puts(sb, "</td>");
		/* a parent printed with one 评分标准 for its children spans their rows */
		int owner = prog_standard_of(p, i);
		if (owner == i || owner < 0) {
			sb_puts(sb, "<td class=\"std\">");
			if (owner == i)
				escs(sb, p->strings[n->standard]);
			sb_puts(sb, "</td>");
		} else if (plan->first[owner] == plan->first[i]) {
			sb_printf(sb, "<td class=\"std\" rowspan=\"%d\">", plan->last[owner] - plan->first[owner] + 1);
			escs(sb, p->strings[p->nodes[owner].standard]);
			sb_puts(sb, "</td>");
		}
		strbuf note = STRBUF_INIT;
		explain_node(&note, p, v, i);
		score_and_note(sb, p, v, i, &note);
		sb_free(&note);
		open_row = false;
	}
	sb_printf(sb, "<tr class=\"sum\"><td colspan=\"%d\">%s</td><td class=\"n\">", depth + defs, i18n_word(W_SUM));
	dec_format(sb, &p->total);
	sb_printf(sb, "</td><td>%s", i18n_word(W_GRADE_IS));
	if (g >= 0)
		escs(sb, p->grades[g].label);
	sb_puts(sb, "</td><td class=\"n\">");
	score_text(sb, p, row_total(v));
	sb_puts(sb, "</td><td>");
	strbuf total_note = STRBUF_INIT;
	explain_total(&total_note, p, v);
	if (total_note.len)
		esc(sb, total_note.data, total_note.len);
	sb_free(&total_note);
	sb_puts(sb, "</td></tr>\n</tbody></table>\n");
	if (h->signatures)
		sb_printf(sb, "<p class=\"sign\">%s</p>\n", i18n_word(W_HTML_SIGNATURES));
	sb_puts(sb, "</section>\n");
	if (!h->dir) {
		fwrite(sb->data, 1, sb->len, h->units);
		return;
	}
	/* a page of its own in the folder */
	strbuf name = STRBUF_INIT, page = STRBUF_INIT;
	sb_printf(&name, "units/u%ld.html", number);
	page_head(&page, p, id, i18n_word(W_RUBRIC));
	FILE *f = outdir_file(h->dir, name.data);
	bool ok = f && fwrite(page.data, 1, page.len, f) == page.len && fwrite(sb->data, 1, sb->len, f) == sb->len &&
		  fputs("</body></html>\n", f) >= 0;
	if (f)
		ok = outdir_close_file(h->dir, f) && ok;
	h->failed |= !ok;
	sb_free(&name);
	sb_free(&page);
}

void html_row(html *h, long number, const char *id, const row *v)
{
	const prog *p = h->p;
	h->scored++;
	int g = row_grade(v);
	h->by_grade[g >= 0 ? g : p->ngrades]++;
	/* tenths of the full score: total × 10 / full, the last bin closed */
	dec_t t = DEC_ZERO, ten = DEC_ZERO;
	dec_set_int(&ten, HTML_BINS);
	dec_mul(&t, row_total(v), &ten);
	if (dec_sgn(&p->total) > 0)
		dec_div(&t, &t, &p->total);
	int64_t bin = 0;
	dec_round(&t, &t, 0, DEC_FLOOR);
	dec_get_int(&t, &bin);
	bin = bin < 0 ? 0 : bin >= HTML_BINS ? HTML_BINS - 1 : bin;
	h->bins[bin]++;
	for (int i = 0; i < p->nnodes; i++) {
		const dec_t *w = row_weight(v, i);
		if (row_node_status(v, i) == ROW_NA || dec_sgn(w) <= 0)
			continue;
		dec_sub(&t, w, row_node_score(v, i));
		dec_div(&t, &t, w);
		dec_add(&h->lost[i], &h->lost[i], &t);
		h->counted[i]++;
	}
	dec_clear(&t);
	dec_clear(&ten);
	sb_clear(&h->sb);
	sb_printf(&h->sb, h->dir ? "<tr><td><a href=\"units/u%ld.html\">" : "<tr><td><a href=\"#u%ld\">", number);
	escs(&h->sb, id);
	sb_puts(&h->sb, "</a></td><td class=\"n\">");
	score_text(&h->sb, p, row_total(v));
	sb_puts(&h->sb, "</td><td>");
	if (g >= 0)
		escs(&h->sb, p->grades[g].label);
	sb_puts(&h->sb, "</td></tr>\n");
	fwrite(h->sb.data, 1, h->sb.len, h->index);
	unit_table(h, number, id, v);
}

void html_unscored(html *h, long number, const char *id, const char *why)
{
	h->unscored++;
	sb_printf(&h->unscored_rows, "<tr><td class=\"n\">%ld</td><td>", number);
	escs(&h->unscored_rows, id);
	sb_puts(&h->unscored_rows, "</td><td>");
	escs(&h->unscored_rows, why);
	sb_puts(&h->unscored_rows, "</td></tr>\n");
}

/* Horizontal bars, drawn as SVG: label, value and the bar's length in
 * thousandths of the longest (integers: nothing here is a float). */
static void bars(strbuf *sb, const char *title, const char *const *labels, const long *permille, const char *const *values,
		 int n)
{
	int row_h = 22, width = 640, label_w = 200, bar_w = 340;
	sb_printf(sb, "<figure><figcaption>%s</figcaption><svg role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
		  title, width, n * row_h + 4, width, n * row_h + 4);
	for (int i = 0; i < n; i++) {
		int y = i * row_h + 2, w = (int)((permille[i] * bar_w + 500) / 1000);
		sb_printf(sb, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label_w - 8, y + 15);
		escs(sb, labels[i]);
		sb_printf(sb, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#4a78b5\"/>", label_w, y + 3,
			  w, row_h - 6);
		sb_printf(sb, "<text x=\"%d\" y=\"%d\">", label_w + w + 6, y + 15);
		escs(sb, values[i]);
		sb_puts(sb, "</text>");
	}
	sb_puts(sb, "</svg></figure>\n");
}



static bool copy_out(html *h, FILE *from)
{
	bool ok = true;
	rewind(from);
	char buf[65536];
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, from)) > 0)
		ok &= fwrite(buf, 1, got, h->out) == got;
	return ok && !ferror(from);
}

/* Texts laid end to end, each ended by '\0', as an array of pointers into
 * them (valid while text lives). */
static void split_texts(const strbuf *text, const char **out, int n)
{
	for (size_t k = 0, i = 0; i < (size_t)n; i++) {
		out[i] = text->data + k;
		k += strlen(text->data + k) + 1;
	}
}

/* Units per grade (and those in none, if any). */
static void grades_chart(html *h)
{
	const prog *p = h->p;
	int ng = p->ngrades + (h->by_grade[p->ngrades] ? 1 : 0);
	const char **labels = mem_calloc((size_t)ng + 1, sizeof *labels);
	const char **values = mem_calloc((size_t)ng + 1, sizeof *values);
	long *shares = mem_calloc((size_t)ng + 1, sizeof *shares);
	strbuf text = STRBUF_INIT;
	long most = 1;
	for (int g = 0; g <= p->ngrades; g++)
		if (h->by_grade[g] > most)
			most = h->by_grade[g];
	for (int g = 0; g < ng; g++) {
		labels[g] = g < p->ngrades ? p->grades[g].label : i18n_word(W_NO_GRADE_SHORT);
		sb_printf(&text, "%ld%c", h->by_grade[g], '\0');
		shares[g] = h->by_grade[g] * 1000 / most;
	}
	split_texts(&text, values, ng);
	bars(&h->sb, i18n_word(W_CHART_GRADES), labels, shares, values, ng);
	sb_free(&text);
	mem_free(labels);
	mem_free(values);
	mem_free(shares);
}

/* A histogram of the totals, by tenths of the full score. */
static void totals_chart(html *h)
{
	const prog *p = h->p;
	const char *labels[HTML_BINS], *values[HTML_BINS];
	long shares[HTML_BINS], most = 1;
	strbuf text = STRBUF_INIT, lab = STRBUF_INIT;
	for (int b = 0; b < HTML_BINS; b++)
		if (h->bins[b] > most)
			most = h->bins[b];
	dec_t lo = DEC_ZERO, hi = DEC_ZERO, k = DEC_ZERO;
	for (int b = 0; b < HTML_BINS; b++) {
		dec_set_int(&k, b);
		dec_mul(&lo, &p->total, &k);
		dec_set_int(&k, HTML_BINS);
		dec_div(&lo, &lo, &k);
		dec_set_int(&k, b + 1);
		dec_mul(&hi, &p->total, &k);
		dec_set_int(&k, HTML_BINS);
		dec_div(&hi, &hi, &k);
		sb_puts(&lab, "[");
		dec_format(&lab, &lo);
		sb_puts(&lab, ", ");
		dec_format(&lab, &hi);
		sb_puts(&lab, b == HTML_BINS - 1 ? "]" : ")");
		sb_putc(&lab, '\0');
		sb_printf(&text, "%ld%c", h->bins[b], '\0');
		shares[b] = h->bins[b] * 1000 / most;
	}
	dec_clear(&lo);
	dec_clear(&hi);
	dec_clear(&k);
	split_texts(&lab, labels, HTML_BINS);
	split_texts(&text, values, HTML_BINS);
	bars(&h->sb, i18n_word(W_CHART_TOTALS), labels, shares, values, HTML_BINS);
	sb_free(&text);
	sb_free(&lab);
}

/* Where the points go: each leaf's mean share of its weight lost. */
static void lost_chart(html *h)
{
	const prog *p = h->p;
	const char **labels = mem_calloc((size_t)p->nnodes + 1, sizeof *labels);
	const char **values = mem_calloc((size_t)p->nnodes + 1, sizeof *values);
	long *shares = mem_calloc((size_t)p->nnodes + 1, sizeof *shares);
	strbuf text = STRBUF_INIT;
	int nl = 0;
	dec_t mean = DEC_ZERO, n = DEC_ZERO;
	for (int i = 0; i < p->nnodes; i++) {
		if (p->nodes[i].nchildren)
			continue;
		labels[nl] = p->nodes[i].name;
		dec_set_int(&n, h->counted[i] ? h->counted[i] : 1);
		dec_div(&mean, &h->lost[i], &n);
		dec_set_int(&n, 1000);
		dec_mul(&mean, &mean, &n);
		dec_round(&mean, &mean, 0, DEC_HALF_UP);
		int64_t permille = 0;
		dec_get_int(&mean, &permille);
		shares[nl] = (long)(permille > 1000 ? 1000 : permille);
		sb_printf(&text, "%lld.%lld%%%c", (long long)(permille / 10), (long long)(permille % 10), '\0');
		nl++;
	}
	split_texts(&text, values, nl);
	bars(&h->sb, i18n_word(W_CHART_LOST), labels, shares, values, nl);
	dec_clear(&mean);
	dec_clear(&n);
	sb_free(&text);
	mem_free(labels);
	mem_free(values);
	mem_free(shares);
}

/* Past this, one page holding every unit's 评分表 is more than a browser
 * opens well: the run says to write a folder. */
#define HTML_PAGE_UNITS 2000

bool html_close(html *h)
{
	const prog *p = h->p;
	strbuf *sb = &h->sb;
	if (!h->dir && h->scored > HTML_PAGE_UNITS)
		fprintf(stderr,
			_("score: the page holds the 评分表 of %ld units, more than a browser opens well: -o NAME/ writes "
			  "the overview and a page per unit into a folder\n"),
			h->scored);
	sb_clear(sb);
	page_head(sb, p, p->title, i18n_word(W_REPORT));
	sb_puts(sb, "<h1>");
	escs(sb, p->title);
	sb_printf(sb, " %s</h1>\n<section id=\"overview\"><h2>%s</h2>\n", i18n_word(W_REPORT), i18n_word(W_OVERVIEW));
	sb_puts(sb, "<p>");
	sb_printf(sb, i18n_word(W_COUNTS), h->scored, h->unscored);
	sb_puts(sb, "</p>\n");
	grades_chart(h);
	totals_chart(h);
	lost_chart(h);
	if (h->unscored) {
		sb_printf(sb, "<h3>%s</h3><table id=\"unscored-rows\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
			  i18n_word(W_SHEET_UNSCORED), i18n_word(W_ROW_NUMBER), i18n_word(W_ID), i18n_word(W_REASON));
		sb_puts(sb, h->unscored_rows.data);
		sb_puts(sb, "</tbody></table>\n");
	}
	sb_printf(sb, "<h3>%s</h3><table id=\"units\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
		  i18n_word(W_EACH_UNIT), i18n_word(W_UNIT), i18n_word(W_TOTAL), i18n_word(W_GRADE));
	bool ok = fwrite(sb->data, 1, sb->len, h->out) == sb->len;
	ok &= copy_out(h, h->index);
	ok &= fputs("</tbody></table></section>\n", h->out) >= 0;
	/* then the units' 评分表, as written (in a folder, they are pages) */
	if (h->units)
		ok &= copy_out(h, h->units);
	ok &= !h->failed;
	ok &= fputs("</body></html>\n", h->out) >= 0;
	html_free(h);
	return ok;
}

void html_free(html *h)
{
	if (!h)
		return;
	if (h->units)
		fclose(h->units);
	fclose(h->index);
	for (int i = 0; i < h->p->nnodes; i++)
		dec_clear(&h->lost[i]);
	mem_free(h->lost);
	rubric_free(&h->rows);
	mem_free(h->counted);
	mem_free(h->by_grade);
	sb_free(&h->unscored_rows);
	sb_free(&h->sb);
	mem_free(h);
}
