#include "names.h"

#include <stdint.h>
#include <string.h>

#include "mem.h"

static size_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

void names_free(name_index *t)
{
	mem_free(t->keys);
	mem_free(t->values);
	*t = NAMES_INIT;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t find(const name_index *t, const char *key)
{
	size_t mask = t->cap - 1, i = hash(key) & mask;
	while (t->keys[i] && strcmp(t->keys[i], key) != 0)
		i = (i + 1) & mask;
	return i;
}

int names_get(const name_index *t, const char *key)
{
	if (!t->cap)
		return -1;
	size_t i = find(t, key);
	return t->keys[i] ? t->values[i] : -1;
}

static void grow(name_index *t)
{
	name_index old = *t;
	t->cap = old.cap ? old.cap * 2 : 16;
	t->keys = mem_calloc(t->cap, sizeof *t->keys);
	t->values = mem_calloc(t->cap, sizeof *t->values);
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i]) {
			size_t j = find(t, old.keys[i]);
			t->keys[j] = old.keys[i];
			t->values[j] = old.values[i];
		}
	mem_free(old.keys);
	mem_free(old.values);
}

int *names_slot(name_index *t, const char *key)
{
	if ((t->count + 1) * 2 > t->cap)
		grow(t);
	size_t i = find(t, key);
	if (!t->keys[i]) {
		t->keys[i] = key;
		t->values[i] = 0;
		t->count++;
	}
	return &t->values[i];
}

int names_put(name_index *t, const char *key, int value)
{
	int had = names_get(t, key);
	if (had >= 0)
		return had;
	*names_slot(t, key) = value;
	return -1;
}
