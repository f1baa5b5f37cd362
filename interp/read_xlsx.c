/* xlsxin: the rows of one sheet of an .xlsx workbook (see read_xlsx.h).
 *
 * libzip reads the container (zip64, data descriptors, name lookup without
 * case as OPC wants) and checks each part's CRC; expat parses the XML
 * with namespaces, so that a prefix (x:row) or the Strict schema's URIs
 * change nothing: elements are matched by their local name. */
#include "read_xlsx.h"

#include <errno.h>
#include <stdarg.h>
#include <expat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "date.h"
#include "i18n.h"
#include "mem.h"
#include "read_numfmt.h"
#include "utf8.h"

/* Excel keeps at most this many characters in a cell; a longer text (or
 * a row past XLSXIN_MAX_ROW_BYTES) makes its cell bad, not memory grow. */
#define MAX_CELL_BYTES (32767 * 4)
#define XLSXIN_MAX_ROW_BYTES ((size_t)16 << 20)
/* Merged ranges are few on a form; more is a hostile sheet. */
#define MAX_MERGES 100000
/* A row's cells are compared with the merged ranges that cover it: more
 * than this many over one row is a hostile sheet, not a form. */
#define MAX_MERGES_OVER_A_ROW 1000
#define CHUNK 65536


typedef struct merge {
	long r1, r2;
	size_t c1, c2;
	bool top_full;     /* its first cell holds something */
	char *top;         /* that cell's text, while headers are filled (owned) */
} merge;

typedef struct cellval {
	size_t col;
	size_t at, len;    /* in row_text */
	long err;          /* offset in errs, or -1 */
} cellval;

typedef struct sheet_entry {
	char *name;
	char *rid;
	bool hidden;
} sheet_entry;

typedef struct rel {
	char *id, *type, *target;  /* type: the last segment of its URI */
} rel;

/* A cell's t attribute. */
typedef enum cell_kind { CELL_NUMBER, CELL_SHARED, CELL_INLINE, CELL_STR, CELL_BOOL, CELL_ERROR, CELL_DATE } cell_kind;

/* What every handler's user data starts with. */
typedef struct xml_ctx {
	XML_Parser p;
	xlsxin *wb;
	const char *part;
} xml_ctx;

struct xlsxin {
	zip_t *zip;
	strbuf err;
	bool date1904;
	sheet_entry *sheets;
	size_t nsheets;
	strbuf names;
	const char *sheet_name;   /* in sheets */
	char *sheet_path;
	/* shared strings, one after another in sst (each NUL-terminated) */
	strbuf sst;
	size_t *sst_at;
	size_t nsst, capsst;
	numfmt *xfs;
	size_t nxfs;
	merge *merges;
	size_t nmerges;
	size_t next_merge;        /* merges are sorted by first row: the next to reach */
	size_t *active;           /* the merges that cover the row being read */
	size_t nactive;
	bool fill;
	/* the sheet, streamed */
	zip_file_t *zf;
	XML_Parser parser;
	unsigned long long inflated;
	bool suspended, fed_final, done, bad;
	bool in_data, in_row, in_cell, in_is, collecting;
	int in_rph;
	long last_row, parsing_row;
	size_t next_col;
	size_t cell_col;
	cell_kind cell_type;
	long cell_style;
	bool cell_f, cell_v;
	strbuf chars;
	/* the row being parsed */
	cellval *cells;
	size_t ncells, capcells;
	strbuf row_text, errs;
	bool row_too_long;
	/* the row read: its record */
	long cur_row;
	size_t width;             /* 0: as wide as the widest row so far */
	size_t nrec;
	strbuf rec;
	size_t *rec_at, *rec_len;
	long *rec_err;            /* offsets in rec_errs */
	xml_ctx sheet_x;
	strbuf rec_errs;
	size_t caprec;
};

xlsxin_kind xlsxin_sniff(const unsigned char *head, size_t n)
{
	static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
		return XLSXIN_XLSX;
	if (n >= 8 && memcmp(head, ole2, 8) == 0)
		return XLSXIN_OLE2;
	return XLSXIN_NOT;
}

/* ---- XML parts -------------------------------------------------------------------- */

/* A name without its prefix (x:row is row). Namespaces are not resolved:
 * a workbook's elements are told apart by their local names, whatever
 * prefix or schema (transitional or strict) they come with, and resolving
 * them costs the parser as much again. */
static const char *local_name(const char *name)
{
	const char *colon = strchr(name, ':');
	return colon ? colon + 1 : name;
}

/* An attribute by its local name: unprefixed or, with ns, prefixed
 * (r:id, whatever the prefix). */
static const char *attr(const char **atts, const char *name, bool ns)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *colon = strchr(atts[i], ':');
		if (ns ? colon && strcmp(colon + 1, name) == 0 : !colon && strcmp(atts[i], name) == 0)
			return atts[i + 1];
	}
	return NULL;
}

static void fail(xlsxin *wb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(xlsxin *wb, const char *fmt, ...)
{
	if (!wb->bad) {
		va_list ap;
		va_start(ap, fmt);
		wb->bad = true;
		sb_clear(&wb->err);
		sb_vprintf(&wb->err, fmt, ap);
		va_end(ap);
	}
}

/* No workbook declares a document type: one that does may be trying
 * entity expansion (a billion laughs), so it is refused before any. */
static void XMLCALL refuse_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
				   int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	xml_ctx *x = ud;
	fail(x->wb, _("part %s declares an XML document type (DTD), which no workbook has: refused"), x->part);
	XML_StopParser(x->p, XML_FALSE);
}

static XML_Parser new_parser(xml_ctx *x)
{
	/* expat allocates through mem_*: running out is handled once, there */
	static const XML_Memory_Handling_Suite suite = {mem_alloc, mem_realloc, mem_free};
	XML_Parser p = XML_ParserCreate_MM("UTF-8", &suite, NULL);
	x->p = p;
	XML_SetUserData(p, x);
	XML_SetStartDoctypeDeclHandler(p, refuse_doctype);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	return p;
}

/* Opens a part by name (OPC names ignore case); NULL when absent (absent
 * then true) or unreadable (reported). */
static zip_file_t *open_part(xlsxin *wb, const char *name, bool *absent, zip_uint64_t *size)
{
	*absent = false;
	zip_int64_t at = zip_name_locate(wb->zip, name, ZIP_FL_NOCASE | ZIP_FL_ENC_GUESS);
	if (at < 0) {
		*absent = true;
		return NULL;
	}
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(wb->zip, (zip_uint64_t)at, 0, &st) != 0) {
		fail(wb, _("part %s cannot be read"), name);
		return NULL;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		fail(wb, _("part %s is encrypted: save the workbook without a password"), name);
		return NULL;
	}
	*size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
	zip_file_t *zf = zip_fopen_index(wb->zip, (zip_uint64_t)at, 0);
	if (!zf) {
		sb_clear(&wb->err);
		wb->bad = true;
		sb_printf(&wb->err, _("part %s cannot be read: %s"), name, zip_strerror(wb->zip));
	}
	return zf;
}

