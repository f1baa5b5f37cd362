#include "read_csv.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "mem.h"
#include "utf8.h"

#define CSV_CHUNK 65536

struct csv_reader {
	FILE *f;
	char *buf;
	size_t len, pos;
	bool eof;
	bool started;        /* the byte-order mark was looked for */
	strbuf rec;          /* the fields' bytes, each NUL-terminated (a record read byte by byte) */
	const char *base;    /* where the fields of the current record are: rec.data, or buf for a plain record */
	size_t reclen;       /* the bytes from base that the record's fields span */
	uint32_t *starts;    /* offset of each field from base (a record is at most CSV_MAX_RECORD bytes) */
	uint32_t *lens;
	size_t nfields, capfields;
	long row, line, next_line;
	size_t max_field;
	size_t quote_field;  /* 1-based field whose quotes spanned lines, or 0 */
	long quote_line;     /* the line where its quote opened */
	char err[2][512];      /* why a record is bad: [0] in the messages' language, [1] in the files' (i18n.h) */
	iconv_t cd;          /* (iconv_t)-1 when the input is UTF-8 already */
	char *raw;           /* bytes read but not yet converted */
	size_t rawlen;
	long converted;      /* bytes of input converted so far, for messages */
	/* A byte that does not decode becomes BAD_BYTE in the text, which no
	 * UTF-8 holds, so that only its record is bad; where it stood in the
	 * file waits here, in order, for that record's message. */
	long bad_at[64];
	unsigned bad_head, bad_tail;
	size_t unit;         /* bytes of the encoding's code unit: 2 for UTF-16 */
	bool read_error;
	const char *encoding;
	char delim;          /* between fields: ',' unless set (tab, ';') */
	bool delim_plain;    /* the delimiter is none of the bytes next_plain stops at ('"', NUL, CR) */
	unsigned char ahead[8]; /* bytes read before the reader was opened (csv_unread) */
	size_t nahead;
};

/* The bytes of an encoding's code unit: what a byte that does not decode
 * is skipped by, so that UTF-16 stays in step. */
static size_t unit_of(const char *encoding)
{
	char low[64];
	size_t n = 0;
	for (; encoding[n] && n + 1 < sizeof low; n++)
		low[n] = (char)tolower((unsigned char)encoding[n]);
	low[n] = '\0';
	if (strstr(low, "32") || strstr(low, "ucs-4") || strstr(low, "ucs4"))
		return 4;
	if (strstr(low, "16") || strstr(low, "ucs-2") || strstr(low, "ucs2"))
		return 2;
	return 1;
}

/* What a code unit that does not decode becomes (see bad_at). */
#define BAD_BYTE 0xFF

csv_reader *csv_open(FILE *f)
{
	csv_reader *r = mem_calloc(1, sizeof *r);
	r->f = f;
	/* + 1: room for the NUL after a last line without a line break; + 16: a
	 * block may be read from there (line_end) */
	r->buf = mem_calloc(1, CSV_CHUNK + 1 + 16);
	r->next_line = 1;
	r->max_field = CSV_DEFAULT_MAX_FIELD;
	r->cd = (iconv_t)-1;
	csv_set_delimiter(r, ',');
	return r;
}

void csv_set_delimiter(csv_reader *r, char delim)
{
	r->delim = delim;
	r->delim_plain = delim != '"' && delim != '\0' && delim != '\r';
}

#ifdef __SSE2__
#define SCAN_BLOCK 16
#define SCAN_SHIFT 0
#else
#define SCAN_BLOCK 8
#define SCAN_SHIFT 3
#endif

csv_reader *csv_open_encoding(FILE *f, const char *encoding)
{
	iconv_t cd = utf8_iconv_open("UTF-8", encoding);
	if (cd == (iconv_t)-1)
		return NULL;
	csv_reader *r = csv_open(f);
	r->cd = cd;
	r->raw = mem_alloc(CSV_CHUNK);
	r->encoding = encoding;
	r->unit = unit_of(encoding);
	return r;
}

