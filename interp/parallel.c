/* parallel: score run's rows on several threads (see parallel.h). */
#include "parallel.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"

/* A batch holds this many records, or stops earlier at this many bytes of
 * cells: large enough that handing it over costs little per row, small
 * enough that a few per thread keep memory flat. */
#define BATCH_RECORDS 1024
#define BATCH_BYTES (1 << 20)

typedef enum batch_state { BATCH_FREE, BATCH_FILLED, BATCH_SCORING, BATCH_DONE } batch_state;

/* A record as the batch keeps it: a row's cells (spans into text, one per
 * column some input reads), or a record skipped for its shape, with its
 * message (a span of text). */
typedef struct batch_record {
	bool skipped;
	long row;
	long lost;      /* skipped: the spreadsheet rows it stands for */
	size_t at;      /* first span of a row in spans; a skipped record's message offset in text */
	size_t msg_len;
} batch_record;

typedef struct batch {
	batch_state state;
	batch_record *recs;
	size_t nrecs, caprecs;
	strbuf text;
	size_t *spans;  /* (offset, length) pairs */
	size_t nspans, capspans;
	/* what scoring made of it */
	strbuf out, err;
	long rows, bad, scored;
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
	rows_record rec;  /* a view of the record being scored */
	strbuf where, why, cells;
} worker;

struct pool {
	const rows_driver *r;
	const prog *p;
	pthread_mutex_t lock;
	pthread_cond_t work;    /* a batch was filled, or it is time to stop */
	pthread_cond_t done;    /* a batch was scored */
	batch *ring;
	size_t nring;
	long next_to_score;     /* the sequence number a worker takes next */
	long filled;            /* batches handed over so far */
	bool stop;
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
	for (size_t i = 0; i < b->nrecs; i++) {
		const batch_record *br = &b->recs[i];
		b->rows += br->lost;
		if (br->skipped) {
			sb_putn(&b->err, b->text.data + br->at, br->msg_len);
			b->bad += br->lost;
			continue;
		}
		w->rec.row = br->row;
		for (size_t k = 0; k < pl->nused; k++) {
			int c = pl->used[k];
			w->rec.text[c] = b->text.data + b->spans[br->at + 2 * k];
			w->rec.len[c] = b->spans[br->at + 2 * k + 1];
		}
		sb_clear(&w->where);
		sb_clear(&w->why);
		sb_clear(&w->cells);
		rows_stage stage;
		rows_step step = rows_score_record(pl->r, &w->rec, &w->v, &b->err, &stage, &w->where, &w->why, &w->cells);
		if (step == ROWS_READY) {
			rows_ids(&w->rec, p, pl->r->d->col_of_input, w->ids, w->idlens);
			report_row(w->part, br->row, w->ids, w->idlens, w->v);
			b->scored++;
		} else {
			if (w->why.len)
				sb_printf(&b->err, "%s: %s\n", w->where.data, w->why.data);
			b->bad += br->lost;
		}
	}
	report_take(w->part, &b->out);
}

static void *work(void *arg)
{
	worker *w = arg;
	pool *pl = w->pl;
	pthread_mutex_lock(&pl->lock);
	for (;;) {
		while (!pl->stop && pl->next_to_score >= pl->filled)
			pthread_cond_wait(&pl->work, &pl->lock);
		if (pl->next_to_score >= pl->filled)
			break; /* stopping, and nothing is left */
		batch *b = slot(pl, pl->next_to_score++);
		b->state = BATCH_SCORING;
		pthread_mutex_unlock(&pl->lock);
		score_batch(w, b);
		pthread_mutex_lock(&pl->lock);
		b->state = BATCH_DONE;
		pthread_cond_broadcast(&pl->done);
	}
	pthread_mutex_unlock(&pl->lock);
	return NULL;
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
	return true;
}

/* ---- the reading thread ----------------------------------------------------------- */

