#include "load.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../grammar/grammar.h"
#include "i18n.h"
#include "mem.h"
#include "strbuf.h"
#include "utf8.h"

typedef struct load_state {
	ast_program *prog;
	diag_log *log;
	const load_reach *reach;
	const char *top;   /* the policy's own file: its folder may be read */
	char **seen;       /* real paths already read */
	size_t nseen, capseen;
	int depth;
} load_state;

/* Deepest chain of imports (a imports b imports c ...). */
#define LOAD_MAX_IMPORT_DEPTH 64

bool load_reach_add(load_reach *r, const char *dir)
{
	char *real = realpath(dir, NULL);
	if (!real)
		return false;
	r->dirs = mem_grow(r->dirs, sizeof *r->dirs, &r->cap, r->n + 1);
	r->dirs[r->n++] = mem_strdup(real);
	free(real);
	return true;
}

void load_reach_free(load_reach *r)
{
	for (size_t i = 0; i < r->n; i++)
		mem_free(r->dirs[i]);
	mem_free(r->dirs);
	*r = (load_reach){0};
}

static bool under(const char *real, const char *root)
{
	size_t n = strlen(root);
	return strncmp(real, root, n) == 0 && (real[n] == '/' || real[n] == '\0' || (n == 1 && root[0] == '/'));
}

/* The folder of a file, as a real path (owned), or NULL. */
static char *real_folder(const char *file)
{
	strbuf sb = STRBUF_INIT;
	const char *slash = strrchr(file, '/');
	if (slash)
		sb_printf(&sb, "%.*s", (int)(slash - file + (slash == file)), file);
	else
		sb_puts(&sb, ".");
	char *real = realpath(sb.data, NULL);
	sb_free(&sb);
	char *owned = real ? mem_strdup(real) : NULL;
	free(real);
	return owned;
}

/* May a policy whose top file is `top` read `path` (an import, a Lua
 * file)? Only under its own folder, a $SCORE_PATH folder or an allowed
 * one, judged on the real path, so that a link cannot lead out. */
static bool reachable(const load_reach *reach, const char *top, const char *path)
{
	char *real = realpath(path, NULL);
	if (!real)
		return false;
	bool ok = false;
	char *home = top ? real_folder(top) : NULL;
	if (home && under(real, home))
		ok = true;
	mem_free(home);
	for (size_t i = 0; !ok && reach && i < reach->n; i++)
		ok = under(real, reach->dirs[i]);
	const char *env = getenv("SCORE_PATH");
	while (!ok && env && *env) {
		const char *end = strchr(env, ':');
		size_t n = end ? (size_t)(end - env) : strlen(env);
		if (n) {
			char *dir = mem_strndup(env, n), *rdir = realpath(dir, NULL);
			ok = rdir && under(real, rdir);
			free(rdir);
			mem_free(dir);
		}
		env += n + (end ? 1 : 0);
	}
	free(real);
	return ok;
}

static char *read_open_file(FILE *f, size_t *len, size_t limit);

char *load_read_file(const char *path, size_t *len, size_t limit)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	return read_open_file(f, len, limit);
}

char *load_read_regular(const char *path, size_t *len, size_t limit)
{
	/* non-blocking, so that opening a FIFO cannot wait for a writer */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return NULL;
	}
	return read_open_file(f, len, limit);
}

static char *read_open_file(FILE *f, size_t *len, size_t limit)
{
	strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		sb_putn(&sb, buf, n);
		if (limit && sb.len > limit) {
			fclose(f);
			sb_free(&sb);
			errno = EFBIG;
			return NULL;
		}
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		sb_free(&sb);
		errno = EIO;
		return NULL;
	}
	*len = sb.len;
	return sb_take(&sb);
}

static bool file_exists(const char *path)
{
	return access(path, R_OK) == 0;
}

/* Removes "./" and "dir/../" from a path, in place, so that messages name
 * policies/x.rule rather than examples/a/../../policies/x.rule. */