void csv_close(csv_reader *r)
{
	if (!r)
		return;
	mem_free(r->buf);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	mem_free(r->raw);
	sb_free(&r->rec);
	mem_free(r->starts);
	mem_free(r->lens);
	mem_free(r);
}

void csv_unread(csv_reader *r, const unsigned char *bytes, size_t n)
{
	if (n > sizeof r->ahead)
		n = sizeof r->ahead;
	memcpy(r->ahead, bytes, n);
	r->nahead = n;
}

void csv_set_max_field(csv_reader *r, size_t max)
{
	r->max_field = max;
}

/* Reads what is there, up to n bytes: read(2) returns what a pipe holds now,
 * so rows are scored as they arrive; fread would wait to fill the buffer.
 * Streams without a descriptor (in memory) use fread. */
static size_t read_some(csv_reader *r, char *buf, size_t n)
{
	if (r->nahead) {
		size_t k = r->nahead < n ? r->nahead : n;
		memcpy(buf, r->ahead, k);
		memmove(r->ahead, r->ahead + k, r->nahead - k);
		r->nahead -= k;
		return k;
	}
	int fd = fileno(r->f);
	if (fd < 0)
		return fread(buf, 1, n, r->f);
	for (;;) {
		ssize_t got = read(fd, buf, n);
		if (got >= 0)
			return (size_t)got;
		if (errno != EINTR) {
			r->read_error = true;
			return 0;
		}
	}
}

/* Reads and converts the next chunk into buf (iconv); a sequence cut by the
 * chunk's end waits for the next read. */
static size_t fill_converted(csv_reader *r)
{
	for (;;) {
		size_t room = r->rawlen < CSV_CHUNK / 4 ? CSV_CHUNK / 4 - r->rawlen : 0;
		size_t got = r->eof || !room ? 0 : read_some(r, r->raw + r->rawlen, room);
		if (got == 0 && room && !r->eof)
			r->eof = true;
		r->rawlen += got;
		if (r->rawlen == 0)
			return 0;
		char *in = r->raw, *out = r->buf;
		size_t inleft = r->rawlen, outleft = CSV_CHUNK;
		size_t rc;
		/* a code unit that does not decode (or a character the file cuts
		 * short) stays in its record as BAD_BYTE, and decoding goes on
		 * after it: the record is reported, the rows after it are read */
		while ((rc = iconv(r->cd, &in, &inleft, &out, &outleft)) == (size_t)-1 && outleft > 0 &&
		       (errno == EILSEQ || (errno == EINVAL && r->eof))) {
			size_t skip = inleft < r->unit ? inleft : r->unit;
			if (r->bad_tail - r->bad_head < sizeof r->bad_at / sizeof *r->bad_at)
				r->bad_at[r->bad_tail++ % (sizeof r->bad_at / sizeof *r->bad_at)] = r->converted + (long)(in - r->raw) + 1;
			*out++ = (char)BAD_BYTE;
			outleft--;
			in += skip;
			inleft -= skip;
			iconv(r->cd, NULL, NULL, NULL, NULL);
		}
		size_t produced = CSV_CHUNK - outleft;
		r->converted += (long)(in - r->raw);
		memmove(r->raw, in, inleft);
		r->rawlen = inleft;
		if (produced || r->eof)
			return produced;
	}
}

/* Makes at least one byte available; false at the end of the input. */
static bool fill(csv_reader *r)
{
	if (r->pos < r->len)
		return true;
	if (r->eof && (r->cd == (iconv_t)-1 || r->rawlen == 0))
		return false;
	r->len = r->cd == (iconv_t)-1 ? read_some(r, r->buf, CSV_CHUNK) : fill_converted(r);
	r->pos = 0;
	if (r->len == 0) {
		r->eof = true;
		return false;
	}
	return true;
}

