/* libFuzzer harness: score init over any bytes as a printed rubric table
 * (a CSV file, or a workbook when the bytes are one). It must not crash,
 * and whatever skeleton it writes must load as a policy whose only errors
 * are of meaning (weights, a name twice), never of syntax: the table's text
 * cannot break out of the names and strings it is written into. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "datafile.h"
#include "load.h"
#include "fuzz_common.h"
#include "skeleton.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *quiet;
	if (!quiet) {
		quiet = fopen("/dev/null", "w");
		mem_install_gmp();
	}
	int fd = memfd_create("table", 0);
	if (fd < 0)
		return 0;
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	datafile_file d;
	datafile_source src = {NULL, 0, NULL};
	int saved = dup(2); /* the readers' messages go nowhere */
	dup2(fileno(quiet), 2);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (out && datafile_open(&d, path, &src, false)) {
		int rc = skeleton_write(&d, "fuzz", out);
		datafile_close(&d);
		fclose(out);
		out = NULL;
		if (rc == 0) {
			diag_log *log = diag_log_new();
			diag_set_stream(log, quiet);
			ast_program *ast = load_policy_text(log, NULL, "skeleton.rule", text, len);
			/* a syntax error in what init wrote is a defect */
			if (diag_error_count(log))
				__builtin_trap();
			ast_program_free(ast);
			diag_log_free(log);
		}
	}
	if (out)
		fclose(out);
	free(text);
	dup2(saved, 2);
	close(saved);
	close(fd);
	return 0;
}
