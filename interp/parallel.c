/* parallel: score run's rows on several threads (see parallel.h). */
#include "parallel.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"

/* A batch holds this many records, or stops earlier at this many bytes of
 * records: large enough that taking turns at the reader costs little per row,
 * small enough that a batch stays in its core's cache between being read
 * and being scored, and that a few per thread keep memory flat. */
#define BATCH_RECORDS 1024
#define BATCH_BYTES (1 << 20)
#define CACHE_LINE 64

/* Where a cell lies in its record's bytes: a record is at most
 * CSV_MAX_RECORD bytes. */
typedef struct batch_cell {
	uint32_t at, len;
} batch_cell;

/* A record as the batch keeps it: a row (its bytes in text from `at`, its
 * cells, one per column some input reads, in cells from `cells_at`), a
 * plain line still to be split (its bytes, then a NUL), or a record skipped
 * for its shape, with its message (a span of text). */
typedef struct batch_record {
	bool skipped;
	bool line;      /* a plain line: split by the thread that scores it */
	long row;
	long line_no;   /* a line's number in the file, for its messages */
	long lost;      /* skipped: the spreadsheet rows it stands for */
	size_t at;      /* where its bytes or message start in text */
	size_t cells_at;
	size_t len;     /* a line's bytes, or a message's */
} batch_record;

typedef struct batch {
	bool done;      /* scored, to be written */
	batch_record *recs;
	size_t nrecs, caprecs;
	strbuf text;
	batch_cell *cells;
	size_t ncells, capcells;
	/* what scoring made of it */
	strbuf out, err;
	long rows, bad, scored;
	/* two threads' batches never share a cache line */
	// cppcheck-suppress unusedStructMember
	char apart[CACHE_LINE];
} batch;

typedef struct pool pool;

typedef struct worker {
	pool *pl;
	pthread_t thread;
	bool started;
	row *v;
	luahook *lua;     /* owned; NULL when the policy has no Lua */
	report *part;
	const char **ids;
	size_t *idlens;
	datafile_record rec;  /* a view of the record being scored */
	uint32_t *at, *lens;  /* where a line's fields lie, by column */
	strbuf where, why, cells;
	/* written a row at a time: two threads' workers never share a cache
	 * line, or each write would take the line from the other core */
	// cppcheck-suppress unusedStructMember
	char apart[CACHE_LINE];
} worker;

struct pool {
	datafile_driver *r;
	const prog *p;
	worker *ws;
	int threads;
	/* Held while reading a batch: the reader and the record it leaves in
	 * r->d->cur are one at a time. Taken before lock, never after. */
	pthread_mutex_t read_lock;
	bool first_read;        /* under read_lock */
	progress *pg;           /* the progress line, counted under read_lock; or NULL */
	pthread_mutex_t lock;   /* the ring's counters and each batch's done */
	pthread_cond_t written; /* a batch was written (a slot is free), or the input ended */
	batch *ring;
	size_t nring;
	long filled;            /* batches read so far */
	long next_to_write;
	bool writing;           /* a thread is writing batches out */
	bool ended;             /* the input is read to its end */
	report *rep;
	parallel_result *res;
	const int *used;        /* the columns some input reads */
	size_t nused;
};

static batch *slot(pool *pl, long seq)
{
	return &pl->ring[(size_t)seq % pl->nring];
}

/* ---- the workers ------------------------------------------------------------- */

static void score_batch(worker *w, batch *b)
{
	const pool *pl = w->pl;
	const prog *p = pl->p;
	long rows = 0, bad = 0, scored = 0;
	for (size_t i = 0; i < b->nrecs; i++) {
		const batch_record *br = &b->recs[i];
		rows += br->lost;
		if (br->skipped) {
			sb_putn(&b->err, b->text.data + br->at, br->len);
			bad += br->lost;
			continue;
		}
		sb_clear(&w->where);
		sb_clear(&w->why);
		sb_clear(&w->cells);
		if (br->line) {
			if (!datafile_split_line(pl->r->d, p, b->text.data + br->at, br->len, br->row, br->line_no, w->at,
						 w->lens, &w->rec, &w->where, &w->why)) {
				sb_printf(&b->err, "%s: %s\n", w->where.data, w->why.data);
				bad += br->lost;
				continue;
			}
		} else {
			w->rec.row = br->row;
			const char *bytes = b->text.data + br->at;
			const batch_cell *cell = b->cells + br->cells_at;
			for (size_t k = 0; k < pl->nused; k++) {
				int c = pl->used[k];
				w->rec.text[c] = bytes + cell[k].at;
				w->rec.len[c] = cell[k].len;
			}
		}
		datafile_stage stage;
		datafile_step step = datafile_score_record(pl->r, &w->rec, &w->v, &b->err, &stage, &w->where, &w->why, &w->cells);
		if (step == ROWS_READY) {
			datafile_ids(&w->rec, p, pl->r->d->col_of_input, w->ids, w->idlens);
			report_row(w->part, br->row, w->ids, w->idlens, w->v);
			scored++;
		} else {
			if (w->why.len)
				sb_printf(&b->err, "%s: %s\n", w->where.data, w->why.data);
			bad += br->lost;
		}
	}
	b->rows = rows;
	b->bad = bad;
	b->scored = scored;
	report_take(w->part, &b->out);
}