static void xml_failed(xlsxin *wb, XML_Parser p, const char *part)
{
	if (wb->bad)
		return;
	wb->bad = true;
	sb_clear(&wb->err);
	sb_printf(&wb->err, _("part %s, line %lu: %s"), part, (unsigned long)XML_GetCurrentLineNumber(p),
		  XML_ErrorString(XML_GetErrorCode(p)));
}

/* Parses a part read whole (the workbook, relationships, styles, shared
 * strings) with x's handlers. False when it is bad (reported); absent
 * parts are no error when optional. */
static bool parse_part(xlsxin *wb, const char *name, xml_ctx *x, bool optional, XML_StartElementHandler start,
		       XML_EndElementHandler end, XML_CharacterDataHandler text)
{
	bool absent;
	zip_uint64_t size = 0;
	zip_file_t *zf = open_part(wb, name, &absent, &size);
	if (!zf) {
		if (absent && !optional)
			fail(wb, _("the workbook has no part %s: is it an Excel workbook (.xlsx)?"), name);
		return absent && optional;
	}
	if (size > XLSXIN_MAX_PART) {
		zip_fclose(zf);
		fail(wb, _("part %s inflates beyond %s: refused"), name, XLSXIN_MAX_PART_TEXT);
		return false;
	}
	x->wb = wb;
	x->part = name;
	XML_Parser p = new_parser(x);
	XML_SetElementHandler(p, start, end);
	if (text)
		XML_SetCharacterDataHandler(p, text);
	size_t total = 0;
	bool ok = true;
	for (;;) {
		void *buf = XML_GetBuffer(p, CHUNK);
		if (!buf) {
			xml_failed(wb, p, name);
			ok = false;
			break;
		}
		zip_int64_t n = zip_fread(zf, buf, CHUNK);
		if (n < 0) {
			sb_clear(&wb->err);
			sb_printf(&wb->err, _("part %s cannot be read: %s"), name, zip_file_strerror(zf));
			wb->bad = true;
			ok = false;
			break;
		}
		total += (size_t)n;
		if (total > XLSXIN_MAX_PART) {
			fail(wb, _("part %s inflates beyond %s: refused"), name, XLSXIN_MAX_PART_TEXT);
			ok = false;
			break;
		}
		if (XML_ParseBuffer(p, (int)n, n == 0) != XML_STATUS_OK || wb->bad) {
			xml_failed(wb, p, name);
			ok = false;
			break;
		}
		if (n == 0)
			break;
	}
	XML_ParserFree(p);
	zip_fclose(zf);
	return ok;
}

/* _xHHHH_ is how a workbook writes a character XML cannot hold (ECMA-376
 * 22.9.2.19); _x005F_ escapes the underscore of a text that looks like one. */
static void decode_escapes(strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned cp = 0;
		bool esc = i + 6 < n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';
		for (size_t k = 2; esc && k < 6; k++) {
			char c = s[i + k];
			unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
				   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
			esc = d < 16;
			cp = cp * 16 + d;
		}
		if (!esc) {
			sb_putc(out, s[i]);
			continue;
		}
		i += 6;
		/* a surrogate pair is two escapes; a lone one, or NUL, is no character */
		if (cp >= 0xD800 && cp <= 0xDBFF && i + 7 < n && s[i + 1] == '_' && s[i + 2] == 'x' && s[i + 7] == '_') {
			unsigned lo = (unsigned)strtoul((char[5]){s[i + 3], s[i + 4], s[i + 5], s[i + 6], 0}, NULL, 16);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 7;
			}
		}
		if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = 0xFFFD;
		char u[4];
		size_t k;
		if (cp < 0x80) {
			u[0] = (char)cp;
			k = 1;
		} else if (cp < 0x800) {
			u[0] = (char)(0xC0 | cp >> 6);
			u[1] = (char)(0x80 | (cp & 0x3F));
			k = 2;
		} else if (cp < 0x10000) {
			u[0] = (char)(0xE0 | cp >> 12);
			u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
			u[2] = (char)(0x80 | (cp & 0x3F));
			k = 3;
		} else {
			u[0] = (char)(0xF0 | cp >> 18);
			u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
			u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
			u[3] = (char)(0x80 | (cp & 0x3F));
			k = 4;
		}
		sb_putn(out, u, k);
	}
}

/* ---- relationships and the workbook part ------------------------------------------ */

typedef struct rels_ctx {
	xml_ctx x;
	rel *rels;
	size_t nrels, cap;
} rels_ctx;

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	rels_ctx *c = ud;
	if (strcmp(local_name(name), "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id", false), *type = attr(atts, "Type", false), *target = attr(atts, "Target", false);
	const char *mode = attr(atts, "TargetMode", false);
	if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
		return;
	if (c->nrels == 10000) {
		fail(c->x.wb, _("part %s lists more than 10000 relationships: refused"), c->x.part);
		XML_StopParser(c->x.p, XML_FALSE);
		return;
	}
	c->rels = mem_grow(c->rels, sizeof *c->rels, &c->cap, c->nrels + 1);
	const char *slash = strrchr(type, '/');
	c->rels[c->nrels++] = (rel){mem_strdup(id), mem_strdup(slash ? slash + 1 : type), mem_strdup(target)};
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static void free_rels(rels_ctx *c)
{
	for (size_t i = 0; i < c->nrels; i++) {
		mem_free(c->rels[i].id);
		mem_free(c->rels[i].type);
		mem_free(c->rels[i].target);
	}
	mem_free(c->rels);
}

/* A relationship's target as a part name: relative to the folder of the
 * part that names it, or absolute from the package's root. */
static char *resolve(const char *from, const char *target)
{
	strbuf sb = STRBUF_INIT;
	if (target[0] == '/') {
		sb_puts(&sb, target + 1);
	} else {
		const char *slash = strrchr(from, '/');
		if (slash)
			sb_putn(&sb, from, (size_t)(slash - from + 1));
		sb_puts(&sb, target);
	}
	/* fold "x/../" and "./" */
	char *s = sb.data ? sb.data : mem_strdup("");
	if (!sb.data)
		return s;
	size_t w = 0;
	for (size_t r = 0; s[r];) {
		if (strncmp(s + r, "./", 2) == 0 && (r == 0 || s[r - 1] == '/')) {
			r += 2;
		} else if (strncmp(s + r, "../", 3) == 0 && (r == 0 || s[r - 1] == '/')) {
			r += 3;
			if (w > 0)
				w--;
			while (w > 0 && s[w - 1] != '/')
				w--;
		} else {
			s[w++] = s[r++];
		}
	}
	s[w] = 0;
	return s;
}

typedef struct book_ctx {
	xml_ctx x;
} book_ctx;

static bool truthy(const char *v)
{
	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static void XMLCALL book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	book_ctx *c = ud;
	xlsxin *wb = c->x.wb;
	const char *local = local_name(name);
	if (strcmp(local, "workbookPr") == 0) {
		wb->date1904 = truthy(attr(atts, "date1904", false));
	} else if (strcmp(local, "sheet") == 0) {
		const char *sname = attr(atts, "name", false), *rid = attr(atts, "id", true);
		const char *state = attr(atts, "state", false);
		if (!sname || !rid)
			return;
		if (wb->nsheets == 10000) {
			fail(wb, _("part %s lists more than 10000 sheets: refused"), c->x.part);
			XML_StopParser(c->x.p, XML_FALSE);
			return;
		}
		wb->sheets = mem_realloc(wb->sheets, (wb->nsheets + 1) * sizeof *wb->sheets);
		wb->sheets[wb->nsheets++] = (sheet_entry){mem_strdup(sname), mem_strdup(rid), state && strcmp(state, "visible") != 0};
		if (wb->names.len)
			sb_puts(&wb->names, ", ");
		sb_puts(&wb->names, sname);
	}
}

/* ---- styles ------------------------------------------------------------------------- */

typedef struct styles_ctx {
	xml_ctx x;
	long *fmt_ids;
	char **fmt_codes;
	size_t nfmts, capfmts;
	bool in_cell_xfs;
	size_t capxfs;
} styles_ctx;

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	styles_ctx *c = ud;
	xlsxin *wb = c->x.wb;
	const char *local = local_name(name);
	if (strcmp(local, "numFmt") == 0) {
		const char *id = attr(atts, "numFmtId", false), *code = attr(atts, "formatCode", false);
		if (!id || !code || c->nfmts == 100000)
			return;
		c->fmt_ids = mem_grow(c->fmt_ids, sizeof *c->fmt_ids, &c->capfmts, c->nfmts + 1);
		c->fmt_codes = mem_realloc(c->fmt_codes, c->capfmts * sizeof *c->fmt_codes);
		c->fmt_ids[c->nfmts] = strtol(id, NULL, 10);
		c->fmt_codes[c->nfmts++] = mem_strdup(code);
	} else if (strcmp(local, "cellXfs") == 0) {
		c->in_cell_xfs = true;
	} else if (strcmp(local, "xf") == 0 && c->in_cell_xfs) {
		if (wb->nxfs == 1000000)
			return;
		const char *id = attr(atts, "numFmtId", false);
		long fid = id ? strtol(id, NULL, 10) : 0;
		numfmt f = numfmt_builtin(fid);
		for (size_t i = 0; i < c->nfmts; i++)
			if (c->fmt_ids[i] == fid)
				f = numfmt_of_code(c->fmt_codes[i]);
		wb->xfs = mem_grow(wb->xfs, sizeof *wb->xfs, &c->capxfs, wb->nxfs + 1);
		wb->xfs[wb->nxfs++] = f;
	}
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
	styles_ctx *c = ud;
	if (strcmp(local_name(name), "cellXfs") == 0)
		c->in_cell_xfs = false;
}