static void normalize_path(char *path)
{
	bool abs = path[0] == '/';
	char *parts[256];
	int n = 0;
	char *save = NULL;
	char *copy = mem_strdup(path);
	for (char *tok = strtok_r(copy, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0 && n > 0 && strcmp(parts[n - 1], "..") != 0) {
			n--;
			continue;
		}
		if (n == 256) {
			mem_free(copy);
			return;
		}
		parts[n++] = tok;
	}
	char *out = path;
	if (abs)
		*out++ = '/';
	for (int i = 0; i < n; i++) {
		size_t len = strlen(parts[i]);
		memmove(out, parts[i], len);
		out += len;
		if (i + 1 < n)
			*out++ = '/';
	}
	if (out == path)
		*out++ = '.';
	*out = '\0';
	mem_free(copy);
}

/* Finds the file an import names; returns an owned path or NULL. */
static char *resolve_import(const char *from_file, const char *name)
{
	strbuf sb = STRBUF_INIT;
	if (name[0] == '/') {
		if (file_exists(name))
			return mem_strdup(name);
		return NULL;
	}
	const char *slash = from_file ? strrchr(from_file, '/') : NULL;
	if (slash)
		sb_printf(&sb, "%.*s/%s", (int)(slash - from_file), from_file, name);
	else
		sb_puts(&sb, name);
	normalize_path(sb.data);
	sb.len = strlen(sb.data);
	if (file_exists(sb.data))
		return sb_take(&sb);
	const char *env = getenv("SCORE_PATH");
	if (env) {
		const char *p = env;
		while (*p) {
			const char *end = strchr(p, ':');
			size_t n = end ? (size_t)(end - p) : strlen(p);
			if (n) {
				sb_clear(&sb);
				sb_printf(&sb, "%.*s/%s", (int)n, p, name);
				if (file_exists(sb.data))
					return sb_take(&sb);
			}
			p += n + (end ? 1 : 0);
		}
	}
	sb_free(&sb);
	return NULL;
}

static const load_embedded *find_embedded(const char *name)
{
	for (int i = 0; i < load_stdlib_count; i++)
		if (strcmp(load_stdlib_files[i].name, name) == 0)
			return &load_stdlib_files[i];
	return NULL;
}

static bool already_seen(load_state *st, const char *path)
{
	char *real = realpath(path, NULL);
	const char *key = real ? real : path;
	for (size_t i = 0; i < st->nseen; i++)
		if (strcmp(st->seen[i], key) == 0) {
			free(real);
			return true;
		}
	st->seen = mem_grow(st->seen, sizeof *st->seen, &st->capseen, st->nseen + 1);
	st->seen[st->nseen++] = mem_strdup(key);
	free(real);
	return false;
}

static void load_source(load_state *st, int file, const char *path);

/* Why a file found for an import or a Lua block cannot be read; NULL when
 * it can. */
static const char *refusal(const load_reach *reach, const char *top, const char *found)
{
	struct stat st;
	if (stat(found, &st) == 0 && !S_ISREG(st.st_mode))
		return _("it is not a regular file");
	if (!reachable(reach, top, found))
		return _("it is outside the policy's folder, $SCORE_PATH and the folders given with --allow-path");
	return NULL;
}

char *load_find(const load_reach *reach, const char *top, const char *from_file, const char *name, size_t *len,
		char **shown, const char **why)
{
	*why = NULL;
	char *found = resolve_import(from_file, name);
	if (found) {
		*why = refusal(reach, top, found);
		char *text = *why ? NULL : load_read_regular(found, len, LOAD_MAX_BYTES);
		if (!text) {
			if (!*why)
				*why = strerror(errno);
			*shown = found;
			return NULL;
		}
		*shown = found;
		return text;
	}
	const load_embedded *lib = find_embedded(name);
	if (!lib)
		return NULL;
	strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "stdlib/%s", lib->name);
	*shown = sb_take(&sb);
	*len = lib->len;
	return mem_strndup(lib->text, lib->len);
}