static int peek(csv_reader *r)
{
	return fill(r) ? (unsigned char)r->buf[r->pos] : -1;
}

static int get(csv_reader *r)
{
	return fill(r) ? (unsigned char)r->buf[r->pos++] : -1;
}

/* Grows the field arrays when n fields fill them, doubling from 32: their
 * size meets CSV_MAX_FIELDS exactly, where next_plain checks the limit. */
static void field_room(csv_reader *r, size_t n)
{
	_Static_assert(CSV_MAX_FIELDS % 32 == 0 && ((CSV_MAX_FIELDS / 32) & (CSV_MAX_FIELDS / 32 - 1)) == 0,
		       "CSV_MAX_FIELDS is 32 doubled");
	if (n == r->capfields) {
		r->capfields = r->capfields ? r->capfields * 2 : 32;
		r->starts = mem_realloc(r->starts, r->capfields * sizeof *r->starts);
		r->lens = mem_realloc(r->lens, r->capfields * sizeof *r->lens);
	}
}

static bool end_field(csv_reader *r, size_t start)
{
	if (r->nfields == CSV_MAX_FIELDS)
		return false;
	field_room(r, r->nfields);
	r->starts[r->nfields] = (uint32_t)start;
	r->lens[r->nfields] = (uint32_t)(r->rec.len - start);
	r->nfields++;
	sb_putc(&r->rec, '\0');
	return true;
}

/* Skips to the end of the current line after a malformed record. */
static void skip_line(csv_reader *r)
{
	int c;
	while ((c = get(r)) >= 0 && c != '\n')
		;
	r->next_line++;
}

/* Skips the rest of a record that is too large, without keeping it: up to
 * the end of its line, where quotes (which may hold line breaks) are
 * closed. */
static void skip_record(csv_reader *r, bool in_quotes)
{
	int c;
	while ((c = get(r)) >= 0) {
		if (c == '"') {
			in_quotes = !in_quotes;
		} else if (c == '\n') {
			r->next_line++;
			if (!in_quotes)
				return;
		}
	}
}

/* Appends where a quote that spans lines opened and closed. */
/* Says why the record is bad, in both languages; with append, after what
 * is said already. fmt is the English message (translated here). */
