#include "compile.h"

#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "strbuf.h"

#include "mem.h"

typedef struct emitter {
	prog *p;
	int depth;      /* operand stack height at this point */
	int max_depth;
} emitter;

/* How many values the instruction pops, as opcodes.def states it. */
static int stack_in(const prog *p, const prog_instr *in)
{
	if (prog_ops[in->op].shape == SHAPE_KONST)
		return prog_ops[in->op].in - in->b;
	if (prog_ops[in->op].in >= 0)
		return prog_ops[in->op].in;
	switch (prog_ops[in->op].shape) {
	case SHAPE_COUNT:
	case SHAPE_BUILTIN:
		return in->a;
	case SHAPE_CALL:
		return in->b;
	case SHAPE_HOOK:
		return p->hookcalls[in->a].nargs;
	default:
		return 0;
	}
}

static int emit(emitter *em, prog_opcode op, int32_t a, uint8_t b, srcloc loc)
{
	prog *p = em->p;
	if (p->ncode == p->capcode) {
		p->capcode = p->capcode ? p->capcode * 2 : 256;
		p->code = mem_realloc(p->code, (size_t)p->capcode * sizeof *p->code);
		p->code_loc = mem_realloc(p->code_loc, (size_t)p->capcode * sizeof *p->code_loc);
	}
	prog_instr in = {.op = (uint8_t)op, .b = b, .a = a};
	p->code[p->ncode] = in;
	p->code_loc[p->ncode] = loc;
	em->depth += prog_ops[op].out - stack_in(p, &in);
	if (em->depth > em->max_depth)
		em->max_depth = em->depth;
	return p->ncode++;
}

/* Points the jump at `at` to the next instruction to be emitted. */
static void patch(emitter *em, int at)
{
	em->p->code[at].a = em->p->ncode - (at + 1);
}

static void emit_const(emitter *em, const dec_t *v, srcloc loc)
{
	emit(em, OP_CONST, prog_add_const(em->p, v), 0, loc);
}

static void emit_int(emitter *em, int64_t v, srcloc loc)
{
	dec_t d = DEC_ZERO;
	dec_set_int(&d, v);
	emit_const(em, &d, loc);
	dec_clear(&d);
}

static void emit_literal(emitter *em, const ast_num *n, srcloc loc)
{
	dec_t d = DEC_ZERO;
	ast_num_value(n, &d);
	emit_const(em, &d, loc);
	dec_clear(&d);
}

static void emit_note(emitter *em, const char *note, srcloc loc)
{
	if (note)
		emit(em, OP_NOTE, prog_add_string(em->p, note), 0, loc);
}

static void expr(emitter *em, ast_expr *e);

/* The constant e stands for, when it is one (a number, yes/no, an option):
 * its index in the pool; else -1. */
static int constant_of(emitter *em, const ast_expr *e)
{
	dec_t d = DEC_ZERO;
	if (e->kind == E_NUM)
		ast_num_value(&e->num, &d);
	else if (e->kind == E_BOOL)
		dec_set_int(&d, e->flag);
	else if (e->kind == E_STR)
		dec_set_int(&d, e->enum_value);
	else
		return -1;
	int k = prog_add_const(em->p, &d);
	dec_clear(&d);
	return k;
}

static const prog_opcode binops[] = {
	[OPB_ADD] = OP_ADD, [OPB_SUB] = OP_SUB, [OPB_MUL] = OP_MUL, [OPB_DIV] = OP_DIV,
	[OPB_LT] = OP_LT,   [OPB_LE] = OP_LE,   [OPB_GT] = OP_GT,   [OPB_GE] = OP_GE,
	[OPB_EQ] = OP_EQ,   [OPB_NE] = OP_NE,
};

/* What each builtin compiles to, from the builtins' one table. */
typedef struct builtin_code {
	prog_opcode op;
	uint8_t b;
} builtin_code;

static const builtin_code builtin_codes[BI__COUNT] = {
#define BUILTIN(id, name, min_args, max_args, args, opcode, b, run, reach, needs) [id] = {opcode, b},
#include "builtins.def"
#undef BUILTIN
};

