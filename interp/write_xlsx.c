#include "write_xlsx.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

#include "explain.h"
#include "i18n.h"
#include "mem.h"
#include "output.h"
#include "read_xlsx.h"
#include "names.h"
#include "write_rubric.h"
#include "write_tally.h"
#include "strbuf.h"
#include "utf8.h"

/* Excel's limits: rows of a sheet, characters of a cell, a row's height
 * in points, UTF-16 units of a sheet's name. */
#define SHEET_ROWS 1048576L
#define CELL_CHARS 32767
#define ROW_POINTS 409.0
#define NAME_UNITS 31

struct xlsx {
	const prog *p;
	lxw_workbook *wb;
	lxw_worksheet *summary, *unscored;
	long sheet_rows;        /* rows a sheet takes (SHEET_ROWS; fewer in tests) */
	int nsummaries, nunscored_sheets; /* 汇总, 汇总 (2), …; 未评分, 未评分 (2), … */
	lxw_worksheet *summaries[64];
	lxw_row_t summary_end[64];  /* the rows written to each 汇总 sheet */
	bool failed;            /* a write was refused: the workbook is not whole */
	size_t id_width;        /* of the longest id so far, for the id columns' width */
	long units_unsheeted;   /* --unit-sheets past its limit: units with no 评分表 */
	strbuf unsheeted;       /* the first of them, for the message */
	lxw_format *head, *text, *wrap, *num, *bold, *plain, *title;
	lxw_format *cell, *cellnum;  /* a 评分表's cells: bordered, as printed */
	bool explain, unit_sheets;
	const ranking *places;  /* the totals' places (排名), or NULL */
	bool signatures;        /* lines to sign under each 评分表 */
	int depth;              /* of the indicator tree: the header's rows */
	int first_score_col;    /* ids before it */
	int *subtree_end;       /* by node: the last node of its subtree (tree order) */
	rubric_rows rows;       /* of a 评分表 */
	tally sums;             /* over the scored units, for the summary sheets */
	lxw_worksheet *grades_sheet, *level_sheets[4]; /* 等级分布, 一级指标统计, … */
	lxw_format *percent, *low, *lowpercent, *link;
	lxw_row_t summary_row, unscored_row;
	long nunscored;         /* rows on the 未评分 sheets */
	int nunit_sheets;
	name_index sheet_names; /* keys owned in sheet_keys */
	char **sheet_keys;
	size_t nkeys, capkeys;
	char path[64];          /* /proc/self/fd/N: the caller's unnamed file */
};

/* Columns of the 汇总 sheet after the ids: one per node, per bonus item,
 * then total, grade, 排名 when ranked and, with explain, 扣分说明. */
static int summary_columns(const xlsx *x)
{
	return x->first_score_col + x->p->nnodes + x->p->nbonuses + 2 + (x->places ? 1 : 0) + (x->explain ? 1 : 0);
}

/* A score as an Excel number when a double holds it as written (at most 15
 * significant digits), else as text: never a different number in silence. */
static void put_score_as(xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const dec_t *v, lxw_format *num);

static void put_score(xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const dec_t *v)
{
	put_score_as(x, ws, r, c, v, x->num);
}

static void put_score_as(xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const dec_t *v, lxw_format *num)
{
	strbuf sb = STRBUF_INIT;
	dec_format(&sb, v);
	int digits = 0;
	bool plain = true;
	for (size_t i = 0; i < sb.len; i++) {
		if (sb.data[i] >= '0' && sb.data[i] <= '9')
			digits += digits || sb.data[i] != '0';
		else if (sb.data[i] != '.' && sb.data[i] != '-')
			plain = false;
	}
	/* XLSX keeps every number as a binary double: the exact decimal is
	 * handed over as text for the nearest one, as Excel's own typing does */
	lxw_error e = plain && digits <= 15 ? worksheet_write_number(ws, r, c, strtod(sb.data, NULL), num)
					      : worksheet_write_string(ws, r, c, sb.data, x->text);
	if (e != LXW_NO_ERROR)
		x->failed = true;
	sb_free(&sb);
}

/* Text as a cell shows it: a literal _xHHHH_ escaped (Excel would read
 * it as a character), cut with a visible marker past Excel's 32,767
 * characters, whole characters kept. */
/* A character XML 1.0 cannot hold, so no part of a workbook may: the C0
 * controls but tab and line ends, and the non-characters U+FFFE, U+FFFF
 * (a file holding one is damaged to Excel and to every XML reader). */
static bool xml_forbids(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF;
}

void xlsx_cell_text(strbuf *out, const char *s)
{
	size_t n = strlen(s), chars = 0, i = 0;
	const char *marker = i18n_word(W_CUT);
	size_t room = CELL_CHARS - utf8_length(marker, strlen(marker)) - 8;
	for (; i < n && chars < room; chars++) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_' && isxdigit((unsigned char)s[i + 2]) &&
		    isxdigit((unsigned char)s[i + 3]) && isxdigit((unsigned char)s[i + 4]) && isxdigit((unsigned char)s[i + 5]))
			sb_puts(out, "_x005F");
		if (k && xml_forbids(cp)) /* as Excel writes them (the library would miss a link's text) */
			sb_printf(out, "_x%04X_", (unsigned)cp);
		else
			sb_putn(out, s + i, k ? k : 1);
		i += k ? k : 1;
	}
	if (i < n)
		sb_puts(out, marker);
}

/* Every string goes through here: its limits are kept, and a write the
 * library refuses marks the workbook as not whole. */
static void put_text(xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	strbuf sb = STRBUF_INIT;
	xlsx_cell_text(&sb, s ? s : "");
	if (worksheet_write_string(ws, r, c, sb_text(&sb), f) != LXW_NO_ERROR)
		x->failed = true;
	sb_free(&sb);
}

/* A cell whose text links to a sheet of the workbook (a unit's 评分表). */
static void put_link(xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, const char *sheet)
{
	strbuf url = STRBUF_INIT, text = STRBUF_INIT;
	/* (a unit's sheet name holds no ', which sheet_name replaces) */
	sb_printf(&url, "internal:'%s'!A1", sheet);
	xlsx_cell_text(&text, s);
	/* a link the library refuses (it writes at most 65,530 a sheet) leaves the text */
	if (worksheet_write_url_opt(ws, r, c, url.data, x->link, sb_text(&text), NULL) != LXW_NO_ERROR)
		put_text(x, ws, r, c, s, x->text);
	sb_free(&url);
	sb_free(&text);
}