static void csv_say(csv_reader *r, bool append, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void csv_say(csv_reader *r, bool append, const char *fmt, ...)
{
	for (int k = 0; k < 2; k++) {
		int was = k ? i18n_files_begin() : 0;
		size_t used = append ? strlen(r->err[k]) : 0;
		va_list ap;
		va_start(ap, fmt);
		if (used < sizeof r->err[k])
			vsnprintf(r->err[k] + used, sizeof r->err[k] - used, _(fmt), ap);
		va_end(ap);
		if (k)
			i18n_files_end(was);
	}
}

static void say_quote(csv_reader *r)
{
	if (r->quote_field)
		csv_say(r, true, " (the quote that opens field %zu on line %ld closes on line %ld)", r->quote_field,
			r->quote_line, r->next_line - 1);
}

/* A field or record over the limits: the record is bad, and the rest of it
 * is skipped without being kept (inside quotes, up to the closing quote). */
static csv_status too_long(csv_reader *r, bool quoted)
{
	if (quoted && !r->quote_field) {
		r->quote_field = r->nfields + 1;
		r->quote_line = r->line;
	}
	sb_clear(&r->rec);
	r->nfields = 0;
	skip_record(r, quoted);
	say_quote(r);
	return CSV_BAD;
}

static csv_status row_too_long(csv_reader *r, bool quoted)
{
	csv_say(r, false, "the row is longer than %s", CSV_MAX_RECORD_TEXT);
	return too_long(r, quoted);
}

static csv_status field_too_long(csv_reader *r, bool quoted)
{
	csv_say(r, false, "field %zu is longer than %zu bytes", r->nfields + 1, r->max_field);
	return too_long(r, quoted);
}

/* A record whose text is not UTF-8 is bad: say where, and what to do. */
static csv_status check_text(csv_reader *r)
{
	size_t at = utf8_invalid_at(r->base, r->reclen);
	if (at == r->reclen)
		return CSV_RECORD;
	size_t field = 0;
	for (size_t i = 0; i < r->nfields; i++)
		if (r->starts[i] <= at)
			field = i;
	if (r->cd != (iconv_t)-1) {
		/* each BAD_BYTE of the record stands for a code unit that did not decode */
		long first = 0;
		for (size_t i = 0; i < r->reclen; i++)
			if ((unsigned char)r->base[i] == BAD_BYTE && r->bad_head != r->bad_tail) {
				long pos = r->bad_at[r->bad_head++ % (sizeof r->bad_at / sizeof *r->bad_at)];
				first = first ? first : pos;
			}
		if (first)
			csv_say(r, false, "field %zu: byte %ld of the file is not valid %s", field + 1, first, r->encoding);
		else
			csv_say(r, false, "field %zu holds text that is not valid %s", field + 1, r->encoding);
		return CSV_BAD;
	}
	for (int k = 0; k < 2; k++) {
		int was = k ? i18n_files_begin() : 0;
		strbuf why = STRBUF_INIT;
		csv_why_not_utf8(&why, field + 1, (unsigned char)r->base[at]);
		snprintf(r->err[k], sizeof r->err[k], "%s", why.data);
		sb_free(&why);
		if (k)
			i18n_files_end(was);
	}
	return CSV_BAD;
}

void csv_why_not_utf8(strbuf *why, size_t field, unsigned char byte)
{
	sb_printf(why, _("field %zu is not UTF-8 (byte 0x%02X); a file saved by Excel in Chinese is GB18030: try --encoding gb18030"),
		  field, byte);
}

/* The same, and first that no field holds a NUL: they are stored
 * NUL-terminated, so look for one inside each. */
static csv_status check_utf8(csv_reader *r)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (memchr(r->base + r->starts[i], '\0', r->lens[i])) {
			csv_say(r, false, "field %zu contains a NUL byte, which no text has (a UTF-16 file? try --encoding utf-16)",
				i + 1);
			return CSV_BAD;
		}
	return check_text(r);
}

/* Moves the record that starts at rs to the front of the buffer (pos then
 * 0) and reads more after it. CSV_MORE: more came; CSV_ENDS: the input
 * ends there; CSV_CANNOT (nothing moved): converted input, or a line as
 * long as the buffer. */
typedef enum csv_extend { CSV_MORE, CSV_ENDS, CSV_CANNOT } csv_extend;

static csv_extend extend_line(csv_reader *r, size_t rs)
{
	if (r->cd != (iconv_t)-1 || (rs == 0 && r->len == CSV_CHUNK))
		return CSV_CANNOT;
	memmove(r->buf, r->buf + rs, r->len - rs);
	r->len -= rs;
	r->pos = 0;
	size_t got = r->eof ? 0 : read_some(r, r->buf + r->len, CSV_CHUNK - r->len);
	r->len += got;
	r->buf[r->len] = '\0'; /* the sentinel again */
	if (got == 0) {
		r->eof = true;
		return CSV_ENDS;
	}
	return CSV_MORE;
}

/* The bytes that may end a line (\n, \r, a quote or a NUL) in the block at
 * p: a bit each (SSE2) or each byte's top bit, with the rarer bytes below
 * '#' (a space, '!', a control) that are then passed over. */
static inline uint64_t line_hits(const unsigned char *p)
{
#ifdef __SSE2__
	__m128i w = _mm_loadu_si128((const __m128i *)(const void *)p);
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(w, _mm_set1_epi8('#' - 1)), w));
#else
	uint64_t w;
	memcpy(&w, p, 8);
	return utf8_word_below(w, '#');
#endif
}

/* The first \n, \r, quote or NUL at or after i (the sentinel NUL at the
 * buffer's end stops it). */
