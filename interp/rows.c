#include "rows.h"

#include <errno.h>
#include <string.h>

#include "cell.h"
#include "i18n.h"
#include "mem.h"
#include "utf8.h"

/* A copy of what cannot be read twice (standard input, a pipe), in an
 * unnamed temporary file that vanishes when closed. */
static FILE *spool(FILE *in, const char *name)
{
	FILE *tmp = tmpfile();
	if (!tmp) {
		fprintf(stderr, _("score: cannot make a temporary copy of '%s' to read it twice: %s\n"), name, strerror(errno));
		return NULL;
	}
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, tmp) != n) {
			fprintf(stderr, _("score: cannot make a temporary copy of '%s' to read it twice: %s\n"), name,
				strerror(errno));
			fclose(tmp);
			return NULL;
		}
	if (ferror(in)) {
		fprintf(stderr, _("%s: read error: %s\n"), name, strerror(errno ? errno : EIO));
		fclose(tmp);
		return NULL;
	}
	rewind(tmp);
	return tmp;
}

bool rows_open(rows_file *d, const char *name, const char *encoding, char delim, bool twice)
{
	memset(d, 0, sizeof *d);
	d->name = strcmp(name, "-") == 0 ? "<stdin>" : name;
	d->f = strcmp(name, "-") == 0 ? stdin : fopen(name, "rb");
	if (!d->f) {
		fprintf(stderr, _("score: cannot read data '%s': %s\n"), name, strerror(errno));
		return false;
	}
	if (twice && (d->f == stdin || fseek(d->f, 0, SEEK_SET) != 0)) {
		FILE *copy = spool(d->f, d->name);
		if (d->f != stdin)
			fclose(d->f);
		d->f = copy;
		d->spooled = true;
		if (!d->f)
			return false;
	}
	d->encoding = encoding;
	if (encoding) {
		d->csv = csv_open_encoding(d->f, encoding);
		if (!d->csv) {
			fprintf(stderr, _("score: unknown encoding '%s' (iconv names: gb18030, gbk, big5, utf-16…)\n"), encoding);
			if (d->f != stdin)
				fclose(d->f);
			d->f = NULL;
			return false;
		}
	} else {
		d->csv = csv_open(d->f);
	}
	d->delim = delim ? delim : ',';
	csv_set_delimiter(d->csv, d->delim);
	return true;
}

/* Back to the first row after the header, for a second pass. */
static bool rows_rewind(rows_file *d)
{
	csv_close(d->csv);
	d->csv = NULL;
	if (fseek(d->f, 0, SEEK_SET) != 0) {
		fprintf(stderr, _("%s: cannot read the file a second time: %s\n"), d->name, strerror(errno));
		return false;
	}
	d->csv = d->encoding ? csv_open_encoding(d->f, d->encoding) : csv_open(d->f);
	if (d->csv)
		csv_set_delimiter(d->csv, d->delim);
	if (!d->csv || csv_next(d->csv) != CSV_RECORD) { /* the header, read before */
		fprintf(stderr, _("%s: the file changed while it was read\n"), d->name);
		return false;
	}
	return true;
}

void rows_close(rows_file *d)
{
	csv_close(d->csv);
	if (d->f && d->f != stdin)
		fclose(d->f);
	mem_free(d->col_of_input);
	mem_free(d->used);
	mem_free(d->cur.text);
	mem_free(d->cur.len);
	d->csv = NULL;
	d->f = NULL;
	d->col_of_input = NULL;
	d->used = NULL;
	d->cur.text = NULL;
	d->cur.len = NULL;
}

int *rows_map(rows_file *d, const prog *p)
{
	int *cols = mem_calloc((size_t)(p->ninputs ? p->ninputs : 1), sizeof *cols);
	bool ok = true;
	for (int i = 0; i < p->ninputs; i++) {
		const char *want = p->inputs[i].column;
		cols[i] = -1;
		for (size_t c = 0; c < d->nheader; c++) {
			size_t n;
			const char *h = csv_field(d->csv, c, &n);
			utf8_trim(&h, &n);
			/* a header typed in another normalization form is the same name */
			char *nfc = utf8_is_ascii(h, n) ? NULL : utf8_nfc(h, n, &n);
			bool same = n == strlen(want) && memcmp(nfc ? nfc : h, want, n) == 0;
			mem_free(nfc);
			if (same) {
				if (cols[i] >= 0) {
					fprintf(stderr, _("%s: the header has column '%s' twice (columns %d and %zu)\n"), d->name,
						want, cols[i] + 1, c + 1);
					ok = false;
				}
				cols[i] = (int)c;
			}
		}
		if (cols[i] < 0) {
			int line, col;
			diag_line_col(p->diag, p->inputs[i].loc, &line, &col);
			fprintf(stderr, _("%s: the header has no column '%s' (input %s, %s:%d:%d)\n"), d->name, want,
				p->inputs[i].name, diag_source_name(p->diag, p->inputs[i].loc.file), line, col);
			ok = false;
		}
	}
	if (!ok) {
		mem_free(cols);
		return NULL;
	}
	if (!d->used) {
		size_t n = d->nheader ? d->nheader : 1;
		d->used = mem_calloc(n, sizeof *d->used);
		d->cur.text = mem_calloc(n, sizeof *d->cur.text);
		d->cur.len = mem_calloc(n, sizeof *d->cur.len);
	}
	for (int i = 0; i < p->ninputs; i++)
		d->used[cols[i]] = true;
	return cols;
}

