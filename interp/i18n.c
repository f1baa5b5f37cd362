/* i18n: binds the message catalog and picks the language (see i18n.h). */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdbool.h>
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
