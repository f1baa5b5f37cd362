#include "diag.h"

#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "strbuf.h"
#include "utf8.h"

typedef struct diag_source {
	char *name;
	char *text;
	size_t len;
	uint32_t *lines;   /* offset of each line's start, made on first use */
	size_t nlines;
} diag_source;

struct diag_log {
	diag_source *sources;
	size_t nsources, capsources;
	int nerrors, nwarnings;
	FILE *stream;
	bool keep, quiet;     /* keep messages as values; print none */
	diag_message *kept;
	size_t nkept, capkept;
};

/* after this many errors, one more line says so and the rest are not shown */
static const int max_errors = 50;

diag_log *diag_log_new(void)
{
	return mem_calloc(1, sizeof(diag_log));
}

void diag_log_free(diag_log *log)
{
	if (!log)
		return;
	for (size_t i = 0; i < log->nsources; i++) {
		mem_free(log->sources[i].name);
		mem_free(log->sources[i].text);
		mem_free(log->sources[i].lines);
	}
	mem_free(log->sources);
	for (size_t i = 0; i < log->nkept; i++)
		mem_free(log->kept[i].text);
	mem_free(log->kept);
	mem_free(log);
}

/* The offset of each line's start, so that placing a location is a binary
 * search; made when the source is added, so that lookups never write. */
static void index_lines(diag_source *s)
{
	size_t cap = 0;
	s->lines = mem_grow(NULL, sizeof *s->lines, &cap, 1);
	s->lines[s->nlines++] = 0;
	for (size_t i = 0; i < s->len; i++)
		if (s->text[i] == '\n') {
			s->lines = mem_grow(s->lines, sizeof *s->lines, &cap, s->nlines + 1);
			s->lines[s->nlines++] = (uint32_t)(i + 1);
		}
}

int diag_add_source(diag_log *log, const char *name, char *text, size_t len)
{
	log->sources = mem_grow(log->sources, sizeof *log->sources, &log->capsources, log->nsources + 1);
	diag_source *s = &log->sources[log->nsources];
	*s = (diag_source){mem_strdup(name), text, len, NULL, 0};
	index_lines(s);
	return (int)log->nsources++;
}

const char *diag_source_name(const diag_log *log, int file)
{
	return file >= 0 && (size_t)file < log->nsources ? log->sources[file].name : "<input>";
}

const char *diag_source_text(const diag_log *log, int file, size_t *len)
{
	if (file < 0 || (size_t)file >= log->nsources) {
		*len = 0;
		return "";
	}
	*len = log->sources[file].len;
	return log->sources[file].text;
}

int diag_source_count(const diag_log *log)
{
	return (int)log->nsources;
}

void diag_set_stream(diag_log *log, FILE *f)
{
	log->stream = f;
}

int diag_error_count(const diag_log *log)
{
	return log->nerrors;
}

int diag_warning_count(const diag_log *log)
{
	return log->nwarnings;
}

static size_t line_start_of(const char *text, size_t off)
{
	while (off > 0 && text[off - 1] != '\n')
		off--;
	return off;
}