static void worker_free(worker *w)
{
	row_free(w->v);
	luahook_free(w->lua);
	report_free(w->part);
	mem_free(w->ids);
	mem_free(w->idlens);
	mem_free(w->rec.text);
	mem_free(w->rec.len);
	mem_free(w->at);
	mem_free(w->lens);
	sb_free(&w->where);
	sb_free(&w->why);
	sb_free(&w->cells);
}

static bool worker_init(worker *w, pool *pl, sheet_format fmt, bool explain, bool tracing)
{
	const prog *p = pl->p;
	memset(w, 0, sizeof *w);
	w->pl = pl;
	w->v = row_new(p);
	row_set_tracing(w->v, tracing);
	if (p->lua) {
		w->lua = luahook_clone(p->lua);
		if (!w->lua)
			return false;
		row_set_lua(w->v, w->lua);
	}
	w->part = report_new_part(p, fmt, explain);
	w->ids = mem_calloc((size_t)p->nids + 1, sizeof *w->ids);
	w->idlens = mem_calloc((size_t)p->nids + 1, sizeof *w->idlens);
	size_t n = pl->r->d->nheader ? pl->r->d->nheader : 1;
	w->rec.text = mem_calloc(n, sizeof *w->rec.text);
	w->rec.len = mem_calloc(n, sizeof *w->rec.len);
	w->at = mem_calloc(n, sizeof *w->at);
	w->lens = mem_calloc(n, sizeof *w->lens);
	return true;
}

/* ---- a batch's records ---------------------------------------------------------- */

static void batch_reset(batch *b)
{
	b->done = false;
	b->nrecs = b->ncells = 0;
	sb_clear(&b->text);
	sb_clear(&b->out);
	sb_clear(&b->err);
	b->rows = b->bad = b->scored = 0;
}

static batch_record *add_record(batch *b)
{
	b->recs = mem_grow(b->recs, sizeof *b->recs, &b->caprecs, b->nrecs + 1);
	batch_record *br = &b->recs[b->nrecs++];
	memset(br, 0, sizeof *br);
	return br;
}

/* Copies the record datafile_read left in r->d->cur into b: its bytes in one
 * piece, and where each cell some input reads lies in them. */
static void keep_row(pool *pl, batch *b, const datafile_record *cur)
{
	batch_record *br = add_record(b);
	br->row = cur->row;
	br->lost = 1;
	br->at = b->text.len;
	br->cells_at = b->ncells;
	b->cells = mem_grow(b->cells, sizeof *b->cells, &b->capcells, b->ncells + pl->nused);
	batch_cell *cell = b->cells + b->ncells;
	for (size_t k = 0; k < pl->nused; k++) {
		int c = pl->used[k];
		cell[k].at = (uint32_t)(cur->text[c] - cur->bytes);
		cell[k].len = (uint32_t)cur->len[c];
	}
	b->ncells += pl->nused;
	sb_putn(&b->text, cur->bytes, cur->nbytes);
}

/* Copies a plain line (datafile_take_line's) into b, to be split later. */
static void keep_line(batch *b, const char *bytes, size_t len, long row_no, long line)
{
	batch_record *br = add_record(b);
	br->line = true;
	br->row = row_no;
	br->line_no = line;
	br->lost = 1;
	br->at = b->text.len;
	br->len = len;
	sb_putn(&b->text, bytes, len);
	sb_putc(&b->text, '\0');
}

static void keep_skipped(batch *b, const datafile_driver *r)
{
	batch_record *br = add_record(b);
	br->skipped = true;
	br->lost = r->lost;
	br->at = b->text.len;
	if (r->why.len) /* as datafile_report_skip says it */
		sb_printf(&b->text, "%s: %s\n", r->where.data, r->why.data);
	br->len = b->text.len - br->at;
}

/* ---- taking turns ------------------------------------------------------------------ */

/* Reads the next records into b (under read_lock); false at the input's end. */
static bool fill_batch(pool *pl, batch *b)
{
	datafile_driver *r = pl->r;
	datafile_step step = ROWS_READY;
	while (b->nrecs < BATCH_RECORDS && b->text.len < BATCH_BYTES) {
		/* most records are plain lines: here only where each ends is
		 * found, and the thread that scores them splits them */
		const char *bytes;
		size_t len;
		long row_no, line;
		if (datafile_take_line(r, &bytes, &len, &row_no, &line)) {
			if (pl->pg)
				progress_row(pl->pg);
			keep_line(b, bytes, len, row_no, line);
			continue;
		}
		step = datafile_read(r);
		if (pl->pg)
			progress_row(pl->pg);
		if (pl->first_read) {
			/* the population (rules over all units) exists once the first read is done */
			pl->first_read = false;
			for (int t = 0; t < pl->threads; t++)
				row_set_population(pl->ws[t].v, r->policy[0].pop);
		}
		if (step == ROWS_END)
			break;
		if (step == ROWS_SKIPPED)
			keep_skipped(b, r);
		else
			keep_row(pl, b, &r->d->cur);
	}
	return step != ROWS_END;
}