static void call(emitter *em, ast_expr *e)
{
	int n = (int)e->list.len;
	if (e->ref == REF_AGGREGATE) {
		/* argument (0 for all_count), group (0 for none), then the aggregate */
		if (n)
			expr(em, e->list.items[0]);
		else
			emit_int(em, 0, e->loc);
		if (e->kid[0])
			emit(em, OP_INPUT, e->kid[0]->slot, 0, e->kid[0]->loc);
		else
			emit_int(em, 0, e->loc);
		emit(em, OP_AGGREGATE, e->slot, 0, e->loc);
		return;
	}
	if (e->slot < 0 && e->ref != REF_HOOK) {
		/* a builtin: check leaves slot at -1 and puts the builtin in op */
		if (e->op == BI_ROUND) {
			expr(em, e->list.items[0]);
			emit(em, OP_ROUND, ast_round_places(e), (uint8_t)em->p->mode, e->loc);
			return;
		}
		for (int i = 0; i < n; i++)
			expr(em, e->list.items[i]);
		const builtin_code *bc = &builtin_codes[e->op];
		if (bc->op == OP_BUILTIN)
			emit(em, OP_BUILTIN, n, (uint8_t)e->op, e->loc);
		else
			emit(em, bc->op, prog_ops[bc->op].shape == SHAPE_COUNT ? n : 0, bc->b, e->loc);
		return;
	}
	for (int i = 0; i < n; i++)
		expr(em, e->list.items[i]);
	if (e->ref == REF_HOOK) {
		emit(em, OP_HOOK, e->slot, 0, e->loc);
		return;
	}
	emit(em, OP_CALL, e->slot, (uint8_t)n, e->loc);
}

/* The branches of band and match: each test leaves a jump to patch. */
static void arms(emitter *em, ast_expr *e, int subject_slot)
{
	int *ends = mem_alloc((e->list.len + 1) * sizeof *ends);
	int nends = 0;
	bool has_else = false;
	int base = em->depth;
	for (size_t i = 0; i < e->list.len; i++) {
		ast_arm *arm = e->list.items[i];
		int skip = -1;
		if (arm->kind == ARM_INTERVAL) {
			interval iv;
			interval_of_arm(arm, &iv); /* the decimals go to the program */
			int at = prog_take_interval(em->p, &iv);
			if (subject_slot <= UINT8_MAX && at <= UINT16_MAX) {
				/* the usual band: one instruction a branch */
				skip = emit(em, OP_BAND_TEST, 0, (uint8_t)subject_slot, arm->loc);
				em->p->code[skip].c = (uint16_t)at;
			} else {
				emit(em, OP_LOCAL, subject_slot, 0, arm->loc);
				emit(em, OP_IN_RANGE, at, 0, arm->loc);
				skip = emit(em, OP_JUMP_IF_FALSE, 0, 0, arm->loc);
			}
		} else if (arm->kind == ARM_LABEL) {
			emit(em, OP_LOCAL, subject_slot, 0, arm->loc);
			emit_int(em, arm->enum_value, arm->loc);
			emit(em, OP_EQ, 0, 0, arm->loc);
			skip = emit(em, OP_JUMP_IF_FALSE, 0, 0, arm->loc);
		} else {
			has_else = true;
		}
		emit_note(em, arm->note, arm->loc);
		expr(em, arm->value);
		ends[nends++] = emit(em, OP_JUMP, 0, 0, arm->loc);
		em->depth = base;
		if (skip >= 0)
			patch(em, skip);
		if (has_else)
			break;
	}
	if (!has_else) {
		emit(em, OP_LOCAL, subject_slot, 0, e->loc);
		emit(em, OP_FAIL, prog_add_string(em->p, e->kind == E_BAND ? N_("matches no branch of the band") : N_("matches no branch of match")), 0, e->loc);
	}
	for (int i = 0; i < nends; i++)
		patch(em, ends[i]);
	em->depth = base + 1;
	if (em->depth > em->max_depth)
		em->max_depth = em->depth;
	mem_free(ends);
}