static size_t line_end(const unsigned char *s, size_t i)
{
	for (size_t at = i;; at += SCAN_BLOCK)
		for (uint64_t hits = line_hits(s + at); hits; hits &= hits - 1) {
			size_t k = at + (size_t)(__builtin_ctzll(hits) >> SCAN_SHIFT);
			unsigned char c = s[k];
			if (c == '\n' || c == '\r' || c == '"' || c == '\0')
				return k;
		}
}

/* The end of the plain line at pos: one with no quote and no NUL, whole in
 * the buffer (a line the buffer's end cuts is moved to its front and read
 * on, extend_line); pos is then its first byte. SIZE_MAX, with nothing
 * consumed, for a record that is not one (a blank line, a quote, a NUL, a
 * \r whose \n the next read may bring, or a line the buffer cuts that
 * cannot be moved: as long as the buffer, or converted input, whose bytes
 * are not kept): the byte-by-byte reader's. */
static size_t plain_line(csv_reader *r)
{
	if (!fill(r) || !r->delim_plain)
		return SIZE_MAX;
	unsigned char *s = (unsigned char *)r->buf;
	size_t rs = r->pos;
	if (s[rs] == '\n' || s[rs] == '\r' || s[rs] == '"')
		return SIZE_MAX;
	s[r->len] = '\0'; /* a sentinel: the scan stops at the end */
	size_t i = line_end(s, rs);
	while (i == r->len) {
		csv_extend how = extend_line(r, rs);
		if (how == CSV_CANNOT)
			return SIZE_MAX;
		i -= rs;
		rs = 0;
		if (how == CSV_ENDS)
			break;
		i = line_end(s, i);
	}
	unsigned char c = s[i];
	if (c == '"' || (c == '\0' && i != r->len) || (c == '\r' && i + 1 == r->len && !r->eof))
		return SIZE_MAX;
	return i;
}

/* The line at pos, ending at i, taken: the next record starts after its
 * line end (\n, \r, \r\n, or the end of the input). */
static void take_line(csv_reader *r, size_t i)
{
	size_t rs = r->pos, next = i;
	if (i < r->len) {
		next = i + 1;
		if (r->buf[i] == '\r' && next < r->len && r->buf[next] == '\n')
			next++;
	}
	r->base = r->buf + rs;
	r->reclen = i - rs;
	r->pos = next;
	r->err[0][0] = r->err[1][0] = '\0';
	r->quote_field = 0;
	r->row++;
	r->line = r->next_line;
	r->next_line++;
}

/* Undoes csv_split_line on the line from rs to i: it held no NUL, so each
 * one is a delimiter again. */
static void unsplit(csv_reader *r, size_t rs, size_t i)
{
	for (size_t k = rs; k < i; k++)
		if (r->buf[k] == '\0')
			r->buf[k] = r->delim;
}

/* A record with no quote that lies whole in the buffer, the common kind,
 * is split where it lies (csv_split_line, as the threads of -j split
 * theirs): its delimiters become the fields' NULs, so nothing is copied.
 * Returns false, having consumed nothing, when the record is one for the
 * byte-by-byte reader: plain_line's, a field over the limit, or too many
 * fields. */
static bool next_plain(csv_reader *r, csv_status *st)
{
	size_t i = plain_line(r);
	if (i == SIZE_MAX)
		return false;
	size_t rs = r->pos, n = i - rs;
	/* room for every field the line may hold, up to the limit */
	size_t most = n < CSV_MAX_FIELDS ? n + 1 : CSV_MAX_FIELDS;
	while (r->capfields < most)
		field_room(r, r->capfields);
	size_t nf = csv_split_line(r->buf + rs, n, r->delim, r->starts, r->lens, r->capfields);
	bool too_many = nf > CSV_MAX_FIELDS;
	for (size_t k = 0; !too_many && r->max_field && n > r->max_field && k < nf; k++)
		too_many = r->lens[k] > r->max_field; /* a field over the limit, rather */
	if (too_many) {
		unsplit(r, rs, i);
		return false;
	}
	r->nfields = nf;
	take_line(r, i);
	r->buf[i] = '\0'; /* the last field's end (the line's end, read by take_line, or the sentinel) */
	*st = check_text(r);
	return true;
}

