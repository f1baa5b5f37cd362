/* template: the form a unit fills in (see write_template.h). */
#include "write_template.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "i18n.h"
#include "interval.h"
#include "mem.h"
#include "output.h"
#include "write_rows.h"
#include "strbuf.h"
#include "utf8.h"
#include "write_xlsx.h"

/* ---- what each indicator reads ----------------------------------------------------- */

static void reads_of(const prog *p, int func, bool *in, bool *seen)
{
	if (func < 0 || func >= p->nfuncs || seen[func])
		return;
	seen[func] = true;
	const prog_func *f = &p->funcs[func];
	for (int k = f->start; k < f->start + f->len; k++) {
		const prog_instr *ins = &p->code[k];
		prog_shape shape = prog_ops[ins->op].shape;
		if (shape == SHAPE_INPUT && ins->a >= 0 && ins->a < p->ninputs)
			in[ins->a] = true;
		else if (shape == SHAPE_CALL)
			reads_of(p, ins->a, in, seen);
		else if (shape == SHAPE_AGGREGATE && ins->a >= 0 && ins->a < p->naggs) {
			reads_of(p, p->aggs[ins->a].func, in, seen);
			if (p->aggs[ins->a].group >= 0)
				in[p->aggs[ins->a].group] = true;
		}
	}
}

bool *template_reads(const prog *p)
{
	size_t ni = (size_t)(p->ninputs ? p->ninputs : 1);
	bool *reads = mem_calloc((size_t)(p->nnodes ? p->nnodes : 1) * ni, sizeof *reads);
	bool *seen = mem_calloc((size_t)p->nfuncs, sizeof *seen);
	for (int i = 0; i < p->nnodes; i++) {
		const prog_node *n = &p->nodes[i];
		bool *in = reads + (size_t)i * ni;
		memset(seen, 0, (size_t)(p->nfuncs ? p->nfuncs : 1) * sizeof *seen);
		reads_of(p, n->rule, in, seen);
		for (int k = 0; k < n->nzeros; k++)
			reads_of(p, n->zeros[k].func, in, seen);
		for (int k = 0; k < n->nnas; k++)
			reads_of(p, n->nas[k].func, in, seen);
	}
	mem_free(seen);
	return reads;
}

/* ---- what a column takes ------------------------------------------------------------ */

/* "金额（≥ 0）", "百分比，如 95%（0%–100%）", "是/否": the header's second line. */
static void takes(strbuf *sb, const prog_input *in)
{
	switch (in->type) {
	case IN_ID: sb_puts(sb, i18n_word(W_FORM_ID)); break;
	case IN_MONEY: sb_puts(sb, i18n_word(W_FORM_MONEY)); break;
	case IN_NUMBER: sb_puts(sb, i18n_word(W_FORM_NUMBER)); break;
	case IN_COUNT: sb_puts(sb, i18n_word(W_FORM_COUNT)); break;
	case IN_PERCENT: sb_puts(sb, i18n_word(W_FORM_PERCENT)); break;
	case IN_YESNO: sb_puts(sb, i18n_word(W_FORM_YESNO)); break;
	case IN_DATE: sb_puts(sb, i18n_word(W_FORM_DATE)); break;
	case IN_LIST: sb_puts(sb, i18n_word(W_FORM_LIST)); break;
	case IN_MANUAL: sb_puts(sb, i18n_word(W_FORM_MANUAL)); break;
	case IN_ONEOF:
		sb_puts(sb, i18n_word(W_FORM_ONE_OF));
		for (int k = 0; k < in->noptions; k++)
			sb_printf(sb, "%s%s", k ? i18n_word(W_LIST_SEP) : "", in->options[k]);
		break;
	}
	if (in->has_bounds) {
		sb_puts(sb, " ");
		sb_puts(sb, "[");
		interval_format_value(sb, &in->lo, in->type == IN_PERCENT);
		sb_puts(sb, ", ");
		interval_format_value(sb, &in->hi, in->type == IN_PERCENT);
		sb_puts(sb, "]");
	}
	if (in->has_default && in->type != IN_ID) {
		sb_puts(sb, i18n_word(W_FORM_EMPTY_AS));
		interval_format_value(sb, &in->default_value, in->type == IN_PERCENT);
	} else if (in->type == IN_ID && in->default_text) {
		sb_printf(sb, i18n_word(W_FORM_EMPTY_IS), in->default_text);
	}
}

