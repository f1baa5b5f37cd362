/* i18n: binds the message catalog and picks the language (see i18n.h). */
#include "i18n.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SCORE_LOCALEDIR
#define SCORE_LOCALEDIR "/usr/local/share/locale"
#endif

static bool has_catalog(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;
	int n = snprintf(path, sizeof path, "%s/zh_CN/LC_MESSAGES/" SCORE_TEXT_DOMAIN ".mo", dir);
	return n > 0 && (size_t)n < sizeof path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The catalog folder: the environment's, else one beside the program. */
static const char *locale_dir(char *buf, size_t size)
{
	const char *env = getenv("SCORE_LOCALEDIR");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			static const char *const beside[] = {"%s/../share/locale", "%s/build/locale", "%s/../locale"};
			for (size_t i = 0; i < sizeof beside / sizeof *beside; i++) {
				int k = snprintf(buf, size, beside[i], exe);
				if (k > 0 && (size_t)k < size && has_catalog(buf))
					return buf;
			}
		}
	}
	return SCORE_LOCALEDIR;
}

/* The locale the environment asks messages to be in, as POSIX orders it. */
static const char *wanted_locale(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

void i18n_init(void)
{
	char dir[PATH_MAX]; /* bindtextdomain keeps its own copy */
	bindtextdomain(SCORE_TEXT_DOMAIN, locale_dir(dir, sizeof dir));
	bind_textdomain_codeset(SCORE_TEXT_DOMAIN, "UTF-8");
	/* only messages follow the locale: numbers, bytes and sorting never do */
	if (setlocale(LC_MESSAGES, ""))
		return;
	/* The locale named is not installed (common on servers and in
	 * containers). gettext ignores LANGUAGE under "C", so run messages under
	 * C.UTF-8 and name the wanted language in LANGUAGE, without its codeset. */
	const char *want = wanted_locale();
	if (!want || strcmp(want, "C") == 0 || strcmp(want, "POSIX") == 0)
		return;
	char lang[64];
	size_t k = strcspn(want, ".@");
	if (k == 0 || k >= sizeof lang)
		return;
	memcpy(lang, want, k);
	lang[k] = '\0';
	const char *language = getenv("LANGUAGE"); /* the user's own list wins */
	if (setlocale(LC_MESSAGES, "C.UTF-8") || setlocale(LC_MESSAGES, "C.utf8"))
		setenv("LANGUAGE", lang, language && *language ? 0 : 1);
}

/* ---- the files' language: the zh_CN catalog, read once ------------------ */

static _Thread_local int files_mode;
static pthread_once_t catalog_once = PTHREAD_ONCE_INIT;
static char *catalog;          /* the .mo file's bytes, or NULL */
static size_t catalog_len;
static uint32_t catalog_n, catalog_orig, catalog_trans;
static bool catalog_swapped;

static uint32_t mo_word(size_t at)
{
	if (at + 4 > catalog_len)
		return 0;
	uint32_t w;
	memcpy(&w, catalog + at, 4);
	return catalog_swapped ? __builtin_bswap32(w) : w;
}

/* The string at a table's entry k (length, offset), or NULL when the
 * file does not hold it whole. */
static const char *mo_string(uint32_t table, uint32_t k)
{
	size_t entry = (size_t)table + 8 * (size_t)k;
	uint32_t len = mo_word(entry), off = mo_word(entry + 4);
	if ((size_t)off + len >= catalog_len || catalog[(size_t)off + len] != '\0')
		return NULL;
	return catalog + off;
}

static void catalog_load(void)
{
	char dir[PATH_MAX], path[PATH_MAX];
	int n = snprintf(path, sizeof path, "%s/zh_CN/LC_MESSAGES/" SCORE_TEXT_DOMAIN ".mo", locale_dir(dir, sizeof dir));
	FILE *f = n > 0 && (size_t)n < sizeof path ? fopen(path, "rb") : NULL;
	if (!f)
		return;
	char *buf = NULL;
	long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
	if (size > 28 && size < (64L << 20) && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)size)) &&
	    fread(buf, 1, (size_t)size, f) == (size_t)size) {
		catalog = buf;
		catalog_len = (size_t)size;
		uint32_t magic;
		memcpy(&magic, buf, 4);
		catalog_swapped = magic == 0xde120495u;
		if (magic == 0x950412deu || catalog_swapped) {
			catalog_n = mo_word(8);
			catalog_orig = mo_word(12);
			catalog_trans = mo_word(16);
			if ((size_t)catalog_orig + 8 * (size_t)catalog_n <= catalog_len &&
			    (size_t)catalog_trans + 8 * (size_t)catalog_n <= catalog_len) {
				fclose(f);
				return;
			}
		}
		catalog = NULL;
	}
	free(buf);
	fclose(f);
}