bool csv_next_line(csv_reader *r, const char **line, size_t *len)
{
	/* converted input is csv_next's: a byte that did not decode is told by where it stood in the file */
	if (!r->started || r->cd != (iconv_t)-1)
		return false;
	size_t i = plain_line(r);
	if (i == SIZE_MAX)
		return false;
	size_t rs = r->pos, n = i - rs;
	/* lines long enough that a field might pass a limit (a line of n
	 * bytes has at most n + 1 fields) are csv_next's, which says so */
	if (n >= CSV_MAX_FIELDS || (r->max_field && n > r->max_field))
		return false;
	r->nfields = 0; /* split elsewhere: csv_field has none of this record's */
	take_line(r, i);
	*line = r->buf + rs;
	*len = n;
	return true;
}

/* A line being split: its fields so far, the next one's start. */
typedef struct line_split {
	uint32_t *at, *len;
	size_t cap, nf, start;
} line_split;

/* The field from start ends at k, where its delimiter becomes its NUL
 * (k == the line's length: the last field, ended by the line's end). */
static inline void field_ends(line_split *ls, size_t k)
{
	if (ls->nf < ls->cap) {
		ls->at[ls->nf] = (uint32_t)ls->start;
		ls->len[ls->nf] = (uint32_t)(k - ls->start);
	}
	ls->nf++;
	ls->start = k + 1;
}

size_t csv_split_line(char *line, size_t n, char delim, uint32_t *at, uint32_t *len, size_t cap)
{
	line_split ls = {at, len, cap, 0, 0};
	size_t i = 0;
#ifdef __SSE2__
	const __m128i d = _mm_set1_epi8(delim);
	for (; i + 16 <= n; i += 16) {
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(line + i));
		for (unsigned hits = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(w, d)); hits; hits &= hits - 1) {
			size_t k = i + (size_t)__builtin_ctz(hits);
			line[k] = '\0';
			field_ends(&ls, k);
		}
	}
#endif
	for (; i < n; i++)
		if (line[i] == delim) {
			line[i] = '\0';
			field_ends(&ls, i);
		}
	field_ends(&ls, n);
	return ls.nf;
}

static csv_status next_slow(csv_reader *r);

csv_status csv_next(csv_reader *r)
{
	if (!r->started) {
		r->started = true;
		int c0 = peek(r);
		if (c0 == 0xEF && r->len - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0)
			r->pos += 3;
		if ((c0 == 0xFF || c0 == 0xFE) && r->len - r->pos >= 2 && (unsigned char)r->buf[r->pos + 1] == (c0 ^ 1) &&
		    r->cd == (iconv_t)-1) {
			/* a UTF-16 byte-order mark (Excel's "Unicode text"): convert
			 * from here on; iconv reads the mark for the byte order */
			r->cd = iconv_open("UTF-8", "UTF-16");
			r->unit = 2;
			if (r->cd != (iconv_t)-1) {
				r->raw = mem_alloc(CSV_CHUNK);
				r->rawlen = r->len - r->pos;
				memcpy(r->raw, r->buf + r->pos, r->rawlen);
				r->len = r->pos = 0;
				r->encoding = "UTF-16";
			}
		}
	}
	csv_status st;
	if (next_plain(r, &st))
		return st;
	st = next_slow(r);
	if (st != CSV_RECORD) {
		r->base = r->rec.data;
		r->reclen = r->rec.len;
	}
	return st;
}