static void expr(emitter *em, ast_expr *e)
{
	switch (e->kind) {
	case E_NUM:
		emit_literal(em, &e->num, e->loc);
		return;
	case E_BOOL:
		emit_int(em, e->flag, e->loc);
		return;
	case E_STR:
		emit_int(em, e->enum_value, e->loc);
		return;
	case E_NAME:
		if (e->ref == REF_INPUT)
			emit(em, OP_INPUT, e->slot, e->flag, e->loc); /* b = 1: not traced */
		else if (e->ref == REF_COLUMN)
			emit(em, OP_COLUMN, e->slot, 0, e->loc);
		else if (e->ref == REF_SCORE)
			emit(em, OP_SCORE, e->slot, 0, e->loc);
		else
			emit(em, OP_LOCAL, e->slot, 0, e->loc);
		return;
	case E_WEIGHT:
		emit(em, OP_WEIGHT, 0, 0, e->loc);
		return;
	case E_NEG:
		expr(em, e->kid[0]);
		emit(em, OP_NEG, 0, 0, e->loc);
		return;
	case E_NOT:
		expr(em, e->kid[0]);
		emit(em, OP_NOT, 0, 0, e->loc);
		return;
	case E_BIN: {
		expr(em, e->kid[0]);
		/* a constant right operand (x - 100%, 满意度 >= 80%) rides in the instruction */
		int k = constant_of(em, e->kid[1]);
		if (k < 0)
			expr(em, e->kid[1]);
		/* a division fails on its divisor: point there */
		emit(em, binops[e->op], k < 0 ? 0 : k, k >= 0, e->op == OPB_DIV ? e->kid[1]->loc : e->loc);
		return;
	}
	case E_AND:
	case E_OR: {
		expr(em, e->kid[0]);
		int j = emit(em, e->kind == E_AND ? OP_AND_JUMP : OP_OR_JUMP, 0, 0, e->loc);
		expr(em, e->kid[1]);
		patch(em, j);
		return;
	}
	case E_IF: {
		int base = em->depth;
		expr(em, e->kid[0]);
		int to_else = emit(em, OP_JUMP_IF_FALSE, 0, 0, e->loc);
		emit_note(em, e->note, e->loc);
		if (e->flag && e->kid[0]->kid[0]->ref == REF_INPUT) /* ratio's zero branch: its divisor is why */
			emit(em, OP_SHOW_INPUT, e->kid[0]->kid[0]->slot, 0, e->loc);
		expr(em, e->kid[1]);
		int to_end = emit(em, OP_JUMP, 0, 0, e->loc);
		em->depth = base;
		patch(em, to_else);
		expr(em, e->kid[2]);
		patch(em, to_end);
		return;
	}
	case E_CALL:
		call(em, e);
		return;
	case E_BLOCK:
		for (size_t i = 0; i < e->list.len; i++) {
			ast_expr *let = e->list.items[i];
			expr(em, let->kid[0]);
			emit(em, OP_SET_LOCAL, let->slot, 0, let->loc);
		}
		expr(em, e->kid[0]);
		return;
	case E_BAND:
	case E_MATCH:
		expr(em, e->kid[0]);
		emit(em, OP_SET_LOCAL, e->slot, 0, e->kid[0]->loc);
		arms(em, e, e->slot);
		return;
	case E_CHECK: {
		emit_int(em, 0, e->loc);
		dec_t each = DEC_ZERO;
		if (e->flag)
			ast_num_value(&e->num, &each);
		for (size_t i = 0; i < e->list.len; i++) {
			ast_arm *item = e->list.items[i];
			expr(em, item->cond);
			int skip = emit(em, OP_JUMP_IF_FALSE, 0, 0, item->loc);
			int k = item->value ? constant_of(em, item->value) : prog_add_const(em->p, &each);
			if (k < 0)
				expr(em, item->value);
			emit(em, OP_ADD, k < 0 ? 0 : k, k >= 0, item->loc);
			emit_note(em, item->note, item->loc);
			patch(em, skip);
		}
		dec_clear(&each);
		if (e->kid[0]) {
			expr(em, e->kid[0]);
			emit(em, OP_MIN, 2, 0, e->loc);
		}
		return;
	}
	case E_PICK:
		emit_literal(em, &e->num, e->loc);
		emit_literal(em, &e->num_hi, e->loc);
		if (e->ref == REF_PARAM) {
			emit(em, OP_LOCAL, e->slot, 0, e->loc);
			emit(em, OP_PICK_AT, 0, 0, e->loc);
		} else {
			emit(em, OP_PICK, e->slot, 0, e->loc);
		}
		return;
	case E_DEDUCT: {
		/* the usual deduction states its numbers: they ride in a table */
		prog_deduct d = {constant_of(em, e->kid[0]), constant_of(em, e->kid[1]), constant_of(em, e->kid[2]),
				 e->list.len ? constant_of(em, e->list.items[0]) : -1,
				 e->kid[2]->kind == E_NUM && e->kid[2]->num.percent, {NULL, 0}};
		if (d.base >= 0 && d.points >= 0 && d.unit >= 0) {
			prog *p = em->p;
			expr(em, e->kid[3]);
			emit(em, OP_DEDUCT_K, prog_add_deduct(p, d), (uint8_t)e->flag, e->loc);
			return;
		}
		for (int i = 0; i < 4; i++)
			expr(em, e->kid[i]);
		emit(em, OP_DEDUCT, e->flag, 0, e->loc);
		return;
	}
	case E_LET:
		return;
	}
}

