/* names: an index from strings to small integers (inputs, functions,
 * indicator paths, options, columns), so that a policy of 100,000 names
 * is checked in linear time. Keys are borrowed: they must outlive the
 * index. */
#ifndef SCORE_NAMES_H
#define SCORE_NAMES_H

#include <stddef.h>

typedef struct name_index {
	const char **keys;
	int *values;
	size_t cap;   /* a power of two, or 0 */
	size_t count;
} name_index;

#define NAMES_INIT ((name_index){NULL, NULL, 0, 0})

void names_free(name_index *t);
/* The value of key, or -1. */
int names_get(const name_index *t, const char *key);
/* Adds key with value and returns -1; when key is there already, returns
 * its value and changes nothing. */
int names_put(name_index *t, const char *key, int value);
/* The slot of key's value, added as 0 when absent (for counting). */
int *names_slot(name_index *t, const char *key);

#endif