/* The record at pos, read byte by byte: quotes, blank lines, limits. */
static csv_status next_slow(csv_reader *r)
{
	for (;;) {
		sb_clear(&r->rec);
		r->nfields = 0;
		r->err[0][0] = r->err[1][0] = '\0';
		int c = peek(r);
		if (c < 0)
			return ferror(r->f) || r->read_error ? CSV_IOERR : CSV_EOF;
		r->line = r->next_line;
		r->quote_field = 0;
		if (c == '\n' || c == '\r') {
			/* a blank line is not a record, but a spreadsheet row all the same */
			get(r);
			if (c == '\r' && peek(r) == '\n')
				get(r);
			r->next_line++;
			r->row++;
			continue;
		}
		r->row++;
		for (;;) {
			size_t start = r->rec.len;
			c = peek(r);
			if (c == '"') {
				get(r);
				long open_line = r->next_line;
				for (;;) {
					c = get(r);
					if (c < 0) {
						csv_say(r, false,
							"the quote that opens field %zu on line %ld is never closed: everything from "
							"there to the end of the file was read into that field",
							r->nfields + 1, open_line);
						r->quote_field = r->nfields + 1;
						r->quote_line = open_line;
						return CSV_BAD;
					}
					if (c == '"') {
						if (peek(r) == '"') {
							get(r);
							sb_putc(&r->rec, '"');
							continue;
						}
						break;
					}
					if (c == '\n') {
						r->next_line++;
						if (!r->quote_field) {
							r->quote_field = r->nfields + 1;
							r->quote_line = open_line;
						}
					}
					if (r->max_field && r->rec.len - start >= r->max_field)
						return field_too_long(r, true);
					if (r->rec.len >= CSV_MAX_RECORD)
						return row_too_long(r, true);
					sb_putc(&r->rec, (char)c);
				}
				c = peek(r);
				if (c >= 0 && c != r->delim && c != '\n' && c != '\r') {
					csv_say(r, false, "unexpected '%c' after the closing quote of field %zu", c,
						r->nfields + 1);
					skip_line(r);
					return CSV_BAD;
				}
			} else {
				/* unquoted: copy up to the next separator in one go where possible */
				for (;;) {
					if (!fill(r))
						break;
					const char *p = r->buf + r->pos, *end = r->buf + r->len, *q = p;
					while (q < end && *q != r->delim && *q != '\n' && *q != '\r')
						q++;
					sb_putn(&r->rec, p, (size_t)(q - p));
					r->pos += (size_t)(q - p);
					if (r->max_field && r->rec.len - start > r->max_field)
						return field_too_long(r, false);
					if (r->rec.len > CSV_MAX_RECORD)
						return row_too_long(r, false);
					if (q < end)
						break;
				}
			}
			if (!end_field(r, start)) {
				csv_say(r, false, "the row has more than %s fields", CSV_MAX_FIELDS_TEXT);
				return too_long(r, false);
			}
			c = get(r);
			if (c == r->delim)
				continue;
			if (c == '\r' && peek(r) == '\n')
				get(r);
			if (c == '\n' || c == '\r')
				r->next_line++;
			r->base = r->rec.data;
			r->reclen = r->rec.len;
			return check_utf8(r);
		}
	}
}

size_t csv_nfields(const csv_reader *r)
{
	return r->nfields;
}

const char *csv_field(const csv_reader *r, size_t i, size_t *len)
{
	*len = r->lens[i];
	return r->base + r->starts[i];
}

const char *csv_record(const csv_reader *r, size_t *len)
{
	*len = r->reclen;
	return r->base;
}

long csv_row(const csv_reader *r)
{
	return r->row;
}

long csv_line(const csv_reader *r)
{
	return r->line;
}

long csv_last_line(const csv_reader *r)
{
	return r->next_line - 1 > r->line ? r->next_line - 1 : r->line;
}

bool csv_quote_spans(const csv_reader *r, size_t *field, long *open_line)
{
	*field = r->quote_field;
	*open_line = r->quote_line;
	return r->quote_field != 0;
}

const char *csv_error(const csv_reader *r)
{
	return r->err[i18n_files_active() ? 1 : 0];
}