/* ---- the workbook ----------------------------------------------------------------------- */

typedef struct form {
	const prog *p;
	lxw_workbook *wb;
	lxw_format *head, *wrap, *text, *percent, *date, *title;
	bool *reads;
	bool failed;
} form;

static void check(form *f, lxw_error e)
{
	if (e != LXW_NO_ERROR)
		f->failed = true;
}

/* A text within a cell's 32,767 characters. */
static void put(form *f, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *fmt)
{
	strbuf sb = STRBUF_INIT;
	xlsx_cell_text(&sb, s);
	check(f, worksheet_write_string(ws, r, c, sb_text(&sb), fmt));
	sb_free(&sb);
}

static double number_of(const dec_t *v)
{
	strbuf sb = STRBUF_INIT;
	dec_format(&sb, v);
	double d = strtod(sb.data, NULL); /* a bound of a form's check, never a score */
	sb_free(&sb);
	return d;
}

/* The note on an input's header: what reads it, and how it is scored. */
static void header_note(form *f, strbuf *sb, int input)
{
	const prog *p = f->p;
	size_t ni = (size_t)p->ninputs;
	for (int i = 0; i < p->nnodes; i++) {
		if (!f->reads[(size_t)i * ni + (size_t)input])
			continue;
		const prog_node *n = &p->nodes[i];
		if (sb->len)
			sb_puts(sb, "\n\n");
		sb_printf(sb, "【%s】", n->path);
		dec_format(sb, &n->weight);
		sb_puts(sb, i18n_word(W_POINTS));
		if (n->definition >= 0)
			sb_printf(sb, i18n_word(W_FORM_DEFINITION), p->strings[n->definition]);
		int owner = prog_standard_of(p, i);
		if (owner >= 0)
			sb_printf(sb, i18n_word(W_FORM_STANDARD), p->strings[p->nodes[owner].standard]);
	}
}

/* Text cut at whole characters to what Excel takes in a data validation's
 * field, counted as Excel counts (UTF-16 units), with … where it was cut:
 * past its limits Excel reports the whole file as damaged, and
 * libxlsxwriter checks only some of them. */
static char *excel_cut(const char *s, size_t units)
{
	strbuf sb = STRBUF_INIT;
	size_t n = strlen(s), i = 0, used = 0, fit = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		used += k && cp > 0xFFFF ? 2 : 1;
		i += k ? k : 1;
		if (used < units)
			fit = i;
	}
	if (used <= units) {
		sb_puts(&sb, s);
	} else {
		sb_putn(&sb, s, fit < n ? fit : n);
		sb_puts(&sb, "…");
	}
	return sb.data ? sb_take(&sb) : mem_strdup("");
}