/* ---- shared strings ------------------------------------------------------------------ */

typedef struct sst_ctx {
	xml_ctx x;
	bool in_si, in_t;
	int in_rph;
	strbuf text;
} sst_ctx;

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	sst_ctx *c = ud;
	const char *local = local_name(name);
	if (strcmp(local, "si") == 0) {
		c->in_si = true;
		sb_clear(&c->text);
	} else if (strcmp(local, "rPh") == 0) {
		c->in_rph++; /* a phonetic reading, not the text */
	} else if (strcmp(local, "t") == 0 && c->in_si && !c->in_rph) {
		c->in_t = true;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	sst_ctx *c = ud;
	xlsxin *wb = c->x.wb;
	const char *local = local_name(name);
	if (strcmp(local, "t") == 0) {
		c->in_t = false;
	} else if (strcmp(local, "rPh") == 0) {
		c->in_rph--;
	} else if (strcmp(local, "si") == 0) {
		c->in_si = false;
		wb->sst_at = mem_grow(wb->sst_at, sizeof *wb->sst_at, &wb->capsst, wb->nsst + 1);
		wb->sst_at[wb->nsst++] = wb->sst.len;
		decode_escapes(&wb->sst, sb_text(&c->text), c->text.len);
		sb_putc(&wb->sst, 0);
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
	sst_ctx *c = ud;
	if (c->in_t)
		sb_putn(&c->text, s, (size_t)len);
}

/* ---- opening ----------------------------------------------------------------------- */

/* The workbook part's name, from the package's relationships. */
static char *office_document(xlsxin *wb)
{
	rels_ctx rc = {0};
	char *name = NULL;
	if (parse_part(wb, "_rels/.rels", &rc.x, true, rels_start, ignore_end, NULL))
		for (size_t i = 0; i < rc.nrels && !name; i++)
			if (strcmp(rc.rels[i].type, "officeDocument") == 0)
				name = resolve("", rc.rels[i].target);
	free_rels(&rc);
	if (!name && !wb->bad && zip_name_locate(wb->zip, "content.xml", 0) >= 0 &&
	    zip_name_locate(wb->zip, "mimetype", 0) >= 0) {
		/* a zip of another kind that a user may take for a workbook */
		fail(wb, "%s", _("an OpenDocument spreadsheet (.ods, saved by LibreOffice or WPS): save it as .xlsx, or "
				 "convert it with: soffice --headless --convert-to xlsx FILE"));
		return NULL;
	}
	return name ? name : wb->bad ? NULL : mem_strdup("xl/workbook.xml");
}

/* The rels part of part: xl/workbook.xml → xl/_rels/workbook.xml.rels. */
static char *rels_of(const char *part)
{
	strbuf sb = STRBUF_INIT;
	const char *slash = strrchr(part, '/');
	size_t dir = slash ? (size_t)(slash - part + 1) : 0;
	sb_putn(&sb, part, dir);
	sb_printf(&sb, "_rels/%s.rels", part + dir);
	return sb_take(&sb);
}

static bool choose_sheet(xlsxin *wb, const char *book, const rels_ctx *rc, const char *want)
{
	const sheet_entry *pick = NULL;
	for (size_t i = 0; i < wb->nsheets && !pick; i++)
		if (want ? strcmp(wb->sheets[i].name, want) == 0 : !wb->sheets[i].hidden)
			pick = &wb->sheets[i];
	/* Excel takes Sheet1 and sheet1 for one name */
	char *folded = want && !pick ? utf8_fold(want, strlen(want)) : NULL;
	for (size_t i = 0; folded && i < wb->nsheets && !pick; i++) {
		char *name = utf8_fold(wb->sheets[i].name, strlen(wb->sheets[i].name));
		if (strcmp(name, folded) == 0)
			pick = &wb->sheets[i];
		mem_free(name);
	}
	mem_free(folded);
	if (!pick) {
		sb_clear(&wb->err);
		wb->bad = true;
		if (want)
			sb_printf(&wb->err, _("the workbook has no sheet '%s' (its sheets: %s)"), want, sb_text(&wb->names));
		else
			sb_puts(&wb->err, _("the workbook has no visible sheet"));
		return false;
	}
	wb->sheet_name = pick->name;
	for (size_t i = 0; i < rc->nrels; i++)
		if (strcmp(rc->rels[i].id, pick->rid) == 0) {
			if (strcmp(rc->rels[i].type, "worksheet") != 0) {
				fail(wb, _("sheet '%s' is not a table of cells (a chart or a macro sheet)"), pick->name);
				return false;
			}
			wb->sheet_path = resolve(book, rc->rels[i].target);
			return true;
		}
	fail(wb, _("the workbook does not say where sheet '%s' is"), pick->name);
	return false;
}

static bool parse_merge_ref(const char *ref, merge *m);

static int by_first_row(const void *a, const void *b)
{
	const merge *x = a, *y = b;
	return x->r1 < y->r1 ? -1 : x->r1 > y->r1;
}

/* memmem, which C11 lacks. */
static char *find(char *hay, size_t n, const char *needle, size_t m)
{
	for (char *at = hay; n >= m && (at = memchr(at, needle[0], n - m + 1 - (size_t)(at - hay))) != NULL; at++)
		if (memcmp(at, needle, m) == 0)
			return at;
	return NULL;
}

/* Merged ranges stand after the sheet's rows, and a header needs them
 * first: a quick pass over the sheet's bytes finds each <mergeCell ref=…>
 * (a '<' cannot stand in text, so a match is a tag). */
static bool scan_merges(xlsxin *wb)
{
	bool absent;
	zip_uint64_t size = 0;
	zip_file_t *zf = open_part(wb, wb->sheet_path, &absent, &size);
	if (!zf) {
		if (absent)
			fail(wb, _("the workbook has no part %s"), wb->sheet_path);
		return false;
	}
	static const char key[] = "mergeCell";
	char *buf = mem_alloc(CHUNK + 512);
	size_t keep = 0;
	unsigned long long total = 0;
	bool ok = true;
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf + keep, CHUNK);
		if (n < 0) {
			sb_clear(&wb->err);
			sb_printf(&wb->err, _("part %s cannot be read: %s"), wb->sheet_path, zip_file_strerror(zf));
			wb->bad = true;
			ok = false;
			break;
		}
		total += (unsigned long long)n;
		if (total > XLSXIN_MAX_SHEET) {
			fail(wb, _("part %s inflates beyond %s: refused"), wb->sheet_path, XLSXIN_MAX_SHEET_TEXT);
			ok = false;
			break;
		}
		size_t len = keep + (size_t)n;
		size_t done = 0;
		for (char *at = buf; (at = find(at, len - (size_t)(at - buf), key, sizeof key - 1)) != NULL; at++) {
			size_t off = (size_t)(at - buf);
			char *gt = memchr(at, '>', len - off);
			if (!gt) {
				if (n > 0)
					break; /* the tag goes on in the next chunk */
				continue;
			}
			done = (size_t)(gt - buf);
			char after = at[sizeof key - 1];
			/* <mergeCell or <x:mergeCell, not <mergeCells */
			char *lt = at;
			while (lt > buf && lt[-1] != '<' && lt[-1] != '>' && lt[-1] != ' ')
				lt--;
			if (lt == buf || lt[-1] != '<' || (after != ' ' && after != '\t' && after != '\n' && after != '\r' && after != '/'))
				continue;
			char *ref = find(at, (size_t)(gt - at), "ref=", 4);
			if (!ref)
				continue;
			char q = ref[4];
			char *end = (q == '"' || q == '\'') ? memchr(ref + 5, q, (size_t)(gt - ref - 5)) : NULL;
			if (!end || end - ref - 5 > 40)
				continue;
			char refs[48];
			memcpy(refs, ref + 5, (size_t)(end - ref - 5));
			refs[end - ref - 5] = 0;
			merge m;
			if (!parse_merge_ref(refs, &m) || (m.r1 == m.r2 && m.c1 == m.c2))
				continue;
			if (wb->nmerges == MAX_MERGES) {
				fail(wb, _("sheet '%s' merges more than 100000 ranges: refused"), wb->sheet_name);
				ok = false;
				break;
			}
			wb->merges = mem_realloc(wb->merges, (wb->nmerges + 1) * sizeof *wb->merges);
			wb->merges[wb->nmerges++] = m;
		}
		if (!ok || n == 0)
			break;
		/* keep an unfinished tag's start for the next chunk */
		size_t tail = len - done > 512 ? 512 : len - done;
		memmove(buf, buf + len - tail, tail);
		keep = tail;
	}
	mem_free(buf);
	zip_fclose(zf);
	/* by first row, so that each row meets only the ranges that cover it */
	if (wb->nmerges)
		qsort(wb->merges, wb->nmerges, sizeof *wb->merges, by_first_row);
	wb->active = mem_calloc(MAX_MERGES_OVER_A_ROW + 1, sizeof *wb->active);
	return ok;
}