bool rows_header(rows_file *d, const prog *p)
{
	csv_status st = csv_next(d->csv);
	if (st == CSV_EOF) {
		fprintf(stderr, _("%s: the file is empty: it needs a header row naming its columns\n"), d->name);
		return false;
	}
	if (st != CSV_RECORD) {
		fprintf(stderr, _("%s: row 1 (the header): %s\n"), d->name,
			st == CSV_IOERR ? strerror(errno) : csv_error(d->csv));
		return false;
	}
	d->nheader = csv_nfields(d->csv);
	if (d->nheader == 1) {
		/* one column: a file of another kind, saved with tabs or semicolons */
		size_t n;
		const char *h = csv_field(d->csv, 0, &n);
		const char *other = d->delim == ',' ? (memchr(h, '\t', n) ? "--tsv" : memchr(h, ';', n) ? "--delimiter ';'" : NULL) : NULL;
		if (other) {
			fprintf(stderr, _("%s: the header has no commas but holds %s: read the file with %s\n"), d->name,
				strcmp(other, "--tsv") == 0 ? _("tabs") : _("semicolons"), other);
			return false;
		}
	}
	d->col_of_input = rows_map(d, p);
	return d->col_of_input != NULL;
}

/* "data.csv: row 17 (id 卫健局)"; ids only when the record's fields are
 * trusted (its shape is right). */
static void describe(strbuf *sb, const char *name, const rows_record *rec, const prog *p, const int *cols,
		     bool fields_ok)
{
	sb_printf(sb, _("%s: row %ld"), name, rec->row);
	if (!fields_ok || p->nids == 0)
		return;
	bool any = false;
	for (int i = 0; i < p->nids; i++) {
		const char *s = rec->text[cols[p->ids[i]]];
		size_t n = rec->len[cols[p->ids[i]]];
		utf8_trim(&s, &n);
		if (!n)
			continue;
		sb_puts(sb, any ? "/" : _(" (id "));
		utf8_show(sb, s, n, 60);
		any = true;
	}
	if (any)
		sb_putc(sb, ')');
}

void rows_describe(strbuf *sb, const rows_file *d, const prog *p, bool fields_ok)
{
	describe(sb, d->name, &d->cur, p, d->col_of_input, fields_ok);
}

/* The cells of a record into v's inputs; each bad one appended to
 * messages as a line (unless messages is NULL: the first pass, whose rows
 * the second reports), and its reason to reasons (when not NULL). */
static bool load_cells(const char *name, const rows_record *rec, const prog *p, const int *cols, row *v,
		       strbuf *messages, strbuf *reasons)
{
	bool ok = true;
	strbuf why = STRBUF_INIT, where = STRBUF_INIT;
	for (int i = 0; i < p->ninputs && (ok || messages); i++) {
		if (p->inputs[i].type == IN_ID)
			continue;
		sb_clear(&why);
		cell_result cr = row_set_cell(v, i, rec->text[cols[i]], rec->len[cols[i]], &why);
		if (cr == CELL_BAD && !messages)
			ok = false;
		else if (cr == CELL_BAD) {
			if (ok)
				describe(&where, name, rec, p, cols, true);
			sb_printf(messages, _("%s, column %s: %s\n"), where.data, p->inputs[i].column, why.data);
			if (reasons) {
				sb_puts(reasons, reasons->len ? "; " : "");
				sb_printf(reasons, _("column %s: %s"), p->inputs[i].column, why.data);
			}
			ok = false;
		}
	}
	sb_free(&why);
	sb_free(&where);
	return ok;
}