/* Data validation and format of an input's column, rows first..last. */
static void validate(form *f, lxw_worksheet *ws, lxw_worksheet *lists, int *nlists, lxw_col_t c, const prog_input *in,
		     lxw_row_t first, lxw_row_t last)
{
	lxw_data_validation dv;
	memset(&dv, 0, sizeof dv);
	dv.show_error = LXW_VALIDATION_ON;
	dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
	char *values[3] = {(char *)i18n_word(W_YES), (char *)i18n_word(W_NO), NULL};
	char **options = NULL;
	strbuf formula = STRBUF_INIT, message = STRBUF_INIT;
	takes(&message, in);
	switch (in->type) {
	case IN_YESNO:
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = values;
		break;
	case IN_ONEOF: {
		size_t total = 0;
		for (int k = 0; k < in->noptions; k++)
			total += strlen(in->options[k]) + 1;
		if (total < 250) {
			options = mem_calloc((size_t)in->noptions + 1, sizeof *options);
			for (int k = 0; k < in->noptions; k++)
				options[k] = in->options[k];
			dv.validate = LXW_VALIDATION_TYPE_LIST;
			dv.value_list = options;
		} else {
			/* a long list stands on a sheet of its own, one option a row */
			lxw_col_t lc = (lxw_col_t)(*nlists)++;
			for (int k = 0; k < in->noptions; k++)
				put(f, lists, (lxw_row_t)k, lc, in->options[k], f->text);
			char range[LXW_MAX_CELL_RANGE_LENGTH];
			lxw_rowcol_to_range_abs(range, 0, lc, (lxw_row_t)(in->noptions - 1), lc);
			sb_printf(&formula, "=%s!%s", i18n_word(W_SHEET_OPTIONS), range);
			dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
			dv.value_formula = formula.data;
		}
		break;
	}
	case IN_COUNT:
	case IN_MONEY:
	case IN_NUMBER:
	case IN_MANUAL:
	case IN_PERCENT:
		dv.validate = in->type == IN_COUNT ? LXW_VALIDATION_TYPE_INTEGER : LXW_VALIDATION_TYPE_DECIMAL;
		if (in->has_bounds) {
			dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
			dv.minimum_number = number_of(&in->lo);
			dv.maximum_number = number_of(&in->hi);
		} else if (in->type != IN_NUMBER) {
			dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
			dv.value_number = 0;
		} else {
			dv.validate = 0;
		}
		break;
	case IN_DATE:
		dv.validate = LXW_VALIDATION_TYPE_DATE_NUMBER;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_number = 1;       /* 1900-01-01 */
		dv.maximum_number = 2958465; /* 9999-12-31 */
		break;
	case IN_ID:
	case IN_LIST:
		break;
	}
	lxw_format *fmt = in->type == IN_PERCENT ? f->percent : in->type == IN_DATE ? f->date
			  : (in->type == IN_ID || in->type == IN_LIST || in->type == IN_ONEOF) ? f->text : NULL;
	if (fmt)
		check(f, worksheet_set_column(ws, c, c, LXW_DEF_COL_WIDTH, fmt));
	if (dv.validate) {
		dv.ignore_blank = LXW_VALIDATION_ON;
		dv.show_input = LXW_VALIDATION_ON;
		/* Excel's limits: titles 32, prompt 255, error 225 */
		char *title = excel_cut(in->column, 32), *prompt = excel_cut(sb_text(&message), 255),
		     *error = excel_cut(sb_text(&message), 225);
		dv.input_title = title;
		dv.input_message = prompt;
		dv.error_title = (char *)i18n_word(W_FORM_BAD_VALUE);
		dv.error_message = error;
		check(f, worksheet_data_validation_range(ws, first, c, last, c, &dv));
		mem_free(title);
		mem_free(prompt);
		mem_free(error);
	}
	mem_free(options);
	sb_free(&formula);
	sb_free(&message);
}

/* The ids to prefill: one a line, trimmed, blank lines passed over. */
static bool read_ids(const char *path, char ***ids, size_t *nids)
{
	*ids = NULL;
	*nids = 0;
	if (!path)
		return true;
	FILE *in = fopen(path, "rb");
	if (!in) {
		fprintf(stderr, _("score: cannot read ids '%s': %s\n"), path, strerror(errno));
		return false;
	}
	size_t cap = 0;
	char *line = NULL;
	size_t lcap = 0;
	ssize_t n;
	long number = 0;
	bool ok = true;
	while ((n = getline(&line, &lcap, in)) >= 0) {
		number++;
		const char *s = line;
		size_t len = (size_t)n;
		while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
			len--;
		if (number == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			len -= 3;
		}
		utf8_trim(&s, &len);
		if (!len)
			continue;
		if (utf8_invalid_at(s, len) != len) {
			fprintf(stderr, _("%s: line %ld is not UTF-8 text\n"), path, number);
			ok = false;
			break;
		}
		if (*nids == TEMPLATE_FORM_ROWS * 200) {
			fprintf(stderr, _("%s: more ids than a sheet holds\n"), path);
			ok = false;
			break;
		}
		*ids = mem_grow(*ids, sizeof **ids, &cap, *nids + 1);
		(*ids)[(*nids)++] = mem_strndup(s, len);
	}
	if (ok && ferror(in)) {
		fprintf(stderr, _("%s: read error: %s\n"), path, strerror(errno ? errno : EIO));
		ok = false;
	}
	free(line);
	fclose(in);
	if (!ok) {
		for (size_t k = 0; k < *nids; k++)
			mem_free((*ids)[k]);
		mem_free(*ids);
		*ids = NULL;
		*nids = 0;
	}
	return ok;
}