static bool start_sheet(xlsxin *wb);

static xlsxin *open_zip(xlsxin *wb, zip_source_t *src, const char *sheet, strbuf *err)
{
	zip_error_t ze;
	zip_error_init(&ze);
	wb->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!wb->zip) {
		zip_source_free(src);
		int code = zip_error_code_zip(&ze);
		sb_printf(err, code == ZIP_ER_NOZIP ? _("not a workbook: not a zip archive (%s)")
			       : _("not a readable workbook: %s"), zip_error_strerror(&ze));
		zip_error_fini(&ze);
		xlsxin_close(wb);
		return NULL;
	}
	zip_error_fini(&ze);
	char *book = office_document(wb);
	if (book) {
		book_ctx bc = {0};
		rels_ctx rc = {0};
		char *rels = rels_of(book);
		if (parse_part(wb, book, &bc.x, false, book_start, ignore_end, NULL) &&
		    parse_part(wb, rels, &rc.x, false, rels_start, ignore_end, NULL) && choose_sheet(wb, book, &rc, sheet)) {
			char *strings = NULL, *styles = NULL;
			for (size_t i = 0; i < rc.nrels; i++) {
				if (strcmp(rc.rels[i].type, "sharedStrings") == 0 && !strings)
					strings = resolve(book, rc.rels[i].target);
				else if (strcmp(rc.rels[i].type, "styles") == 0 && !styles)
					styles = resolve(book, rc.rels[i].target);
			}
			styles_ctx sc = {0};
			sst_ctx tc = {0};
			if ((!styles || parse_part(wb, styles, &sc.x, true, styles_start, styles_end, NULL)) &&
			    (!strings || parse_part(wb, strings, &tc.x, true, sst_start, sst_end, sst_text)))
				if (scan_merges(wb))
					start_sheet(wb);
			for (size_t i = 0; i < sc.nfmts; i++)
				mem_free(sc.fmt_codes[i]);
			mem_free(sc.fmt_ids);
			mem_free(sc.fmt_codes);
			sb_free(&tc.text);
			mem_free(strings);
			mem_free(styles);
		}
		free_rels(&rc);
		mem_free(rels);
		mem_free(book);
	}
	if (wb->bad) {
		sb_puts(err, wb->err.data);
		xlsxin_close(wb);
		return NULL;
	}
	return wb;
}

xlsxin *xlsxin_open(FILE *f, const char *sheet, strbuf *err)
{
	xlsxin *wb = mem_calloc(1, sizeof *wb);
	zip_error_t ze;
	zip_error_init(&ze);
	/* libzip takes the FILE it is given: it gets its own, on the same file */
	int fd = dup(fileno(f));
	FILE *own = fd >= 0 ? fdopen(fd, "rb") : NULL;
	if (!own) {
		if (fd >= 0)
			close(fd);
		sb_printf(err, _("cannot read the workbook: %s"), strerror(errno));
		zip_error_fini(&ze);
		mem_free(wb);
		return NULL;
	}
	zip_source_t *src = zip_source_filep_create(own, 0, -1, &ze);
	zip_error_fini(&ze);
	if (!src) {
		fclose(own);
		sb_printf(err, _("cannot read the workbook: %s"), strerror(errno ? errno : EIO));
		mem_free(wb);
		return NULL;
	}
	return open_zip(wb, src, sheet, err);
}