/* The catalog's translation of msgid (its first form), or NULL. The
 * originals are sorted by their bytes (a plural's by its singular first). */
static const char *catalog_find(const char *msgid)
{
	pthread_once(&catalog_once, catalog_load);
	if (!catalog)
		return NULL;
	uint32_t lo = 0, hi = catalog_n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *o = mo_string(catalog_orig, mid);
		if (!o)
			return NULL;
		int c = strcmp(msgid, o);
		if (c == 0) {
			const char *t = mo_string(catalog_trans, mid);
			return t && *t ? t : NULL;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static bool files_english;

void i18n_files_english(bool english)
{
	files_english = english;
}

bool i18n_files_in_english(void)
{
	return files_english;
}

/* Every label's text in one object, one after the other, and then the
 * slack that i18n_word_n promises: a label is read sixteen bytes at a time
 * as the object's bytes, never outside it. */
struct word_layout {
#define WORD(id, zh, en) char id##_zh[sizeof zh], id##_en[sizeof en];
#include "words.def"
#undef WORD
	char slack[I18N_WORD_SLACK];
};
static const struct word_layout word_texts = {
#define WORD(id, zh, en) zh, en,
#include "words.def"
#undef WORD
	"",
};

static const struct word {
	unsigned short offset, len;
} words[W__COUNT][2] = {
#define WORD(id, zh, en) \
	[W_##id] = {{offsetof(struct word_layout, id##_zh), sizeof zh - 1}, {offsetof(struct word_layout, id##_en), sizeof en - 1}},
#include "words.def"
#undef WORD
};
_Static_assert(sizeof(struct word_layout) <= 65535, "a label's offset fits its field");

const char *i18n_word(i18n_word_id w)
{
	return (const char *)&word_texts + words[w][files_english].offset; /* the object's bytes, slack included */
}

const char *i18n_word_n(i18n_word_id w, size_t *len)
{
	return i18n_word_in(w, files_english, len);
}

int i18n_word_lang(void)
{
	return files_english;
}

const char *i18n_word_in(i18n_word_id w, int lang, size_t *len)
{
	*len = words[w][lang].len;
	return (const char *)&word_texts + words[w][lang].offset; /* the object's bytes, slack included */
}

const char *i18n_text(const char *msgid)
{
	if (!files_mode)
		return dgettext(SCORE_TEXT_DOMAIN, msgid);
	const char *t = files_english ? NULL : catalog_find(msgid);
	return t ? t : msgid;
}

const char *i18n_ntext(const char *one, const char *many, unsigned long n)
{
	if (!files_mode)
		return dngettext(SCORE_TEXT_DOMAIN, one, many, n);
	const char *t = files_english ? NULL : catalog_find(one); /* Chinese has one form */
	return t ? t : n == 1 ? one : many;
}

int i18n_files_begin(void)
{
	int was = files_mode;
	files_mode = 1;
	return was;
}

void i18n_files_end(int previous)
{
	files_mode = previous;
}

bool i18n_files_active(void)
{
	return files_mode != 0;
}