void rows_ids(const rows_record *rec, const prog *p, const int *cols, const char **ids, size_t *lens)
{
	for (int i = 0; i < p->nids; i++) {
		ids[i] = rec->text[cols[p->ids[i]]];
		lens[i] = rec->len[cols[p->ids[i]]];
		utf8_trim(&ids[i], &lens[i]);
		const char *dflt = p->inputs[p->ids[i]].default_text;
		if (!lens[i] && dflt) { /* an empty id cell names the row by the declared default */
			ids[i] = dflt;
			lens[i] = strlen(dflt);
		}
	}
}

/* The record just read, as the view d->cur (its used columns). */
static void take_view(rows_file *d)
{
	d->cur.row = csv_row(d->csv);
	d->cur.bytes = csv_record(d->csv, &d->cur.nbytes);
	for (size_t c = 0; c < d->nheader; c++)
		if (d->used[c])
			d->cur.text[c] = csv_field(d->csv, c, &d->cur.len[c]);
}

/* Appends " (line 7)", or " (lines 3–5003)" for a record that took several. */
static void rows_lines(strbuf *sb, const rows_file *d)
{
	long first = csv_line(d->csv), last = csv_last_line(d->csv);
	if (last > first)
		sb_printf(sb, _(" (lines %ld–%ld)"), first, last);
	else
		sb_printf(sb, _(" (line %ld)"), first);
}

/* For a record whose quoted field spans lines: where the quote opened,
 * the likely cause of its trouble. */
static void rows_quote_hint(strbuf *sb, const rows_file *d)
{
	size_t field;
	long open;
	if (csv_quote_spans(d->csv, &field, &open))
		sb_printf(sb, _("; the quote that opens field %zu on line %ld closes only on line %ld, so lines %ld–%ld "
			        "were read as this one row: is a quote missing, or one too many?"),
			  field, open, csv_last_line(d->csv), csv_line(d->csv), csv_last_line(d->csv));
}

/* True when a quoted field of the record holds lines that look like rows
 * of this file (as many separators as the header): a stray quote has
 * swallowed them, and the record must not be scored as one row. */
static bool rows_swallowed(const rows_file *d)
{
	size_t field;
	long open;
	if (!csv_quote_spans(d->csv, &field, &open) || d->nheader < 2)
		return false;
	for (size_t i = 0; i < csv_nfields(d->csv); i++) {
		size_t n, commas = 0;
		const char *s = csv_field(d->csv, i, &n);
		for (size_t k = 0; k < n; k++) {
			if (s[k] == d->delim)
				commas++;
			else if (s[k] == '\n')
				commas = 0;
			if (commas >= d->nheader - 1)
				return true;
		}
	}
	return false;
}

long rows_lost(const rows_file *d)
{
	size_t field;
	long open;
	if (!csv_quote_spans(d->csv, &field, &open))
		return 1;
	return csv_last_line(d->csv) - csv_line(d->csv) + 1;
}

bool rows_record_ok(const rows_file *d, csv_status st, const prog *p, strbuf *where, strbuf *why)
{
	bool bad_width = st != CSV_BAD && csv_nfields(d->csv) != d->nheader;
	if (st != CSV_BAD && !bad_width && !rows_swallowed(d))
		return true;
	rows_record at = {csv_row(d->csv), NULL, NULL, NULL, 0};
	describe(where, d->name, &at, p, d->col_of_input, false);
	rows_lines(where, d);
	if (st == CSV_BAD) {
		sb_puts(why, csv_error(d->csv));
		return false;
	}
	if (bad_width)
		sb_printf(why, P_("has %zu field, the header has %zu", "has %zu fields, the header has %zu", csv_nfields(d->csv)),
			  csv_nfields(d->csv), d->nheader);
	else
		sb_puts(why, _("a quoted field holds lines that look like rows of this file"));
	rows_quote_hint(why, d);
	return false;
}

/* ---- the row driver ------------------------------------------------------------ */

void rows_driver_init(rows_driver *r, rows_file *d, const prog *p, row *v, bool score)
{
	memset(r, 0, sizeof *r);
	r->d = d;
	r->score = score;
	rows_driver_add(r, p, d->col_of_input, v, NULL);
}

void rows_driver_add(rows_driver *r, const prog *p, const int *cols, row *v, const char *label)
{
	if (r->npolicies < ROWS_MAX_POLICIES)
		r->policy[r->npolicies++] = (rows_policy){p, cols, v, label, NULL};
}

/* The first pass, for rules over all units; false (reported) when the
 * file cannot be read to its end or a second time. */