/* Writes the batch numbered seq, scored, and frees its slot. */
static void write_batch(pool *pl, long seq)
{
	batch *b = slot(pl, seq);
	if (b->err.len)
		fwrite(b->err.data, 1, b->err.len, stderr);
	report_write_rows(pl->rep, &b->out, b->scored);
	pl->res->rows += b->rows;
	pl->res->bad += b->bad;
	batch_reset(b);
}

/* Marks b scored, and writes every scored batch that is next in order
 * unless another thread is at it (it looks again before it stops). Called
 * with the lock held; returns with it held. */
static void finish_batch(pool *pl, batch *b)
{
	b->done = true;
	if (pl->writing)
		return;
	pl->writing = true;
	while (pl->next_to_write < pl->filled && slot(pl, pl->next_to_write)->done) {
		pthread_mutex_unlock(&pl->lock);
		write_batch(pl, pl->next_to_write);
		pthread_mutex_lock(&pl->lock);
		pl->next_to_write++;
		pthread_cond_broadcast(&pl->written);
	}
	pl->writing = false;
}

/* Each thread in turn reads a batch and then scores it itself, while it is
 * still in its core's cache; whoever finishes the batch next in input order
 * writes it. Ends when the input does. */
static void *take_turns(void *arg)
{
	worker *w = arg;
	pool *pl = w->pl;
	for (;;) {
		pthread_mutex_lock(&pl->read_lock);
		pthread_mutex_lock(&pl->lock);
		while (!pl->ended && pl->filled - pl->next_to_write >= (long)pl->nring)
			pthread_cond_wait(&pl->written, &pl->lock);
		batch *b = pl->ended ? NULL : slot(pl, pl->filled);
		pthread_mutex_unlock(&pl->lock);
		bool more = b && fill_batch(pl, b);
		pthread_mutex_lock(&pl->lock);
		if (b && b->nrecs)
			pl->filled++;
		else
			b = NULL;
		if (!more) {
			pl->ended = true;
			pthread_cond_broadcast(&pl->written);
		}
		pthread_mutex_unlock(&pl->lock);
		pthread_mutex_unlock(&pl->read_lock);
		if (!b)
			return NULL;
		score_batch(w, b);
		pthread_mutex_lock(&pl->lock);
		finish_batch(pl, b);
		pthread_mutex_unlock(&pl->lock);
	}
}

bool parallel_score(datafile_driver *r, report *rep, sheet_format fmt, bool explain, bool tracing, int threads,
		    progress *pg, parallel_result *res)
{
	memset(res, 0, sizeof *res);
	pool pl = {0};
	pl.pg = pg;
	pl.r = r;
	pl.p = r->policy[0].p;
	pl.rep = rep;
	pl.res = res;
	pl.threads = threads;
	pl.first_read = true;
	const datafile_file *d = r->d;
	int *used = mem_calloc(d->nheader ? d->nheader : 1, sizeof *used);
	for (size_t c = 0; c < d->nheader; c++)
		if (d->used[c])
			used[pl.nused++] = (int)c;
	pl.used = used;
	pl.nring = 2 * (size_t)threads + 2;
	pl.ring = mem_calloc(pl.nring, sizeof *pl.ring);
	worker *ws = mem_calloc((size_t)threads, sizeof *ws);
	pl.ws = ws;
	bool ok = true;
	for (int t = 0; t < threads && ok; t++)
		ok = worker_init(&ws[t], &pl, fmt, explain, tracing);
	if (!ok)
		fprintf(stderr, "%s", _("score: cannot start a Lua state for each thread: scoring on one\n"));
	pthread_mutex_init(&pl.read_lock, NULL);
	pthread_mutex_init(&pl.lock, NULL);
	pthread_cond_init(&pl.written, NULL);
	/* this thread is ws[0]: N threads in all, each reading and scoring in turn */
	for (int t = 1; t < threads && ok; t++) {
		int e = pthread_create(&ws[t].thread, NULL, take_turns, &ws[t]);
		ws[t].started = e == 0;
		if (e != 0) {
			/* fewer threads than asked, or this one alone */
			if (t == 1)
				fprintf(stderr, _("score: cannot start a thread: %s; scoring on one\n"), strerror(e));
			break;
		}
	}
	if (ok)
		take_turns(&ws[0]);
	for (int t = 0; t < threads; t++) {
		if (ws[t].started)
			pthread_join(ws[t].thread, NULL);
		if (ws[t].v)
			row_set_population(ws[t].v, NULL);
		worker_free(&ws[t]);
	}
	pthread_cond_destroy(&pl.written);
	pthread_mutex_destroy(&pl.lock);
	pthread_mutex_destroy(&pl.read_lock);
	for (size_t i = 0; i < pl.nring; i++) {
		batch *b = &pl.ring[i];
		mem_free(b->recs);
		mem_free(b->cells);
		sb_free(&b->text);
		sb_free(&b->out);
		sb_free(&b->err);
	}
	mem_free(pl.ring);
	mem_free(ws);
	mem_free(used);
	return ok;
}