/* Drops the instructions no path reaches (the RETURN after a RETURN 5 that
 * no jump targets), from the function just compiled at the end of the
 * code. Rules have no loops: every jump goes forward, so one pass in order
 * finds what is reached. */
static void drop_unreachable(prog *p, prog_func *f)
{
	int s = f->start, n = f->len;
	bool *reached = mem_calloc((size_t)n + 1, sizeof *reached);
	int *moved = mem_calloc((size_t)n + 1, sizeof *moved);
	reached[0] = n > 0;
	for (int i = 0; i < n; i++) {
		if (!reached[i])
			continue;
		const prog_instr *in = &p->code[s + i];
		prog_shape shape = prog_ops[in->op].shape;
		if (shape == SHAPE_JUMP || shape == SHAPE_BAND) {
			int target = i + 1 + in->a;
			if (target <= i || target > n) { /* not forward: keep all */
				mem_free(reached);
				mem_free(moved);
				return;
			}
			reached[target] = true;
		}
		if (in->op != OP_RETURN && in->op != OP_JUMP && in->op != OP_FAIL)
			reached[i + 1] = true;
	}
	int kept = 0;
	for (int i = 0; i <= n; i++) {
		moved[i] = kept;
		if (i < n && reached[i]) {
			p->code[s + kept] = p->code[s + i];
			p->code_loc[s + kept] = p->code_loc[s + i];
			kept++;
		}
	}
	for (int i = 0; i < n; i++) {
		if (!reached[i])
			continue;
		prog_instr *in = &p->code[s + moved[i]];
		prog_shape shape = prog_ops[in->op].shape;
		if (shape == SHAPE_JUMP || shape == SHAPE_BAND)
			in->a = moved[i + 1 + in->a] - (moved[i] + 1);
	}
	f->len = kept;
	p->ncode = s + kept;
	mem_free(reached);
	mem_free(moved);
}

