/* output: files that are never left half-written, and never harmed.
 *
 * A named output is written to a file with no name (O_TMPFILE) in the real
 * file's folder (a symbolic link is followed, and stays a link); only when
 * the run completes does it get a name beside the real file and take its
 * place (rename). Any other ending, SIGKILL included, leaves nothing: a file
 * with no name goes with the process. No state is kept outside the FILE.
 * The file keeps the replaced one's mode, a new one gets the umask's. (On a
 * file system without unnamed files, the temporary file has a name, which
 * only a killed run can leave behind.) A device or FIFO is written
 * through, never replaced. An output that is one of the
 * run's input files (the data, standard input when the data is read from
 * it, the policy or any file it loaded: imports, Lua files, the calendar)
 * or a folder is refused before anything is written. "-" is standard
 * output; /dev/stdout, /dev/fd/N and /proc/self/fd/N are the descriptor the
 * caller opened (perhaps for appending), written through, never replaced;
 * /dev/stdin is refused. */
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
/* Whether path names one of the process's descriptors (/dev/stdout,
 * /dev/fd/N, /proc/self/fd/N): written through, never replaced. */
bool output_is_descriptor(const char *path);
/* The folder of the file f writes, for a library's temporary files: there
 * they are on the output's own disk, so that a full disk fails the output
 * itself and not, unseen, a temporary part of it on another. "" when it has
 * none (a pipe). */
void output_folder_of(FILE *f, char *dir, size_t size);
/* Standard error sent nowhere while a library that prints its own
 * messages works (its status is what counts, and the caller says what
 * failed): returns what output_unmute_stderr puts back (-1: nothing). */
int output_mute_stderr(void);
void output_unmute_stderr(int saved);
/* keep: rename into place; otherwise remove. False when writing failed. */
bool output_close(FILE *f, const char *path, bool keep);

/* The stream to write the output through: out itself, after a UTF-8
 * byte-order mark when bom; or, with an encoding (an iconv name, e.g.
 * gb18030), a stream converting the UTF-8 written to it into out. NULL
 * (reported) for an unknown encoding. */
FILE *output_encoding_begin(FILE *out, bool bom, const char *encoding);
/* Flushes and closes what output_encoding_begin made (out stays open);
 * false (reported) when a character could not be written in the encoding. */
bool output_encoding_end(FILE *w, const FILE *out, const char *encoding);

#endif