/* The 说明 sheet: the indicator tree with weights and 评分标准, and the grades. */
static void guide_sheet(form *f)
{
	const prog *p = f->p;
	lxw_worksheet *ws = workbook_add_worksheet(f->wb, i18n_word(W_SHEET_INSTRUCTIONS));
	if (!ws) {
		f->failed = true;
		return;
	}
	int depth = 1;
	for (int i = 0; i < p->nnodes; i++)
		if (p->nodes[i].depth > depth)
			depth = p->nodes[i].depth;
	strbuf sb = STRBUF_INIT;
	sb_printf(&sb, i18n_word(W_FORM_TITLE), p->title);
	put(f, ws, 0, 0, sb.data, f->title);
	put(f, ws, 1, 0, i18n_word(W_FORM_HOW), f->wrap);
	check(f, worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)(depth + 3), "", NULL));
	check(f, worksheet_set_row(ws, 1, 36, NULL));
	lxw_row_t r = 3;
	for (int d = 0; d < depth; d++)
		put(f, ws, r, (lxw_col_t)d, lang_level_name(d + 1), f->head);
	put(f, ws, r, (lxw_col_t)depth, i18n_word(W_WEIGHT), f->head);
	put(f, ws, r, (lxw_col_t)depth + 1, i18n_word(W_DEFINITION), f->head);
	put(f, ws, r, (lxw_col_t)depth + 2, i18n_word(W_STANDARD), f->head);
	put(f, ws, r, (lxw_col_t)depth + 3, i18n_word(W_COLUMNS_READ), f->head);
	size_t ni = (size_t)p->ninputs;
	for (int i = 0; i < p->nnodes; i++) {
		const prog_node *n = &p->nodes[i];
		r++;
		/* the row as high as its longest text: a spreadsheet does not grow it */
		int lines = utf8_lines(n->name, 14);
		if (n->definition >= 0 && utf8_lines(p->strings[n->definition], 38) > lines)
			lines = utf8_lines(p->strings[n->definition], 38);
		if (n->standard >= 0 && utf8_lines(p->strings[n->standard], 38) > lines)
			lines = utf8_lines(p->strings[n->standard], 38);
		double height = 15.0 * lines + 3;
		check(f, worksheet_set_row(ws, r, height < 409 ? height : 409, NULL));
		put(f, ws, r, (lxw_col_t)(n->depth - 1), n->name, f->wrap);
		sb_clear(&sb);
		dec_format(&sb, &n->weight);
		put(f, ws, r, (lxw_col_t)depth, sb.data, f->wrap);
		if (n->definition >= 0)
			put(f, ws, r, (lxw_col_t)depth + 1, p->strings[n->definition], f->wrap);
		if (n->standard >= 0)
			put(f, ws, r, (lxw_col_t)depth + 2, p->strings[n->standard], f->wrap);
		sb_clear(&sb);
		for (int k = 0; k < p->ninputs && !n->nchildren; k++)
			if (f->reads[(size_t)i * ni + (size_t)k])
				sb_printf(&sb, "%s%s", sb.len ? i18n_word(W_LIST_SEP) : "", p->inputs[k].column);
		if (sb.len)
			put(f, ws, r, (lxw_col_t)depth + 3, sb.data, f->wrap);
	}
	r += 2;
	put(f, ws, r, 0, i18n_word(W_GRADE), f->head);
	put(f, ws, r, 1, i18n_word(W_TOTAL), f->head);
	for (int g = 0; g < p->ngrades; g++) {
		r++;
		put(f, ws, r, 0, p->grades[g].label, NULL);
		sb_clear(&sb);
		interval_format(&sb, &p->grades[g].band);
		put(f, ws, r, 1, sb.data, NULL);
	}
	sb_free(&sb);
	check(f, worksheet_set_column(ws, 0, (lxw_col_t)(depth - 1), 16, f->wrap));
	check(f, worksheet_set_column(ws, (lxw_col_t)depth, (lxw_col_t)depth, 6, NULL));
	check(f, worksheet_set_column(ws, (lxw_col_t)depth + 1, (lxw_col_t)depth + 2, 40, f->wrap));
	check(f, worksheet_set_column(ws, (lxw_col_t)depth + 3, (lxw_col_t)depth + 3, 20, f->wrap));
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
}