static void batch_reset(batch *b)
{
	b->state = BATCH_FREE;
	b->nrecs = b->nspans = 0;
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

/* Copies the record rows_read left in r->d->cur into b. */
static void keep_row(pool *pl, batch *b, const rows_record *cur)
{
	batch_record *br = add_record(b);
	br->row = cur->row;
	br->lost = 1;
	br->at = b->nspans;
	b->spans = mem_grow(b->spans, sizeof *b->spans, &b->capspans, b->nspans + 2 * pl->nused);
	for (size_t k = 0; k < pl->nused; k++) {
		int c = pl->used[k];
		b->spans[b->nspans++] = b->text.len;
		b->spans[b->nspans++] = cur->len[c];
		sb_putn(&b->text, cur->text[c], cur->len[c]);
	}
}

static void keep_skipped(batch *b, const rows_driver *r)
{
	batch_record *br = add_record(b);
	br->skipped = true;
	br->lost = r->lost;
	br->at = b->text.len;
	if (r->why.len) /* as rows_report_skip says it */
		sb_printf(&b->text, "%s: %s\n", r->where.data, r->why.data);
	br->msg_len = b->text.len - br->at;
}

/* Writes the oldest batch once it is scored, and frees its slot. */
static void write_oldest(pool *pl, long seq, report *rep, parallel_result *res)
{
	batch *b = slot(pl, seq);
	pthread_mutex_lock(&pl->lock);
	while (b->state != BATCH_DONE)
		pthread_cond_wait(&pl->done, &pl->lock);
	pthread_mutex_unlock(&pl->lock);
	if (b->err.len)
		fwrite(b->err.data, 1, b->err.len, stderr);
	report_write_rows(rep, &b->out, b->scored);
	res->rows += b->rows;
	res->bad += b->bad;
	batch_reset(b);
}

bool parallel_score(rows_driver *r, report *rep, sheet_format fmt, bool explain, bool tracing, int threads,
		    parallel_result *res)
{
	memset(res, 0, sizeof *res);
	pool pl = {0};
	pl.r = r;
	pl.p = r->policy[0].p;
	const rows_file *d = r->d;
	int *used = mem_calloc(d->nheader ? d->nheader : 1, sizeof *used);
	for (size_t c = 0; c < d->nheader; c++)
		if (d->used[c])
			used[pl.nused++] = (int)c;
	pl.used = used;
	pl.nring = 2 * (size_t)threads + 2;
	pl.ring = mem_calloc(pl.nring, sizeof *pl.ring);
	worker *ws = mem_calloc((size_t)threads, sizeof *ws);
	bool ok = true;
	for (int t = 0; t < threads && ok; t++)
		ok = worker_init(&ws[t], &pl, fmt, explain, tracing);
	if (!ok)
		fprintf(stderr, "%s", _("score: cannot start a Lua state for each thread: scoring on one\n"));
	pthread_mutex_init(&pl.lock, NULL);
	pthread_cond_init(&pl.work, NULL);
	pthread_cond_init(&pl.done, NULL);
	for (int t = 0; t < threads && ok; t++) {
		int e = pthread_create(&ws[t].thread, NULL, work, &ws[t]);
		ws[t].started = e == 0;
		if (e != 0 && t == 0) {
			fprintf(stderr, _("score: cannot start a thread: %s; scoring on one\n"), strerror(e));
			ok = false;
		}
	}
	long written = 0;
	bool first = true;
	while (ok) {
		batch *b = slot(&pl, pl.filled);
		if (b->state != BATCH_FREE)
			write_oldest(&pl, written++, rep, res);
		rows_step step = ROWS_READY;
		while (b->nrecs < BATCH_RECORDS && b->text.len < BATCH_BYTES) {
			step = rows_read(r);
			if (first) {
				/* the population (rules over all units) exists once the first read is done */
				first = false;
				for (int t = 0; t < threads; t++)
					row_set_population(ws[t].v, r->policy[0].pop);
			}
			if (step == ROWS_END)
				break;
			if (step == ROWS_SKIPPED)
				keep_skipped(b, r);
			else
				keep_row(&pl, b, &d->cur);
		}
		if (b->nrecs) {
			pthread_mutex_lock(&pl.lock);
			b->state = BATCH_FILLED;
			pl.filled++;
			pthread_cond_signal(&pl.work);
			pthread_mutex_unlock(&pl.lock);
		}
		if (step == ROWS_END)
			break;
	}
	while (ok && written < pl.filled)
		write_oldest(&pl, written++, rep, res);
	pthread_mutex_lock(&pl.lock);
	pl.stop = true;
	pthread_cond_broadcast(&pl.work);
	pthread_mutex_unlock(&pl.lock);
	for (int t = 0; t < threads; t++) {
		if (ws[t].started)
			pthread_join(ws[t].thread, NULL);
		if (ws[t].v)
			row_set_population(ws[t].v, NULL);
		worker_free(&ws[t]);
	}
	pthread_cond_destroy(&pl.work);
	pthread_cond_destroy(&pl.done);
	pthread_mutex_destroy(&pl.lock);
	for (size_t i = 0; i < pl.nring; i++) {
		batch *b = &pl.ring[i];
		mem_free(b->recs);
		mem_free(b->spans);
		sb_free(&b->text);
		sb_free(&b->out);
		sb_free(&b->err);
	}
	mem_free(pl.ring);
	mem_free(ws);
	mem_free(used);
	return ok;
}