static bool rows_populate(rows_driver *r)
{
	bool any = false;
	for (int k = 0; k < r->npolicies; k++)
		if (r->policy[k].p->naggs) {
			r->policy[k].pop = population_new(r->policy[k].p);
			any = true;
		}
	if (!any)
		return true;
	rows_file *d = r->d;
	strbuf where = STRBUF_INIT, why = STRBUF_INIT;
	for (;;) {
		csv_status st = csv_next(d->csv);
		if (st == CSV_EOF)
			break;
		if (st == CSV_IOERR) {
			fprintf(stderr, _("%s: read error: %s\n"), d->name, strerror(errno ? errno : EIO));
			r->read_error = true;
			break;
		}
		sb_clear(&where);
		sb_clear(&why);
		if (!rows_record_ok(d, st, r->policy[0].p, &where, &why))
			continue;
		take_view(d);
		bool loaded = true;
		for (int k = 0; k < r->npolicies && loaded; k++)
			loaded = load_cells(d->name, &d->cur, r->policy[k].p, r->policy[k].cols, r->policy[k].v, NULL, NULL);
		for (int k = 0; loaded && k < r->npolicies; k++)
			if (r->policy[k].pop)
				row_collect(r->policy[k].v, r->policy[k].pop);
	}
	sb_free(&where);
	sb_free(&why);
	for (int k = 0; k < r->npolicies; k++)
		if (r->policy[k].pop) {
			population_seal(r->policy[k].pop);
			row_set_population(r->policy[k].v, r->policy[k].pop);
		}
	return !r->read_error && rows_rewind(d);
}

rows_step rows_read(rows_driver *r)
{
	rows_file *d = r->d;
	if (!r->started) {
		r->started = true;
		if (!rows_populate(r)) {
			r->read_error = true;
			return ROWS_END;
		}
	}
	sb_clear(&r->where);
	sb_clear(&r->why);
	sb_clear(&r->cells);
	csv_status st = csv_next(d->csv);
	if (st == CSV_EOF)
		return ROWS_END;
	if (st == CSV_IOERR) {
		fprintf(stderr, _("%s: read error: %s\n"), d->name, strerror(errno ? errno : EIO));
		r->read_error = true;
		return ROWS_END;
	}
	r->lost = 1;
	if (!rows_record_ok(d, st, r->policy[0].p, &r->where, &r->why)) {
		r->stage = ROWS_AT_RECORD;
		r->lost = rows_lost(d); /* a record of the wrong shape may be a stray quote's doing */
		return ROWS_SKIPPED;
	}
	take_view(d);
	return ROWS_READY;
}

rows_step rows_score_record(const rows_driver *r, const rows_record *rec, row *const *vs, strbuf *messages,
			    rows_stage *stage, strbuf *where, strbuf *why, strbuf *cells)
{
	const prog *first = r->policy[0].p;
	const char *name = r->d->name;
	for (int k = 0; k < r->npolicies; k++)
		if (!load_cells(name, rec, r->policy[k].p, r->policy[k].cols, vs[k], messages, cells)) {
			*stage = ROWS_AT_CELLS;
			describe(where, name, rec, first, r->d->col_of_input, true);
			return ROWS_SKIPPED;
		}
	for (int k = 0; r->score && k < r->npolicies; k++)
		if (!row_score(vs[k])) {
			*stage = ROWS_AT_SCORING;
			describe(where, name, rec, first, r->d->col_of_input, true);
			if (r->policy[k].label)
				sb_printf(why, "%s: ", r->policy[k].label);
			sb_puts(why, row_error(vs[k]));
			return ROWS_SKIPPED;
		}
	return ROWS_READY;
}

rows_step rows_drive(rows_driver *r)
{
	rows_step step = rows_read(r);
	if (step != ROWS_READY)
		return step;
	row *vs[ROWS_MAX_POLICIES];
	for (int k = 0; k < r->npolicies; k++)
		vs[k] = r->policy[k].v;
	sb_clear(&r->messages);
	step = rows_score_record(r, &r->d->cur, vs, &r->messages, &r->stage, &r->where, &r->why, &r->cells);
	if (r->messages.len)
		fputs(r->messages.data, stderr);
	return step;
}

void rows_report_skip(const rows_driver *r)
{
	if (r->why.len)
		fprintf(stderr, "%s: %s\n", r->where.data, r->why.data);
}

void rows_driver_free(rows_driver *r)
{
	for (int k = 0; k < r->npolicies; k++) {
		if (r->policy[k].pop)
			row_set_population(r->policy[k].v, NULL);
		population_free(r->policy[k].pop);
		r->policy[k].pop = NULL;
	}
	sb_free(&r->where);
	sb_free(&r->why);
	sb_free(&r->cells);
	sb_free(&r->messages);
}