/* The line of a byte offset: a binary search in the source's line table. */
static int line_of(const diag_source *s, size_t off)
{
	size_t lo = 0, hi = s->nlines; /* the last line start <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo + 1;
}

void diag_line_col(const diag_log *log, srcloc loc, int *line, int *col)
{
	size_t len;
	const char *text = diag_source_text(log, loc.file, &len);
	size_t off = loc.start < len ? loc.start : len;
	size_t ls = line_start_of(text, off);
	*line = loc.file >= 0 && (size_t)loc.file < log->nsources ? line_of(&log->sources[loc.file], off) : 1;
	*col = (int)utf8_length(text + ls, off - ls) + 1;
}

int diag_line(const diag_log *log, srcloc loc)
{
	if (loc.file < 0)
		return 0;
	int line, col;
	diag_line_col(log, loc, &line, &col);
	return line;
}

/* Prints the source line of loc and a caret line under its span. */
static void show_caret(const diag_log *log, FILE *f, srcloc loc)
{
	size_t len;
	const char *text = diag_source_text(log, loc.file, &len);
	size_t off = loc.start < len ? loc.start : len;
	size_t ls = line_start_of(text, off);
	size_t le = off;
	while (le < len && text[le] != '\n' && text[le] != '\r')
		le++;
	/* a very long line is shown as a window around the location */
	bool cut_left = false, cut_right = false;
	if (utf8_width(text + ls, le - ls) > 160) {
		size_t from = off;
		for (int k = 0; k < 60 && from > ls; k++) {
			from--;
			while (from > ls && ((unsigned char)text[from] & 0xC0) == 0x80)
				from--;
		}
		size_t to = off;
		for (int k = 0; k < 60 && to < le; k++) {
			to++;
			while (to < le && ((unsigned char)text[to] & 0xC0) == 0x80)
				to++;
		}
		cut_left = from > ls;
		cut_right = to < le;
		ls = from;
		le = to;
	}
	strbuf sb = STRBUF_INIT;
	sb_puts(&sb, cut_left ? "  …" : "  ");
	sb_putn(&sb, text + ls, le - ls);
	if (cut_right)
		sb_puts(&sb, "…");
	sb_puts(&sb, cut_left ? "\n   " : "\n  ");
	size_t i = ls;
	while (i < off) {
		if (text[i] == '\t') {
			sb_putc(&sb, '\t');
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(text + i, off - i, &cp);
		int w = k ? utf8_cp_width(cp) : 1;
		for (int j = 0; j < w; j++)
			sb_putc(&sb, ' ');
		i += k ? k : 1;
	}
	size_t end = loc.end < le ? loc.end : le;
	size_t width = end > off ? utf8_width(text + off, end - off) : 1;
	sb_putc(&sb, '^');
	for (size_t j = 1; j < width; j++)
		sb_putc(&sb, '~');
	fprintf(f, "%s\n", sb.data);
	sb_free(&sb);
}

void diag_keep(diag_log *log, bool print)
{
	log->keep = true;
	log->quiet = !print;
}

size_t diag_kept_count(const diag_log *log)
{
	return log->nkept;
}

const diag_message *diag_kept(const diag_log *log, size_t i)
{
	return i < log->nkept ? &log->kept[i] : NULL;
}

static void keep_message(diag_log *log, diag_kind kind, srcloc loc, const char *fmt, va_list ap)
{
	strbuf text = STRBUF_INIT;
	sb_vprintf(&text, _(fmt), ap);
	diag_message m = {kind, loc.file >= 0 ? diag_source_name(log, loc.file) : NULL, 0, 0, sb_take(&text)};
	if (loc.file >= 0)
		diag_line_col(log, loc, &m.line, &m.column);
	log->kept = mem_grow(log->kept, sizeof *log->kept, &log->capkept, log->nkept + 1);
	log->kept[log->nkept++] = m;
}

void diag_vreport(diag_log *log, diag_kind kind, srcloc loc, const char *fmt, va_list ap)
{
	FILE *f = log->stream ? log->stream : stderr;
	if (kind == DIAG_ERROR)
		log->nerrors++;
	else if (kind == DIAG_WARNING)
		log->nwarnings++;
	if (log->keep) {
		va_list copy;
		va_copy(copy, ap);
		keep_message(log, kind, loc, fmt, copy);
		va_end(copy);
	}
	if (log->quiet)
		return;
	if (kind == DIAG_ERROR && log->nerrors > max_errors) {
		if (log->nerrors == max_errors + 1)
			fprintf(f, "%s", _("score: too many errors; stopping here\n"));
		return;
	}
	static const char *const label[] = {N_("error"), N_("warning"), N_("note")};
	if (loc.file >= 0) {
		int line, col;
		diag_line_col(log, loc, &line, &col);
		fprintf(f, "%s:%d:%d: %s: ", diag_source_name(log, loc.file), line, col, _(label[kind]));
	} else {
		fprintf(f, "score: %s: ", _(label[kind]));
	}
	vfprintf(f, _(fmt), ap);
	fputc('\n', f);
	if (loc.file >= 0)
		show_caret(log, f, loc);
}

void diag_report(diag_log *log, diag_kind kind, srcloc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vreport(log, kind, loc, fmt, ap);
	va_end(ap);
}
