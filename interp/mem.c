#include "mem.h"

#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* Set once by the embedder (the score command exits with status 5). */
static void (*oom_handler)(size_t);

void mem_on_failure(void (*handler)(size_t requested))
{
	oom_handler = handler;
}

static void mem_fail(size_t size)
{
	if (oom_handler)
		oom_handler(size);
	fprintf(stderr, _("score: out of memory (requesting %zu bytes)\n"), size);
	abort(); /* GMP cannot go on without the memory it asked for */
}

void *mem_alloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		mem_fail(size);
	return p;
}

void *mem_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		mem_fail(count * size);
	return p;
}

void *mem_realloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		mem_fail(size);
	return p;
}

void mem_free(void *ptr)
{
	free(ptr);
}

char *mem_strndup(const char *s, size_t n)
{
	char *p = mem_alloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *mem_strdup(const char *s)
{
	return mem_strndup(s, strlen(s));
}

char *mem_strdup_slack(const char *s, size_t slack)
{
	size_t n = strlen(s);
	char *p = mem_alloc(n + 1 + slack);
	memcpy(p, s, n);
	memset(p + n, 0, 1 + slack);
	return p;
}

void *mem_append_room(void *array, size_t elem_size, size_t count)
{
	if (count & (count - 1))
		return array; /* not a power of two: the room is there */
	return mem_realloc(array, (count ? 2 * count : 1) * elem_size);
}

void *mem_grow(void *array, size_t elem_size, size_t *cap, size_t need)
{
	if (need <= *cap)
		return array;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	*cap = n;
	return mem_realloc(array, n * elem_size);
}

static void *mem_gmp_realloc(void *ptr, size_t old, size_t size)
{
	(void)old;
	return mem_realloc(ptr, size);
}

static void mem_gmp_free(void *ptr, size_t size)
{
	(void)size;
	mem_free(ptr);
}

void mem_install_gmp(void)
{
	mp_set_memory_functions(mem_alloc, mem_gmp_realloc, mem_gmp_free);
}