/* A merged area; its text and format go in its first cell. Merging with no
 * format leaves the cells of later rows alone, which constant-memory mode
 * requires (those rows are not written yet). */
static void put_area(xlsx *x, lxw_worksheet *ws, int r1, int c1, int r2, int c2, const char *text, lxw_format *f)
{
	if (r1 != r2 || c1 != c2)
		worksheet_merge_range(ws, (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2, (lxw_col_t)c2, "", NULL);
	put_text(x, ws, (lxw_row_t)r1, (lxw_col_t)c1, text, f);
}

static int subtree_end(xlsx *x, int node)
{
	const prog_node *n = &x->p->nodes[node];
	int end = node;
	for (int k = 0; k < n->nchildren; k++) {
		int e = subtree_end(x, n->children[k]);
		if (e > end)
			end = e;
	}
	return x->subtree_end[node] = end;
}

/* "决策\n20分": a name with its 分值 under it. */
static void name_and_weight(strbuf *sb, const prog_node *n)
{
	sb_clear(sb);
	sb_printf(sb, "%s\n", n->name);
	dec_format(sb, &n->weight);
	sb_puts(sb, i18n_word(W_POINTS));
}

/* Text for a page header: & doubled (a lone & starts a code), cut at whole
 * characters so that the header keeps within Excel's 255 characters. */
static void header_text(strbuf *sb, const char *s, size_t room)
{
	size_t n = strlen(s), chars = 0;
	for (size_t i = 0; i < n && chars < room;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		bool forbidden = k && xml_forbids(cp);
		k = k ? k : 1;
		if (s[i] == '&') /* as ＆: "&&G" or "&&[Picture]" would still read as an image's
				  * place to libxlsxwriter, which then frees the header twice */
			sb_puts(sb, "＆");
		else
			sb_putn(sb, forbidden ? "_" : s + i, forbidden ? 1 : k);
		i += k;
		chars++;
	}
}

/* Every printed page names the policy and what it is (and the unit, on a
 * 评分表), and its number: 第 N 页 共 M 页. */
static void page_header(lxw_worksheet *ws, const char *title, const char *what, const char *unit)
{
	strbuf h = STRBUF_INIT;
	sb_puts(&h, "&C&\"-,Bold\"");
	header_text(&h, title ? title : "", 80);
	sb_puts(&h, "　");
	sb_puts(&h, what);
	if (unit) {
		sb_puts(&h, i18n_word(W_PAGE_UNIT));
		header_text(&h, unit, 60);
	}
	worksheet_set_header(ws, h.data);
	sb_free(&h);
	worksheet_set_footer(ws, i18n_word(W_PAGE_FOOTER));
}

static void summary_header(xlsx *x, lxw_worksheet *ws)
{
	const prog *p = x->p;
	int last = x->depth - 1;
	strbuf sb = STRBUF_INIT;
	/* written row by row: constant-memory mode cannot go back; each row as
	 * high as the names that stand in it alone ("决策⏎20分" in a column
	 * of 11), before any of its cells */
	for (int r = 0; r <= last; r++) {
		int lines = 2;
		for (int i = 0; i < p->nnodes; i++)
			if (p->nodes[i].depth - 1 == r && (p->nodes[i].nchildren || r == last)) {
				name_and_weight(&sb, &p->nodes[i]);
				int width = 10 * (x->subtree_end[i] - i + 1);
				if (utf8_lines(sb.data, (size_t)width) > lines)
					lines = utf8_lines(sb.data, (size_t)width);
			}
		worksheet_set_row(ws, (lxw_row_t)r, 15.0 * lines + 3 < ROW_POINTS ? 15.0 * lines + 3 : ROW_POINTS, NULL);
		int c = 0;
		if (p->nids == 0) {
			if (r == 0)
				put_area(x, ws, 0, 0, last, 0, i18n_word(W_ROW_NUMBER), x->head);
			c++;
		}
		for (int i = 0; i < p->nids; i++, c++)
			if (r == 0)
				put_area(x, ws, 0, c, last, c, p->inputs[p->ids[i]].column, x->head);
		for (int i = 0; i < p->nnodes; i++, c++) {
			const prog_node *n = &p->nodes[i];
			int d = n->depth - 1;
			if (r == d) {
				name_and_weight(&sb, n);
				int end = c + (x->subtree_end[i] - i);
				put_area(x, ws, r, c, n->nchildren ? r : last, end, sb.data, x->head);
			} else if (r == d + 1 && n->nchildren) {
				put_area(x, ws, r, c, last, c, i18n_word(W_SUBTOTAL), x->head);
			}
		}
		const char *tail[4] = {i18n_word(W_TOTAL), i18n_word(W_GRADE)};
		int ntail = 2;
		if (x->places)
			tail[ntail++] = i18n_word(W_RANK);
		if (x->explain)
			tail[ntail++] = i18n_word(W_EXPLANATION);
		for (int i = 0; i < p->nbonuses; i++, c++)
			if (r == 0)
				put_area(x, ws, 0, c, last, c, p->bonuses[i].name, x->head);
		for (int i = 0; i < ntail; i++, c++)
			if (r == 0)
				put_area(x, ws, 0, c, last, c, tail[i], x->head);
	}
	sb_free(&sb);
	int ncols = summary_columns(x);
	worksheet_set_column(ws, (lxw_col_t)x->first_score_col, (lxw_col_t)(ncols - 1 - (x->explain ? 1 : 0)), 11, NULL);
	if (x->explain)
		worksheet_set_column(ws, (lxw_col_t)(ncols - 1), (lxw_col_t)(ncols - 1), 60, x->wrap);
	worksheet_freeze_panes(ws, (lxw_row_t)x->depth, (lxw_col_t)x->first_score_col);
	/* printed on A4 landscape across the page's width, the header rows and
	 * ids on every page, the policy's title above and the page's number
	 * below */
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, (lxw_row_t)(x->depth - 1));
	worksheet_repeat_columns(ws, 0, (lxw_col_t)(x->first_score_col - 1));
	page_header(ws, p->title, i18n_word(W_SUMMARY_TITLE), NULL);
	worksheet_set_margins(ws, 0.4, 0.4, 0.7, 0.6);
	x->summary_row = (lxw_row_t)x->depth;
}

