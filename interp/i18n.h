/* i18n: messages in the user's language, through gettext.
 *
 * Every message is written in English in the source and marked: _() where
 * it is printed, N_() where a table holds it and _() is applied at use.
 * The catalog's domain is named on every lookup (dgettext), so the library
 * translates its own messages even inside a program with another domain. */
#ifndef SCORE_I18N_H
#define SCORE_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>

#define SCORE_TEXT_DOMAIN "score"
#define _(msgid) i18n_text(msgid)
#define N_(msgid) (msgid)
#define P_(one, many, n) i18n_ntext(one, many, (unsigned long)(n))

/* A message in the language of messages (gettext), or, while the calling
 * thread is between i18n_files_begin and i18n_files_end, in the language of
 * the files score writes: Chinese, read from the catalog itself, so that a
 * report says the same whatever the locale of the run (English where the
 * catalog cannot be found). */
const char *i18n_text(const char *msgid);
const char *i18n_ntext(const char *one, const char *many, unsigned long n);
/* Returns the previous setting, to hand to i18n_files_end. */
int i18n_files_begin(void);
void i18n_files_end(int previous);
bool i18n_files_active(void);

/* The language of the files score writes: Chinese unless set to English
 * (--report-language en). Process-wide: set before a command starts, read
 * by all its threads. In English, a message in the files' language is the
 * message as the source writes it. */
void i18n_files_english(bool english);
bool i18n_files_in_english(void);

/* The labels of those files, one table of both languages (words.def). */
typedef enum i18n_word_id {
#define WORD(id, zh, en) W_##id,
#include "words.def"
#undef WORD
	W__COUNT
} i18n_word_id;
const char *i18n_word(i18n_word_id w);
/* The same and its length in bytes (the explanations write many). The
 * I18N_WORD_SLACK bytes from its start can always be read (they are the
 * label and whatever follows it), so a short label is copied whole. */
#define I18N_WORD_SLACK 16
const char *i18n_word_n(i18n_word_id w, size_t *len);
/* The same in a language chosen once (i18n_word_lang: the files' language
 * now), for a writer of many labels: the choice is then a register, where
 * the files' setting is read again from memory after each byte written. */
int i18n_word_lang(void);
const char *i18n_word_in(i18n_word_id w, int lang, size_t *len);


/* Chooses the language from LC_ALL / LC_MESSAGES / LANG / LANGUAGE and finds
 * the catalogs: $SCORE_LOCALEDIR, then beside the program (an installed
 * PREFIX/bin/score reads PREFIX/share/locale; ./score and build/KIND/score
 * in the source tree read build/locale), then the folder fixed at build time. A Chinese locale
 * that is not installed on the machine still gets Chinese messages. */
void i18n_init(void);

#endif
