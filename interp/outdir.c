/* syncfs: the folder's files reach the disk in one call */
#define _GNU_SOURCE
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "mem.h"

struct outdir {
	int fd;                 /* the hidden folder */
	bool failed;
	char final[PATH_MAX];   /* the name it takes */
	char tmp[PATH_MAX];     /* .score-out.XXXXXX beside it */
};

bool outdir_wanted(const char *path)
{
	size_t n = path ? strlen(path) : 0;
	return n > 1 && path[n - 1] == '/';
}

static bool empty_folder(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return false;
	struct dirent *e;
	bool empty = true;
	while (empty && (e = readdir(d)))
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty;
}

outdir *outdir_open(const char *path)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	outdir *o = mem_calloc(1, sizeof *o);
	o->fd = -1;
	if (n >= sizeof o->final - 32) {
		fprintf(stderr, _("score: cannot write '%s': %s\n"), path, strerror(ENAMETOOLONG));
		mem_free(o);
		return NULL;
	}
	memcpy(o->final, path, n);
	o->final[n] = '\0';
	struct stat st;
	if (lstat(o->final, &st) == 0 && !(S_ISDIR(st.st_mode) && empty_folder(o->final))) {
		fprintf(stderr,
			S_ISDIR(st.st_mode) ? _("score: the folder '%s' holds files: name a new or empty folder for the report\n")
					    : _("score: '%s' is not a folder: name a new or empty folder for the report\n"),
			o->final);
		mem_free(o);
		return NULL;
	}
	const char *slash = strrchr(o->final, '/');
	if (slash)
		snprintf(o->tmp, sizeof o->tmp, "%.*s/.score-out.XXXXXX", (int)(slash - o->final + (slash == o->final ? 1 : 0)),
			 o->final);
	else
		snprintf(o->tmp, sizeof o->tmp, ".score-out.XXXXXX");
	if (!mkdtemp(o->tmp) || (o->fd = open(o->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		fprintf(stderr, _("score: cannot write beside '%s': %s\n"), path, strerror(errno));
		if (o->tmp[0] && errno != EEXIST)
			rmdir(o->tmp);
		mem_free(o);
		return NULL;
	}
	return o;
}

FILE *outdir_file(outdir *o, const char *name)
{
	/* its folders first, each made once (EEXIST is fine) */
	char dir[PATH_MAX];
	for (const char *s = strchr(name, '/'); s; s = strchr(s + 1, '/')) {
		size_t k = (size_t)(s - name);
		if (k >= sizeof dir)
			return errno = ENAMETOOLONG, NULL;
		memcpy(dir, name, k);
		dir[k] = '\0';
		if (mkdirat(o->fd, dir, 0777) != 0 && errno != EEXIST)
			return NULL;
	}
	int fd = openat(o->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "wb");
	if (!f)
		close(fd);
	return f;
}

bool outdir_close_file(outdir *o, FILE *f)
{
	bool ok = fflush(f) == 0;
	ok = fclose(f) == 0 && ok;
	if (!ok)
		o->failed = true;
	return ok;
}

/* Removes the folder name in parent with all it holds (what this module
 * made: files and folders, no links followed). */
static void remove_tree(int parent, const char *name)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && unlinkat(fd, e->d_name, 0) != 0 &&
			    errno == EISDIR)
				remove_tree(fd, e->d_name);
		closedir(d);
	} else if (fd >= 0) {
		close(fd);
	}
	unlinkat(parent, name, AT_REMOVEDIR);
}

bool outdir_close(outdir *o, bool keep)
{
	bool ok = !o->failed && syncfs(o->fd) == 0;
	close(o->fd);
	if (keep && ok) {
		mode_t mask = umask(0);
		umask(mask);
		ok = chmod(o->tmp, 0777 & ~mask) == 0 && rename(o->tmp, o->final) == 0;
		if (!ok)
			fprintf(stderr, _("score: cannot write '%s': %s\n"), o->final, strerror(errno));
	}
	if (!(keep && ok))
		remove_tree(AT_FDCWD, o->tmp);
	mem_free(o);
	return ok || !keep;
}