/* "汇总", then "汇总 (2)", … */
static void numbered(strbuf *sb, const char *base, int k)
{
	sb_clear(sb);
	if (k > 1)
		sb_printf(sb, "%s (%d)", base, k);
	else
		sb_puts(sb, base);
}

/* The next 汇总 sheet, with its header, when the current one is full. */
static bool next_summary(xlsx *x)
{
	if (x->nsummaries == (int)(sizeof x->summaries / sizeof *x->summaries))
		return false;
	strbuf name = STRBUF_INIT;
	numbered(&name, i18n_word(W_SHEET_SUMMARY), x->nsummaries + 1);
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name.data);
	sb_free(&name);
	if (!ws)
		return false;
	x->summary = x->summaries[x->nsummaries++] = ws;
	summary_header(x, ws);
	return true;
}

static bool next_unscored(xlsx *x)
{
	strbuf name = STRBUF_INIT;
	numbered(&name, i18n_word(W_SHEET_UNSCORED), ++x->nunscored_sheets);
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name.data);
	sb_free(&name);
	if (!ws)
		return false;
	x->unscored = ws;
	put_text(x, ws, 0, 0, i18n_word(W_ROW_NUMBER), x->head);
	put_text(x, ws, 0, 1, x->p->nids ? x->p->inputs[x->p->ids[0]].column : i18n_word(W_ID), x->head);
	put_text(x, ws, 0, 2, i18n_word(W_REASON), x->head);
	worksheet_set_column(ws, 0, 0, 8, NULL);
	worksheet_set_column(ws, 1, 1, 16, NULL);
	worksheet_set_column(ws, 2, 2, 100, x->wrap);
	worksheet_freeze_panes(ws, 1, 0);
	x->unscored_row = 1;
	return true;
}

bool xlsx_written_whole(const char *path)
{
	strbuf why = STRBUF_INIT;
	bool ok = xlsxin_parts_whole(path, &why);
	if (!ok) {
		fprintf(stderr, _("score: the workbook came out damaged (%s): it is not written\n"), why.data);
		errno = EIO; /* for the caller's own message */
	}
	sb_free(&why);
	return ok;
}

