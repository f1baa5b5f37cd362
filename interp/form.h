/* form: the usual forms of an indicator's rule, found in its bytecode.
 *
 * Most leaves of a real rubric are one of a few forms: a deduction from an
 * input or a difference, a proportional score, a band over an input, a
 * checklist of yes/no inputs, an input taken as it is, a comparison (a
 * condition). The machine (vm.c) runs a rule of such a form straight from
 * what is found here, with the decimal operations its instructions would
 * make (a deduction in words as one fraction, of the same value), tells a
 * watcher (the 扣分说明, coverage) what the instructions would have told
 * it, and leaves everything unusual (a missing cell, a value in GMP, no
 * band branch that holds, a unit not above 0) to the instructions
 * themselves, which then say why. With SCORE_DECIMAL=gmp every rule runs
 * as instructions.
 * A form is matched on the instructions exactly as compile.c emits them:
 * anything else is FORM_NONE and runs as instructions. */
#ifndef SCORE_FORM_H
#define SCORE_FORM_H

#include <stdbool.h>
#include <stdint.h>

#include "program.h"

typedef enum form_kind {
	FORM_NONE,      /* run as instructions */
	FORM_VALUE,     /* the amount itself */
	FORM_DEDUCT,    /* from base deduct points per unit of the amount (prog_deduct) */
	FORM_PRORATA,   /* points × the amount within [0, points], then at most a constant */
	FORM_BAND,      /* the score of the first band branch whose interval holds the amount */
	FORM_CHECKLIST, /* a constant, plus a constant for each yes/no input that holds, then at most a constant */
	FORM_TEST       /* the amount compared with a constant: 1 or 0 (a condition: zero if, veto, na) */
} form_kind;

/* A value a rule starts from: the row's value of an input, or a constant. */
typedef struct form_operand {
	bool input;
	bool traced; /* an input the 扣分说明 names (its INPUT's b is 0) */
	int index;   /* into the row's inputs or the program's constants */
} form_operand;

/* The most branches of a band, or items of a checklist, also kept as words. */
#define FORM_BAND_WORDS 8

typedef struct form {
	form_kind kind;
	/* the amount: x, or x op y (op: OP_ADD, OP_SUB, OP_MUL or OP_DIV; 0: none) */
	form_operand x, y;
	int op;
	int deduct;      /* FORM_DEDUCT: the prog_deduct */
	bool whole;      /* FORM_DEDUCT: whole units only */
	bool in_words;   /* FORM_DEDUCT: its constants are words, its unit above 0, and per is: */
	int64_t per_num, per_den; /* points ÷ unit in lowest terms (per_den > 0) */
	int points;      /* FORM_PRORATA: constant; FORM_CHECKLIST: the constant it starts from */
	int at_most;     /* FORM_PRORATA, FORM_CHECKLIST: a constant the score is held to (MIN), or -1 */
	int first, n;    /* FORM_BAND: n (BAND_TEST, RETURN constant) pairs from code[first];
	                    FORM_CHECKLIST: n (INPUT, JUMP_IF_FALSE, ADD constant) triples from code[first] */
	int otherwise;   /* FORM_BAND: the constant of its else branch, or -1: none (no branch holds: an error) */
	/* FORM_BAND of at most FORM_BAND_WORDS branches whose bounds are words
	 * over divisors of one denominator: branch k holds an amount num/band_den
	 * when band_lo[k] <= num <= band_hi[k] (each bound brought over
	 * band_den, an open one moved in by one, a missing one the word's end);
	 * 0: none */
	int64_t band_den;
	int64_t band_lo[FORM_BAND_WORDS], band_hi[FORM_BAND_WORDS];
	/* FORM_CHECKLIST of at most FORM_BAND_WORDS items whose constants are
	 * words over divisors of one denominator, their sum fitting a word: the
	 * constants' numerators over check_den; 0: none */
	int64_t check_den, check_start;
	int64_t check_items[FORM_BAND_WORDS];
	int test;        /* FORM_TEST: OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ or OP_NE */
	int against;     /* FORM_TEST: the constant */
} form;

/* The form of each of p's functions (p->nfuncs, FORM_NONE for most),
 * owned by the caller (mem_free). */
form *form_find_all(const prog *p);
/* What score dump calls a form: "deduction", "band"; "" for FORM_NONE. */
const char *form_name(form_kind k);

#endif
