/* outdir: a folder of output files (-f html -o 报告/), never left
 * half-written and never harming what is there.
 *
 * The files are written into a new hidden folder beside the named one
 * (.score-out.XXXXXX, mode 0700 while it is written); when the run
 * completes it takes the folder's name in one rename and gets the umask's
 * mode. A folder that holds anything, or a file of that name, is refused
 * before anything is written; an empty one is replaced. Any failure removes
 * the hidden folder; only a killed run can leave it behind. */
#ifndef SCORE_OUTDIR_H
#define SCORE_OUTDIR_H

#include <stdbool.h>
#include <stdio.h>

typedef struct outdir outdir;

/* NULL (reported) when path cannot be the folder. */
outdir *outdir_open(const char *path);
/* A new file in it, name relative (its folders made as needed); NULL with
 * errno set when it cannot be made. Closed with outdir_close_file. */
FILE *outdir_file(outdir *o, const char *name);
/* Closes it; false, and the folder not whole, when that failed (the
 * folder's files reach the disk together when it is kept). */
bool outdir_close_file(outdir *o, FILE *f);
/* keep: the folder takes its place; otherwise it is removed. False
 * (reported) when keeping failed. Frees o. */
bool outdir_close(outdir *o, bool keep);
/* Whether path names a folder to write (it ends in '/'). */
bool outdir_wanted(const char *path);

#endif