/* A written part as it is read back, scanned tag by tag (a full XML parse
 * costs a third of writing a large workbook): each tag whole, every element
 * closed, and for a worksheet the last row its <dimension ref="A1:E12"/>
 * names (12) and the last <row r="N"> it holds. A part cut anywhere leaves
 * a tag broken or an element open; one cut between rows leaves its last
 * rows out. */
typedef struct part_scan {
	long depth, elements, dimension, last_row;
	bool bad, range; /* range: the dimension is A1:…, not one cell (an empty sheet's "A1") */
	strbuf carry; /* a tag cut by the end of a chunk */
} part_scan;

/* The value of attribute name in a tag (up to its closing quote), or NULL. */
static const char *tag_attribute(const char *tag, size_t len, const char *name, size_t *vlen)
{
	size_t k = strlen(name);
	for (size_t i = 0; i + k + 3 < len; i++)
		if (tag[i] == ' ' && memcmp(tag + i + 1, name, k) == 0 && tag[i + 1 + k] == '=' && tag[i + 2 + k] == '"') {
			const char *v = tag + i + k + 3, *q = memchr(v, '"', (size_t)(tag + len - v));
			*vlen = q ? (size_t)(q - v) : 0;
			return q ? v : NULL;
		}
	return NULL;
}

static void scan_tag(part_scan *ps, const char *tag, size_t len)
{
	if (len < 3 || memchr(tag + 1, '<', len - 1)) {
		ps->bad = true;
		return;
	}
	if (tag[1] == '?' || tag[1] == '!')
		return;
	if (tag[1] == '/') {
		ps->bad |= --ps->depth < 0;
		return;
	}
	ps->bad |= ps->depth == 0 && ps->elements > 0; /* a second root: a cut joined two parts */
	ps->elements++;
	if (tag[len - 2] != '/')
		ps->depth++;
	size_t n;
	const char *v;
	if (len > 5 && memcmp(tag, "<row ", 5) == 0 && (v = tag_attribute(tag, len, "r", &n)))
		ps->last_row = strtol(v, NULL, 10);
	else if (len > 11 && memcmp(tag, "<dimension ", 11) == 0 && (v = tag_attribute(tag, len, "ref", &n))) {
		/* "A1:E12": the last row is after the colon's letters */
		const char *colon = memchr(v, ':', n), *end = v + n;
		ps->range = colon != NULL;
		for (v = colon ? colon + 1 : v; v < end && (*v < '0' || *v > '9'); v++)
			;
		ps->dimension = v < end ? strtol(v, NULL, 10) : 0;
	}
}

static void scan_chunk(part_scan *ps, const char *p, size_t n)
{
	const char *end = p + n;
	if (ps->carry.len) {
		const char *gt = memchr(p, '>', n);
		sb_putn(&ps->carry, p, gt ? (size_t)(gt + 1 - p) : n);
		if (!gt) {
			ps->bad |= ps->carry.len > CHUNK;
			return;
		}
		scan_tag(ps, ps->carry.data, ps->carry.len);
		sb_clear(&ps->carry);
		p = gt + 1;
	}
	while (p < end && !ps->bad) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt)
			return;
		const char *gt = memchr(lt, '>', (size_t)(end - lt));
		if (!gt) {
			sb_putn(&ps->carry, lt, (size_t)(end - lt));
			return;
		}
		scan_tag(ps, lt, (size_t)(gt + 1 - lt));
		p = gt + 1;
	}
}

bool xlsxin_parts_whole(const char *path, strbuf *why)
{
	int ze = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
	if (!z) {
		sb_printf(why, _("it cannot be opened as a workbook (libzip error %d)"), ze);
		return false;
	}
	bool ok = true;
	zip_int64_t n = zip_get_num_entries(z, 0);
	char *buf = mem_alloc(CHUNK);
	for (zip_int64_t i = 0; ok && i < n; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
		size_t len = name ? strlen(name) : 0;
		if (!name || !((len > 4 && (strcmp(name + len - 4, ".xml") == 0 || strcmp(name + len - 4, ".vml") == 0)) ||
			       (len > 5 && strcmp(name + len - 5, ".rels") == 0)))
			continue;
		bool sheet = strncmp(name, "xl/worksheets/sheet", 19) == 0;
		part_scan ps = {0, 0, 0, 0, false, false, STRBUF_INIT};
		zip_file_t *zf = zip_fopen_index(z, (zip_uint64_t)i, 0);
		zip_int64_t got = -1;
		while (zf && !ps.bad && (got = zip_fread(zf, buf, CHUNK)) > 0)
			scan_chunk(&ps, buf, (size_t)got);
		if (zf)
			zip_fclose(zf);
		/* a sheet holds its rows: libxlsxwriter writes its head and foot
		 * itself around rows it copies from a temporary file */
		ok = got == 0 && !ps.bad && !ps.carry.len && ps.elements > 0 && ps.depth == 0 &&
		     (!sheet || ps.last_row == ps.dimension || (!ps.range && ps.last_row <= 1));
		sb_free(&ps.carry);
		if (!ok)
			sb_printf(why, _("its part %s is cut short"), name);
	}
	mem_free(buf);
	zip_discard(z);
	return ok;
}

xlsxin *xlsxin_open_memory(const void *data, size_t len, const char *sheet, strbuf *err)
{
	xlsxin *wb = mem_calloc(1, sizeof *wb);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_error_fini(&ze);
	if (!src) {
		sb_puts(err, _("cannot read the workbook"));
		mem_free(wb);
		return NULL;
	}
	return open_zip(wb, src, sheet, err);
}

static void stop_sheet(xlsxin *wb)
{
	if (wb->parser)
		XML_ParserFree(wb->parser);
	if (wb->zf)
		zip_fclose(wb->zf);
	wb->parser = NULL;
	wb->zf = NULL;
}

void xlsxin_close(xlsxin *wb)
{
	if (!wb)
		return;
	stop_sheet(wb);
	if (wb->zip)
		zip_discard(wb->zip);
	for (size_t i = 0; i < wb->nsheets; i++) {
		mem_free(wb->sheets[i].name);
		mem_free(wb->sheets[i].rid);
	}
	for (size_t i = 0; i < wb->nmerges; i++)
		mem_free(wb->merges[i].top);
	mem_free(wb->merges);
	mem_free(wb->active);
	mem_free(wb->sheets);
	mem_free(wb->sheet_path);
	mem_free(wb->sst_at);
	mem_free(wb->xfs);
	mem_free(wb->cells);
	mem_free(wb->rec_at);
	mem_free(wb->rec_len);
	mem_free(wb->rec_err);
	sb_free(&wb->sst);
	sb_free(&wb->names);
	sb_free(&wb->err);
	sb_free(&wb->chars);
	sb_free(&wb->row_text);
	sb_free(&wb->errs);
	sb_free(&wb->rec);
	sb_free(&wb->rec_errs);
	mem_free(wb);
}

