/* O_TMPFILE and linkat through /proc: Linux (GNU) interfaces */
#define _GNU_SOURCE
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "i18n.h"
#include "mem.h"
#include "strbuf.h"
#include "utf8.h"

/* The file a path names in the end: symbolic links followed, even to a
 * file that does not exist yet. False (errno set) on a loop. */
static bool follow_links(const char *path, char *out, size_t size)
{
	if (strlen(path) >= size) {
		errno = ENAMETOOLONG;
		return false;
	}
	strcpy(out, path);
	for (int hops = 0; hops < 40; hops++) {
		struct stat st;
		if (lstat(out, &st) != 0 || !S_ISLNK(st.st_mode))
			return true;
		char target[PATH_MAX + 1];
		ssize_t n = readlink(out, target, PATH_MAX);
		if (n < 0)
			return false;
		target[n] = '\0';
		if (target[0] == '/') {
			if ((size_t)n >= size) {
				errno = ENAMETOOLONG;
				return false;
			}
			strcpy(out, target);
		} else {
			char *slash = strrchr(out, '/');
			size_t dir = slash ? (size_t)(slash - out) + 1 : 0;
			if (dir + (size_t)n >= size) {
				errno = ENAMETOOLONG;
				return false;
			}
			memcpy(out + dir, target, (size_t)n + 1);
		}
	}
	errno = ELOOP;
	return false;
}

/* The name a file gets beside the real one before it takes its place. */
static void fallback_name(const char *final_path, char *out, size_t size)
{
	const char *slash = strrchr(final_path, '/');
	if (slash)
		snprintf(out, size, "%.*s/.score-out.%ld.%s", (int)(slash - final_path), final_path, (long)getpid(), slash + 1);
	else
		snprintf(out, size, ".score-out.%ld.%s", (long)getpid(), final_path);
}

