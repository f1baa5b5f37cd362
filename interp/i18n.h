/* i18n: messages in the user's language, through gettext.
 *
 * Every message is written in English in the source and marked: _() where
 * it is printed, N_() where a table holds it and _() is applied at use.
 * The catalog's domain is named on every lookup (dgettext), so the library
 * translates its own messages even inside a program with another domain. */
#ifndef SCORE_I18N_H
#define SCORE_I18N_H

#include <libintl.h>

#define SCORE_TEXT_DOMAIN "score"
#define _(msgid) dgettext(SCORE_TEXT_DOMAIN, msgid)
#define N_(msgid) (msgid)
#define P_(one, many, n) dngettext(SCORE_TEXT_DOMAIN, one, many, (unsigned long)(n))

/* Chooses the language from LC_ALL / LC_MESSAGES / LANG / LANGUAGE and finds
 * the catalogs: $SCORE_LOCALEDIR, then beside the program (an installed
 * PREFIX/bin/score reads PREFIX/share/locale; ./score and build/KIND/score
 * in the source tree read build/locale), then the folder fixed at build time. A Chinese locale
 * that is not installed on the machine still gets Chinese messages. */
void i18n_init(void);

#endif