xlsx *xlsx_open(FILE *out, const prog *p, bool explain, bool unit_sheets, const ranking *places, bool signatures)
{
	xlsx *x = mem_calloc(1, sizeof *x);
	x->p = p;
	x->places = places;
	x->signatures = signatures;
	x->explain = explain;
	x->unit_sheets = unit_sheets;
	fflush(out);
	snprintf(x->path, sizeof x->path, "/proc/self/fd/%d", fileno(out));
	char tmpdir[PATH_MAX + 1];
	output_folder_of(out, tmpdir, sizeof tmpdir);
	lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = *tmpdir ? tmpdir : NULL, .use_zip64 = LXW_TRUE};
	x->wb = workbook_new_opt(x->path, &opts);
	if (!x->wb) {
		mem_free(x);
		return NULL;
	}
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_text_wrap(x->head);
	format_set_align(x->head, LXW_ALIGN_CENTER);
	format_set_align(x->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(x->head, LXW_BORDER_THIN);
	/* data cells are bordered, as a printed table is */
	x->text = workbook_add_format(x->wb);
	format_set_num_format(x->text, "@");
	format_set_border(x->text, LXW_BORDER_THIN);
	format_set_align(x->text, LXW_ALIGN_VERTICAL_TOP);
	x->wrap = workbook_add_format(x->wb);
	format_set_text_wrap(x->wrap);
	format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(x->wrap, LXW_BORDER_THIN);
	x->plain = workbook_add_format(x->wb);
	format_set_border(x->plain, LXW_BORDER_THIN);
	format_set_align(x->plain, LXW_ALIGN_VERTICAL_TOP);
	x->cell = workbook_add_format(x->wb);
	format_set_text_wrap(x->cell);
	format_set_align(x->cell, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(x->cell, LXW_BORDER_THIN);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	format_set_align(x->title, LXW_ALIGN_CENTER);
	format_set_align(x->title, LXW_ALIGN_VERTICAL_CENTER);
	/* scores in the policy's places: 0.00 for round 2 */
	char f[32] = "General";
	if (p->places >= 0) {
		strcpy(f, p->places ? "0." : "0");
		for (int i = 0; i < p->places && i < 20; i++)
			strcat(f, "0");
	}
	x->num = workbook_add_format(x->wb);
	format_set_num_format(x->num, f);
	format_set_border(x->num, LXW_BORDER_THIN);
	format_set_align(x->num, LXW_ALIGN_VERTICAL_TOP);
	x->cellnum = workbook_add_format(x->wb);
	format_set_num_format(x->cellnum, f);
	format_set_align(x->cellnum, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(x->cellnum, LXW_BORDER_THIN);
	x->first_score_col = p->nids ? p->nids : 1;
	x->subtree_end = mem_calloc((size_t)p->nnodes, sizeof *x->subtree_end);
	rubric_plan(&x->rows, p);
	x->depth = x->rows.depth;
	for (int i = 0; i < p->nnodes; i++)
		if (p->nodes[i].parent < 0)
			subtree_end(x, i);
	/* SCORE_XLSX_SHEET_ROWS: a smaller sheet, so that tests reach its end */
	const char *rows = getenv("SCORE_XLSX_SHEET_ROWS");
	x->sheet_rows = rows && atol(rows) > x->depth + 1 && atol(rows) < SHEET_ROWS ? atol(rows) : SHEET_ROWS;
	if (!next_summary(x) || !next_unscored(x))
		x->failed = true;
	/* the summary sheets come before the units' 评分表, filled at the end */
	tally_init(&x->sums, p);
	x->percent = workbook_add_format(x->wb);
	format_set_num_format(x->percent, "0.00%");
	format_set_border(x->percent, LXW_BORDER_THIN);
	x->low = workbook_add_format(x->wb);
	format_set_num_format(x->low, f);
	format_set_border(x->low, LXW_BORDER_THIN);
	format_set_bg_color(x->low, 0xFCE4D6);
	x->lowpercent = workbook_add_format(x->wb);
	format_set_num_format(x->lowpercent, "0.00%");
	format_set_border(x->lowpercent, LXW_BORDER_THIN);
	format_set_bg_color(x->lowpercent, 0xFCE4D6);
	x->link = workbook_add_format(x->wb);
	format_set_num_format(x->link, "@");
	format_set_border(x->link, LXW_BORDER_THIN);
	format_set_underline(x->link, LXW_UNDERLINE_SINGLE);
	format_set_font_color(x->link, LXW_COLOR_BLUE);
	format_set_align(x->link, LXW_ALIGN_VERTICAL_TOP);
	x->grades_sheet = workbook_add_worksheet(x->wb, i18n_word(W_SHEET_GRADES));
	for (int d = 0; d < x->depth && d < 4; d++) {
		strbuf name = STRBUF_INIT;
		sb_printf(&name, i18n_word(W_SHEET_LEVEL_STATS), lang_level_name(d + 1));
		x->level_sheets[d] = workbook_add_worksheet(x->wb, name.data);
		sb_free(&name);
		if (!x->level_sheets[d])
			x->failed = true;
	}
	if (!x->grades_sheet)
		x->failed = true;
	/* who made it, from what: in the file's properties */
	lxw_doc_properties props = {.title = p->title, .subject = (char *)i18n_word(W_DOC_SUBJECT),
				    .comments = (char *)i18n_word(W_DOC_COMMENTS)};
	if (workbook_set_properties(x->wb, &props) != LXW_NO_ERROR)
		x->failed = true;
	return x;
}

/* Takes name as a sheet's: false when a sheet has it already, as Excel
 * compares names (without case, in full Unicode). */
static bool claim_name(xlsx *x, const char *name)
{
	char *key = utf8_fold(name, strlen(name));
	if (names_get(&x->sheet_names, key) >= 0) {
		mem_free(key);
		return false;
	}
	x->sheet_keys = mem_grow(x->sheet_keys, sizeof *x->sheet_keys, &x->capkeys, x->nkeys + 1);
	x->sheet_keys[x->nkeys++] = key;
	names_put(&x->sheet_names, key, 0);
	return true;
}

/* 汇总, 未评分 and their numbered sheets (汇总 (2)) are score's own, as
 * History is Excel's. */
static bool own_name(const char *name)
{
	char levels[4][64];
	const char *own[7] = {i18n_word(W_SHEET_SUMMARY), i18n_word(W_SHEET_UNSCORED), i18n_word(W_SHEET_GRADES)};
	for (int d = 0; d < 4; d++) {
		snprintf(levels[d], sizeof levels[d], i18n_word(W_SHEET_LEVEL_STATS), lang_level_name(d + 1));
		own[3 + d] = levels[d];
	}
	for (size_t k = 0; k < sizeof own / sizeof *own; k++) {
		size_t n = strlen(own[k]);
		if (strncasecmp(name, own[k], n) != 0)
			continue;
		const char *rest = name + n;
		if (!*rest)
			return true;
		if (strncmp(rest, " (", 2) == 0 && rest[2] >= '1' && rest[2] <= '9') {
			rest += 2;
			while (*rest >= '0' && *rest <= '9')
				rest++;
			if (strcmp(rest, ")") == 0)
				return true;
		}
	}
	return strcasecmp(name, "History") == 0;
}

/* A sheet name from a unit's id: at most 31 UTF-16 units, none of
 * []:*?/\' nor a control character, unique as Excel compares names and
 * none of the names score gives its own sheets. Written to name. */
static void sheet_name(xlsx *x, strbuf *name, const char *id, size_t n, long number)
{
	strbuf base = STRBUF_INIT;
	if (n)
		sb_putn(&base, id, n);
	else
		sb_printf(&base, i18n_word(W_ROW_N), number);
	for (size_t i = 0; i < base.len; i++)
		if (strchr("[]:*?/\\'", base.data[i]) || (unsigned char)base.data[i] < 0x20 || base.data[i] == 0x7F)
			base.data[i] = '_';
	/* U+FFFE and U+FFFF (EF BF BE, EF BF BF): each becomes three of '_' */
	for (size_t i = 0; i + 2 < base.len; i++)
		if ((unsigned char)base.data[i] == 0xEF && (unsigned char)base.data[i + 1] == 0xBF &&
		    ((unsigned char)base.data[i + 2] == 0xBE || (unsigned char)base.data[i + 2] == 0xBF))
			memset(base.data + i, '_', 3);
	for (int k = 1;; k++) {
		sb_clear(name);
		strbuf suffix = STRBUF_INIT;
		if (k > 1)
			sb_printf(&suffix, "(%d)", k);
		/* cut whole characters so that name and suffix fit in 31 UTF-16 units */
		size_t keep = 0, units = 0, room = NAME_UNITS - suffix.len;
		while (keep < base.len) {
			uint32_t cp;
			size_t len = utf8_decode(base.data + keep, base.len - keep, &cp);
			size_t u = cp >= 0x10000 ? 2 : 1;
			if (!len || units + u > room)
				break;
			keep += len;
			units += u;
		}
		sb_putn(name, base.data, keep);
		if (suffix.len)
			sb_puts(name, suffix.data);
		sb_free(&suffix);
		if (!own_name(name->data) && claim_name(x, name->data))
			break;
	}
	sb_free(&base);
}



/* A 评分表's 小计 row for a 一级指标: its 分值 and 得分, and why a capped
 * parent holds less than its children add up to. */
static void subtotal_row(xlsx *x, lxw_worksheet *ws, int r, int node, const row *v, int c_weight)
{
	const prog *p = x->p;
	int c_std = c_weight + 1, c_score = c_weight + 2, c_note = c_weight + 3;
	put_area(x, ws, r, 1, r, c_weight - 1, i18n_word(W_SUBTOTAL), x->head);
	put_score_as(x, ws, (lxw_row_t)r, (lxw_col_t)c_weight, &p->nodes[node].weight, x->plain);
	worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c_std, x->cell);
	if (row_node_status(v, node) == ROW_NA)
		put_text(x, ws, (lxw_row_t)r, (lxw_col_t)c_score, i18n_word(W_NOT_APPLICABLE), x->cell);
	else
		put_score_as(x, ws, (lxw_row_t)r, (lxw_col_t)c_score, row_node_score(v, node), x->cellnum);
	strbuf sb = STRBUF_INIT;
	explain_subtotal(&sb, p, v, node);
	if (sb.len) {
		int lines = utf8_lines(sb.data, 28);
		worksheet_set_row(ws, (lxw_row_t)r, 15.0 * lines + 3 < ROW_POINTS ? 15.0 * lines + 3 : ROW_POINTS, NULL);
	}
	put_text(x, ws, (lxw_row_t)r, (lxw_col_t)c_note, sb_text(&sb), x->cell);
	sb_free(&sb);
}

/* One unit's 评分表, in the published layout: the policy's title, the unit
 * with its total and grade, then the table (its header on every page). */
static void unit_sheet(xlsx *x, const char *name, const char *unit, const row *v)
{
	const prog *p = x->p;
	const rubric_rows *plan = &x->rows;
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	if (!ws) {
		x->failed = true;
		return;
	}
	/* levels | 指标解释 (when printed) | 分值 | 评分标准 | 得分 | 扣分说明 */
	int D = x->depth, defs = prog_has_definitions(p), c_def = D;
	int c_weight = D + defs, c_std = c_weight + 1, c_score = c_weight + 2, c_note = c_weight + 3;
	enum { TITLE_ROW, UNIT_ROW, HEAD_ROW, FIRST_ROW };
	strbuf sb = STRBUF_INIT;
	worksheet_set_row(ws, TITLE_ROW, 24, NULL);
	put_area(x, ws, TITLE_ROW, 0, TITLE_ROW, c_note, p->title, x->title);
	sb_printf(&sb, i18n_word(W_WHO_UNIT), unit);
	if (p->places >= 0)
		dec_format_fixed(&sb, row_total(v), p->places);
	else
		dec_format(&sb, row_total(v));
	int g = row_grade(v);
	if (g >= 0)
		sb_printf(&sb, i18n_word(W_WHO_GRADE), p->grades[g].label);
	put_area(x, ws, UNIT_ROW, 0, UNIT_ROW, c_note, sb.data, x->bold);
	for (int d = 0; d < D; d++)
		put_text(x, ws, HEAD_ROW, (lxw_col_t)d, lang_level_name(d + 1), x->head);
	if (defs)
		put_text(x, ws, HEAD_ROW, (lxw_col_t)c_def, i18n_word(W_DEFINITION), x->head);
	put_text(x, ws, HEAD_ROW, (lxw_col_t)c_weight, i18n_word(W_WEIGHT), x->head);
	put_text(x, ws, HEAD_ROW, (lxw_col_t)c_std, i18n_word(W_STANDARD), x->head);
	put_text(x, ws, HEAD_ROW, (lxw_col_t)c_score, i18n_word(W_SCORE), x->head);
	put_text(x, ws, HEAD_ROW, (lxw_col_t)c_note, i18n_word(W_EXPLANATION), x->head);
	/* nodes in tree order meet their first row in order, so rows only grow;
	 * a 小计 row comes when the next node is outside its 一级指标 */
	int pending = -1;
	for (int i = 0; i <= p->nnodes; i++) {
		if (pending >= 0 && (i == p->nnodes || p->nodes[i].parent < 0)) {
			subtotal_row(x, ws, FIRST_ROW + plan->subtotal[pending], pending, v, c_weight);
			pending = -1;
		}
		if (i == p->nnodes)
			break;
		const prog_node *n = &p->nodes[i];
		int r = FIRST_ROW + plan->first[i], col = n->depth - 1;
		sb_clear(&sb);
		if (n->nchildren) {
			if (plan->last[i] < plan->first[i])
				continue; /* no leaves under it */
			sb_printf(&sb, i18n_word(W_NAME_POINTS), n->name);
			dec_format(&sb, &n->weight);
			sb_puts(&sb, i18n_word(W_POINTS_CLOSE));
			put_area(x, ws, r, col, r + rubric_span(plan, i) - 1, col, sb.data, x->cell);
			if (plan->subtotal[i] >= 0)
				pending = i;
			continue;
		}
		explain_node(&sb, p, v, i);
		/* the row as high as its longest text, before any of its cells:
		 * constant-memory mode leaves row heights to the writer, and a
		 * spreadsheet does not grow rows it opens */
		int lines = utf8_lines(n->name, (size_t)(14 * (D - n->depth + 1) - 1));
		int owner = prog_standard_of(p, i);
		int k = owner == i ? utf8_lines(p->strings[n->standard], 48) : 1;
		lines = k > lines ? k : lines;
		k = sb.len ? utf8_lines(sb.data, 28) : 1;
		lines = k > lines ? k : lines;
		k = defs && n->definition >= 0 ? utf8_lines(p->strings[n->definition], 28) : 1;
		lines = k > lines ? k : lines;
		double height = 15.0 * lines + 3;
		worksheet_set_row(ws, (lxw_row_t)r, height < ROW_POINTS ? height : ROW_POINTS, NULL);
		put_area(x, ws, r, col, r, D - 1, n->name, x->cell);
		if (defs && n->definition >= 0)
			put_text(x, ws, (lxw_row_t)r, (lxw_col_t)c_def, p->strings[n->definition], x->cell);
		else if (defs)
			worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c_def, x->cell);
		put_score_as(x, ws, (lxw_row_t)r, (lxw_col_t)c_weight, &n->weight, x->plain); /* 分值 as printed: 4 */
		if (owner == i)
			put_text(x, ws, (lxw_row_t)r, (lxw_col_t)c_std, p->strings[n->standard], x->cell);
		else if (owner < 0)
			worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c_std, x->cell);
		else if (FIRST_ROW + plan->first[owner] == r) /* a parent's one cell, down its leaves */
			put_area(x, ws, r, c_std, FIRST_ROW + plan->last[owner], c_std, p->strings[p->nodes[owner].standard],
				 x->cell);
		if (row_node_status(v, i) == ROW_NA)
			put_text(x, ws, (lxw_row_t)r, (lxw_col_t)c_score, i18n_word(W_NOT_APPLICABLE), x->cell);
		else
			put_score_as(x, ws, (lxw_row_t)r, (lxw_col_t)c_score, row_node_score(v, i), x->cellnum);
		if (sb.len)
			put_text(x, ws, (lxw_row_t)r, (lxw_col_t)c_note, sb.data, x->cell);
		else
			worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c_note, x->cell);
	}
	int total_row = FIRST_ROW + plan->nrows;
	put_area(x, ws, total_row, 0, total_row, D - 1 + defs, i18n_word(W_SUM), x->head);
	put_score_as(x, ws, (lxw_row_t)total_row, (lxw_col_t)c_weight, &p->total, x->plain);
	sb_clear(&sb);
	if (g >= 0)
		sb_printf(&sb, "%s%s", i18n_word(W_GRADE_IS), p->grades[g].label);
	put_text(x, ws, (lxw_row_t)total_row, (lxw_col_t)c_std, sb_text(&sb), x->bold);
	put_score_as(x, ws, (lxw_row_t)total_row, (lxw_col_t)c_score, row_total(v), x->cellnum);
	sb_clear(&sb);
	explain_total(&sb, p, v);
	if (sb.len)
		put_text(x, ws, (lxw_row_t)total_row, (lxw_col_t)c_note, sb.data, x->cell);
	sb_free(&sb);
	int last_row = total_row;
	if (x->signatures) {
		/* a blank line, then the lines to sign, as reports print them */
		last_row = total_row + 2;
		worksheet_set_row(ws, (lxw_row_t)last_row, 30, NULL);
		put_area(x, ws, last_row, 0, last_row, c_note, i18n_word(W_SIGNATURES), x->bold);
	}
	worksheet_set_column(ws, 0, (lxw_col_t)(D - 1), 14, NULL);
	if (defs)
		worksheet_set_column(ws, (lxw_col_t)c_def, (lxw_col_t)c_def, 30, NULL);
	worksheet_set_column(ws, (lxw_col_t)c_weight, (lxw_col_t)c_weight, 6, NULL);
	worksheet_set_column(ws, (lxw_col_t)c_std, (lxw_col_t)c_std, 50, NULL);
	worksheet_set_column(ws, (lxw_col_t)c_score, (lxw_col_t)c_score, 8, NULL);
	worksheet_set_column(ws, (lxw_col_t)c_note, (lxw_col_t)c_note, 30, NULL);
	/* printed on A4, across the page's width, the header on every page */
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, HEAD_ROW, HEAD_ROW);
	worksheet_print_area(ws, 0, 0, (lxw_row_t)last_row, (lxw_col_t)c_note);
	page_header(ws, p->title, i18n_word(W_RUBRIC), unit);
	worksheet_freeze_panes(ws, FIRST_ROW, 0);
}