const char *xlsxin_sheet(const xlsxin *wb)
{
	return wb->sheet_name;
}

const char *xlsxin_sheet_names(const xlsxin *wb)
{
	return sb_text(&wb->names);
}

const char *xlsxin_error(const xlsxin *wb)
{
	return sb_text(&wb->err);
}

/* ---- cell references ----------------------------------------------------------------- */

void xlsxin_ref(strbuf *sb, size_t col, long row)
{
	char letters[4];
	int k = 0;
	size_t c = col + 1;
	while (c > 0 && k < 4) {
		letters[k++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	while (k > 0)
		sb_putc(sb, letters[--k]);
	sb_printf(sb, "%ld", row);
}

/* "C17" → column 2, row 17; row 0 when the reference has no digits. */
static bool parse_ref(const char *s, size_t *col, long *row)
{
	size_t c = 0, i = 0;
	/* up to three letters (ZZZ): a column past Excel's last (XFD) is
	 * then told as such by the caller, not as a reference it cannot read */
	for (; s[i] >= 'A' && s[i] <= 'Z'; i++) {
		if (i == 3)
			return false;
		c = c * 26 + (size_t)(s[i] - 'A' + 1);
	}
	if (i == 0)
		return false;
	long r = 0;
	size_t digits = i;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		r = r * 10 + (s[i] - '0');
		if (r > XLSXIN_MAX_ROWS)
			return false;
	}
	if (s[i] || (i > digits && r == 0))
		return false;
	*col = c - 1;
	*row = r;
	return true;
}

static bool parse_merge_ref(const char *ref, merge *m)
{
	char a[24], b[24];
	const char *colon = strchr(ref, ':');
	if (!colon || (size_t)(colon - ref) >= sizeof a || strlen(colon + 1) >= sizeof b)
		return false;
	memcpy(a, ref, (size_t)(colon - ref));
	a[colon - ref] = 0;
	strcpy(b, colon + 1);
	memset(m, 0, sizeof *m);
	if (!parse_ref(a, &m->c1, &m->r1) || !parse_ref(b, &m->c2, &m->r2) || m->r1 < 1 || m->r2 < m->r1 || m->c2 < m->c1 ||
	    m->c2 >= XLSXIN_MAX_COLS)
		return false;
	return true;
}

/* ---- the sheet, a row at a time ----------------------------------------------------- */

static void cell_error(xlsxin *wb, const char *fmt, const char *arg)
{
	cellval *cv = &wb->cells[wb->ncells - 1];
	cv->err = (long)wb->errs.len;
	sb_printf(&wb->errs, fmt, arg);
	sb_putc(&wb->errs, 0);
}

/* The cell just parsed, as the text it shows (or its error). */
static void finish_cell(xlsxin *wb)
{
	if (wb->width && wb->cell_col >= wb->width)
		return;
	const char *v = sb_text(&wb->chars);
	size_t n = wb->chars.len;
	cell_kind t = wb->cell_type;
	size_t at = wb->row_text.len;
	wb->cells = mem_grow(wb->cells, sizeof *wb->cells, &wb->capcells, wb->ncells + 1);
	cellval *cv = &wb->cells[wb->ncells++];
	*cv = (cellval){wb->cell_col, at, 0, -1};
	if (wb->row_too_long) {
		cell_error(wb, _("the row holds more than %s of text"), "16 MiB");
		return;
	}
	if (n > MAX_CELL_BYTES) {
		cell_error(wb, _("the cell holds more than %s characters (Excel's limit)"), "32767");
		return;
	}
	if (wb->cell_f && !wb->cell_v) {
		cell_error(wb, "%s", _("the cell holds a formula saved without its value: open the workbook in Excel, WPS or "
				       "LibreOffice and save it again"));
		return;
	}
	if (t == CELL_ERROR) {
		cell_error(wb, _("the cell holds the error value %s"), v);
		return;
	}
	if (t == CELL_SHARED) {
		char *end;
		errno = 0;
		unsigned long k = strtoul(v, &end, 10);
		if (!n || *end || errno || k >= wb->nsst) {
			cell_error(wb, _("the cell names shared string %s, which the workbook does not have"), v);
			return;
		}
		sb_puts(&wb->row_text, wb->sst.data + wb->sst_at[k]);
	} else if (t == CELL_INLINE || t == CELL_STR) {
		decode_escapes(&wb->row_text, v, n);
	} else if (t == CELL_BOOL) {
		if (n)
			sb_puts(&wb->row_text, strcmp(v, "0") == 0 ? "FALSE" : "TRUE");
	} else if (t == CELL_DATE) {
		/* an ISO 8601 date and time: the date, and the time unless midnight */
		const char *tee = memchr(v, 'T', n);
		size_t date_len = tee ? (size_t)(tee - v) : n;
		sb_putn(&wb->row_text, v, date_len);
		if (tee && strncmp(tee + 1, "00:00:00", 8) != 0 && strcmp(tee + 1, "00:00") != 0) {
			sb_putc(&wb->row_text, ' ');
			sb_putn(&wb->row_text, tee + 1, n - date_len - 1 > 8 ? 8 : n - date_len - 1);
		}
	} else if (n) {
		numfmt f = {NUMFMT_GENERAL, 0};
		if (wb->cell_style >= 0 && (size_t)wb->cell_style < wb->nxfs)
			f = wb->xfs[wb->cell_style];
		if (!numfmt_text(&wb->row_text, v, n, f, wb->date1904)) {
			cell_error(wb, _("the cell is marked a number but holds '%s'"), v);
			return;
		}
	}
	cv->len = wb->row_text.len - at;
	sb_putc(&wb->row_text, 0);
	if (wb->row_text.len > XLSXIN_MAX_ROW_BYTES)
		wb->row_too_long = true;
}

/* The row just parsed, as a record of width columns: its cells, merged
 * cells, and each cell's error. True when anything stands in it. */
static bool build_record(xlsxin *wb)
{
	size_t width = wb->width;
	long r = wb->parsing_row;
	/* the merged ranges that cover row r: those that ended leave, those that begin join */
	size_t kept = 0;
	for (size_t a = 0; a < wb->nactive; a++)
		if (wb->merges[wb->active[a]].r2 >= r)
			wb->active[kept++] = wb->active[a];
	wb->nactive = kept;
	for (; wb->next_merge < wb->nmerges && wb->merges[wb->next_merge].r1 <= r; wb->next_merge++) {
		if (wb->merges[wb->next_merge].r2 < r)
			continue;
		if (wb->nactive == MAX_MERGES_OVER_A_ROW) {
			fail(wb, _("sheet '%s': more than %d merged ranges cover row %ld: refused"), wb->sheet_name,
			     MAX_MERGES_OVER_A_ROW, r);
			return false;
		}
		wb->active[wb->nactive++] = wb->next_merge;
	}
	if (!width) {
		for (size_t i = 0; i < wb->ncells; i++)
			if (wb->cells[i].col + 1 > width)
				width = wb->cells[i].col + 1;
		/* a header cell may stand only in merged cells above it */
		for (size_t a = 0; wb->fill && a < wb->nactive; a++) {
			const merge *m = &wb->merges[wb->active[a]];
			if (r > m->r1 && m->top && m->c1 + 1 > width)
				width = m->c1 + 1;
		}
	}
	if (width > wb->caprec) {
		wb->rec_at = mem_realloc(wb->rec_at, width * sizeof *wb->rec_at);
		wb->rec_len = mem_realloc(wb->rec_len, width * sizeof *wb->rec_len);
		wb->rec_err = mem_realloc(wb->rec_err, width * sizeof *wb->rec_err);
		wb->caprec = width;
	}
	sb_clear(&wb->rec);
	sb_clear(&wb->rec_errs);
	sb_putc(&wb->rec, 0); /* offset 0: every empty cell */
	for (size_t c = 0; c < width; c++) {
		wb->rec_at[c] = 0;
		wb->rec_len[c] = 0;
		wb->rec_err[c] = -1;
	}
	bool any = false;
	strbuf where = STRBUF_INIT;
	for (size_t i = 0; i < wb->ncells; i++) {
		const cellval *cv = &wb->cells[i];
		if (cv->col >= width)
			continue;
		if (wb->rec_len[cv->col] || wb->rec_err[cv->col] >= 0) {
			/* two cells at one place: which does the sheet show? */
			sb_clear(&where);
			xlsxin_ref(&where, cv->col, wb->parsing_row);
			wb->rec_err[cv->col] = (long)wb->rec_errs.len;
			sb_printf(&wb->rec_errs, _("the sheet holds two cells at %s"), where.data);
			sb_putc(&wb->rec_errs, 0);
			continue;
		}
		if (cv->err >= 0) {
			wb->rec_err[cv->col] = (long)wb->rec_errs.len;
			sb_puts(&wb->rec_errs, wb->errs.data + cv->err);
			sb_putc(&wb->rec_errs, 0);
			any = true;
		} else if (cv->len) {
			const char *t = wb->row_text.data + cv->at;
			wb->rec_at[cv->col] = wb->rec.len;
			wb->rec_len[cv->col] = cv->len;
			sb_putn(&wb->rec, t, cv->len + 1);
			size_t n = cv->len;
			utf8_trim(&t, &n);
			any |= n > 0; /* a row of blanks is as empty as it looks */
		}
	}
	/* merged cells keep their value in their first cell. A header written
	 * over two rows shows it in the rows below (filling); in data, an
	 * empty cell of them is no value, but one the reader cannot see */
	for (size_t a = 0; a < wb->nactive; a++) {
		merge *m = &wb->merges[wb->active[a]];
		if (r == m->r1) {
			m->top_full = m->c1 < width && wb->rec_len[m->c1] > 0;
			mem_free(m->top);
			m->top = wb->fill && m->top_full ? mem_strndup(wb->rec.data + wb->rec_at[m->c1], wb->rec_len[m->c1]) : NULL;
		}
		if (!m->top_full || m->c1 >= width)
			continue;
		for (size_t c = m->c1; c <= m->c2 && c < width; c++) {
			if ((r == m->r1 && c == m->c1) || wb->rec_len[c] || wb->rec_err[c] >= 0)
				continue;
			if (wb->fill) {
				if (!m->top || c != m->c1)
					continue;
				wb->rec_at[c] = wb->rec.len;
				wb->rec_len[c] = strlen(m->top);
				sb_putn(&wb->rec, m->top, wb->rec_len[c] + 1);
			} else {
				sb_clear(&where);
				xlsxin_ref(&where, m->c1, m->r1);
				sb_putc(&where, ':');
				xlsxin_ref(&where, m->c2, m->r2);
				wb->rec_err[c] = (long)wb->rec_errs.len;
				sb_printf(&wb->rec_errs, _("the cell is part of merged cells %s, whose value stands in their first "
							   "cell only: unmerge them and fill each cell"),
					  where.data);
				sb_putc(&wb->rec_errs, 0);
			}
			any = true;
		}
	}
	sb_free(&where);
	wb->nrec = width;
	wb->cur_row = r;
	return any;
}

/* A cell's t attribute: absent or n is a number; one ECMA-376 does not
 * know is read as a number too, and refused as one if it is not. */
static cell_kind kind_of(const char *t)
{
	if (!t)
		return CELL_NUMBER;
	switch (t[0]) {
	case 's': return t[1] == 0 ? CELL_SHARED : strcmp(t, "str") == 0 ? CELL_STR : CELL_NUMBER;
	case 'i': return strcmp(t, "inlineStr") == 0 ? CELL_INLINE : CELL_NUMBER;
	case 'b': return t[1] == 0 ? CELL_BOOL : CELL_NUMBER;
	case 'e': return t[1] == 0 ? CELL_ERROR : CELL_NUMBER;
	case 'd': return t[1] == 0 ? CELL_DATE : CELL_NUMBER;
	default: return CELL_NUMBER;
	}
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xml_ctx *x = ud;
	xlsxin *wb = x->wb;
	const char *local = local_name(name);
	if (!wb->in_data) {
		if (strcmp(local, "sheetData") == 0)
			wb->in_data = true;
		return;
	}
	if (strcmp(local, "row") == 0) {
		const char *r = attr(atts, "r", false);
		long row = wb->last_row + 1;
		if (r) {
			char *end;
			row = strtol(r, &end, 10);
			if (*end || row < 1)
				row = -1;
		}
		if (row <= wb->last_row || row > XLSXIN_MAX_ROWS) {
			fail(wb, _("sheet '%s': its rows are out of order or beyond Excel's 1048576"), wb->sheet_name);
			XML_StopParser(x->p, XML_FALSE);
			return;
		}
		wb->parsing_row = wb->last_row = row;
		wb->in_row = true;
		wb->next_col = 0;
		wb->ncells = 0;
		wb->row_too_long = false;
		sb_clear(&wb->row_text);
		sb_clear(&wb->errs);
	} else if (strcmp(local, "c") == 0 && wb->in_row) {
		const char *r = attr(atts, "r", false), *t = attr(atts, "t", false), *s = attr(atts, "s", false);
		size_t col = wb->next_col;
		long row = wb->parsing_row;
		if (r && (!parse_ref(r, &col, &row) || (row && row != wb->parsing_row))) {
			fail(wb, _("sheet '%s': a cell's reference is not in its row"), wb->sheet_name);
			sb_puts(&wb->err, " (");
			sb_putn(&wb->err, r, strnlen(r, 32));
			sb_putc(&wb->err, ')');
			XML_StopParser(x->p, XML_FALSE);
			return;
		}
		if (wb->ncells >= XLSXIN_MAX_COLS) {
			fail(wb, _("sheet '%s': row %ld holds more cells than Excel's 16384 columns"), wb->sheet_name,
			     wb->parsing_row);
			XML_StopParser(x->p, XML_FALSE);
			return;
		}
		if (col >= XLSXIN_MAX_COLS) {
			fail(wb, _("sheet '%s': a cell stands beyond Excel's 16384 columns"), wb->sheet_name);
			XML_StopParser(x->p, XML_FALSE);
			return;
		}
		wb->cell_col = col;
		wb->next_col = col + 1;
		wb->cell_type = kind_of(t);
		wb->cell_style = s ? strtol(s, NULL, 10) : 0;
		wb->in_cell = true;
		wb->cell_f = wb->cell_v = false;
		wb->in_is = false;
		wb->in_rph = 0;
		sb_clear(&wb->chars);
	} else if (wb->in_cell) {
		if (strcmp(local, "v") == 0 && !wb->in_is) {
			wb->collecting = true;
			sb_clear(&wb->chars);
		} else if (strcmp(local, "f") == 0) {
			wb->cell_f = true;
		} else if (strcmp(local, "is") == 0) {
			wb->in_is = true;
			sb_clear(&wb->chars);
		} else if (strcmp(local, "rPh") == 0) {
			wb->in_rph++;
		} else if (strcmp(local, "t") == 0 && wb->in_is && !wb->in_rph) {
			wb->collecting = true;
		}
	}
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	xml_ctx *x = ud;
	xlsxin *wb = x->wb;
	if (!wb->in_data)
		return;
	const char *local = local_name(name);
	if (strcmp(local, "v") == 0 && wb->in_cell && !wb->in_is) {
		wb->collecting = false;
		wb->cell_v = true;
	} else if (strcmp(local, "t") == 0) {
		wb->collecting = false;
	} else if (strcmp(local, "rPh") == 0) {
		wb->in_rph--;
	} else if (strcmp(local, "is") == 0) {
		wb->in_is = false;
		wb->cell_v = true;
		wb->cell_type = CELL_INLINE;
	} else if (strcmp(local, "c") == 0 && wb->in_cell) {
		wb->in_cell = false;
		wb->collecting = false;
		finish_cell(wb);
	} else if (strcmp(local, "row") == 0 && wb->in_row) {
		wb->in_row = false;
		if (build_record(wb))
			XML_StopParser(x->p, XML_TRUE);
		else if (wb->bad)
			XML_StopParser(x->p, XML_FALSE);
	} else if (strcmp(local, "sheetData") == 0) {
		/* what follows (merged ranges, print setup) is read already or not needed */
		wb->in_data = false;
		wb->done = true;
		XML_StopParser(x->p, XML_FALSE);
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
	xml_ctx *x = ud;
	xlsxin *wb = x->wb;
	/* past a cell's limit only the length counts */
	if (wb->collecting && wb->chars.len <= MAX_CELL_BYTES)
		sb_putn(&wb->chars, s, (size_t)len);
}

static bool start_sheet(xlsxin *wb)
{
	stop_sheet(wb);
	bool absent;
	zip_uint64_t size = 0;
	wb->zf = open_part(wb, wb->sheet_path, &absent, &size);
	if (!wb->zf) {
		if (absent)
			fail(wb, _("the workbook has no part %s"), wb->sheet_path);
		return false;
	}
	wb->sheet_x.wb = wb;
	wb->sheet_x.part = wb->sheet_path;
	XML_Parser p = new_parser(&wb->sheet_x);
	XML_SetElementHandler(p, sheet_start, sheet_end);
	XML_SetCharacterDataHandler(p, sheet_text);
	wb->parser = p;
	wb->inflated = 0;
	wb->suspended = wb->fed_final = wb->done = false;
	wb->in_data = wb->in_row = wb->in_cell = wb->in_is = wb->collecting = false;
	wb->in_rph = 0;
	wb->last_row = 0;
	wb->cur_row = 0;
	wb->nrec = 0;
	wb->next_merge = 0;
	wb->nactive = 0;
	return true;
}

xlsxin_status xlsxin_next(xlsxin *wb)
{
	for (;;) {
		if (wb->bad)
			return XLSXIN_BAD;
		if (wb->done || !wb->parser)
			return XLSXIN_END;
		enum XML_Status st;
		if (wb->suspended) {
			wb->suspended = false;
			st = XML_ResumeParser(wb->parser);
		} else if (wb->fed_final) {
			wb->done = true;
			return XLSXIN_END;
		} else {
			void *buf = XML_GetBuffer(wb->parser, CHUNK);
			if (!buf) {
				xml_failed(wb, wb->parser, wb->sheet_path);
				return XLSXIN_BAD;
			}
			zip_int64_t n = zip_fread(wb->zf, buf, CHUNK);
			if (n < 0) {
				wb->bad = true;
				sb_clear(&wb->err);
				sb_printf(&wb->err, _("part %s cannot be read: %s"), wb->sheet_path, zip_file_strerror(wb->zf));
				return XLSXIN_BAD;
			}
			wb->inflated += (unsigned long long)n;
			if (wb->inflated > XLSXIN_MAX_SHEET) {
				fail(wb, _("part %s inflates beyond %s: refused"), wb->sheet_path, XLSXIN_MAX_SHEET_TEXT);
				return XLSXIN_BAD;
			}
			wb->fed_final = n == 0;
			st = XML_ParseBuffer(wb->parser, (int)n, n == 0);
		}
		if (st == XML_STATUS_SUSPENDED) {
			wb->suspended = true;
			return XLSXIN_ROW;
		}
		if (st == XML_STATUS_ERROR) {
			if (wb->done && !wb->bad)
				return XLSXIN_END;
			xml_failed(wb, wb->parser, wb->sheet_path);
			return XLSXIN_BAD;
		}
		if (wb->fed_final && !wb->done) {
			/* the sheet's XML ended well-formed without its rows' end */
			wb->done = true;
			return XLSXIN_END;
		}
	}
}

long xlsxin_row(const xlsxin *wb)
{
	return wb->cur_row;
}

size_t xlsxin_ncells(const xlsxin *wb)
{
	return wb->nrec;
}

const char *xlsxin_cell(const xlsxin *wb, size_t col, size_t *len)
{
	if (col >= wb->nrec) {
		*len = 0;
		return sb_text(&wb->rec);
	}
	*len = wb->rec_len[col];
	return wb->rec.data + wb->rec_at[col];
}

const char *xlsxin_record(const xlsxin *wb, size_t *len)
{
	*len = wb->rec.len;
	return wb->rec.data;
}

const char *xlsxin_cell_error(const xlsxin *wb, size_t col)
{
	return col < wb->nrec && wb->rec_err[col] >= 0 ? wb->rec_errs.data + wb->rec_err[col] : NULL;
}

void xlsxin_set_width(xlsxin *wb, size_t width)
{
	wb->width = width;
}

void xlsxin_fill_merged(xlsxin *wb, bool fill)
{
	wb->fill = fill;
}

long xlsxin_merged_to(const xlsxin *wb, long row)
{
	/* a header is a few rows deep: a merge reaching further is data's */
	long last = row;
	for (size_t k = 0; k < wb->nmerges; k++) {
		const merge *m = &wb->merges[k];
		if (m->r1 <= row && m->r2 > last && m->r2 <= row + 8)
			last = m->r2;
	}
	return last;
}

bool xlsxin_rewind(xlsxin *wb)
{
	if (wb->bad)
		return false;
	return start_sheet(wb);
}