void compile_program(check_result *res)
{
	prog *p = res->prog;
	int frames = 0;
	for (int u = 0; u < res->nunits; u++) {
		check_unit *unit = &res->units[u];
		prog_func *f = &p->funcs[unit->func];
		emitter em = {p, 0, 0};
		f->start = p->ncode;
		expr(&em, unit->body);
		emit(&em, OP_RETURN, 0, 0, unit->body->loc);
		f->len = p->ncode - f->start;
		/* a jump to the RETURN (every branch of a band but the last) returns at
		 * once; a constant then returned (a band's 5) is returned by one
		 * instruction, the RETURN after it kept for whatever jumps there */
		for (int at = f->start; at < f->start + f->len; at++)
			if (p->code[at].op == OP_JUMP && p->code[at + 1 + p->code[at].a].op == OP_RETURN)
				p->code[at] = (prog_instr){.op = OP_RETURN};
		for (int at = f->start; at + 1 < f->start + f->len; at++)
			if (p->code[at].op == OP_CONST && p->code[at + 1].op == OP_RETURN && !p->code[at + 1].b)
				p->code[at] = (prog_instr){.op = OP_RETURN, .b = 1, .a = p->code[at].a};
		drop_unreachable(p, f);
		f->max_stack = em.max_depth + 1;
		frames += f->nlocals + f->max_stack;
	}
	/* no recursion (check refuses it), so a chain of calls holds each
	 * function at most once: the sum of all frames is a safe bound */
	p->max_frame = frames + 1;
}

/* ---- the work of a row, bounded before any row is scored ---------------------------------- */

/* Rules have no loops, so a function's worst case is its length plus the
 * worst case of every call it makes: exact, and free at run time. */
static uint64_t work_of(const prog *p, int f, uint64_t *memo)
{
	if (memo[f])
		return memo[f];
	const prog_func *fn = &p->funcs[f];
	uint64_t w = (uint64_t)fn->len;
	for (int ip = fn->start; ip < fn->start + fn->len; ip++)
		if (p->code[ip].op == OP_CALL) {
			uint64_t c = work_of(p, (int)p->code[ip].a, memo);
			w = w > UINT64_MAX - c ? UINT64_MAX : w + c;
		}
	return memo[f] = w;
}

/* The callee of f that costs it the most, with how often f calls it. */
static int heaviest_callee(const prog *p, int f, const uint64_t *memo, int *times)
{
	const prog_func *fn = &p->funcs[f];
	int best = -1;
	*times = 0;
	for (int ip = fn->start; ip < fn->start + fn->len; ip++) {
		if (p->code[ip].op != OP_CALL)
			continue;
		int callee = (int)p->code[ip].a;
		if (best < 0 || memo[callee] > memo[best])
			best = callee;
	}
	for (int ip = fn->start; best >= 0 && ip < fn->start + fn->len; ip++)
		*times += p->code[ip].op == OP_CALL && (int)p->code[ip].a == best;
	return best;
}

bool compile_bound_work(prog *p)
{
	uint64_t *memo = mem_calloc((size_t)p->nfuncs, sizeof *memo);
	uint64_t total = 0;
	int worst = -1;
	for (int f = p->nuser_funcs; f < p->nfuncs; f++) {
		uint64_t w = work_of(p, f, memo);
		total = total > UINT64_MAX - w ? UINT64_MAX : total + w;
		if (worst < 0 || w > memo[worst])
			worst = f;
	}
	for (int f = 0; f < p->nfuncs; f++)
		p->funcs[f].work = work_of(p, f, memo);
	bool ok = total <= COMPILE_MAX_WORK;
	if (!ok) {
		strbuf why = STRBUF_INIT;
		int f = worst, times = 0;
		for (int depth = 0; depth < 4; depth++) {
			int callee = heaviest_callee(p, f, memo, &times);
			if (callee < 0)
				break;
			sb_puts(&why, depth ? _(", ") : _("; "));
			sb_printf(&why, P_("%s calls %s %d time", "%s calls %s %d times", times), p->funcs[f].name,
				  p->funcs[callee].name, times);
			f = callee;
		}
		diag_error(p->diag, p->funcs[worst].loc,
			   "scoring one row could take %llu steps, above the limit of %d; %s alone takes %llu%s",
			   (unsigned long long)total, COMPILE_MAX_WORK, p->funcs[worst].name,
			   (unsigned long long)memo[worst], sb_text(&why));
		sb_free(&why);
	}
	mem_free(memo);
	return ok;
}