void xlsx_row(xlsx *x, long number, const char *const *ids, const size_t *idlens, const row *v)
{
	const prog *p = x->p;
	if ((long)x->summary_row >= x->sheet_rows) {
		x->summary_end[x->nsummaries - 1] = x->summary_row;
		if (!next_summary(x)) {
			x->failed = true;
			return;
		}
	}
	lxw_worksheet *ws = x->summary;
	lxw_row_t r = x->summary_row++;
	lxw_col_t c = 0;
	strbuf sb = STRBUF_INIT, note = STRBUF_INIT, sheet = STRBUF_INIT;
	tally_add(&x->sums, v);
	bool own_sheet = x->unit_sheets && x->nunit_sheets < XLSX_MAX_UNIT_SHEETS;
	if (own_sheet)
		sheet_name(x, &sheet, p->nids ? ids[0] : "", p->nids ? idlens[0] : 0, number);
	if (x->explain) {
		/* the row as high as its 扣分说明, before any of its cells */
		explain_row(&note, p, v);
		double height = 15.0 * utf8_lines(sb_text(&note), 58) + 3;
		if (height > 18)
			worksheet_set_row(ws, r, height < ROW_POINTS ? height : ROW_POINTS, NULL);
	}
	if (p->nids == 0 && worksheet_write_number(ws, r, c++, (double)number, x->plain) != LXW_NO_ERROR)
		x->failed = true;
	for (int i = 0; i < p->nids; i++, c++) {
		sb_clear(&sb);
		sb_putn(&sb, ids[i], idlens[i]);
		if (i == 0 && own_sheet)
			put_link(x, ws, r, c, sb_text(&sb), sheet.data);
		else
			put_text(x, ws, r, c, sb_text(&sb), x->text);
		size_t w = utf8_width(ids[i], idlens[i]);
		if (w > x->id_width)
			x->id_width = w;
	}
	for (int i = 0; i < p->nnodes; i++, c++)
		if (row_node_status(v, i) != ROW_NA)
			put_score(x, ws, r, c, row_node_score(v, i));
		else
			worksheet_write_blank(ws, r, c, x->plain);
	for (int i = 0; i < p->nbonuses; i++, c++)
		put_score(x, ws, r, c, row_bonus(v, i));
	put_score(x, ws, r, c++, row_total(v));
	int g = row_grade(v);
	put_text(x, ws, r, c++, g >= 0 ? p->grades[g].label : "", x->plain);
	if (x->places &&
	    worksheet_write_number(ws, r, c++, (double)ranking_place(x->places, row_total(v), false), x->plain) != LXW_NO_ERROR)
		x->failed = true;
	if (x->explain)
		put_text(x, ws, r, c, sb_text(&note), x->wrap);
	sb_free(&note);
	if (own_sheet) {
		x->nunit_sheets++;
		strbuf unit = STRBUF_INIT;
		if (p->nids && idlens[0])
			sb_putn(&unit, ids[0], idlens[0]);
		else
			sb_printf(&unit, i18n_word(W_ROW_N), number);
		unit_sheet(x, sheet.data, unit.data, v);
		sb_free(&unit);
	} else if (x->unit_sheets) {
		if (x->units_unsheeted++ < 5) {
			sb_puts(&x->unsheeted, x->units_unsheeted > 1 ? ", " : "");
			if (p->nids && idlens[0])
				sb_putn(&x->unsheeted, ids[0], idlens[0]);
			else
				sb_printf(&x->unsheeted, i18n_word(W_ROW_N), number);
		}
	}
	sb_free(&sb);
	sb_free(&sheet);
}

