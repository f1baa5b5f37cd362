# score: build, test and benchmark. `make help` lists the targets.

CC      ?= cc
# the version: git describe in a git tree with tags, else the last release
# (the release's number is score.h's SCORE_VERSION_MAJOR/MINOR/PATCH, once)
BASE_VERSION := $(shell sed -n 's/^\#define SCORE_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\).*/\2/p' include/score.h | paste -sd.)
VERSION := $(or $(shell git describe --tags --dirty 2>/dev/null | sed 's/^v//'),$(BASE_VERSION))
PREFIX  ?= /usr/local
# where the libraries and score.pc go (Debian: /usr/lib/<multiarch>)
LIBDIR  ?= $(PREFIX)/lib

# Warnings are errors in development and CI; a packager builds with WERROR=
# (a newer compiler's new warning must not break a release build). CFLAGS,
# CPPFLAGS and LDFLAGS are the packager's, added after ours.
WERROR  ?= -Werror
WARN    := -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes -Wmissing-prototypes
LOCALEDIR ?= $(PREFIX)/share/locale
CPPFLAGS_ALL := -std=c11 -D_DEFAULT_SOURCE -DSCORE_VERSION='"$(VERSION)"' -DSCORE_LOCALEDIR='"$(LOCALEDIR)"' \
                -Ibuild/gen -Igrammar -Iinterp
LUA_CFLAGS := $(shell pkg-config --cflags lua5.4 2>/dev/null)
LUA_LIBS   := $(shell pkg-config --libs lua5.4 2>/dev/null || echo -llua5.4)
XLSX_LIBS := $(shell pkg-config --libs xlsxwriter 2>/dev/null || echo -lxlsxwriter)
ZIP_LIBS  := $(shell pkg-config --libs libzip 2>/dev/null || echo -lzip)
LIBS    := -lgmp $(LUA_LIBS) -lutf8proc $(XLSX_LIBS) $(ZIP_LIBS) -lexpat -pthread

# Link-time optimisation where the compiler has it (gcc): the row scorer
# calls into the VM for every rule, across modules. Fat objects keep
# libscore.a usable by programs linked without it.
LTO_PROBE := $(shell $(CC) -flto=auto -ffat-lto-objects -x c -c /dev/null -o /dev/null 2>/dev/null && echo -flto=auto -ffat-lto-objects)
LTO_FLAGS ?= $(LTO_PROBE)
# No vectorising of neighbouring stores (GCC 12 does it at -O2): it joins
# the two words of a value (numerator, denominator) into one 16-byte store,
# which the word loads just after it (the next operation's, rounding's
# test of the denominator) cannot take from the store buffer; left joined,
# every bench ran 3% to 6% slower (docs/speed.md, the seventh round).
NO_SLP_PROBE := $(shell $(CC) -fno-tree-slp-vectorize -x c -c /dev/null -o /dev/null 2>/dev/null && echo -fno-tree-slp-vectorize)
# Each function at a cache line's start: where the link put them at 16
# bytes, an unrelated change moved the row's hot functions across lines
# and a build with fewer instructions ran 4% slower; aligned, every bench
# ran 3% to 5% faster and the two builds alike (docs/speed.md, the eighth
# round).
ALIGN_PROBE := $(shell $(CC) -falign-functions=64 -x c -c /dev/null -o /dev/null 2>/dev/null && echo -falign-functions=64)
RELEASE_FLAGS := -O2 -g $(LTO_FLAGS) $(NO_SLP_PROBE) $(ALIGN_PROBE)
# the library's objects serve libscore.so too: position-independent, and
# only score.h's functions seen from outside (SCORE_API)
LIB_FLAGS := -fPIC -fvisibility=hidden
ASAN_FLAGS    := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
# GCC's maybe-uninitialized analysis sees less through ThreadSanitizer's
# instrumentation and warns of values set on every way to their use; the
# other builds keep the warning
TSAN_NOWARN   := $(shell $(CC) -Wno-maybe-uninitialized -Werror -x c -c /dev/null -o /dev/null 2>/dev/null && echo -Wno-maybe-uninitialized)
TSAN_FLAGS    := -O1 -g -fno-omit-frame-pointer -fsanitize=thread $(TSAN_NOWARN)

LINGUAS  := zh_CN
MO_FILES := $(patsubst %,build/locale/%/LC_MESSAGES/score.mo,$(LINGUAS))
XGETTEXT_KEYWORDS := -k_ -kN_ -kP_:1,2 -kdiag_error:3 -kdiag_warning:3 -kdiag_note:3 -kdiag_report:4 \
	-kvm_fail:3 -kcsv_say:3 -kprog_label:3 -kweight_warning:4 -kusage_error:1 -kwant:4 -kcheck_body:5 -kparse_number:5
