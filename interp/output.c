#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "i18n.h"
#include "mem.h"
#include "strbuf.h"

/* The temporary file of the output being written, removed if the run does
 * not complete: a fixed buffer and a flag, because a signal handler reads
 * them. One output at a time. */
static char tmp_path[PATH_MAX + 32];
static volatile sig_atomic_t have_tmp;
/* Where the temporary file goes when the run completes. */
static char final_path[PATH_MAX + 1];
static bool cleanup_installed;

static void remove_tmp(void)
{
	if (have_tmp) {
		have_tmp = 0;
		unlink(tmp_path);
	}
}

static void on_signal(int sig)
{
	remove_tmp();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Every signal whose default ends the process, SIGKILL aside (which
 * nothing can catch); and exit() from anywhere (out of memory). */
static void install_cleanup(void)
{
	if (cleanup_installed)
		return;
	cleanup_installed = true;
	static const int fatal[] = {SIGINT,  SIGTERM, SIGHUP,  SIGQUIT,   SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU,
				    SIGXFSZ, SIGVTALRM, SIGPROF, SIGABRT, SIGSEGV, SIGBUS,  SIGFPE,  SIGILL};
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(fatal[i], &sa, NULL);
	}
	atexit(remove_tmp);
}

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

static bool same_file(const struct stat *a, const char *path)
{
	struct stat b;
	return path && stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* The file at st is one the run reads: an input, or a source of a policy. */
static const char *read_by_run(const struct stat *st, const char *const *inputs, size_t ninputs,
			       const diag_log *const *logs, size_t nlogs)
{
	for (size_t i = 0; i < ninputs; i++)
		if (same_file(st, inputs[i]))
			return inputs[i];
	for (size_t k = 0; k < nlogs; k++)
		for (int f = 0; logs[k] && f < diag_source_count(logs[k]); f++)
			if (same_file(st, diag_source_name(logs[k], f)))
				return diag_source_name(logs[k], f);
	return NULL;
}

FILE *output_open(const char *path, const char *const *inputs, size_t ninputs, const diag_log *const *logs,
		  size_t nlogs)
{
	if (!path || strcmp(path, "-") == 0)
		return stdout;
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
	/* a regular file, or none yet: a temporary file beside the real one
	 * (a symbolic link keeps pointing at it), renamed over it at the end */
	if (!follow_links(path, final_path, sizeof final_path)) {
		fprintf(stderr, _("score: cannot write '%s': %s\n"), path, strerror(errno));
		return NULL;
	}
	const char *slash = strrchr(final_path, '/');
	int dir = slash ? (int)(slash - final_path) : -1;
	if (dir >= 0)
		snprintf(tmp_path, sizeof tmp_path, "%.*s/.score-out.XXXXXX", dir, final_path);
	else
		snprintf(tmp_path, sizeof tmp_path, ".score-out.XXXXXX");
	install_cleanup();
	int fd = mkstemp(tmp_path);
	if (fd < 0) {
		fprintf(stderr, _("score: cannot write beside '%s': %s\n"), path, strerror(errno));
		return NULL;
	}
	have_tmp = 1;
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
		close(fd);
		remove_tmp();
	}
	return f;
}

bool output_close(FILE *f, const char *path, bool keep)
{
	if (!path || strcmp(path, "-") == 0)
		return fflush(stdout) == 0 || !keep;
	if (!have_tmp) /* written through */
		return fclose(f) == 0 || !keep;
	bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (keep && ok && rename(tmp_path, final_path) != 0) {
		fprintf(stderr, _("score: cannot write '%s': %s\n"), path, strerror(errno));
		ok = false;
	}
	if (keep && ok)
		have_tmp = 0;
	remove_tmp();
	return ok;
}