static bool write_workbook(FILE *out, const prog *p, char **ids, size_t nids)
{
	form f = {0};
	f.p = p;
	char path[64];
	fflush(out);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(out));
	char tmpdir[PATH_MAX + 1];
	output_folder_of(out, tmpdir, sizeof tmpdir);
	lxw_workbook_options opts = {.constant_memory = LXW_FALSE, .tmpdir = *tmpdir ? tmpdir : NULL, .use_zip64 = LXW_FALSE};
	f.wb = workbook_new_opt(path, &opts);
	if (!f.wb)
		return false;
	f.reads = template_reads(p);
	f.head = workbook_add_format(f.wb);
	format_set_bold(f.head);
	format_set_text_wrap(f.head);
	format_set_align(f.head, LXW_ALIGN_CENTER);
	format_set_align(f.head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(f.head, LXW_BORDER_THIN);
	format_set_bg_color(f.head, 0xDDEBF7);
	f.wrap = workbook_add_format(f.wb);
	format_set_text_wrap(f.wrap);
	format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
	f.text = workbook_add_format(f.wb);
	format_set_num_format(f.text, "@");
	f.percent = workbook_add_format(f.wb);
	format_set_num_format(f.percent, "0.00%");
	f.date = workbook_add_format(f.wb);
	format_set_num_format(f.date, "yyyy-mm-dd");
	f.title = workbook_add_format(f.wb);
	format_set_bold(f.title);
	format_set_font_size(f.title, 14);
	lxw_worksheet *ws = workbook_add_worksheet(f.wb, i18n_word(W_SHEET_FORM));
	lxw_worksheet *lists = NULL;
	int nlists = 0;
	for (int i = 0; i < p->ninputs; i++)
		if (p->inputs[i].type == IN_ONEOF) {
			size_t total = 0;
			for (int k = 0; k < p->inputs[i].noptions; k++)
				total += strlen(p->inputs[i].options[k]) + 1;
			if (total >= 250 && !lists)
				lists = workbook_add_worksheet(f.wb, i18n_word(W_SHEET_OPTIONS));
		}
	guide_sheet(&f);
	if (lists)
		worksheet_hide(lists);
	/* ids first, then the other inputs, in the policy's order */
	int *order = mem_calloc((size_t)p->ninputs, sizeof *order);
	int ncols = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < p->ninputs; i++)
			if ((p->inputs[i].type == IN_ID) == (pass == 0))
				order[ncols++] = i;
	lxw_row_t last = (lxw_row_t)(nids > TEMPLATE_FORM_ROWS ? nids : TEMPLATE_FORM_ROWS);
	strbuf sb = STRBUF_INIT, note = STRBUF_INIT;
	int lines = 2;
	for (int c = 0; c < ncols; c++) {
		const prog_input *in = &p->inputs[order[c]];
		validate(&f, ws, lists, &nlists, (lxw_col_t)c, in, 1, last);
		sb_clear(&sb);
		sb_printf(&sb, "%s\n", in->column);
		takes(&sb, in);
		put(&f, ws, 0, (lxw_col_t)c, sb.data, f.head);
		/* as wide as its widest line up to 12 (a CJK character is two); a
		 * longer header wraps, and the row grows to hold it */
		size_t w = utf8_width(in->column, strlen(in->column));
		size_t t = utf8_width(sb.data + strlen(in->column) + 1, sb.len - strlen(in->column) - 1);
		size_t width = w > t ? w : t;
		width = width < 10 ? 10 : width > 12 ? 12 : width;
		if (utf8_lines(sb.data, width) > lines)
			lines = utf8_lines(sb.data, width);
		lxw_format *fmt = in->type == IN_PERCENT ? f.percent : in->type == IN_DATE ? f.date
				  : (in->type == IN_ID || in->type == IN_LIST || in->type == IN_ONEOF) ? f.text : NULL;
		check(&f, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)width + 2, fmt));
		sb_clear(&note);
		header_note(&f, &note, order[c]);
		if (note.len) {
			lxw_comment_options co = {.width = 420, .height = 240};
			strbuf shown = STRBUF_INIT; /* a note keeps a cell's limits, whole characters */
			xlsx_cell_text(&shown, note.data);
			check(&f, worksheet_write_comment_opt(ws, 0, (lxw_col_t)c, shown.data, &co));
			sb_free(&shown);
		}
	}
	check(&f, worksheet_set_row(ws, 0, 15.0 * lines + 4, NULL));
	/* the ids, as text: 001023 keeps its zeros */
	int id_col = ncols && p->inputs[order[0]].type == IN_ID ? 0 : -1;
	for (size_t k = 0; k < nids && id_col == 0; k++)
		put(&f, ws, (lxw_row_t)(k + 1), 0, ids[k], f.text);
	worksheet_freeze_panes(ws, 1, p->nids ? (lxw_col_t)p->nids : 0);
	/* printed (as an empty form to fill by hand) on A4 landscape, the header
	 * on every page: across the page's width while that stays legible,
	 * else over pages with the ids repeated on each */
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	if (ncols <= 12)
		worksheet_fit_to_pages(ws, 1, 0);
	else if (p->nids)
		worksheet_repeat_columns(ws, 0, (lxw_col_t)(p->nids - 1));
	worksheet_repeat_rows(ws, 0, 0);
	worksheet_activate(ws);
	sb_free(&sb);
	sb_free(&note);
	mem_free(order);
	mem_free(f.reads);
	/* the library's own messages would reach the user raw */
	int saved = output_mute_stderr();
	bool ok = workbook_close(f.wb) == LXW_NO_ERROR && !f.failed;
	output_unmute_stderr(saved);
	return ok && xlsx_written_whole(path);
}