# the scanner is read as the C flex makes of it: its patterns are not C
POT_SOURCES = $(sort $(wildcard interp/*.c)) grammar/parser.y build/gen/lexer.c

# The sources by stage of the pipeline (docs/modules.md draws it); a file
# in interp/ that no stage lists stops the build.
STAGE_FRONT   := load ast model check analyze compile policy lang names interval
STAGE_MACHINE := program form vm vmwatch builtin row luahook luacheck population ranking calendar date
STAGE_READ    := datafile parallel read_csv read_cell read_xlsx read_numfmt
STAGE_WRITE   := report explain write_rows write_xlsx write_html write_rubric write_tally write_template output outdir
STAGE_COMMAND := score cases diff dump skeleton
STAGE_HELPERS := decimal strbuf utf8 diag i18n mem progress
SRCS := $(patsubst %,interp/%.c,$(STAGE_FRONT) $(STAGE_MACHINE) $(STAGE_READ) $(STAGE_WRITE) $(STAGE_COMMAND) \
	$(STAGE_HELPERS))
UNSTAGED := $(filter-out $(SRCS) interp/main.c,$(wildcard interp/*.c))
$(if $(UNSTAGED),$(error $(UNSTAGED): add it to a STAGE_ list in the Makefile))
OBJS_REL  := $(patsubst interp/%.c,build/release/%.o,$(SRCS)) build/release/parser.o build/release/lexer.o build/release/stdlib.o
OBJS_ASAN := $(patsubst interp/%.c,build/asan/%.o,$(SRCS)) build/asan/parser.o build/asan/lexer.o build/asan/stdlib.o
OBJS_TSAN := $(patsubst interp/%.c,build/tsan/%.o,$(SRCS)) build/tsan/parser.o build/tsan/lexer.o build/tsan/stdlib.o
TEST_SRCS := $(wildcard tests/unit/*.c)

.SECONDARY:
.PHONY: fuzz fuzz-smoke
.PHONY: lint
.PHONY: scalar-check coverage faults-check tsan-check handwritten-check browser-check print-check workbook-check recipe-check completions lib lib-check python-check progress-check pictures all demo check test asan valgrind bench clean help install install-strip uninstall deps pot po-check includes embed-check man man-check deb deb-check install-check
all: score

help:
	@echo "make            build ./score"
	@echo "make demo       build and score the bundled example"
	@echo "make test       build and run every test once, quickly (unit, golden, examples, bad input, hostile)"
	@echo "make check      build and run every test (unit, golden, examples; also under ASan+UBSan, -j under TSan)"
	@echo "make bench      time 1,000,000 generated rows"
	@echo "make install    install score under PREFIX ($(PREFIX))"

deps:
	@sh scripts/deps.sh

build/gen/parser.c: grammar/parser.y
	@mkdir -p build/gen
	bison -Wall -Werror --defines=build/gen/parser.h -o $@ $<
build/gen/parser.h: build/gen/parser.c
build/gen/lexer.c: grammar/lexer.l build/gen/parser.h
	@mkdir -p build/gen
	flex -o $@ $<

build/gen/stdlib.c: $(wildcard stdlib/*.rule stdlib/*.lua) scripts/embed-stdlib.sh
	@mkdir -p build/gen
	sh scripts/embed-stdlib.sh $@ $(sort $(wildcard stdlib/*.rule stdlib/*.lua))

build/release/%.o: interp/%.c $(wildcard interp/*.h interp/*.def include/*.h) build/gen/parser.h
	@mkdir -p build/release
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) $(RELEASE_FLAGS) $(LIB_FLAGS) $(LUA_CFLAGS) $(CFLAGS) -c $< -o $@
build/release/%.o: build/gen/%.c $(wildcard interp/*.h) grammar/grammar.h
	@mkdir -p build/release
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) -Wall -Wextra $(WERROR) $(RELEASE_FLAGS) $(LIB_FLAGS) $(CFLAGS) -c $< -o $@
build/asan/%.o: interp/%.c $(wildcard interp/*.h interp/*.def) build/gen/parser.h
	@mkdir -p build/asan
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(ASAN_FLAGS) $(LUA_CFLAGS) -c $< -o $@
build/asan/%.o: build/gen/%.c $(wildcard interp/*.h) grammar/grammar.h
	@mkdir -p build/asan
	$(CC) $(CPPFLAGS_ALL) -Wall -Wextra -Werror $(ASAN_FLAGS) -c $< -o $@
build/tsan/%.o: interp/%.c $(wildcard interp/*.h interp/*.def) build/gen/parser.h
	@mkdir -p build/tsan
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(TSAN_FLAGS) $(LUA_CFLAGS) -c $< -o $@
build/tsan/%.o: build/gen/%.c $(wildcard interp/*.h) grammar/grammar.h
	@mkdir -p build/tsan
	$(CC) $(CPPFLAGS_ALL) -Wall -Wextra -Werror $(TSAN_FLAGS) -c $< -o $@

# libFuzzer harnesses (clang): make fuzz FUZZ_SECONDS=1800
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
OBJS_FUZZ := $(patsubst interp/%.c,build/fuzz/%.o,$(SRCS)) build/fuzz/parser.o build/fuzz/lexer.o build/fuzz/stdlib.o
FUZZERS := build/fuzz/fuzz_policy build/fuzz/fuzz_csv build/fuzz/fuzz_eval build/fuzz/fuzz_lua build/fuzz/fuzz_paths build/fuzz/fuzz_xlsx build/fuzz/fuzz_init
build/fuzz/%.o: interp/%.c $(wildcard interp/*.h interp/*.def) build/gen/parser.h
	@mkdir -p build/fuzz
	clang $(CPPFLAGS_ALL) $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(LUA_CFLAGS) -c $< -o $@
build/fuzz/%.o: build/gen/%.c $(wildcard interp/*.h) grammar/grammar.h
	@mkdir -p build/fuzz
	clang $(CPPFLAGS_ALL) -Wall -Wextra -Werror $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(OBJS_FUZZ)
	clang $(CPPFLAGS_ALL) $(WARN) -Wno-unused-function $(FUZZ_FLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< $(OBJS_FUZZ) $(LIBS)
fuzz: $(FUZZERS)
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)
# A short run of every harness over its seed corpus (part of make check).
fuzz-smoke: $(FUZZERS)
	sh tests/fuzz/run.sh 5

# the library: everything but the command, which uses only include/score.h
build/release/libscore.a: $(OBJS_REL)
	rm -f $@ && ar rcs $@ $^
# libscore.so.0: the same objects; its SONAME changes only with the major version
SO_MAJOR := $(firstword $(subst ., ,$(BASE_VERSION)))
SONAME := libscore.so.$(SO_MAJOR)
build/release/libscore.so.$(BASE_VERSION): $(OBJS_REL) scripts/libscore.map
	$(CC) -shared $(RELEASE_FLAGS) $(CFLAGS) $(LDFLAGS) -Wl,-soname,$(SONAME) -Wl,--no-undefined -Wl,--version-script=scripts/libscore.map -o $@ $(OBJS_REL) $(LIBS)
	ln -sf libscore.so.$(BASE_VERSION) build/release/$(SONAME)
	ln -sf $(SONAME) build/release/libscore.so
lib: build/release/libscore.a build/release/libscore.so.$(BASE_VERSION)
build/release/score: build/release/main.o build/release/libscore.a
	$(CC) $(RELEASE_FLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)
build/asan/score: $(OBJS_ASAN) build/asan/main.o
	$(CC) $(ASAN_FLAGS) -o $@ $^ $(LIBS)
# a build that counts lines and branches run (make coverage); SCORE_COVERAGE
# keeps a helper the release build forces inline as one function (explain.c)
COV_FLAGS := -O0 -g --coverage -DSCORE_COVERAGE
OBJS_COV := $(patsubst interp/%.c,build/cov/%.o,$(SRCS)) build/cov/parser.o build/cov/lexer.o build/cov/stdlib.o
build/cov/%.o: interp/%.c $(wildcard interp/*.h interp/*.def) build/gen/parser.h
	@mkdir -p build/cov
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(COV_FLAGS) $(LUA_CFLAGS) -c $< -o $@
build/cov/%.o: build/gen/%.c $(wildcard interp/*.h) grammar/grammar.h
	@mkdir -p build/cov
	$(CC) $(CPPFLAGS_ALL) -Wall -Wextra -Werror $(COV_FLAGS) -c $< -o $@
build/cov/score: $(OBJS_COV) build/cov/main.o
	$(CC) $(COV_FLAGS) -o $@ $^ $(LIBS)
build/cov/unit_tests: $(TEST_SRCS) $(OBJS_COV) tests/unit/tests.h
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(COV_FLAGS) -Itests/unit -o $@ $(TEST_SRCS) $(OBJS_COV) $(LIBS) -lcunit -lpthread
# each fuzz harness with a plain main that runs it over files: the kept
# corpora count towards coverage without libFuzzer
REPLAYS := $(patsubst build/fuzz/fuzz_%,build/cov/replay_%,$(FUZZERS))
build/cov/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz_common.h $(OBJS_COV)
	$(CC) $(CPPFLAGS_ALL) $(WARN) -Wno-unused-function $(COV_FLAGS) $(LUA_CFLAGS) -Itests/fuzz -o $@ $< tests/fuzz/replay.c $(OBJS_COV) $(LIBS)
# Lines and branches of interp/ that the unit, golden, example, bad-input
# and hostile tests and the kept fuzz corpora run, by file and in all (gcov).
coverage: score build/cov/score build/cov/unit_tests $(REPLAYS) build/faults/inject.so
	sh scripts/coverage.sh

# A full disk at every step of every command that writes a file (a C
# library shim, LD_PRELOAD): the file as before with status 4 and a
# message, or whole; nothing left behind
build/faults/inject.so: tests/faults/inject.c
	@mkdir -p build/faults
	$(CC) -std=c11 -Wall -Wextra -Werror -O1 -g -shared -fPIC -o $@ $< -ldl
faults-check: score build/faults/inject.so
	sh tests/faults/run.sh ./score build/faults/inject.so

build/tsan/score: $(OBJS_TSAN) build/tsan/main.o
	$(CC) $(TSAN_FLAGS) -o $@ $^ $(LIBS)

# -j under ThreadSanitizer: no data race, and the same bytes as one thread
tsan-check: score build/tsan/score
	sh tests/threads/tsan.sh build/tsan/score

score: build/release/score $(MO_FILES)
	cp build/release/score score

# ---- manual pages, made from --help and docs/language.md so they cannot drift
MAN_PAGES := build/man/score.1 build/man/score-rule.5
MAN_DATE  := 2026-11-23
build/man/score.1: score man/score.h2m
	@mkdir -p build/man
	LC_ALL=C.UTF-8 LANGUAGE= help2man --locale=C.UTF-8 --no-info --no-discard-stderr --include=man/score.h2m --section=1 --name="exact scoring of rubrics" \
		--version-string="$(VERSION)" ./score >$@
build/man/score-rule.5: docs/language.md scripts/md2man.awk
	@mkdir -p build/man
	awk -v date=$(MAN_DATE) -v version=$(VERSION) -f scripts/md2man.awk docs/language.md >$@
man: $(MAN_PAGES)
# The pages render without a warning, and name every option of --help and
# every section of the language's document.
man-check: $(MAN_PAGES)
	for p in $(MAN_PAGES); do LC_ALL=C.UTF-8 groff -k -man -Tutf8 -ww -z $$p 2>build/man/warnings; \
		if [ -s build/man/warnings ]; then cat build/man/warnings; exit 1; fi; done
	for o in $$(./score --help | grep -o -- '--[a-z-]*' | sort -u); do \
		grep -q -- "$$(echo $$o | sed 's/-/\\\\-/g')" build/man/score.1 || { echo "score.1 lacks $$o"; exit 1; }; done
	grep '^## ' docs/language.md | sed 's/^## //' | while read -r h; do \
		grep -qiF ".SH $$h" build/man/score-rule.5 || { echo "score-rule.5 lacks $$h"; exit 1; }; done
	for p in $(MAN_PAGES); do LC_ALL=C.UTF-8 groff -k -man -Tutf8 $$p 2>/dev/null | grep -n '??' && \
		{ echo "$$p shows ? where its text is Chinese"; exit 1; }; true; done
	LC_ALL=C.UTF-8 groff -k -man -Tutf8 build/man/score.1 2>/dev/null | grep -q '评分表'
	@echo "man-check: both pages render cleanly, in Chinese where they say it, and cover --help and docs/language.md"

# ---- messages in other languages (gettext) ------------------------------------
# po/score.pot lists every message; po/LANG.po translates it; the .mo files
# are built into build/locale, where ./score finds them (see interp/i18n.c).
build/locale/%/LC_MESSAGES/score.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<
XGETTEXT := xgettext --from-code=UTF-8 -L C $(XGETTEXT_KEYWORDS) --add-comments=TRANSLATORS: --no-wrap \
	--package-name=score --package-version=$(VERSION)
# Regenerates po/score.pot from the sources and merges it into every .po.
pot: build/gen/lexer.c
	$(XGETTEXT) -o po/score.pot $(POT_SOURCES)
	for l in $(LINGUAS); do msgmerge -q --no-wrap --update --backup=none po/$$l.po po/score.pot; done
# Every message in the sources has a translation, none fuzzy, formats agree.
po-check: build/gen/lexer.c
	$(XGETTEXT) -o build/score.pot $(POT_SOURCES)
	for l in $(LINGUAS); do msgcmp po/$$l.po build/score.pot && msgfmt --check -o /dev/null po/$$l.po || exit 1; done
	@echo "po-check: every message is translated ($(LINGUAS))"

build/release/unit_tests: $(TEST_SRCS) $(OBJS_REL) tests/unit/tests.h
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(RELEASE_FLAGS) -Itests/unit -o $@ $(TEST_SRCS) $(OBJS_REL) $(LIBS) -lcunit -lpthread
build/asan/unit_tests: $(TEST_SRCS) $(OBJS_ASAN) tests/unit/tests.h
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(ASAN_FLAGS) -Itests/unit -o $@ $(TEST_SRCS) $(OBJS_ASAN) $(LIBS) -lcunit -lpthread

# The block scans (read_csv.c's line ends and fields, utf8.c's ASCII runs)
# have word and byte paths for machines without SSE2: the unit tests again
# with those two files built without it (__SSE2__ undefined), the rest as
# released. The golden tests run ./score as built.
SCALAR_SRCS := interp/read_csv.c interp/utf8.c interp/strbuf.c
OBJS_SCALAR := $(patsubst interp/%.c,build/scalar/%.o,$(SCALAR_SRCS)) \
	$(filter-out $(patsubst interp/%.c,build/release/%.o,$(SCALAR_SRCS)),$(OBJS_REL))
build/scalar/%.o: interp/%.c $(wildcard interp/*.h interp/*.def) build/gen/parser.h
	@mkdir -p build/scalar
	$(CC) $(CPPFLAGS_ALL) $(WARN) -O2 -g -U__SSE2__ $(LUA_CFLAGS) -c $< -o $@
build/scalar/unit_tests: $(TEST_SRCS) $(OBJS_SCALAR) tests/unit/tests.h
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(RELEASE_FLAGS) -Itests/unit -o $@ $(TEST_SRCS) $(OBJS_SCALAR) $(LIBS) -lcunit -lpthread
scalar-check: score build/scalar/unit_tests
	SCORE_BIN=./score build/scalar/unit_tests >build/scalar/tests.log 2>&1 || { cat build/scalar/tests.log; exit 1; }
	@tail -4 build/scalar/tests.log
	@echo "scalar-check: the reader's and the JSON writer's word and byte paths (no SSE2) pass the unit tests"

demo: score
	./score --format table examples/seed-001/policy.rule examples/seed-001/data.csv

# examples/embed, built against a fresh install through its score.pc, as
# another program would build it, gives the scores it should.
EMBED := build/embed
embed-check: score build/release/libscore.a
	rm -rf $(EMBED)
	$(MAKE) -s install PREFIX=$(CURDIR)/$(EMBED)/prefix
	PKG_CONFIG_PATH=$(CURDIR)/$(EMBED)/prefix/lib/pkgconfig sh -c \
		'$(CC) -std=c11 -Wall -Wextra -Werror -o $(EMBED)/embed examples/embed/embed.c $$(pkg-config --cflags --libs score)'
	cd examples/embed && export LD_LIBRARY_PATH=$(CURDIR)/$(EMBED)/prefix/lib && ../../$(EMBED)/embed policy.rule 满意度=93.5% 执行率=0.9 >../../$(EMBED)/out.txt 2>&1; \
		echo "status $$?" >>../../$(EMBED)/out.txt; \
		../../$(EMBED)/embed policy.rule 满意度=九十 >>../../$(EMBED)/out.txt 2>&1; echo "status $$?" >>../../$(EMBED)/out.txt; \
		../../$(EMBED)/embed bad.rule >>../../$(EMBED)/out.txt 2>&1; echo "status $$?" >>../../$(EMBED)/out.txt
	diff -u examples/embed/expected.txt $(EMBED)/out.txt
	@echo "embed-check: examples/embed builds against the installed score.pc and scores as expected"

# make install puts every file in place under DESTDIR, and make uninstall
# takes every one of them away again.
install-check: score build/release/libscore.a $(MAN_PAGES)
	rm -rf build/install-check
	$(MAKE) -s install DESTDIR=$(CURDIR)/build/install-check PREFIX=/usr
	for f in bin/score lib/libscore.a lib/libscore.so.$(BASE_VERSION) include/score.h include/score_status.h lib/pkgconfig/score.pc share/man/man1/score.1 \
		share/man/man5/score-rule.5 share/locale/zh_CN/LC_MESSAGES/score.mo \
		share/bash-completion/completions/score share/vim/vimfiles/syntax/score.vim; do \
		[ -f build/install-check/usr/$$f ] || { echo "make install did not install $$f"; exit 1; }; done
	$(MAKE) -s uninstall DESTDIR=$(CURDIR)/build/install-check PREFIX=/usr
	left=$$(find build/install-check -type f); [ -z "$$left" ] || { echo "make uninstall left: $$left"; exit 1; }
	@echo "install-check: make install installs everything, make uninstall removes it"

# The module graph has no cycles (docs/modules.md draws it).
includes:
	sh scripts/include-graph.sh

# Static analysis of the interpreter's sources: warnings and style, clean.
lint: build/gen/parser.h
	cppcheck --quiet --enable=warning,style,performance,portability --std=c11 --error-exitcode=1 \
		--inline-suppr --suppress=missingIncludeSystem -Iinterp -Igrammar -Ibuild/gen interp/*.c

# Static analysis, the fuzzers briefly, sanitizers, then valgrind, then the
# release run, whose CUnit summary ends the output.
check: lint includes scalar-check faults-check recipe-check lib-check python-check progress-check po-check man-check install-check embed-check deb-check browser-check print-check workbook-check handwritten-check tsan-check score build/asan/score build/asan/unit_tests build/release/unit_tests $(FUZZERS)
	@echo "== each fuzz harness, briefly, over its seed corpus"
	sh tests/fuzz/run.sh 5
	@echo "== unit, golden and example tests under AddressSanitizer + UndefinedBehaviorSanitizer"
	SCORE_BIN=build/asan/score ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 build/asan/unit_tests
	@echo "== the same under valgrind (every score run too): no leaks, no errors"
	$(VALGRIND_RUN)
	@echo "== the two number paths: random rubrics, then every test again with each value in GMP"
	sh tests/paths/run.sh 200
	SCORE_DECIMAL=gmp SCORE_BIN=./score build/release/unit_tests >build/gmp-tests.log 2>&1 \
		|| { cat build/gmp-tests.log; exit 1; }; tail -4 build/gmp-tests.log
	@echo "== unit, golden and example tests (release build)"
	SCORE_BIN=./score SCORE_TEST_MEM_KB=2097152 build/release/unit_tests

VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
VALGRIND_RUN = SCORE_BIN=./score SCORE_WRAP="$(VALGRIND)" $(VALGRIND) build/release/unit_tests >build/valgrind.log 2>&1 \
	|| { cat build/valgrind.log; exit 1; }; tail -4 build/valgrind.log

valgrind: score build/release/unit_tests
	$(VALGRIND_RUN)

# the HTML report in headless chromium: its content, and a screenshot not blank
browser-check: score
	sh tests/browser/check.sh

# shell completions, made from the options the program lists (one table)
COMPLETIONS := build/completion/score.bash build/completion/_score
build/completion/score.bash: build/release/score scripts/completions.sh
	@mkdir -p build/completion
	sh scripts/completions.sh bash build/release/score >$@.tmp && mv $@.tmp $@
build/completion/_score: build/release/score scripts/completions.sh
	@mkdir -p build/completion
	sh scripts/completions.sh zsh build/release/score >$@.tmp && mv $@.tmp $@
completions: $(COMPLETIONS)

# libscore.so: its SONAME, nothing exported but score.h's functions, and a
# program linked against it (not the static library) that runs
lib-check: lib
	readelf -d build/release/libscore.so.$(BASE_VERSION) | grep -q "Library soname: \[$(SONAME)\]"
	left=$$(nm -D --defined-only build/release/libscore.so.$(BASE_VERSION) | awk '{print $$3}' | grep -v '^score_' | grep -v '^LIBSCORE_$(SO_MAJOR)$$'); \
		[ -z "$$left" ] || { echo "libscore.so exports $$left"; exit 1; }
	$(CC) -std=c11 -Wall -Wextra -Werror -Iinclude -o build/lib-version tests/lib/version.c -Lbuild/release -lscore
	readelf -d build/lib-version | grep -q "Shared library: \[$(SONAME)\]"
	LD_LIBRARY_PATH=build/release build/lib-version | grep -qx "version $(BASE_VERSION), total 7.5, 甲 weight 10: 甲 扣2.5分（a 7.5）"
	@echo "lib-check: $(SONAME) exports $$(nm -D --defined-only build/release/libscore.so.$(BASE_VERSION) | grep -c ' score_') score_ functions and nothing else; a program linked to it runs"

# The Python module (python/score, setup.py): built against libscore with
# Debian's python3-dev, tested as an analyst uses it, and installed by pip
# from this tree without a network.
PYTHON ?= /usr/bin/python3
python-check: score build/release/libscore.a
	$(PYTHON) setup.py -q build --build-base build/python-build --build-lib build/python
	PYTHONPATH=build/python SCORE_BIN=$(CURDIR)/score $(PYTHON) -B -m unittest discover -s tests/python
	rm -rf build/pip-target && $(PYTHON) -m pip install -q --no-index --target build/pip-target . 2>&1 | grep -v "as the 'root' user" || true
	cd /tmp && PYTHONPATH=$(CURDIR)/build/pip-target $(PYTHON) -B -c "import score; \
		p = score.load('$(CURDIR)/examples/readme/policy.rule'); \
		assert [str(r['total']) for r in p.score_file('$(CURDIR)/examples/readme/data.csv')] == ['18.89', '16.17', '13']"
	@echo "python-check: the module scores as the command does, Decimal values, pandas frames; pip install . works offline"

# The progress line: shown on a terminal (script gives one), from the start
# here ($SCORE_PROGRESS_AFTER=0, so that no test depends on speed), wiped at
# the end; not with --quiet, never into a pipe.
progress-check: score
	@mkdir -p build/progress
	[ -s build/progress/rows.csv ] || awk -v n=20000 -f bench/gen.awk >build/progress/rows.csv
	SCORE_PROGRESS_AFTER=0 script -qc "./score -o /dev/null bench/rubric.rule build/progress/rows.csv" /dev/null >build/progress/tty.txt
	grep -q "rows/s, [0-9]*%, about [0-9]* s left" build/progress/tty.txt
	SCORE_PROGRESS_AFTER=0 script -qc "./score -j 2 -o /dev/null bench/rubric.rule build/progress/rows.csv" /dev/null >build/progress/tty2.txt
	grep -q "rows/s" build/progress/tty2.txt
	SCORE_PROGRESS_AFTER=0 script -qc "cat build/progress/rows.csv | ./score -o /dev/null bench/rubric.rule -" /dev/null >build/progress/stdin.txt
	grep -q "rows/s" build/progress/stdin.txt && ! grep -q "s left" build/progress/stdin.txt
	SCORE_PROGRESS_AFTER=0 script -qc "./score -q -o /dev/null bench/rubric.rule build/progress/rows.csv" /dev/null >build/progress/quiet.txt
	! grep -q "rows/s" build/progress/quiet.txt
	SCORE_PROGRESS_AFTER=0 ./score -o /dev/null bench/rubric.rule build/progress/rows.csv 2>build/progress/pipe.txt; ! grep -q "rows/s" build/progress/pipe.txt
	@echo "progress-check: a line on a terminal (no share of a pipe), none with --quiet or into a file"

# docs/modules.md's recipe for a builtin, followed in a scratch copy
recipe-check:
	sh tests/recipes/builtin.sh

# The edit-test loop: the release build and every unit, golden, example,
# bad-input and hostile test once (about half a minute on two cores);
# make check is the whole run CI makes.
test: score build/release/unit_tests
	SCORE_BIN=./score build/release/unit_tests

# the reports printed as their readers print them (LibreOffice, chromium), pages read back
print-check: score
	sh tests/print/check.sh ./score

# the Excel loop with openpyxl and LibreOffice: template, filled, scored, saved again
workbook-check: score
	sh tests/workbook/check.sh ./score

# the README's picture of the HTML report, from examples/provinces
pictures: score
	sh scripts/pictures.sh

# the hand-written exact programs for bench/rubric.rule and bench/wide.rule:
# score's yardsticks
build/release/handwritten: bench/handwritten.c bench/handwritten.h
	@mkdir -p build/release
	$(CC) -std=c11 $(WARN) -O2 $(CFLAGS) $(LDFLAGS) -o $@ $<
build/release/wide: bench/wide.c bench/handwritten.h
	@mkdir -p build/release
	$(CC) -std=c11 $(WARN) -O2 $(CFLAGS) $(LDFLAGS) -o $@ $<

# score and the hand-written programs agree, byte for byte, on generated rows
handwritten-check: score build/release/handwritten build/release/wide
	@mkdir -p build/bench
	awk -v n=20000 -f bench/gen.awk >build/bench/check-rows.csv
	./score bench/rubric.rule build/bench/check-rows.csv >build/bench/check-score.csv
	build/release/handwritten build/bench/check-rows.csv >build/bench/check-handwritten.csv
	cmp build/bench/check-score.csv build/bench/check-handwritten.csv
	awk -v n=20000 -f bench/gen-wide.awk >build/bench/check-wide-rows.csv
	./score bench/wide.rule build/bench/check-wide-rows.csv >build/bench/check-wide-score.csv
	build/release/wide build/bench/check-wide-rows.csv >build/bench/check-wide.csv
	cmp build/bench/check-wide-score.csv build/bench/check-wide.csv
	@echo "handwritten-check: score agrees with bench/handwritten.c and bench/wide.c on $$(($$(wc -l <build/bench/check-rows.csv) - 1)) rows each"

bench: score build/release/handwritten build/release/wide
	@sh bench/run.sh

# the standard library is compiled into the binary
install: score build/release/libscore.a build/release/libscore.so.$(BASE_VERSION) $(MAN_PAGES) $(COMPLETIONS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 755 build/release/score $(DESTDIR)$(PREFIX)/bin/score
	install -m 644 build/release/libscore.a $(DESTDIR)$(LIBDIR)/libscore.a
	install -m 644 build/release/libscore.so.$(BASE_VERSION) $(DESTDIR)$(LIBDIR)/libscore.so.$(BASE_VERSION)
	ln -sf libscore.so.$(BASE_VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libscore.so
	install -m 644 include/score.h include/score_status.h $(DESTDIR)$(PREFIX)/include/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@VERSION@|$(VERSION)|' -e 's|@LIBS@|$(LIBS)|' scripts/score.pc.in \
		>$(DESTDIR)$(LIBDIR)/pkgconfig/score.pc
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/vim/vimfiles/syntax $(DESTDIR)$(PREFIX)/share/vim/vimfiles/ftdetect
	install -m 644 build/completion/score.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/score
	install -m 644 build/completion/_score $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_score
	install -m 644 editors/vim/syntax/score.vim $(DESTDIR)$(PREFIX)/share/vim/vimfiles/syntax/score.vim
	install -m 644 editors/vim/ftdetect/score.vim $(DESTDIR)$(PREFIX)/share/vim/vimfiles/ftdetect/score.vim
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 644 build/man/score.1 $(DESTDIR)$(PREFIX)/share/man/man1/score.1
	install -m 644 build/man/score-rule.5 $(DESTDIR)$(PREFIX)/share/man/man5/score-rule.5
	for l in $(LINGUAS); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
		install -m 644 build/locale/$$l/LC_MESSAGES/score.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/score.mo; \
	done

# the same, with the program's symbols stripped
install-strip: install
	strip $(DESTDIR)$(PREFIX)/bin/score


uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libscore.so.$(BASE_VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libscore.so
	rm -f $(DESTDIR)$(PREFIX)/bin/score $(DESTDIR)$(LIBDIR)/libscore.a $(DESTDIR)$(PREFIX)/include/score.h $(DESTDIR)$(PREFIX)/include/score_status.h \
		$(DESTDIR)$(LIBDIR)/pkgconfig/score.pc $(DESTDIR)$(PREFIX)/share/bash-completion/completions/score \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_score $(DESTDIR)$(PREFIX)/share/vim/vimfiles/syntax/score.vim \
		$(DESTDIR)$(PREFIX)/share/vim/vimfiles/ftdetect/score.vim $(DESTDIR)$(PREFIX)/share/man/man1/score.1 \
		$(DESTDIR)$(PREFIX)/share/man/man5/score-rule.5
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/score.mo; done

# A Debian package from this tree (debian/): build/deb/score_*.deb
deb:
	rm -rf build/deb && mkdir -p build/deb
	mkdir -p build/deb/src && git ls-files -z --cached --others --exclude-standard | \
		xargs -0 cp -P --parents -t build/deb/src
	cd build/deb/src && dpkg-buildpackage -us -uc -b >../build.log 2>&1 || { tail -30 ../build.log; exit 1; }
	ls build/deb/*.deb

# The package holds the command, its catalog and manual pages, and the
# packaged command runs (from the unpacked tree, in Chinese too).
deb-check: deb
	rm -rf build/deb/root && dpkg-deb -x build/deb/score_$(BASE_VERSION)_*.deb build/deb/root
	for f in usr/bin/score usr/share/locale/zh_CN/LC_MESSAGES/score.mo usr/share/man/man1/score.1.gz \
		usr/share/man/man5/score-rule.5.gz usr/share/doc/score/copyright; do \
		[ -f build/deb/root/$$f ] || { echo "the package lacks $$f"; exit 1; }; done
	build/deb/root/usr/bin/score --version | grep -qx "score $(BASE_VERSION)"
	LANG=zh_CN.UTF-8 build/deb/root/usr/bin/score --no-such-option 2>&1 | grep -q '未知的选项'
	build/deb/root/usr/bin/score examples/readme/policy.rule examples/readme/data.csv >/dev/null
	for f in README.md NEWS language.md modules.md; do ls build/deb/root/usr/share/doc/score/$$f* >/dev/null || \
		{ echo "the package lacks the document $$f"; exit 1; }; done
	ls build/deb/root/usr/share/doc/score/examples/seed-001/policy.rule* >/dev/null
	LC_ALL=C.UTF-8 groff -k -man -Tutf8 build/deb/root/usr/share/man/man1/score.1.gz 2>/dev/null | grep -q 评分表 || \
		zcat build/deb/root/usr/share/man/man1/score.1.gz | LC_ALL=C.UTF-8 groff -k -man -Tutf8 2>/dev/null | grep -q 评分表
	dpkg-deb -x build/deb/libscore0_$(BASE_VERSION)_*.deb build/deb/root
	dpkg-deb -x build/deb/libscore-dev_$(BASE_VERSION)_*.deb build/deb/root
	readelf -d build/deb/root/usr/lib/*/libscore.so.$(BASE_VERSION) | grep -q "Library soname: \[$(SONAME)\]"
	[ -L build/deb/root/usr/lib/*/$(SONAME) ] && [ -L build/deb/root/usr/lib/*/libscore.so ] && [ -f build/deb/root/usr/lib/*/libscore.a ]
	dpkg-deb -I build/deb/libscore0_$(BASE_VERSION)_*.deb symbols | grep -q "score_eval_indicator_explanation@LIBSCORE_0"
	dpkg-deb -x build/deb/python3-score_$(BASE_VERSION)_*.deb build/deb/root
	dpkg-deb -f build/deb/python3-score_$(BASE_VERSION)_*.deb Depends | grep -q "libscore0 (>= $(BASE_VERSION))"
	cd /tmp && PYTHONPATH=$(CURDIR)/build/deb/root/usr/lib/python3/dist-packages \
		LD_LIBRARY_PATH=$$(echo $(CURDIR)/build/deb/root/usr/lib/*-linux-gnu) /usr/bin/python3 -B $(CURDIR)/tests/deb/use.py \
		$(CURDIR)/build/deb/root/usr/lib/python3/dist-packages $(CURDIR)/examples
	lintian --fail-on error,warning build/deb/score_*.deb build/deb/libscore0_*.deb \
		build/deb/libscore-dev_*.deb build/deb/python3-score_*.deb
	sh tests/deb/install.sh build/deb
	@echo "deb-check: the packages install a working score ($(BASE_VERSION)) with its catalog and manual pages, libscore0 with its symbols, libscore-dev and python3-score"

clean:
	rm -rf build score
