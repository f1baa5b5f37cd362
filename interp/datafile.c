#include "datafile.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "../include/score_status.h"
#include "read_cell.h"
#include "i18n.h"
#include "mem.h"
#include "utf8.h"

/* A copy of what is read twice (and of a pipe, which cannot be), in an
 * unnamed temporary file that vanishes when closed. */
static FILE *spool(FILE *in, const char *name, int first)
{
	FILE *tmp = tmpfile();
	if (!tmp) {
		fprintf(stderr, _("score: cannot make a temporary copy of '%s' to read it twice: %s\n"), name, strerror(errno));
		return NULL;
	}
	if (first != EOF)
		putc(first, tmp);
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
	if (fflush(tmp) != 0 || ferror(tmp)) {
		fprintf(stderr, _("score: cannot make a temporary copy of '%s' to read it twice: %s\n"), name, strerror(errno));
		fclose(tmp);
		return NULL;
	}
	rewind(tmp);
	return tmp;
}

/* An OLE2 file is an .xls of Excel 97-2003, or an .xlsx encrypted with a
 * password: the latter holds a stream named EncryptedPackage (in UTF-16). */
static bool ole2_encrypted(FILE *f)
{
	static const char name[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
	char buf[65536 + sizeof name];
	size_t keep = 0, n;
	long total = 0;
	rewind(f);
	while ((n = fread(buf + keep, 1, 65536, f)) > 0 && total < (64L << 20)) {
		total += (long)n;
		size_t len = keep + n;
		for (size_t i = 0; i + sizeof name - 1 <= len; i++)
			if (buf[i] == 'E' && memcmp(buf + i, name, sizeof name - 1) == 0)
				return true;
		keep = len < sizeof name ? len : sizeof name;
		memmove(buf, buf + len - keep, keep);
	}
	return false;
}

/* What the file is, from its first bytes, read with read(2) as the CSV
 * reader reads (stdio would buffer past them). A file is looked at where
 * it stands; from a pipe, one byte is taken (kept in d->ahead for the CSV
 * reader), and a stream that may be a workbook is copied whole first (a
 * zip is read from its end). */
static xlsxin_kind sniff(datafile_file *d)
{
	int fd = fileno(d->f);
	off_t at = lseek(fd, 0, SEEK_CUR);
	unsigned char head[8];
	if (at >= 0) {
		ssize_t n = pread(fd, head, sizeof head, at);
		return xlsxin_sniff(head, n > 0 ? (size_t)n : 0);
	}
	ssize_t n;
	do
		n = read(fd, head, 1);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return XLSXIN_NOT;
	if (head[0] != 'P' && head[0] != 0xD0) {
		d->ahead = head[0];
		d->nahead = 1;
		return XLSXIN_NOT;
	}
	FILE *copy = spool(d->f, d->name, head[0]);
	if (d->f != stdin)
		fclose(d->f);
	d->f = copy;
	d->spooled = true;
	if (!copy)
		return XLSXIN_NOT;
	n = pread(fileno(copy), head, sizeof head, 0);
	return xlsxin_sniff(head, n > 0 ? (size_t)n : 0);
}

static bool open_workbook(datafile_file *d, xlsxin_kind kind, const datafile_source *src)
{
	if (kind == XLSXIN_OLE2) {
		if (ole2_encrypted(d->f))
			fprintf(stderr, _("%s: an encrypted workbook (it needs a password to open): remove the password in "
					  "Excel or WPS and save it again\n"), d->name);
		else
			fprintf(stderr, _("%s: a workbook of Excel 97-2003 (.xls), which score does not read: save it as .xlsx "
					  "in Excel or WPS, or convert it with: soffice --headless --convert-to xlsx FILE\n"),
				d->name);
		return false;
	}
	if (src->encoding || src->delim) {
		fprintf(stderr, _("%s: a workbook is read as it is: --encoding, --tsv and --delimiter are for text files\n"),
			d->name);
		return false;
	}
	strbuf err = STRBUF_INIT;
	d->wb = xlsxin_open(d->f, src->sheet, &err);
	if (!d->wb)
		fprintf(stderr, "%s: %s\n", d->name, sb_text(&err));
	sb_free(&err);
	return d->wb != NULL;
}

bool datafile_open(datafile_file *d, const char *name, const datafile_source *src, bool twice)
{
	memset(d, 0, sizeof *d);
	d->name = strcmp(name, "-") == 0 ? "<stdin>" : name;
	d->f = strcmp(name, "-") == 0 ? stdin : fopen(name, "rb");
	if (!d->f) {
		fprintf(stderr, _("score: cannot read data '%s': %s\n"), name, strerror(errno));
		return false;
	}
	xlsxin_kind kind = sniff(d);
	if (!d->f)
		return false;
	if (twice && !d->spooled) {
		/* rules over all units read the rows twice: both passes read one
		 * private copy, so that a file rewritten, replaced or grown between
		 * them cannot mix two contents (a pipe is copied for the same reason) */
		FILE *copy = spool(d->f, d->name, d->nahead ? d->ahead : EOF);
		d->nahead = 0;
		if (d->f != stdin)
			fclose(d->f);
		d->f = copy;
		d->spooled = true;
		if (!d->f)
			return false;
	}
	if (kind != XLSXIN_NOT) {
		bool ok = open_workbook(d, kind, src);
		if (!ok) {
			if (d->f != stdin)
				fclose(d->f);
			d->f = NULL;
		}
		return ok;
	}
	if (src->sheet) {
		fprintf(stderr, _("%s: --sheet chooses a sheet of a workbook, and this is a text file\n"), d->name);
		if (d->f != stdin)
			fclose(d->f);
		d->f = NULL;
		return false;
	}
	const char *encoding = src->encoding;
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
	if (d->nahead)
		csv_unread(d->csv, &d->ahead, d->nahead);
	d->delim = src->delim ? src->delim : ',';
	csv_set_delimiter(d->csv, d->delim);
	return true;
}

const char *datafile_field(const datafile_file *d, size_t c, size_t *len)
{
	return d->wb ? xlsxin_cell(d->wb, c, len) : csv_field(d->csv, c, len);
}

long datafile_row(const datafile_file *d)
{
	return d->wb ? xlsxin_row(d->wb) : csv_row(d->csv);
}

/* The next record of either kind, as the CSV reader says it. */
static csv_status next_record(datafile_file *d)
{
	if (!d->wb)
		return csv_next(d->csv);
	xlsxin_status st;
	/* the rows its merged cells cover are part of the header */
	while ((st = xlsxin_next(d->wb)) == XLSXIN_ROW && xlsxin_row(d->wb) <= d->header_end)
		;
	return st == XLSXIN_ROW ? CSV_RECORD : st == XLSXIN_END ? CSV_EOF : CSV_IOERR;
}

static void report_read_error(const datafile_file *d)
{
	if (d->wb)
		fprintf(stderr, "%s: %s\n", d->name, xlsxin_error(d->wb));
	else
		fprintf(stderr, _("%s: read error: %s\n"), d->name, strerror(errno ? errno : EIO));
}

static size_t nfields(const datafile_file *d)
{
	return d->wb ? xlsxin_ncells(d->wb) : csv_nfields(d->csv);
}

size_t datafile_nfields(const datafile_file *d)
{
	return nfields(d);
}

csv_status datafile_next_raw(datafile_file *d)
{
	if (d->wb)
		xlsxin_fill_merged(d->wb, true);
	csv_status st = next_record(d);
	if (st == CSV_IOERR)
		report_read_error(d);
	return st;
}

/* Back to the first row after the header, for a second pass. */
static bool datafile_rewind(datafile_file *d)
{
	if (d->wb) {
		bool ok = xlsxin_rewind(d->wb);
		while (ok && xlsxin_row(d->wb) < d->header_row)
			ok = xlsxin_next(d->wb) == XLSXIN_ROW;
		if (!ok || xlsxin_row(d->wb) != d->header_row) {
			fprintf(stderr, _("%s: the file changed while it was read\n"), d->name);
			return false;
		}
		return true;
	}
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

void datafile_close(datafile_file *d)
{
	csv_close(d->csv);
	xlsxin_close(d->wb);
	if (d->f && d->f != stdin)
		fclose(d->f);
	mem_free(d->col_of_input);
	mem_free(d->used);
	mem_free(d->cur.text);
	mem_free(d->cur.len);
	d->csv = NULL;
	d->wb = NULL;
	d->f = NULL;
	d->col_of_input = NULL;
	d->used = NULL;
	d->cur.text = NULL;
	d->cur.len = NULL;
}

/* Whether header cell h names column want: as written (trimmed, in NFC),
 * or by its first line (a form's header says what it takes below the name). */
static bool header_names(const char *h, size_t n, const char *want)
{
	utf8_trim(&h, &n);
	const char *nl = memchr(h, '\n', n);
	size_t wn = strlen(want);
	for (int pass = 0; pass < (nl ? 2 : 1); pass++) {
		size_t len = n;
		const char *s = h;
		if (pass == 1) {
			len = (size_t)(nl - h);
			utf8_trim(&s, &len);
		}
		char *nfc = utf8_is_ascii(s, len) ? NULL : utf8_nfc(s, len, &len);
		bool same = len == wn && memcmp(nfc ? nfc : s, want, wn) == 0;
		mem_free(nfc);
		if (same)
			return true;
	}
	return false;
}

/* "data.csv", or "data.xlsx: 汇总 row 3" where a workbook's header stands. */
static void header_place(strbuf *sb, const datafile_file *d)
{
	sb_puts(sb, d->name);
	if (d->wb)
		sb_printf(sb, _(": %s row %ld"), xlsxin_sheet(d->wb), d->header_row);
}

/* How many of p's inputs row names (its cells trimmed, in NFC). */
static int inputs_named(const datafile_file *d, const prog *p)
{
	int named = 0;
	size_t n = nfields(d);
	for (int i = 0; i < p->ninputs; i++) {
		const char *want = p->inputs[i].column;
		for (size_t c = 0; c < n; c++) {
			size_t len;
			const char *h = datafile_field(d, c, &len);
			if (header_names(h, len, want)) {
				named++;
				break;
			}
		}
	}
	return named;
}

/* A workbook's header: the first row, among the first 64 that hold
 * anything, that names every input (title rows may stand above it); its
 * cells may be merged down from the row above (a header over two rows).
 * Otherwise the row that names most, so that the missing are reported. */
static bool sheet_header(datafile_file *d, const prog *p)
{
	long best_row = 0, first_row = 0;
	int best = -1;
	bool named_all = false;
	for (int pass = 0; pass < 2; pass++) {
		xlsxin_fill_merged(d->wb, pass == 1);
		if (pass == 1 && !xlsxin_rewind(d->wb))
			break;
		for (int k = 0; k < 64; k++) {
			xlsxin_status st = xlsxin_next(d->wb);
			if (st == XLSXIN_BAD) {
				/* a workbook its reader refuses is a file that could not be read,
				 * at its header as at any later row */
				report_read_error(d);
				d->read_error = true;
				return false;
			}
			if (st == XLSXIN_END)
				break;
			long at = xlsxin_row(d->wb);
			if (!first_row)
				first_row = at;
			int named = inputs_named(d, p);
			if (named == p->ninputs) {
				d->header_row = at;
				named_all = true;
				break;
			}
			if (named > best) {
				best = named;
				best_row = at;
			}
		}
		if (d->header_row)
			break;
	}
	if (!d->header_row && best_row) {
		/* back to the row that names most, to say what it lacks */
		bool ok = xlsxin_rewind(d->wb);
		while (ok && xlsxin_row(d->wb) < best_row)
			ok = xlsxin_next(d->wb) == XLSXIN_ROW;
		d->header_row = best_row;
	}
	xlsxin_fill_merged(d->wb, false);
	if (!d->header_row) {
		fprintf(stderr, _("%s: sheet %s is empty: it needs a header row naming its columns\n"), d->name,
			xlsxin_sheet(d->wb));
		return false;
	}
	/* the header's width: up to its last named column */
	size_t width = 0;
	for (size_t c = 0; c < xlsxin_ncells(d->wb); c++) {
		size_t len;
		const char *h = xlsxin_cell(d->wb, c, &len);
		utf8_trim(&h, &len);
		if (len)
			width = c + 1;
	}
	d->nheader = width;
	xlsxin_set_width(d->wb, width);
	d->header_end = xlsxin_merged_to(d->wb, d->header_row);
	if (best == 0 && !named_all) {
		fprintf(stderr, _("%s: sheet %s names none of the policy's columns in its first rows (the workbook's "
				  "sheets: %s; choose one with --sheet)\n"), d->name, xlsxin_sheet(d->wb),
			xlsxin_sheet_names(d->wb));
		return false;
	}
	if (d->header_row != first_row && !named_all)
		fprintf(stderr, _("%s: sheet %s: no row names every input; row %ld names most\n"), d->name,
			xlsxin_sheet(d->wb), d->header_row);
	else if (d->header_row != first_row)
		fprintf(stderr, _("%s: sheet %s: the header is row %ld (the rows above it are taken as titles)\n"), d->name,
			xlsxin_sheet(d->wb), d->header_row);
	d->col_of_input = datafile_map(d, p);
	return d->col_of_input != NULL;
}

int *datafile_map(datafile_file *d, const prog *p)
{
	int *cols = mem_calloc((size_t)p->ninputs, sizeof *cols);
	bool ok = true;
	for (int i = 0; i < p->ninputs; i++) {
		const char *want = p->inputs[i].column;
		cols[i] = -1;
		for (size_t c = 0; c < d->nheader; c++) {
			size_t n;
			const char *h = datafile_field(d, c, &n);
			/* a header typed in another normalization form is the same name */
			if (header_names(h, n, want)) {
				if (cols[i] >= 0) {
					strbuf at = STRBUF_INIT;
					header_place(&at, d);
					fprintf(stderr, _("%s: the header has column '%s' twice (columns %d and %zu)\n"), at.data,
						want, cols[i] + 1, c + 1);
					sb_free(&at);
					ok = false;
				}
				cols[i] = (int)c;
			}
		}
		if (cols[i] < 0) {
			int line, col;
			diag_line_col(p->diag, p->inputs[i].loc, &line, &col);
			strbuf at = STRBUF_INIT;
			header_place(&at, d);
			fprintf(stderr, _("%s: the header has no column '%s' (input %s, %s:%d:%d)\n"), at.data, want,
				p->inputs[i].name, diag_source_name(p->diag, p->inputs[i].loc.file), line, col);
			sb_free(&at);
			ok = false;
		}
	}
	if (!ok) {
		mem_free(cols);
		return NULL;
	}
	if (!d->used) {
		d->used = mem_calloc(d->nheader, sizeof *d->used);
		d->cur.text = mem_calloc(d->nheader, sizeof *d->cur.text);
		d->cur.len = mem_calloc(d->nheader, sizeof *d->cur.len);
	}
	for (int i = 0; i < p->ninputs; i++)
		d->used[cols[i]] = true;
	return cols;
}

int datafile_header_failed(const datafile_file *d)
{
	return d->read_error ? SCORE_ERR_IO : SCORE_ERR_DATA;
}

bool datafile_header(datafile_file *d, const prog *p)
{
	if (d->wb)
		return sheet_header(d, p);
	csv_status st = csv_next(d->csv);
	if (st == CSV_EOF) {
		fprintf(stderr, _("%s: the file is empty: it needs a header row naming its columns\n"), d->name);
		return false;
	}
	if (st != CSV_RECORD) {
		d->read_error = st == CSV_IOERR;
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
	d->col_of_input = datafile_map(d, p);
	return d->col_of_input != NULL;
}

/* "data.csv: row 17 (id 卫健局)"; in a workbook "data.xlsx: 汇总 row 17",
 * or "data.xlsx: 汇总!C17" for the cell in header column col (-1: the
 * row). Ids only when the record's fields are trusted (its shape is right). */
static void describe(strbuf *sb, const datafile_file *d, const datafile_record *rec, const prog *p, const int *cols,
		     bool fields_ok, int col)
{
	if (d->wb && col >= 0) {
		sb_printf(sb, "%s: %s!", d->name, xlsxin_sheet(d->wb));
		xlsxin_ref(sb, (size_t)col, rec->row);
	} else if (d->wb) {
		sb_printf(sb, _("%s: %s row %ld"), d->name, xlsxin_sheet(d->wb), rec->row);
	} else {
		sb_printf(sb, _("%s: row %ld"), d->name, rec->row);
	}
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

void datafile_describe(strbuf *sb, const datafile_file *d, const prog *p, bool fields_ok)
{
	describe(sb, d, &d->cur, p, d->col_of_input, fields_ok, -1);
}

/* The cells of a record into v's inputs; each bad one appended to
 * messages as a line (unless messages is NULL: the first pass, whose rows
 * the second reports), and its reason to reasons (when not NULL). */
static bool load_cells(const datafile_file *d, const datafile_record *rec, const prog *p, const int *cols, row *v,
		       strbuf *messages, strbuf *reasons)
{
	bool ok = true;
	strbuf why = STRBUF_INIT, where = STRBUF_INIT;
	for (int i = 0; i < p->ninputs && (ok || messages); i++) {
		if (p->inputs[i].type == IN_ID)
			continue;
		if (why.len) /* a reason is written only for a cell refused */
			sb_clear(&why);
		cell_result cr = row_set_cell(v, i, rec->text[cols[i]], rec->len[cols[i]], &why);
		if (cr == CELL_BAD && !messages)
			ok = false;
		else if (cr == CELL_BAD) {
			if (ok || d->wb) { /* a workbook's message names each cell */
				sb_clear(&where);
				describe(&where, d, rec, p, cols, true, cols[i]);
			}
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

void datafile_ids(const datafile_record *rec, const prog *p, const int *cols, const char **ids, size_t *lens)
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
static void take_view(datafile_file *d)
{
	d->cur.row = datafile_row(d);
	if (d->wb) {
		d->cur.bytes = xlsxin_record(d->wb, &d->cur.nbytes);
		for (size_t c = 0; c < d->nheader; c++)
			if (d->used[c])
				d->cur.text[c] = xlsxin_cell(d->wb, c, &d->cur.len[c]);
		return;
	}
	d->cur.bytes = csv_record(d->csv, &d->cur.nbytes);
	for (size_t c = 0; c < d->nheader; c++)
		if (d->used[c])
			d->cur.text[c] = csv_field(d->csv, c, &d->cur.len[c]);
}

/* The header's name of column c, for a message. */
static void column_name(strbuf *sb, size_t c, const prog *p, const int *cols)
{
	for (int i = 0; i < p->ninputs; i++)
		if (cols[i] == (int)c) {
			sb_puts(sb, p->inputs[i].column);
			return;
		}
}

/* A workbook row whose cells some input reads hold an error value, a
 * formula without its value, or an empty part of merged cells: where
 * names the first such cell, why says what each holds. */
static bool sheet_cells_ok(datafile_file *d, const prog *p, strbuf *where, strbuf *why)
{
	bool ok = true;
	for (size_t c = 0; c < d->nheader; c++) {
		const char *err = d->used[c] ? xlsxin_cell_error(d->wb, c) : NULL;
		if (!err)
			continue;
		if (ok) {
			take_view(d); /* the row's view, for its id */
			describe(where, d, &d->cur, p, d->col_of_input, true, (int)c);
			sb_puts(where, _(", column "));
			column_name(where, c, p, d->col_of_input);
		} else {
			sb_puts(why, "; ");
			xlsxin_ref(why, c, xlsxin_row(d->wb));
			sb_puts(why, _(", column "));
			column_name(why, c, p, d->col_of_input);
			sb_puts(why, ": ");
		}
		sb_puts(why, err);
		ok = false;
	}
	return ok;
}

/* Appends " (line 7)", or " (lines 3–5003)" for a record that took several. */
static void lines_of(strbuf *sb, long first, long last)
{
	if (last > first)
		sb_printf(sb, _(" (lines %ld–%ld)"), first, last);
	else
		sb_printf(sb, _(" (line %ld)"), first);
}

static void datafile_lines(strbuf *sb, const datafile_file *d)
{
	lines_of(sb, csv_line(d->csv), csv_last_line(d->csv));
}

static void say_width(strbuf *why, size_t nfields, size_t nheader)
{
	sb_printf(why, P_("has %zu field, the header has %zu", "has %zu fields, the header has %zu", nfields), nfields,
		  nheader);
}

/* For a record whose quoted field spans lines: where the quote opened,
 * the likely cause of its trouble. */
static void datafile_quote_hint(strbuf *sb, const datafile_file *d)
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
static bool datafile_swallowed(const datafile_file *d)
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

long datafile_lost(const datafile_file *d)
{
	size_t field;
	long open;
	if (d->wb || !csv_quote_spans(d->csv, &field, &open))
		return 1;
	return csv_last_line(d->csv) - csv_line(d->csv) + 1;
}

bool datafile_record_ok(datafile_file *d, csv_status st, const prog *p, strbuf *where, strbuf *why)
{
	if (d->wb)
		return sheet_cells_ok(d, p, where, why);
	bool bad_width = st != CSV_BAD && csv_nfields(d->csv) != d->nheader;
	if (st != CSV_BAD && !bad_width && !datafile_swallowed(d))
		return true;
	datafile_record at = {csv_row(d->csv), NULL, NULL, NULL, 0};
	describe(where, d, &at, p, d->col_of_input, false, -1);
	datafile_lines(where, d);
	if (st == CSV_BAD) {
		sb_puts(why, csv_error(d->csv));
		return false;
	}
	if (bad_width)
		say_width(why, csv_nfields(d->csv), d->nheader);
	else
		sb_puts(why, _("a quoted field holds lines that look like rows of this file"));
	datafile_quote_hint(why, d);
	return false;
}

/* ---- the row driver ------------------------------------------------------------ */

void datafile_driver_init(datafile_driver *r, datafile_file *d, const prog *p, row *v, bool score)
{
	memset(r, 0, sizeof *r);
	r->d = d;
	r->score = score;
	datafile_driver_add(r, p, d->col_of_input, v, NULL);
}

void datafile_driver_add(datafile_driver *r, const prog *p, const int *cols, row *v, const char *label)
{
	if (r->npolicies < ROWS_MAX_POLICIES)
		r->policy[r->npolicies++] = (datafile_policy){p, cols, v, label, NULL};
}

/* The next record of a quiet pass that has the right shape, its view
 * taken; false at the end of the file or on an error (reported). */
static bool next_quiet(datafile_driver *r)
{
	datafile_file *d = r->d;
	strbuf where = STRBUF_INIT, why = STRBUF_INIT;
	bool got = false;
	while (!got) {
		csv_status st = next_record(d);
		if (st == CSV_EOF)
			break;
		if (st == CSV_IOERR) {
			report_read_error(d);
			r->read_error = true;
			break;
		}
		sb_clear(&where);
		sb_clear(&why);
		got = datafile_record_ok(d, st, r->policy[0].p, &where, &why);
	}
	if (got)
		take_view(d);
	sb_free(&where);
	sb_free(&why);
	return got;
}

/* The first pass for rules over all units: each row's arguments; false
 * (reported) when the file cannot be read to its end or a second time. */
static bool collect_aggregates(datafile_driver *r)
{
	datafile_file *d = r->d;
	while (next_quiet(r)) {
		bool loaded = true;
		for (int k = 0; k < r->npolicies && loaded; k++)
			loaded = load_cells(d, &d->cur, r->policy[k].p, r->policy[k].cols, r->policy[k].v, NULL, NULL);
		for (int k = 0; loaded && k < r->npolicies; k++)
			if (r->policy[k].pop)
				row_collect(r->policy[k].v, r->policy[k].pop);
	}
	for (int k = 0; k < r->npolicies; k++)
		if (r->policy[k].pop) {
			population_seal(r->policy[k].pop);
			row_set_population(r->policy[k].v, r->policy[k].pop);
		}
	return !r->read_error && datafile_rewind(d);
}

/* A pass that scores every row for the places of the totals (排名): the
 * rows a rule stops or a bad cell keeps out have none. */
static bool collect_totals(datafile_driver *r)
{
	datafile_file *d = r->d;
	const datafile_policy *pol = &r->policy[0];
	while (next_quiet(r))
		if (load_cells(d, &d->cur, pol->p, pol->cols, pol->v, NULL, NULL) && row_score(pol->v))
			ranking_add(r->totals, row_total(pol->v));
	ranking_seal(r->totals);
	return !r->read_error && datafile_rewind(d);
}

static bool datafile_populate(datafile_driver *r)
{
	bool any = false;
	for (int k = 0; k < r->npolicies; k++)
		if (r->policy[k].p->naggs) {
			r->policy[k].pop = population_new(r->policy[k].p);
			any = true;
		}
	if (any && !collect_aggregates(r))
		return false;
	return !r->totals || collect_totals(r);
}

datafile_step datafile_read(datafile_driver *r)
{
	datafile_file *d = r->d;
	if (!r->started) {
		r->started = true;
		if (!datafile_populate(r)) {
			r->read_error = true;
			return ROWS_END;
		}
	}
	sb_clear(&r->where);
	sb_clear(&r->why);
	sb_clear(&r->cells);
	csv_status st = next_record(d);
	if (st == CSV_EOF)
		return ROWS_END;
	if (st == CSV_IOERR) {
		report_read_error(d);
		r->read_error = true;
		return ROWS_END;
	}
	r->lost = 1;
	r->record_status = st;
	if (!datafile_record_ok(d, st, r->policy[0].p, &r->where, &r->why)) {
		r->stage = ROWS_AT_RECORD;
		r->lost = datafile_lost(d); /* a record of the wrong shape may be a stray quote's doing */
		return ROWS_SKIPPED;
	}
	take_view(d);
	return ROWS_READY;
}

bool datafile_take_line(datafile_driver *r, const char **bytes, size_t *len, long *row_no, long *line)
{
	datafile_file *d = r->d;
	if (!r->started || d->wb || !csv_next_line(d->csv, bytes, len))
		return false;
	*row_no = csv_row(d->csv);
	*line = csv_line(d->csv);
	return true;
}

bool datafile_split_line(const datafile_file *d, const prog *p, char *bytes, size_t len, long row_no, long line,
			 uint32_t *at, uint32_t *lens, datafile_record *rec, strbuf *where, strbuf *why)
{
	size_t width = csv_split_line(bytes, len, d->delim, at, lens, d->nheader);
	size_t bad = utf8_invalid_at(bytes, len);
	if (bad < len || width != d->nheader) {
		/* as datafile_read says it: text that is not UTF-8 first, then the shape */
		datafile_record here = {row_no, NULL, NULL, NULL, 0};
		describe(where, d, &here, p, d->col_of_input, false, -1);
		lines_of(where, line, line);
		if (bad < len) {
			size_t field = 1; /* the line had no NUL: each one ends a field */
			for (size_t i = 0; i < bad; i++)
				field += bytes[i] == '\0';
			csv_why_not_utf8(why, field, (unsigned char)bytes[bad]);
		} else {
			say_width(why, width, d->nheader);
		}
		return false;
	}
	rec->row = row_no;
	rec->bytes = bytes;
	rec->nbytes = len;
	for (size_t c = 0; c < d->nheader; c++)
		if (d->used[c]) {
			rec->text[c] = bytes + at[c];
			rec->len[c] = lens[c];
		}
	return true;
}

datafile_step datafile_score_record(const datafile_driver *r, const datafile_record *rec, row *const *vs, strbuf *messages,
			    datafile_stage *stage, strbuf *where, strbuf *why, strbuf *cells)
{
	const prog *first = r->policy[0].p;
	const datafile_file *d = r->d;
	for (int k = 0; k < r->npolicies; k++)
		if (!load_cells(d, rec, r->policy[k].p, r->policy[k].cols, vs[k], messages, cells)) {
			*stage = ROWS_AT_CELLS;
			describe(where, d, rec, first, d->col_of_input, true, -1);
			return ROWS_SKIPPED;
		}
	for (int k = 0; r->score && k < r->npolicies; k++)
		if (!row_score(vs[k])) {
			*stage = ROWS_AT_SCORING;
			describe(where, d, rec, first, d->col_of_input, true, -1);
			if (r->policy[k].label)
				sb_printf(why, "%s: ", r->policy[k].label);
			sb_puts(why, row_error(vs[k]));
			return ROWS_SKIPPED;
		}
	return ROWS_READY;
}

datafile_step datafile_drive(datafile_driver *r)
{
	datafile_step step = datafile_read(r);
	if (step != ROWS_READY)
		return step;
	row *vs[ROWS_MAX_POLICIES];
	for (int k = 0; k < r->npolicies; k++)
		vs[k] = r->policy[k].v;
	sb_clear(&r->messages);
	step = datafile_score_record(r, &r->d->cur, vs, &r->messages, &r->stage, &r->where, &r->why, &r->cells);
	if (r->messages.len)
		fputs(r->messages.data, stderr);
	return step;
}

void datafile_report_skip(const datafile_driver *r)
{
	if (r->why.len)
		fprintf(stderr, "%s: %s\n", r->where.data, r->why.data);
}

void datafile_reason_for_files(datafile_driver *r, strbuf *out)
{
	int was = i18n_files_begin();
	strbuf where = STRBUF_INIT, why = STRBUF_INIT, cells = STRBUF_INIT, messages = STRBUF_INIT;
	if (r->stage == ROWS_AT_RECORD) {
		datafile_record_ok(r->d, r->record_status, r->policy[0].p, &where, &why);
	} else {
		row *vs[ROWS_MAX_POLICIES];
		for (int k = 0; k < r->npolicies; k++)
			vs[k] = r->policy[k].v;
		datafile_stage stage = r->stage;
		datafile_score_record(r, &r->d->cur, vs, &messages, &stage, &where, &why, &cells);
		if (stage == ROWS_AT_CELLS) {
			sb_free(&why);
			why = cells;
			cells = (strbuf)STRBUF_INIT;
		}
	}
	sb_puts(out, sb_text(&why));
	i18n_files_end(was);
	sb_free(&where);
	sb_free(&why);
	sb_free(&cells);
	sb_free(&messages);
}

void datafile_driver_free(datafile_driver *r)
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