void xlsx_unscored(xlsx *x, long number, const char *id, const char *why)
{
	if ((long)x->unscored_row >= x->sheet_rows && !next_unscored(x)) {
		x->failed = true;
		return;
	}
	lxw_row_t r = x->unscored_row++;
	x->nunscored++;
	if (worksheet_write_number(x->unscored, r, 0, (double)number, NULL) != LXW_NO_ERROR)
		x->failed = true;
	put_text(x, x->unscored, r, 1, id, x->text);
	put_text(x, x->unscored, r, 2, why, x->wrap);
}

/* 平均得分率 below this is highlighted on the summary sheets */
#define LOW_RATE_PERCENT 60

static void put_label(xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s)
{
	put_text(x, ws, r, c, s, x->plain);
}

/* A stat's cells from column c: 分值, units, mean, lowest, highest, rate. */
static void stat_cells(xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const tally_stat *s, const dec_t *weight)
{
	dec_t rate = DEC_ZERO, mean = DEC_ZERO, low = DEC_ZERO, hundred = DEC_ZERO;
	bool rated = tally_rate(&rate, s, weight);
	dec_set_int(&low, LOW_RATE_PERCENT);
	dec_set_int(&hundred, 100);
	dec_div(&low, &low, &hundred);
	bool is_low = rated && dec_cmp(&rate, &low) < 0;
	put_score_as(x, ws, r, c, weight, x->plain);
	if (worksheet_write_number(ws, r, c + 1, (double)s->n, x->plain) != LXW_NO_ERROR)
		x->failed = true;
	if (tally_mean(&mean, &x->sums, s)) {
		put_score_as(x, ws, r, c + 2, &mean, is_low ? x->low : x->num);
		put_score_as(x, ws, r, c + 3, &s->lo, x->num);
		put_score_as(x, ws, r, c + 4, &s->hi, x->num);
	} else {
		for (lxw_col_t k = 2; k <= 4; k++)
			worksheet_write_blank(ws, r, c + k, x->plain);
	}
	if (rated)
		put_score_as(x, ws, r, c + 5, &rate, is_low ? x->lowpercent : x->percent);
	else
		worksheet_write_blank(ws, r, c + 5, x->plain);
	dec_clear(&rate);
	dec_clear(&mean);
	dec_clear(&low);
	dec_clear(&hundred);
}

