/* Runs a fuzz harness over files without libFuzzer: each argument is one
 * input, read whole and handed to LLVMFuzzerTestOneInput. Linked with each
 * harness in the coverage build, so that `make coverage` counts what the
 * kept corpora (tests/fuzz/corpus) reach, with gcc alone. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		size_t cap = 4096, len = 0;
		uint8_t *buf = malloc(cap);
		size_t got;
		while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
			len += got;
			if (len == cap) {
				uint8_t *grown = realloc(buf, cap *= 2);
				if (!grown)
					free(buf);
				buf = grown;
			}
		}
		int failed = ferror(f);
		fclose(f);
		if (!buf || failed) {
			fprintf(stderr, "%s: cannot read\n", argv[i]);
			free(buf);
			return 1;
		}
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
	}
	return 0;
}
