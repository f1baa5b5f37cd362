/* load: reads a policy file and the files it imports into one syntax tree.
 *
 * `import "x.rule";` is looked up beside the importing file, then in each
 * folder of $SCORE_PATH (':'-separated), then in the standard library.
 * What a policy can reach is limited: an import or a Lua file is read only
 * when it is a regular file whose real path lies under the policy's own
 * folder, a $SCORE_PATH folder or a folder given with load_allow_path
 * (--allow-path); anything else is refused with the reason, unread.
 * A file imported twice is read once; its declarations take the place of the
 * import, so the order of indicators is the order of the text. */
#ifndef SCORE_LOAD_H
#define SCORE_LOAD_H

#include "ast.h"

/* Largest policy file read, to refuse runaway input early. */
#define LOAD_MAX_BYTES (16u << 20)

/* The folders a policy may read besides its own folder and $SCORE_PATH
 * (--allow-path), as real paths. Zero-initialised, it allows none. */
typedef struct load_reach {
	char **dirs;
	size_t n, cap;
} load_reach;

/* False when dir does not exist. */
bool load_reach_add(load_reach *r, const char *dir);
void load_reach_free(load_reach *r);

/* Returns the program, or NULL when nothing could be read; its sources go
 * into log, and so do its errors (check diag_error_count). reach may be
 * NULL. The caller frees the program. */
ast_program *load_policy(diag_log *log, const load_reach *reach, const char *path);
/* The same for text in memory; imports are resolved from the current folder. */
ast_program *load_policy_text(diag_log *log, const load_reach *reach, const char *name, const char *text, size_t len);
/* The standard library, embedded at build time. */
typedef struct load_embedded {
	const char *name;  /* "perf.rule" */
	const char *text;
	size_t len;
} load_embedded;
extern const load_embedded load_stdlib_files[];
extern const int load_stdlib_count;
/* Finds a file named by a policy (an import, a Lua file): beside from_file,
 * in $SCORE_PATH, or in the embedded standard library. Returns its text
 * (owned) and the name to show in messages (owned), or NULL. */
char *load_find(const load_reach *reach, const char *top, const char *from_file, const char *name, size_t *len,
		char **shown, const char **why);
/* Reads a whole file; NULL with errno set on failure. Caller frees. */
char *load_read_file(const char *path, size_t *len, size_t limit);
/* The same, for a regular file only (EINVAL otherwise, without waiting on
 * a FIFO). */
char *load_read_regular(const char *path, size_t *len, size_t limit);

#endif