/* A chart of one series: the names in column 0 and the values in column
 * col of the sheet's rows 1 to last, titled, without a legend, the values
 * written on the bars with labels; NULL, the workbook marked as not whole,
 * when the library refuses it. */
static lxw_chart *one_series_chart(xlsx *x, uint8_t type, const char *sheet, lxw_row_t last, lxw_col_t col,
				   const char *title, bool labels)
{
	lxw_chart *chart = workbook_add_chart(x->wb, type);
	lxw_chart_series *series = chart ? chart_add_series(chart, NULL, NULL) : NULL;
	if (!series) {
		x->failed = true;
		return NULL;
	}
	chart_series_set_categories(series, sheet, 1, 0, last, 0);
	chart_series_set_values(series, sheet, 1, col, last, col);
	chart_title_set_name(chart, title);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	if (labels)
		chart_series_set_labels(series);
	return chart;
}

/* 一级指标统计, 二级指标统计, …: each indicator of the level over the
 * scored units; the first also the total, and a chart of the rates. */
static void level_sheet(xlsx *x, int level)
{
	const prog *p = x->p;
	lxw_worksheet *ws = x->level_sheets[level - 1];
	static const i18n_word_id head[] = {W_INDICATOR, W_PARENT, W_WEIGHT, W_UNITS_RATED, W_MEAN_SCORE, W_LOWEST_SCORE, W_HIGHEST_SCORE, W_MEAN_RATE};
	/* the head row as high as its longest name wraps to in its column */
	int lines = 1;
	for (lxw_col_t c = 0; c < 8; c++) {
		int k = utf8_lines(i18n_word(head[c]), c < 2 ? 22 : 11);
		lines = k > lines ? k : lines;
	}
	if (lines > 1)
		worksheet_set_row(ws, 0, 15.0 * lines + 3, NULL);
	for (lxw_col_t c = 0; c < 8; c++)
		put_text(x, ws, 0, c, i18n_word(head[c]), x->head);
	lxw_row_t r = 1;
	for (int i = 0; i < p->nnodes; i++) {
		const prog_node *n = &p->nodes[i];
		if (n->depth != level)
			continue;
		put_label(x, ws, r, 0, n->name);
		put_label(x, ws, r, 1, n->parent >= 0 ? p->nodes[n->parent].name : "");
		stat_cells(x, ws, r, 2, &x->sums.node[i], &n->weight);
		r++;
	}
	lxw_row_t last = r - 1;
	if (level == 1) {
		put_text(x, ws, r, 0, i18n_word(W_TOTAL), x->head);
		put_label(x, ws, r, 1, "");
		stat_cells(x, ws, r, 2, &x->sums.total, &p->total);
		r++;
	}
	strbuf sb = STRBUF_INIT;
	sb_printf(&sb, i18n_word(W_STATS_NOTE), x->sums.scored,
		  LOW_RATE_PERCENT);
	put_text(x, ws, r + 1, 0, sb.data, NULL);
	sb_free(&sb);
	/* 一级指标 have no 上级指标: the column is hidden there */
	lxw_row_col_options hidden;
	memset(&hidden, 0, sizeof hidden);
	hidden.hidden = LXW_TRUE;
	worksheet_set_column(ws, 0, 0, 22, NULL);
	worksheet_set_column_opt(ws, 1, 1, 22, NULL, level == 1 ? &hidden : NULL);
	worksheet_set_column(ws, 2, 7, 11, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
	strbuf what = STRBUF_INIT;
	sb_printf(&what, i18n_word(W_SHEET_LEVEL_STATS), lang_level_name(level));
	page_header(ws, p->title, what.data, NULL);
	sb_free(&what);
	if (level != 1 || last < 1 || x->sums.scored == 0)
		return;
	strbuf name = STRBUF_INIT;
	sb_printf(&name, i18n_word(W_SHEET_LEVEL_STATS), lang_level_name(1));
	lxw_chart *chart = one_series_chart(x, LXW_CHART_BAR, name.data, last, 7, i18n_word(W_CHART_LEVEL_1), false);
	sb_free(&name);
	if (!chart)
		return;
	chart_axis_set_num_format(chart->x_axis, "0%");
	chart_axis_set_min(chart->x_axis, 0);
	chart_axis_set_max(chart->x_axis, 1);
	chart_axis_set_reverse(chart->y_axis);
	lxw_chart_options at = {.x_offset = 8, .y_offset = 8, .x_scale = 1.2, .y_scale = 1.0};
	if (worksheet_insert_chart_opt(ws, r + 3, 0, chart, &at) != LXW_NO_ERROR)
		x->failed = true;
}

/* 等级分布: units per grade over the scored ones, the rows not scored, and
 * a chart of the counts. */
static void grades_sheet(xlsx *x)
{
	const prog *p = x->p;
	lxw_worksheet *ws = x->grades_sheet;
	put_text(x, ws, 0, 0, i18n_word(W_GRADE), x->head);
	put_text(x, ws, 0, 1, i18n_word(W_UNITS), x->head);
	put_text(x, ws, 0, 2, i18n_word(W_SHARE), x->head);
	lxw_row_t r = 1;
	dec_t share = DEC_ZERO, n = DEC_ZERO, all = DEC_ZERO;
	dec_set_int(&all, x->sums.scored);
	for (int g = 0; g <= p->ngrades; g++) {
		if (g == p->ngrades && !x->sums.by_grade[g])
			break;
		put_label(x, ws, r, 0, g < p->ngrades ? p->grades[g].label : i18n_word(W_NO_GRADE));
		if (worksheet_write_number(ws, r, 1, (double)x->sums.by_grade[g], x->plain) != LXW_NO_ERROR)
			x->failed = true;
		if (x->sums.scored) {
			dec_set_int(&n, x->sums.by_grade[g]);
			dec_div(&share, &n, &all);
			dec_round(&share, &share, 4, DEC_HALF_UP);
			put_score_as(x, ws, r, 2, &share, x->percent);
		} else {
			worksheet_write_blank(ws, r, 2, x->plain);
		}
		r++;
	}
	lxw_row_t last = r - 1;
	put_text(x, ws, r, 0, i18n_word(W_SUM), x->head);
	if (worksheet_write_number(ws, r, 1, (double)x->sums.scored, x->plain) != LXW_NO_ERROR)
		x->failed = true;
	worksheet_write_blank(ws, r++, 2, x->plain);
	put_label(x, ws, r, 0, i18n_word(W_ROWS_UNSCORED));
	if (worksheet_write_number(ws, r, 1, (double)x->nunscored, x->plain) != LXW_NO_ERROR)
		x->failed = true;
	worksheet_write_blank(ws, r++, 2, x->plain);
	dec_clear(&share);
	dec_clear(&n);
	dec_clear(&all);
	worksheet_set_column(ws, 0, 0, 18, NULL);
	worksheet_set_column(ws, 1, 2, 10, NULL);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0); /* the chart is wider than the table */
	page_header(ws, p->title, i18n_word(W_SHEET_GRADES), NULL);
	if (last < 1 || x->sums.scored == 0)
		return;
	lxw_chart *chart = one_series_chart(x, LXW_CHART_COLUMN, i18n_word(W_SHEET_GRADES), last, 1, i18n_word(W_CHART_GRADES), true);
	if (!chart)
		return;
	lxw_chart_options at = {.x_offset = 8, .y_offset = 8};
	if (worksheet_insert_chart_opt(ws, r + 1, 0, chart, &at) != LXW_NO_ERROR)
		x->failed = true;
}