static bool write_csv(FILE *out, const prog *p, char **ids, size_t nids)
{
	strbuf sb = STRBUF_INIT;
	int n = 0, id_first = -1;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < p->ninputs; i++)
			if ((p->inputs[i].type == IN_ID) == (pass == 0)) {
				if (n++)
					sb_putc(&sb, ',');
				if (id_first < 0 && pass == 0)
					id_first = i;
				sheet_csv_field(&sb, p->inputs[i].column, strlen(p->inputs[i].column));
			}
	sb_putc(&sb, '\n');
	for (size_t k = 0; k < nids; k++) {
		sheet_csv_field(&sb, ids[k], strlen(ids[k]));
		for (int c = 1; c < n; c++)
			sb_putc(&sb, ',');
		sb_putc(&sb, '\n');
	}
	bool ok = fwrite(sb.data, 1, sb.len, out) == sb.len;
	sb_free(&sb);
	return ok;
}

bool template_write(FILE *out, const prog *p, bool csv, const char *ids_file)
{
	char **ids;
	size_t nids;
	if (!read_ids(ids_file, &ids, &nids))
		return false;
	if (nids && (p->nids == 0)) {
		fprintf(stderr, "%s", _("score: --ids: the policy declares no id input to put them in\n"));
		for (size_t k = 0; k < nids; k++)
			mem_free(ids[k]);
		mem_free(ids);
		return false;
	}
	bool ok = csv ? write_csv(out, p, ids, nids) : write_workbook(out, p, ids, nids);
	for (size_t k = 0; k < nids; k++)
		mem_free(ids[k]);
	mem_free(ids);
	if (!ok)
		fprintf(stderr, _("score: cannot write the form: %s\n"), strerror(errno ? errno : EIO));
	return ok;
}
