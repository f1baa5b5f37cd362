/* output: files that are never left half-written.
 *
 * A named output is written to a temporary file in the same folder and
 * renamed over the destination only when the run completes; an interrupted
 * run (SIGINT, SIGTERM, SIGHUP, a fatal error) removes it. */
#ifndef SCORE_OUTPUT_H
#define SCORE_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

/* NULL path: standard output. Returns NULL (reported) on failure. */
FILE *output_open(const char *path);
/* keep: rename into place; otherwise remove. False when writing failed. */
bool output_close(FILE *f, const char *path, bool keep);

#endif