static void load_decls(load_state *st, ast_list *decls, const char *path)
{
	for (size_t i = 0; i < decls->len; i++) {
		ast_decl *d = decls->items[i];
		if (d->kind != D_IMPORT) {
			ast_list_push(st->prog->arena, &st->prog->decls, d);
			continue;
		}
		char *found = resolve_import(path, d->name);
		const load_embedded *lib = found ? NULL : find_embedded(d->name);
		if (!found && !lib) {
			diag_error(st->log, d->name_loc, "cannot find '%s' to import (looked beside this file, in $SCORE_PATH and in the standard library)",
				   d->name);
			continue;
		}
		if (lib) {
			/* the standard library, as compiled in; named stdlib/… in messages */
			strbuf key = STRBUF_INIT;
			sb_printf(&key, "stdlib/%s", lib->name);
			if (!already_seen(st, key.data)) {
				int file = diag_add_source(st->log, key.data, mem_strndup(lib->text, lib->len), lib->len);
				st->depth++;
				load_source(st, file, key.data);
				st->depth--;
			}
			sb_free(&key);
			continue;
		}
		if (already_seen(st, found)) {
			mem_free(found);
			continue;
		}
		if (st->depth >= LOAD_MAX_IMPORT_DEPTH) {
			diag_error(st->log, d->name_loc, "imports nested deeper than %d files", LOAD_MAX_IMPORT_DEPTH);
			mem_free(found);
			continue;
		}
		const char *why = refusal(st->reach, st->top, found);
		size_t len;
		char *text = why ? NULL : load_read_regular(found, &len, LOAD_MAX_BYTES);
		if (!text) {
			diag_error(st->log, d->name_loc, "cannot import '%s': %s", found, why ? why : strerror(errno));
			mem_free(found);
			continue;
		}
		int file = diag_add_source(st->log, found, text, len);
		st->depth++;
		load_source(st, file, found);
		st->depth--;
		mem_free(found);
	}
}

/* True when the text reads as GB18030 (GBK), as Windows saves Chinese. */
static bool reads_as_gb18030(const char *text, size_t len)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return false;
	char out[4096];
	char *in = (char *)text;
	size_t inleft = len;
	bool ok = true;
	while (inleft && ok) {
		char *o = out;
		size_t oleft = sizeof out;
		if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 && errno != E2BIG)
			ok = false;
	}
	iconv_close(cd);
	return ok;
}

static void load_source(load_state *st, int file, const char *path)
{
	size_t len;
	char *text = (char *)diag_source_text(st->log, file, &len);
	/* a byte-order mark is not part of the text; blank it so offsets stay */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		memset(text, ' ', 3);
	/* a file in another encoding: one message, not one per byte */
	size_t bad = utf8_invalid_at(text, len);
	if (bad < len && reads_as_gb18030(text, len)) {
		srcloc at = {file, (uint32_t)bad, (uint32_t)bad + 1};
		diag_error(st->log, at, "this file is not UTF-8 but GB18030 (GBK), as Windows saves Chinese text: save it as UTF-8 "
			       "(另存为 → 编码 UTF-8), or convert it: iconv -f gb18030 -t utf-8");
		return;
	}
	ast_list decls = {0};
	grammar_parse(st->log, st->prog->arena, file, &decls);
	load_decls(st, &decls, path);
}

static ast_program *load_start(load_state *st, diag_log *log, const load_reach *reach)
{
	memset(st, 0, sizeof *st);
	st->log = log;
	st->reach = reach;
	st->prog = ast_program_new();
	return st->prog;
}

static void load_finish(load_state *st)
{
	for (size_t i = 0; i < st->nseen; i++)
		mem_free(st->seen[i]);
	mem_free(st->seen);
}

ast_program *load_policy(diag_log *log, const load_reach *reach, const char *path)
{
	size_t len;
	char *text = load_read_file(path, &len, LOAD_MAX_BYTES);
	if (!text) {
		diag_error(log, SRCLOC_NONE, "cannot read policy '%s': %s", path, strerror(errno));
		return NULL;
	}
	load_state st;
	load_start(&st, log, reach);
	st.top = path;
	char *top = ast_alloc(st.prog->arena, strlen(path) + 1);
	memcpy(top, path, strlen(path) + 1);
	st.prog->top = top;
	already_seen(&st, path);
	int file = diag_add_source(log, path, text, len);
	load_source(&st, file, path);
	load_finish(&st);
	return st.prog;
}

ast_program *load_policy_text(diag_log *log, const load_reach *reach, const char *name, const char *text, size_t len)
{
	load_state st;
	load_start(&st, log, reach);
	st.top = name;
	char *top = ast_alloc(st.prog->arena, strlen(name) + 1);
	memcpy(top, name, strlen(name) + 1);
	st.prog->top = top;
	int file = diag_add_source(log, name, mem_strndup(text, len), len);
	load_source(&st, file, name);
	load_finish(&st);
	return st.prog;
}
