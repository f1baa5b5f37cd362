/* output: files that are never left half-written, and never harmed.
 *
 * A named output is written to a temporary file beside the real file (a
 * symbolic link is followed, and stays a link) and renamed over it only
 * when the run completes; the file keeps its mode, a new one gets the
 * umask's. Any other ending removes the temporary file: every signal that
 * ends the process (SIGKILL aside), and exit() (out of memory). A device
 * or FIFO is written through, never replaced. An output that is one of the
 * run's input files (the data, the policy or any file it loaded) or a
 * folder is refused before anything is written. "-" is standard output. */
#ifndef SCORE_OUTPUT_H
#define SCORE_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

/* NULL path or "-": standard output. inputs are the files the run reads
 * besides its policies' sources, which logs hold (nlogs of them, from
 * prog.diag). Returns NULL (reported) on failure. */
FILE *output_open(const char *path, const char *const *inputs, size_t ninputs, const diag_log *const *logs,
		  size_t nlogs);
/* keep: rename into place; otherwise remove. False when writing failed. */
bool output_close(FILE *f, const char *path, bool keep);

#endif