bool xlsx_close(xlsx *x)
{
	grades_sheet(x);
	for (int d = 0; d < x->depth && d < 4; d++)
		if (x->level_sheets[d])
			level_sheet(x, d + 1);
	/* on each 汇总 sheet, the filter over the header's last row, down to its last unit */
	int last_col = summary_columns(x) - 1;
	if (x->nsummaries)
		x->summary_end[x->nsummaries - 1] = x->summary_row;
	/* the id columns as wide as the longest id (a CJK character is two),
	 * from 8 to 40: a longer one wraps */
	double id_width = x->id_width < 8 ? 8 : x->id_width > 40 ? 40 : (double)x->id_width;
	for (int k = 0; k < x->nsummaries; k++) {
		worksheet_set_column(x->summaries[k], 0, (lxw_col_t)(x->first_score_col - 1), id_width + 2,
				     x->id_width > 40 ? x->wrap : NULL);
		lxw_row_t end = x->summary_end[k];
		worksheet_autofilter(x->summaries[k], (lxw_row_t)(x->depth - 1), 0,
				     end > (lxw_row_t)x->depth ? end - 1 : (lxw_row_t)x->depth, (lxw_col_t)last_col);
	}
	/* an empty 未评分 stays (its absence would say nothing) but hidden, so
	 * that printing the workbook prints no blank page */
	if (x->nunscored_sheets == 1 && x->unscored_row == 1)
		worksheet_hide(x->unscored);
	if (x->units_unsheeted)
		fprintf(stderr, _("score: --unit-sheets: %d units have their 评分表 sheet; %ld more have none (%s%s): "
				  "their scores are in 汇总\n"),
			XLSX_MAX_UNIT_SHEETS, x->units_unsheeted, x->unsheeted.data, x->units_unsheeted > 5 ? ", …" : "");
	/* the library's own messages would reach the user raw: its status is
	 * what counts, and the caller says what failed */
	int saved = output_mute_stderr();
	bool ok = workbook_close(x->wb) == LXW_NO_ERROR && !x->failed;
	output_unmute_stderr(saved);
	ok = ok && xlsx_written_whole(x->path);
	sb_free(&x->unsheeted);
	for (size_t i = 0; i < x->nkeys; i++)
		mem_free(x->sheet_keys[i]);
	mem_free(x->sheet_keys);
	names_free(&x->sheet_names);
	mem_free(x->subtree_end);
	rubric_free(&x->rows);
	tally_free(&x->sums);
	mem_free(x);
	return ok;
}
