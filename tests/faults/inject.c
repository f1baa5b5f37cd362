/* A fault injector for tests, loaded with LD_PRELOAD: the Nth call of one
 * C library function that writes, syncs, closes or creates fails as a full
 * disk makes it fail (ENOSPC; a creation or rename: EIO), whoever calls it
 * (score or the libraries it writes through: libxlsxwriter, libzip).
 *
 *   SCORE_FAULT=fwrite:3   the third fwrite fails, and as a disk once full
 *                          stays full, every write, flush and close of a
 *                          written stream after it fails too (the streams
 *                          then report an error to ferror and fclose); a
 *                          creation, rename or sync fails once, and so
 *                          does a read (read, fread: EIO, as a failing
 *                          disk or a network file system gives)
 *   SCORE_NO_TMPFILE=1     the file system has no unnamed files: open
 *                          with O_TMPFILE fails with EOPNOTSUPP (as on
 *                          some network file systems), so score takes
 *                          its named fallback
 *   SCORE_FAULT_COUNT=F    no fault; at exit, each function's number of
 *                          calls is appended to file F ("fwrite 12")
 *
 * Standard error is never failed: the messages must get out; nor are the
 * coverage counts (*.gcda) of a gcov build, so that make coverage sees the
 * paths these runs take. Not part of
 * score: tests/faults/run.sh builds it and runs the commands through it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { F_FWRITE, F_FPUTS, F_FPUTC, F_VFPRINTF, F_FFLUSH, F_FCLOSE, F_FSYNC, F_RENAME, F_OPEN, F_FOPEN, F_MKDTEMP,
       F_LINKAT, F_FDOPEN, F_READ, F_FREAD, F_COUNT };
static const char *const names[F_COUNT] = {"fwrite", "fputs", "fputc", "vfprintf", "fflush", "fclose", "fsync",
					   "rename", "open", "fopen", "mkdtemp", "linkat", "fdopen", "read", "fread"};
static long calls[F_COUNT];
static int fault_fn = -1;
static long fault_at;
static int disk_full; /* a write failed: every later one fails */
static FILE *failed[64]; /* streams a write failed on: ferror and fclose say so */
static int nfailed;
static int spared_fds[16], nspared_fds; /* gcov's files */
static FILE *spared[16];
static int nspared;

static bool is_gcda(const char *path)
{
	size_t n = strlen(path);
	return n > 5 && strcmp(path + n - 5, ".gcda") == 0;
}

static bool is_spared_fd(int fd)
{
	for (int i = 0; i < nspared_fds; i++)
		if (spared_fds[i] == fd)
			return true;
	return false;
}

static bool is_spared(FILE *stream)
{
	for (int i = 0; i < nspared; i++)
		if (spared[i] == stream)
			return true;
	return false;
}

static void counts_out(void)
{
	const char *f = getenv("SCORE_FAULT_COUNT");
	if (!f)
		return;
	int fd = (int)syscall(2 /* SYS_open */, f, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0)
		return;
	char line[64];
	for (int i = 0; i < F_COUNT; i++) {
		int n = snprintf(line, sizeof line, "%s %ld\n", names[i], calls[i]);
		if (write(fd, line, (size_t)n) < 0)
			break;
	}
	close(fd);
}

__attribute__((constructor)) static void setup(void)
{
	const char *spec = getenv("SCORE_FAULT");
	if (spec) {
		const char *colon = strchr(spec, ':');
		for (int i = 0; colon && i < F_COUNT; i++)
			if (strlen(names[i]) == (size_t)(colon - spec) && memcmp(names[i], spec, (size_t)(colon - spec)) == 0) {
				fault_fn = i;
				fault_at = atol(colon + 1);
			}
	}
	if (getenv("SCORE_FAULT_COUNT"))
		atexit(counts_out);
}

/* Whether this call fails: counted for every stream written to but
 * standard error (glibc marks a stream that cannot write with _IO_NO_WRITES). */
static int fails(int fn, FILE *stream)
{
	if (stream && (stream == stderr || (stream->_flags & 8 /* _IO_NO_WRITES */) || is_spared(stream)))
		return 0;
	calls[fn]++;
	bool writes = fn <= F_FCLOSE;
	if (!(writes && disk_full) && (fn != fault_fn || calls[fn] != fault_at))
		return 0;
	if (writes)
		disk_full = 1;
	if (stream && nfailed < 64)
		failed[nfailed++] = stream;
	return 1;
}

static int has_failed(FILE *stream)
{
	for (int i = 0; i < nfailed; i++)
		if (failed[i] == stream)
			return 1;
	return 0;
}

static void forget(FILE *stream)
{
	for (int i = 0; i < nfailed; i++)
		if (failed[i] == stream)
			failed[i] = failed[--nfailed];
}

#define REAL(type, name, args) ((type(*) args)dlsym(RTLD_NEXT, name))

size_t fwrite(const void *p, size_t size, size_t n, FILE *stream)
{
	if (fails(F_FWRITE, stream)) {
		errno = ENOSPC;
		return 0;
	}
	return REAL(size_t, "fwrite", (const void *, size_t, size_t, FILE *))(p, size, n, stream);
}

int fputs(const char *s, FILE *stream)
{
	if (fails(F_FPUTS, stream)) {
		errno = ENOSPC;
		return EOF;
	}
	return REAL(int, "fputs", (const char *, FILE *))(s, stream);
}

int fputc(int c, FILE *stream)
{
	if (fails(F_FPUTC, stream)) {
		errno = ENOSPC;
		return EOF;
	}
	return REAL(int, "fputc", (int, FILE *))(c, stream);
}

