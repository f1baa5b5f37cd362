/* mem: the one place where memory is obtained.
 *
 * Every allocation of the interpreter, GMP's included (mem_install_gmp), goes
 * through these functions, so that running out of memory is handled once: the
 * process prints a message and exits with SCORE_EXIT_INTERNAL instead of
 * dereferencing NULL somewhere deep in a rule. */
#ifndef SCORE_MEM_H
#define SCORE_MEM_H

#include <stddef.h>

void *mem_alloc(size_t size);
/* Zeroed room for count items; a count of 0 still gives a pointer of one's
 * own, so that callers need not guard an empty policy's arrays. */
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *ptr, size_t size);
void mem_free(void *ptr);
char *mem_strndup(const char *s, size_t n);
char *mem_strdup(const char *s);
/* The same, followed by slack zero bytes: a text copied a fixed number of
 * bytes at a time, whatever its length, never reads outside its block. */
char *mem_strdup_slack(const char *s, size_t slack);

/* Route GMP's allocations through mem_*; call once before any GMP use. */
void mem_install_gmp(void);

/* Room for one more element in an array of count elements that only this
 * function has grown: it doubles whenever count reaches a power of two, so
 * appending n elements copies O(n) in all, with no capacity to keep. */
void *mem_append_room(void *array, size_t elem_size, size_t count);

/* Growable array helper: ensures *cap >= need, doubling; returns the new array. */
void *mem_grow(void *array, size_t elem_size, size_t *cap, size_t need);

/* The function called when memory runs out (it must not return); without
 * one, a line is printed and the process aborts. */
void mem_on_failure(void (*handler)(size_t requested));

#endif