static bool same_file(const struct stat *a, const char *path)
{
	struct stat b;
	return path && stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* The file at st is one the run reads: an input (standard input for "-"),
 * or a source of a policy. */
static const char *read_by_run(const struct stat *st, const char *const *inputs, size_t ninputs,
			       const diag_log *const *logs, size_t nlogs)
{
	for (size_t i = 0; i < ninputs; i++) {
		struct stat in;
		if (inputs[i] && strcmp(inputs[i], "-") == 0) {
			if (fstat(STDIN_FILENO, &in) == 0 && in.st_dev == st->st_dev && in.st_ino == st->st_ino)
				return _("standard input");
		} else if (same_file(st, inputs[i])) {
			return inputs[i];
		}
	}
	for (size_t k = 0; k < nlogs; k++)
		for (int f = 0; logs[k] && f < diag_source_count(logs[k]); f++)
			if (same_file(st, diag_source_name(logs[k], f)))
				return diag_source_name(logs[k], f);
	return NULL;
}

/* The descriptor a path names for this process (/dev/stdout, /dev/fd/1,
 * /proc/self/fd/1), or -1. */
static int named_descriptor(const char *path)
{
	static const char *const prefixes[] = {"/dev/fd/", "/proc/self/fd/"};
	if (strcmp(path, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0)
		return STDERR_FILENO;
	if (strcmp(path, "/dev/stdin") == 0)
		return STDIN_FILENO;
	for (size_t k = 0; k < sizeof prefixes / sizeof *prefixes; k++) {
		size_t n = strlen(prefixes[k]);
		if (strncmp(path, prefixes[k], n) != 0 || !path[n])
			continue;
		char *end;
		long fd = strtol(path + n, &end, 10);
		return *end || fd < 0 || fd > INT_MAX ? -1 : (int)fd;
	}
	return -1;
}

FILE *output_open(const char *path, const char *const *inputs, size_t ninputs, const diag_log *const *logs,
		  size_t nlogs)
{
	if (!path || strcmp(path, "-") == 0)
		return stdout;
	/* a descriptor the caller holds (the shell's > or >>) is written through
	 * as it is: the file it opened is never replaced, its earlier contents
	 * stay, and the run's own input is never one of them */
	int fd_named = named_descriptor(path);
	if (fd_named == STDIN_FILENO) {
		fprintf(stderr, _("score: '%s' is read, not written: write the output somewhere else\n"), path);
		return NULL;
	}
	if (fd_named >= 0) {
		struct stat fst;
		if (fstat(fd_named, &fst) != 0) {
			fprintf(stderr, _("score: cannot write '%s': %s\n"), path, strerror(errno));
			return NULL;
		}
		const char *in = read_by_run(&fst, inputs, ninputs, logs, nlogs);
		if (in) {
			fprintf(stderr, _("score: '%s' is the input file '%s': write the output somewhere else\n"), path, in);
			return NULL;
		}
		if (fd_named == STDOUT_FILENO)
			return stdout;
		int fd = dup(fd_named);
		FILE *f = fd >= 0 ? fdopen(fd, "ab") : NULL;
		if (!f) {
			if (fd >= 0)
				close(fd);
			fprintf(stderr, _("score: cannot write '%s': %s\n"), path, strerror(errno));
		}
		return f;
	}
	struct stat st;
	bool exists = stat(path, &st) == 0;
	if (exists) {
		const char *in = read_by_run(&st, inputs, ninputs, logs, nlogs);
		if (in) {
			fprintf(stderr, _("score: '%s' is the input file '%s': write the output somewhere else\n"), path, in);
			return NULL;
		}
		if (S_ISDIR(st.st_mode)) {
			fprintf(stderr, _("score: cannot write '%s': it is a folder\n"), path);
			return NULL;
		}
		if (!S_ISREG(st.st_mode)) {
			/* a device, a FIFO, a socket: write through it, never replace it */
			FILE *f = fopen(path, "wb");
			if (!f)
				fprintf(stderr, _("score: cannot write '%s': %s\n"), path, strerror(errno));
			return f;
		}
	}
	/* a regular file, or none yet: written to a file with no name in the
	 * real one's folder (a symbolic link is followed and kept), which gets
	 * its name only when the run completes. If the process dies first, the
	 * file goes with it: nothing to clean up, and no state kept for it. */
	char final_path[PATH_MAX + 1];
	if (!follow_links(path, final_path, sizeof final_path)) {
		fprintf(stderr, _("score: cannot write '%s': %s\n"), path, strerror(errno));
		return NULL;
	}
	char dir[PATH_MAX + 1];
	const char *slash = strrchr(final_path, '/');
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - final_path + (slash == final_path)) : 1,
		 slash ? final_path : ".");
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	char named[PATH_MAX + 64] = "";
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		/* a file system without unnamed files: a named one, removed at
		 * close (only a killed run can leave it behind) */
		fallback_name(final_path, named, sizeof named);
		fd = open(named, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	}
	if (fd < 0) {
		fprintf(stderr, _("score: cannot write beside '%s': %s\n"), path, strerror(errno));
		return NULL;
	}
	/* the mode a new file would get, or the one the replaced file had */
	if (exists) {
		if (fchown(fd, st.st_uid, st.st_gid) != 0) {
			/* not the owner: the file becomes ours, as any rewrite would */
		}
		fchmod(fd, st.st_mode & 07777);
	} else {
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		fprintf(stderr, _("score: cannot write beside '%s': %s\n"), path, strerror(errno));
		close(fd);
		if (*named)
			unlink(named);
	}
	return f;
}

int output_mute_stderr(void)
{
	fflush(stderr);
	int saved = dup(STDERR_FILENO), quiet = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved < 0 || quiet < 0 || dup2(quiet, STDERR_FILENO) < 0) {
		if (saved >= 0)
			close(saved);
		saved = -1;
	}
	if (quiet >= 0)
		close(quiet);
	return saved;
}

void output_unmute_stderr(int saved)
{
	if (saved < 0)
		return;
	dup2(saved, STDERR_FILENO);
	close(saved);
}

void output_folder_of(FILE *f, char *dir, size_t size)
{
	char link[64], target[PATH_MAX + 1];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fileno(f));
	ssize_t n = readlink(link, target, PATH_MAX);
	dir[0] = '\0';
	if (n <= 0 || target[0] != '/')
		return;
	target[n] = '\0';
	char *slash = strrchr(target, '/');
	*(slash == target ? slash + 1 : slash) = '\0';
	struct stat st;
	if (strlen(target) < size && stat(target, &st) == 0 && S_ISDIR(st.st_mode))
		strcpy(dir, target);
}

bool output_is_descriptor(const char *path)
{
	return path && named_descriptor(path) >= 0;
}