int vfprintf(FILE *stream, const char *format, va_list ap)
{
	if (fails(F_VFPRINTF, stream)) {
		errno = ENOSPC;
		return -1;
	}
	return REAL(int, "vfprintf", (FILE *, const char *, va_list))(stream, format, ap);
}

int fprintf(FILE *stream, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int n = vfprintf(stream, format, ap);
	va_end(ap);
	return n;
}

/* what code built with _FORTIFY_SOURCE calls (Debian's libxlsxwriter) */
int __vfprintf_chk(FILE *stream, int flag, const char *format, va_list ap)
{
	if (fails(F_VFPRINTF, stream)) {
		errno = ENOSPC;
		return -1;
	}
	return REAL(int, "__vfprintf_chk", (FILE *, int, const char *, va_list))(stream, flag, format, ap);
}

int __fprintf_chk(FILE *stream, int flag, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int n = __vfprintf_chk(stream, flag, format, ap);
	va_end(ap);
	return n;
}

int fflush(FILE *stream)
{
	if (fails(F_FFLUSH, stream)) {
		errno = ENOSPC;
		return EOF;
	}
	return REAL(int, "fflush", (FILE *))(stream);
}

int ferror(FILE *stream)
{
	return has_failed(stream) || REAL(int, "ferror", (FILE *))(stream);
}

int fclose(FILE *stream)
{
	int bad = has_failed(stream) || fails(F_FCLOSE, stream);
	forget(stream);
	int r = REAL(int, "fclose", (FILE *))(stream);
	if (bad) {
		errno = ENOSPC;
		return EOF;
	}
	return r;
}

int fsync(int fd)
{
	if (fd != 2 && fails(F_FSYNC, NULL)) {
		errno = EIO;
		return -1;
	}
	return REAL(int, "fsync", (int))(fd);
}

int rename(const char *from, const char *to)
{
	if (fails(F_RENAME, NULL)) {
		errno = EIO;
		return -1;
	}
	return REAL(int, "rename", (const char *, const char *))(from, to);
}

/* open's mode argument, present only when it creates */
#define OPEN_MODE(flags, mode)                                                                     \
	do {                                                                                       \
		if ((flags) & (O_CREAT | O_TMPFILE)) {                                             \
			va_list ap_;                                                               \
			va_start(ap_, flags);                                                      \
			mode = (mode_t)va_arg(ap_, int);                                           \
			va_end(ap_);                                                               \
		}                                                                                  \
	} while (0)

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	OPEN_MODE(flags, mode);
	if (flags & (O_CREAT | O_TMPFILE)) {
		if ((flags & O_TMPFILE) == O_TMPFILE && getenv("SCORE_NO_TMPFILE")) {
			errno = EOPNOTSUPP;
			return -1;
		}
		if (is_gcda(path)) {
			int fd = REAL(int, "open", (const char *, int, ...))(path, flags, mode);
			if (fd >= 0 && nspared_fds < 16)
				spared_fds[nspared_fds++] = fd;
			return fd;
		}
		if (fails(F_OPEN, NULL)) {
			errno = ENOSPC;
			return -1;
		}
	}
	return REAL(int, "open", (const char *, int, ...))(path, flags, mode);
}

FILE *fopen(const char *path, const char *mode)
{
	if (is_gcda(path)) {
		FILE *f = REAL(FILE *, "fopen", (const char *, const char *))(path, mode);
		if (f && nspared < 16)
			spared[nspared++] = f;
		return f;
	}
	if (strpbrk(mode, "wa+") && fails(F_FOPEN, NULL)) {
		errno = ENOSPC;
		return NULL;
	}
	return REAL(FILE *, "fopen", (const char *, const char *))(path, mode);
}

/* what code built with 64-bit file offsets calls (libzip) */
int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	OPEN_MODE(flags, mode);
	return open(path, flags, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
	return fopen(path, mode);
}

FILE *fdopen(int fd, const char *mode)
{
	for (int i = 0; i < nspared_fds; i++)
		if (spared_fds[i] == fd) {
			FILE *f = REAL(FILE *, "fdopen", (int, const char *))(fd, mode);
			if (f && nspared < 16)
				spared[nspared++] = f;
			return f;
		}
	if (strpbrk(mode, "wa+") && fails(F_FDOPEN, NULL)) {
		errno = ENOMEM;
		return NULL;
	}
	return REAL(FILE *, "fdopen", (int, const char *))(fd, mode);
}

char *mkdtemp(char *tmpl)
{
	if (fails(F_MKDTEMP, NULL)) {
		errno = ENOSPC;
		return NULL;
	}
	return REAL(char *, "mkdtemp", (char *))(tmpl);
}

int linkat(int olddir, const char *old, int newdir, const char *new_path, int flags)
{
	if (fails(F_LINKAT, NULL)) {
		errno = ENOSPC;
		return -1;
	}
	return REAL(int, "linkat", (int, const char *, int, const char *, int))(olddir, old, newdir, new_path, flags);
}

/* reads fail once; a stream's error then shows in ferror */
ssize_t read(int fd, void *buf, size_t n)
{
	if (fd > 2 && !is_spared_fd(fd) && fails(F_READ, NULL)) {
		errno = EIO;
		return -1;
	}
	return REAL(ssize_t, "read", (int, void *, size_t))(fd, buf, n);
}

size_t fread(void *p, size_t size, size_t n, FILE *stream)
{
	if (stream != stdin && !is_spared(stream)) {
		calls[F_FREAD]++;
		if (fault_fn == F_FREAD && calls[F_FREAD] == fault_at) {
			if (nfailed < 64)
				failed[nfailed++] = stream;
			errno = EIO;
			return 0;
		}
	}
	return REAL(size_t, "fread", (void *, size_t, size_t, FILE *))(p, size, n, stream);
}
