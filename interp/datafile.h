/* datafile: the rows of a data file, as a policy reads them, and the one
 * row driver that scores each (datafile_drive).
 *
 * Opens a CSV file or a sheet of an Excel workbook (told apart by their
 * first bytes, not their names), finds every input's column in its header
 * (a missing or doubled column is reported before any row is read; in a
 * workbook the header is the first row that names the inputs, below any
 * title rows), and turns a record's cells into a VM's inputs, reporting
 * each bad cell as
 *   data.csv: row 17 (id 卫健局), column 满意度: '九十' is not a percent …
 *   data.xlsx: 汇总!C17 (id 卫健局), column 满意度: '九十' is not a percent … */
#ifndef SCORE_DATAFILE_H
#define SCORE_DATAFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "read_csv.h"
#include "read_xlsx.h"
#include "program.h"
#include "strbuf.h"
#include "population.h"
#include "ranking.h"
#include "row.h"

/* One record's cells as the policies read them, by header column (a column
 * no input reads is not kept): a view into the reader's buffer, or into a
 * batch of records being scored on another thread (parallel.c). */
typedef struct datafile_record {
	long row;            /* its number in the file, the header being 1 */
	const char **text;   /* by header column; NULL where no input reads it */
	size_t *len;
	const char *bytes;   /* what every cell lies in (csv_record), when read from a file */
	size_t nbytes;
} datafile_record;

typedef struct datafile_file {
	const char *name;    /* as shown in messages */
	FILE *f;
	csv_reader *csv;     /* a text file's reader; NULL for a xlsxin */
	xlsxin *wb;        /* a workbook's sheet; NULL for text */
	long header_row;     /* a workbook's header row on its sheet */
	long header_end;     /* and the last row its merged cells cover */
	size_t nheader;
	int *col_of_input;   /* header index of each input of the policy */
	char delim;          /* between fields */
	const char *encoding;
	bool spooled;        /* read from a temporary copy (standard input, a pipe) */
	unsigned char ahead; /* the byte read from a pipe to tell what it holds, if nahead */
	size_t nahead;
	bool *used;          /* by header column: some policy's input reads it */
	datafile_record cur;     /* the record just read */
	bool read_error;     /* the header could not be read: an I/O error or a workbook its reader refuses, not its contents */
} datafile_file;

/* How to read a data file: encoding NULL is UTF-8 (else an iconv name; a
 * UTF-16 file with a byte-order mark is recognised by it); delim 0 is ',';
 * sheet a workbook's sheet (NULL: its first visible one). */
typedef struct datafile_source {
	const char *encoding;
	char delim;
	const char *sheet;
} datafile_source;

/* "-" is standard input. twice: the rows will be read twice (rules over
 * all units), so the file is first copied to an unnamed temporary file and
 * both passes read that one snapshot. False (reported) when the file
 * cannot be opened or copied. */
bool datafile_open(datafile_file *d, const char *name, const datafile_source *src, bool twice);
void datafile_close(datafile_file *d);
/* The file's next record as it stands, header or not (score init reads a
 * printed table so); a workbook's merged cells show their first cell's
 * value in every cell they cover. CSV_RECORD, CSV_EOF, CSV_BAD (a
 * malformed record: csv_error) or CSV_IOERR (reported). */
csv_status datafile_next_raw(datafile_file *d);
size_t datafile_nfields(const datafile_file *d);
/* Reads the header and maps the policy's inputs to its columns; false
 * (reported) when one is missing or doubled. */
bool datafile_header(datafile_file *d, const prog *p);
/* The exit status when datafile_header failed: SCORE_ERR_IO when the file
 * could not be read, SCORE_ERR_DATA when what it holds is wrong. */
int datafile_header_failed(const datafile_file *d);
/* Maps the inputs of another policy over the same header (score diff);
 * returns an owned column map, or NULL (reported). */
int *datafile_map(datafile_file *d, const prog *p);
/* Field c of the record just read (the header, after datafile_header). */
const char *datafile_field(const datafile_file *d, size_t c, size_t *len);
/* The record's number: its row on the sheet, or in the CSV file (the
 * header being 1). */
long datafile_row(const datafile_file *d);
/* "data.csv: row 17 (id 卫健局)": how the current row is named. */
void datafile_describe(strbuf *sb, const datafile_file *d, const prog *p, bool fields_ok);
/* Whether the record just read (csv_next said st) can be scored as a row:
 * false for a malformed record, one of the wrong width, or one whose
 * quoted field swallowed lines that look like rows. where then names it
 * ("data.csv: row 3 (lines 3–304)") and why says what is wrong. */
bool datafile_record_ok(datafile_file *d, csv_status st, const prog *p, strbuf *where, strbuf *why);
/* The spreadsheet rows the current record stands for when it is not
 * scored: each line a runaway quote swallowed counts, so that a summary
 * never reports fewer rows lost than were lost. */