bool output_close(FILE *f, const char *path, bool keep)
{
	if (!path || strcmp(path, "-") == 0 || f == stdout) {
		if (fflush(stdout) == 0 && !ferror(stdout))
			return true;
		if (keep)
			fprintf(stderr, _("score: cannot write to standard output: %s\n"), strerror(errno ? errno : EIO));
		return !keep;
	}
	struct stat st;
	char final_path[PATH_MAX + 1], tmp[PATH_MAX + 64];
	bool regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && follow_links(path, final_path, sizeof final_path);
	bool unnamed = regular && st.st_nlink == 0;
	if (regular)
		fallback_name(final_path, tmp, sizeof tmp);
	struct stat named;
	bool fallback = regular && !unnamed && stat(tmp, &named) == 0 && named.st_ino == st.st_ino &&
			named.st_dev == st.st_dev;
	if (!unnamed && !fallback) /* written through */
		return fclose(f) == 0 || !keep;
	bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (keep && ok && unnamed) {
		/* give the file a name beside the real one, then put it in place */
		char self[64];
		snprintf(self, sizeof self, "/proc/self/fd/%d", fileno(f));
		unlink(tmp);
		ok = linkat(AT_FDCWD, self, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0;
		fallback = ok;
	}
	ok = fclose(f) == 0 && ok;
	if (keep && ok && rename(tmp, final_path) != 0)
		ok = false;
	if (keep && !ok)
		fprintf(stderr, _("score: cannot write '%s': %s\n"), path, strerror(errno));
	if (fallback && !(keep && ok))
		unlink(tmp);
	return ok;
}

/* ---- writing in another encoding ------------------------------------------------ */

/* A FILE whose UTF-8 text reaches the real output converted (fopencookie):
 * every writer, the summary lines included, goes through it alike. */
typedef struct encoder {
	FILE *to;
	iconv_t cd;
	char carry[8];    /* the start of a UTF-8 sequence cut by a write */
	size_t ncarry;
	bool failed;
} encoder;

static ssize_t encoder_write(void *cookie, const char *buf, size_t size)
{
	encoder *e = cookie;
	char in_buf[4096 + 8], out[4 * 4096 + 64];
	size_t done = 0;
	while (done < size && !e->failed) {
		size_t take = size - done < 4096 ? size - done : 4096;
		memcpy(in_buf, e->carry, e->ncarry);
		memcpy(in_buf + e->ncarry, buf + done, take);
		char *in = in_buf, *o = out;
		size_t inleft = e->ncarry + take, outleft = sizeof out;
		size_t rc = iconv(e->cd, &in, &inleft, &o, &outleft);
		/* a character the encoding does not have, or more left over than
		 * the end of one cut sequence */
		if ((rc == (size_t)-1 && errno == EILSEQ) || inleft > sizeof e->carry)
			e->failed = true;
		size_t n = sizeof out - outleft;
		if (n && fwrite(out, 1, n, e->to) != n)
			e->failed = true;
		e->ncarry = e->failed ? 0 : inleft;
		memcpy(e->carry, in, e->ncarry);
		done += take;
	}
	if (e->failed) {
		errno = EILSEQ;
		return -1;
	}
	return (ssize_t)size;
}

static int encoder_close(void *cookie)
{
	encoder *e = cookie;
	bool ok = !e->failed && e->ncarry == 0;
	iconv_close(e->cd);
	mem_free(e);
	return ok ? 0 : EOF;
}

static FILE *output_encoded(FILE *to, const char *encoding)
{
	iconv_t cd = utf8_iconv_open(encoding, "UTF-8");
	if (cd == (iconv_t)-1)
		return NULL;
	encoder *e = mem_calloc(1, sizeof *e);
	e->to = to;
	e->cd = cd;
	cookie_io_functions_t io = {NULL, encoder_write, NULL, encoder_close};
	FILE *f = fopencookie(e, "w", io);
	if (!f) {
		iconv_close(cd);
		mem_free(e);
	}
	return f;
}

FILE *output_encoding_begin(FILE *out, bool bom, const char *encoding)
{
	if (bom)
		fputs("\xEF\xBB\xBF", out);
	if (!encoding)
		return out;
	FILE *w = output_encoded(out, encoding);
	if (!w)
		fprintf(stderr, _("score: unknown encoding '%s' (iconv names: gb18030, gbk, big5, utf-16…)\n"), encoding);
	return w;
}

bool output_encoding_end(FILE *w, const FILE *out, const char *encoding)
{
	if (w == out || fclose(w) == 0)
		return true;
	fprintf(stderr, _("score: the output holds a character that %s does not have (gb18030 has them all)\n"), encoding);
	errno = EILSEQ;
	return false;
}
