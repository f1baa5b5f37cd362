#include "output.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"
#include "strbuf.h"

/* The temporary file of the output being written, removed if the run does
 * not complete. One output at a time. */
static char *tmp_path;

static void on_signal(int sig)
{
	if (tmp_path)
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

FILE *output_open(const char *path)
{
	if (!path)
		return stdout;
	strbuf sb = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	if (slash)
		sb_printf(&sb, "%.*s/.score-out.XXXXXX", (int)(slash - path), path);
	else
		sb_puts(&sb, ".score-out.XXXXXX");
	tmp_path = sb_take(&sb);
	int fd = mkstemp(tmp_path);
	if (fd < 0) {
		fprintf(stderr, "score: cannot write beside '%s': %s\n", path, strerror(errno));
		mem_free(tmp_path);
		tmp_path = NULL;
		return NULL;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(tmp_path);
		mem_free(tmp_path);
		tmp_path = NULL;
	}
	return f;
}

bool output_close(FILE *f, const char *path, bool keep)
{
	if (!path)
		return fflush(stdout) == 0 || !keep;
	bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (keep && ok && rename(tmp_path, path) != 0) {
		fprintf(stderr, "score: cannot write '%s': %s\n", path, strerror(errno));
		ok = false;
	}
	if (!keep || !ok)
		unlink(tmp_path);
	mem_free(tmp_path);
	tmp_path = NULL;
	return ok;
}