long datafile_lost(const datafile_file *d);
/* A record's id values (trimmed), for report_row. */
void datafile_ids(const datafile_record *rec, const prog *p, const int *cols, const char **ids, size_t *lens);

/* ---- the row driver ------------------------------------------------------------ */

/* Every command reads its rows through one driver: it reads a record, checks
 * its shape, turns its cells into the inputs of each policy's VM and scores
 * them; a row that cannot be used is skipped with the reason, and counted
 * as the spreadsheet rows it stands for, so that no row is lost in silence. */
typedef enum datafile_step {
	ROWS_END,        /* no more rows (read_error: the file could not be read to its end) */
	ROWS_READY,      /* loaded, and scored by every policy when scoring */
	ROWS_SKIPPED     /* cannot be used: where, why, stage and lost say more */
} datafile_step;

typedef enum datafile_stage {
	ROWS_AT_RECORD,  /* a malformed record, or of the wrong width */
	ROWS_AT_CELLS,   /* a bad cell (each reported as it was read; why is empty) */
	ROWS_AT_SCORING  /* a rule stopped the row (why is the VM's error) */
} datafile_stage;

#define ROWS_MAX_POLICIES 2

typedef struct datafile_policy {
	const prog *p;
	const int *cols;    /* its column map */
	row *v;
	const char *label;  /* named in its scoring errors (diff: old/new), or NULL */
	population *pop;    /* for its rules over all units (owned), or NULL */
} datafile_policy;

typedef struct datafile_driver {
	datafile_file *d;
	bool score;         /* false: load the cells only (score check DATA) */
	int npolicies;
	datafile_policy policy[ROWS_MAX_POLICIES];
	/* a skipped row */
	datafile_stage stage;
	csv_status record_status; /* ROWS_AT_RECORD: what the reader said of it */
	strbuf where, why;
	strbuf cells;       /* ROWS_AT_CELLS: the bad cells' reasons, as reported ("column 满意度: …; …") */
	long lost;          /* the spreadsheet rows it stands for (>= 1) */
	bool read_error;    /* reading stopped on an error (reported) */
	bool started;       /* the population, if any, is collected */
	strbuf messages;    /* the current row's bad cells, as reported */
	ranking *totals;    /* not owned; when set, the first call scores every row once and fills it with
			       their totals (the 排名 of a report), the rows then read again */
} datafile_driver;

/* A driver over d (its header read) scoring with p in v. */
void datafile_driver_init(datafile_driver *r, datafile_file *d, const prog *p, row *v, bool score);
/* Another policy over the same rows (score diff), with its column map. */
void datafile_driver_add(datafile_driver *r, const prog *p, const int *cols, row *v, const char *label);
/* The next row. For policies with rules over all units (rank, all_mean, …)
 * the first call reads every row once, quietly, to collect what they need
 * (population.h), and goes back to the first row. */
datafile_step datafile_drive(datafile_driver *r);

/* datafile_drive in two halves, for scoring on several threads (parallel.c).
 * datafile_read reads the next record and checks its shape: ROWS_READY leaves
 * it in r->d->cur, unloaded; ROWS_SKIPPED and ROWS_END are datafile_drive's. */
datafile_step datafile_read(datafile_driver *r);
/* Instead, where the next record is a plain line of a text file
 * (csv_next_line) and the first record has been read: its bytes, valid
 * until the next read, its row and its line, for datafile_split_line to
 * take apart later, on any thread; false, with nothing read, otherwise. */
bool datafile_take_line(datafile_driver *r, const char **bytes, size_t *len, long *row_no, long *line);
/* A copy of such a line split in place into rec (its row, and the cells
 * some input reads), with at and lens room for d->nheader fields; false,
 * with where and why as datafile_read says them, when its text is not
 * UTF-8 or it has not the header's number of fields (the row is lost). */
bool datafile_split_line(const datafile_file *d, const prog *p, char *bytes, size_t len, long row_no, long line,
			 uint32_t *at, uint32_t *lens, datafile_record *rec, strbuf *where, strbuf *why);
/* Loads rec's cells into each policy's row (vs[k], on this thread) and
 * scores them. Bad cells are appended to messages, one line each, as
 * datafile_drive reports them; a skipped row's stage, where and why go to the
 * last three. Uses no state of r but its policies and file name. */
datafile_step datafile_score_record(const datafile_driver *r, const datafile_record *rec, row *const *vs, strbuf *messages,
			    datafile_stage *stage, strbuf *where, strbuf *why, strbuf *cells);
/* "data.csv: row 7 (line 7): has 4 fields, the header has 6" on stderr, for
 * a skipped row whose reason is not reported yet. */
void datafile_report_skip(const datafile_driver *r);
/* The reason of the row datafile_drive skipped last, in the files' language
 * (i18n.h), for a report's 未评分: its checks, cells or rules are run again
 * on it, saying it in Chinese whatever the locale. Appended to out. */
void datafile_reason_for_files(datafile_driver *r, strbuf *out);
void datafile_driver_free(datafile_driver *r);

#endif
