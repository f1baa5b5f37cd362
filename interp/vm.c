#include "vm.h"

#include <string.h>

#include "builtin.h"
#include "date.h"
#include "form.h"
#include "i18n.h"
#include "mem.h"

typedef struct vm_frame {
	int func;
	int ip;    /* index into prog.code */
	int base;  /* first stack slot of the frame: its locals */
} vm_frame;

struct vm {
	const prog *p;
	int ninputs, nnodes;  /* kept so that vm_free needs no program */
	dec_t *stack;
	int stack_size;
	vm_frame *frames;
	int nframes;          /* frames in use while run executes (kept after an error) */
	int max_frames;
	dec_t *inputs;
	bool *missing;
	const population *pop;  /* for rules over all units, or NULL */
	const dec_t *free_aggs; /* or their values as given (score check), or NULL */
	luahook *lua;           /* the Lua state hooks run in: the policy's, or this thread's */

	dec_t tmp, hook_out;
	int cur_node;         /* the indicator whose rule or condition runs, or -1 */
	const dec_t *weights; /* `weight` by node (vm_bind); NULL: as declared */
	const dec_t *scores, *total; /* the row's, for vetoes (vm_bind_scores); NULL: not yet */
	int *notes;           /* where a branch's note goes, by node; or NULL */
	vmwatch *watch;       /* tracing or coverage, or NULL: nothing watched */
	form *forms;          /* each function's usual form (form.h), run without its instructions */
	strbuf hook_err;

	strbuf err;
};

vm *vm_new(const prog *p)
{
	vm *v = mem_calloc(1, sizeof *v);
	v->p = p;
	v->lua = p->lua;
	v->ninputs = p->ninputs;
	v->nnodes = p->nnodes;
	v->stack_size = p->max_frame + 8;
	v->stack = mem_calloc((size_t)v->stack_size, sizeof *v->stack);
	for (int i = 0; i < v->stack_size; i++)
		v->stack[i] = DEC_ZERO;
	v->max_frames = p->nuser_funcs + 2;
	v->frames = mem_calloc((size_t)v->max_frames, sizeof *v->frames);
	v->inputs = mem_calloc((size_t)p->ninputs, sizeof *v->inputs);
	for (int i = 0; i < p->ninputs; i++)
		v->inputs[i] = DEC_ZERO;
	v->missing = mem_calloc((size_t)p->ninputs, sizeof *v->missing);
	v->tmp = v->hook_out = DEC_ZERO;
	v->cur_node = -1;
	v->forms = form_find_all(p);
	return v;
}

void vm_set_lua(vm *v, luahook *lua)
{
	v->lua = lua;
}

/* A new watcher for tracing and coverage as asked, or none. */
static void rewatch(vm *v, bool tracing, unsigned *coverage)
{
	vmwatch_free(v->watch);
	v->watch = tracing || coverage ? vmwatch_new(v->nnodes, tracing, coverage) : NULL;
}

void vm_set_tracing(vm *v, bool on)
{
	if (on != vmwatch_tracing(v->watch))
		rewatch(v, on, vmwatch_coverage(v->watch));
}

void vm_set_coverage(vm *v, unsigned *counts)
{
	if (counts != vmwatch_coverage(v->watch))
		rewatch(v, vmwatch_tracing(v->watch), counts);
}

const vm_trace *vm_node_trace(const vm *v, int node)
{
	return vmwatch_trace(v->watch, node);
}

void vm_free(vm *v)
{
	if (!v)
		return;
	for (int i = 0; i < v->stack_size; i++)
		dec_clear(&v->stack[i]);
	for (int i = 0; i < v->ninputs; i++)
		dec_clear(&v->inputs[i]);
	vmwatch_free(v->watch);
	dec_clear(&v->tmp);
	dec_clear(&v->hook_out);
	mem_free(v->stack);
	mem_free(v->frames);
	mem_free(v->inputs);
	mem_free(v->missing);
	mem_free(v->forms);
	sb_free(&v->err);
	sb_free(&v->hook_err);
	mem_free(v);
}

dec_t *vm_inputs(vm *v)
{
	return v->inputs;
}

void vm_set_missing(vm *v, int input, bool missing)
{
	v->missing[input] = missing;
}

bool vm_missing(const vm *v, int input)
{
	return v->missing[input];
}

const char *vm_error(const vm *v)
{
	return sb_text(&v->err);
}

/* The row stops: where in the policy, then what (the place only). */
static void vm_fail_at(vm *v, srcloc loc)
{
	sb_clear(&v->err);
	if (loc.file >= 0) {
		int line, col;
		diag_line_col(v->p->diag, loc, &line, &col);
		sb_printf(&v->err, "%s:%d:%d: ", diag_source_name(v->p->diag, loc.file), line, col);
	}
}

/* As vm_fail, with a message already made and translated. */
static void vm_fail_text(vm *v, srcloc loc, const char *text)
{
	vm_fail_at(v, loc);
	sb_puts(&v->err, text);
}

void vm_fail(vm *v, srcloc loc, const char *fmt, ...)
{
	vm_fail_at(v, loc);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&v->err, _(fmt), ap);
	va_end(ap);
}

static const char *what_runs(vm *v, int func)
{
	const prog_func *f = &v->p->funcs[func];
	return i18n_files_active() && f->name_files ? f->name_files : f->name;
}

/* ---- Lua hooks ------------------------------------------------------------------- */

static bool call_hook(vm *v, const prog_hookcall *hc, const dec_t *args, dec_t *out)
{
	const prog *p = v->p;
	sb_clear(&v->hook_err);
	if (!v->lua) {
		sb_puts(&v->hook_err, _("no Lua state"));
		return false;
	}
	if (hc->nargs > 0) {
		luahook_value vals[PROG_HOOK_MAX_ARGS];
		for (int i = 0; i < hc->nargs; i++) {
			bool is_bool = (hc->bool_mask >> i) & 1;
			vals[i] = (luahook_value){is_bool ? LH_BOOL : LH_NUMBER, &args[i], !dec_is_zero(&args[i]), NULL, NULL};
		}
		return luahook_call(v->lua, hc->ref, vals, hc->nargs, NULL, 0, out, &v->hook_err);
	}
	/* no arguments: the row, by input name */
	luahook_value *row = mem_calloc((size_t)p->ninputs, sizeof *row);
	int n = 0;
	for (int i = 0; i < p->ninputs; i++) {
		const prog_input *in = &p->inputs[i];
		if (in->type == IN_ID || v->missing[i])
			continue;
		luahook_value x = {LH_NUMBER, &v->inputs[i], false, NULL, in->name};
		if (in->type == IN_YESNO) {
			x.kind = LH_BOOL;
			x.flag = !dec_is_zero(&v->inputs[i]);
		} else if (in->type == IN_ONEOF) {
			int64_t k = 0;
			dec_get_int(&v->inputs[i], &k);
			x.kind = LH_TEXT;
			x.text = in->options[k];
		}
		row[n++] = x;
	}
	bool ok = luahook_call(v->lua, hc->ref, NULL, 0, row, n, out, &v->hook_err);
	mem_free(row);
	return ok;
}

/* ---- the interpreter loop ------------------------------------------------------- */

/* An exact value may not outgrow VM_MAX_BITS (numerator and denominator):
 * a chain of squarings would otherwise make every operation slower and the
 * row's memory unbounded. Only a value held by GMP can be that large. */
static bool too_big(vm *v, const dec_t *x, srcloc loc, int func)
{
	if (!x->big || dec_bits(x) <= VM_MAX_BITS)
		return false;
	vm_fail(v, loc, "a value grew beyond %d bits (about %d digits) in %s", VM_MAX_BITS, VM_MAX_BITS * 3 / 10,
		what_runs(v, func));
	return true;
}

/* r = r + b, r − b or r × b, as op says (OP_ADD, OP_SUB, OP_MUL). */
static inline void add_sub_mul(int op, dec_t *r, const dec_t *b)
{
	if (op == OP_ADD)
		dec_add(r, r, b);
	else if (op == OP_SUB)
		dec_sub(r, r, b);
	else
		dec_mul(r, r, b);
}

/* Whether a comparison (OP_LT … OP_NE) holds of dec_cmp's result c. */
static inline bool test_holds(int op, int c)
{
	return op == OP_LT ? c < 0 : op == OP_LE ? c <= 0 : op == OP_GT ? c > 0 : op == OP_GE ? c >= 0
	       : op == OP_EQ ? c == 0 : c != 0;
}

/* from base deduct points per unit of x (whole units when whole): x (the
 * amount) becomes the score, floored at 0, or, with a cap, base less at
 * most cap (which may take it below 0). False when the unit is not above 0. */
static inline bool deduct(dec_t *x, const dec_t *base, const dec_t *points, const dec_t *unit, bool whole,
			  const dec_t *cap)
{
	if (dec_sgn(unit) <= 0)
		return false;
	if (dec_sgn(x) < 0)
		dec_set_int(x, 0);
	dec_div(x, x, unit);
	if (whole)
		dec_round(x, x, 0, DEC_FLOOR);
	dec_mul(x, x, points);
	if (cap && dec_cmp(x, cap) > 0)
		dec_set(x, cap);
	dec_sub(x, base, x);
	if (!cap && dec_sgn(x) < 0)
		dec_set_int(x, 0);
	return true;
}

/* Dispatch. With GCC or Clang each instruction ends in a jump of its own to
 * the next one's code (labels as values, as Lua's ljumptab.h does), so the
 * processor predicts each from the instruction before it rather than all
 * from one shared jump; elsewhere (or with -DSCORE_VM_SWITCH) a switch. */
#if defined(__GNUC__) && !defined(SCORE_VM_SWITCH)
#define VM_THREADED 1
#define vm_dispatch(op) goto *vm_jump[op];
#define vm_case(name) L_##name
#define vm_rare L__RARE
#define vm_next() { in = pc++; goto *vm_jump[in->op]; }
#else
#define vm_dispatch(op) switch ((prog_opcode)(op))
#define vm_case(name) case OP_##name
#define vm_rare default
#define vm_next() break
#endif

/* The instructions a row runs seldom (dates, ranks, hooks, errors), apart:
 * the loop of exec then keeps what it needs in registers. Takes exec's
 * stack top and the instruction's index; returns the new stack top, or -1
 * when the row stops (vm_error says why). */
static __attribute__((noinline)) int exec_rare(vm *v, prog_instr in, dec_t *st, int sp, int here, int func)
{
	const prog *p = v->p;
	switch ((prog_opcode)in.op) {
	case OP_SCORE: {
		const dec_t *x = (int32_t)in.a < 0 ? v->total : v->scores ? &v->scores[in.a] : NULL;
		if (!x) {
			vm_fail(v, p->code_loc[here], "scores are known only once the row is scored (in %s)", what_runs(v, func));
			return -1;
		}
		dec_set(&st[sp++], x);
		break;
	}
	case OP_BUILTIN: {
		int first = sp - in.a;
		strbuf why = STRBUF_INIT; /* written only on failure */
		builtin_call call = {p, what_runs(v, func), &v->tmp, &why};
		bool ok = builtin_runs[in.b](&call, &st[first], in.a);
		if (!ok)
			vm_fail_text(v, p->code_loc[here], why.data);
		sb_free(&why);
		if (!ok || too_big(v, &st[first], p->code_loc[here], func))
			return -1;
		sp = first + 1;
		break;
	}
	case OP_AGGREGATE: {
		const prog_aggregate *a = &p->aggs[in.a];
		int64_t group = 0;
		strbuf why = STRBUF_INIT; /* written only on failure */
		sp--;
		bool ok = false;
		if (!v->pop && v->free_aggs) {
			dec_set(&v->tmp, &v->free_aggs[in.a]);
			ok = true;
		} else if (!v->pop) {
			sb_printf(&why, _("%s is taken over all units, which are known only when a whole file is scored"),
				  lang_aggregate_name(a->kind));
		} else {
			ok = dec_get_int(&st[sp], &group) && group >= 0 && group <= INT32_MAX &&
			     population_value(v->pop, in.a, &st[sp - 1], (int)group, &v->tmp, &why);
		}
		if (!ok) {
			vm_fail(v, p->code_loc[here], "%s, in %s", why.data, what_runs(v, func));
			sb_free(&why);
			return -1;
		}
		dec_set(&st[sp - 1], &v->tmp);
		if (v->watch)
			vmwatch_aggregate(v->watch, v->cur_node, in.a, v->pop ? population_size(v->pop, in.a, (int)group) : 0,
					  &v->tmp);
		break;
	}
	case OP_COLUMN:
		dec_set_int(&st[sp++], in.a);
		break;
	case OP_SHOW_INPUT:
		if (v->watch)
			vmwatch_input(v->watch, v->cur_node, (int)in.a);
		break;
	case OP_PICK_AT:
	case OP_PICK: {
		int64_t col = in.a;
		/* a column parameter holds what OP_COLUMN pushed: an input's index */
		if (in.op == OP_PICK_AT)
			(void)dec_get_int(&st[--sp], &col);
		dec_t *lo = &st[sp - 2], *hi = &st[sp - 1];
		bool empty = v->missing[col];
		const dec_t *x = empty ? hi : &v->inputs[col];
		if (dec_cmp(x, lo) < 0 || dec_cmp(x, hi) > 0) {
			strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
			dec_format(&a, x);
			dec_format(&b, lo);
			dec_format(&c, hi);
			vm_fail(v, p->code_loc[here],
				"the score %s in column %s is outside [%s, %s], the score range of the branch reached, in %s",
				a.data, p->inputs[col].column, b.data, c.data, what_runs(v, func));
			sb_free(&a);
			sb_free(&b);
			sb_free(&c);
			return -1;
		}
		if (v->watch)
			vmwatch_pick(v->watch, v->cur_node, (int)col, empty, lo, hi);
		dec_set(lo, x);
		sp--;
		break;
	}
	case OP_HOOK: {
		const prog_hookcall *hc = &p->hookcalls[in.a];
		if (!call_hook(v, hc, &st[sp - hc->nargs], &v->hook_out)) {
			vm_fail(v, p->code_loc[here], "Lua function %s failed in %s: %s", hc->name,
				what_runs(v, func), sb_text(&v->hook_err));
			return -1;
		}
		sp -= hc->nargs;
		dec_set(&st[sp++], &v->hook_out);
		break;
	}
	case OP_FAIL: {
		strbuf val = STRBUF_INIT;
		dec_format(&val, &st[sp - 1]);
		vm_fail(v, p->code_loc[here], "the value %s %s in %s", val.data, _(p->strings[in.a]),
			what_runs(v, func));
		sb_free(&val);
		return -1;
	}
	default:
		break;
	}
	return sp;
}

/* Runs function `func` with no arguments; the result goes to *out. */
static bool exec(vm *v, int func, dec_t *out)
{
	const prog *p = v->p;
	const prog_instr *code = p->code;
	const dec_t *consts = p->consts;
	dec_t *st = v->stack;
	/* what most instructions read, in locals the compiler can keep in
	 * registers: the stack's top and the frame as pointers, not indexes */
	const bool *missing = v->missing;
	const dec_t *inputs = v->inputs;
	vmwatch *const watch = v->watch; /* set before a run, never within */
	v->nframes = 0;
	const prog_func *f = &p->funcs[func];
	dec_t *bp = st;                 /* the frame's first local */
	dec_t *sp = st + f->nlocals;    /* the next free slot */
	const prog_instr *pc = code + f->start; /* the next instruction */
	for (int i = 0; i < f->nlocals; i++)
		dec_set_int(&st[i], 0);

#ifdef VM_THREADED
	static const void *const vm_jump[OP__COUNT] = {
#define VM_LABEL_LOOP(name) &&L_##name
#define VM_LABEL_RARE(name) &&L__RARE
#define OP(name, shape, in, out, runs, synopsis) VM_LABEL_##runs(name),
#include "opcodes.def"
#undef OP
#undef VM_LABEL_LOOP
#undef VM_LABEL_RARE
	};
#endif
	const prog_instr *in;
	for (;;) {
		in = pc++;
		vm_dispatch(in->op) {
		vm_case(CONST):
			dec_set(sp++, &consts[in->a]);
			vm_next();
		vm_case(INPUT):
			if (missing[in->a]) {
				vm_fail(v, p->code_loc[in - code], "column %s is empty and input %s has no default (read by %s)",
					p->inputs[in->a].column, p->inputs[in->a].name, what_runs(v, func));
				return false;
			}
			dec_set(sp++, &inputs[in->a]);
			if (watch && !in->b)
				vmwatch_input(watch, v->cur_node, in->a);
			vm_next();
		vm_case(LOCAL):
			dec_set(sp++, &bp[in->a]);
			vm_next();
		vm_case(SET_LOCAL):
			sp--;
			dec_set(&bp[in->a], sp);
			vm_next();
		vm_case(WEIGHT):
			dec_set(sp++, v->weights ? &v->weights[v->cur_node] : &p->nodes[v->cur_node].weight);
			vm_next();
		vm_case(ADD):
		vm_case(SUB):
		vm_case(MUL): {
			/* the right operand: constant a, or popped */
			const dec_t *rhs = in->b ? &consts[in->a] : --sp;
			dec_t *lhs = &sp[-1];
			add_sub_mul(in->op, lhs, rhs);
			if (lhs->big && too_big(v, lhs, p->code_loc[in - code], func))
				return false;
			vm_next();
		}
		vm_case(DIV):
			sp -= !in->b;
			if (!dec_div(&sp[-1], &sp[-1], in->b ? &consts[in->a] : sp)) {
				vm_fail(v, p->code_loc[in - code], "division by zero in %s", what_runs(v, func));
				return false;
			}
			if (sp[-1].big && too_big(v, &sp[-1], p->code_loc[in - code], func))
				return false;
			vm_next();
		vm_case(NEG):
			dec_neg(&sp[-1], &sp[-1]);
			vm_next();
		vm_case(LT):
		vm_case(LE):
		vm_case(GT):
		vm_case(GE):
		vm_case(EQ):
		vm_case(NE): {
			sp -= !in->b;
			dec_set_int(&sp[-1], test_holds(in->op, dec_cmp(&sp[-1], in->b ? &consts[in->a] : sp)));
			vm_next();
		}
		vm_case(NOT):
			dec_set_int(&sp[-1], dec_is_zero(&sp[-1]));
			vm_next();
		vm_case(JUMP):
			pc += in->a;
			vm_next();
		vm_case(JUMP_IF_FALSE):
			sp--;
			if (watch)
				vmwatch_branch(watch, (int)(in - code), !dec_is_zero(sp));
			if (dec_is_zero(sp))
				pc += in->a;
			vm_next();
		vm_case(AND_JUMP):
			if (dec_is_zero(&sp[-1]))
				pc += in->a;
			else
				sp--;
			vm_next();
		vm_case(OR_JUMP):
			if (!dec_is_zero(&sp[-1]))
				pc += in->a;
			else
				sp--;
			vm_next();
		vm_case(MIN):
		vm_case(MAX): {
			dec_t *first = sp - in->a;
			for (dec_t *x = first + 1; x < sp; x++) {
				int c = dec_cmp(x, first);
				if (in->op == OP_MIN ? c < 0 : c > 0)
					dec_set(first, x);
			}
			sp = first + 1;
			vm_next();
		}
		vm_case(ROUND):
			dec_round(&sp[-1], &sp[-1], in->a, (dec_round_mode)in->b);
			vm_next();
		vm_case(PRORATA): {
			/* ratio, points[, cap]: points × ratio, kept within [0, cap or points] */
			dec_t *first = sp - in->a;
			dec_t *ratio = first, *points = first + 1;
			const dec_t *cap = in->a == 3 ? first + 2 : points;
			dec_mul(ratio, ratio, points);
			if (dec_cmp(ratio, cap) > 0)
				dec_set(ratio, cap);
			if (dec_sgn(ratio) < 0)
				dec_set_int(ratio, 0);
			sp = first + 1;
			vm_next();
		}
		vm_case(DEDUCT):
			/* base, points, unit, amount */
			if (!deduct(&sp[-1], &sp[-4], &sp[-3], &sp[-2], in->a, NULL)) {
				vm_fail(v, p->code_loc[in - code], "the unit of a deduction must be above 0 in %s",
					what_runs(v, func));
				return false;
			}
			sp -= 3;
			dec_set(&sp[-1], &sp[2]);
			vm_next();
		vm_case(DEDUCT_K): {
			const prog_deduct *d = &p->deducts[in->a];
			if (watch && in->b)
				vmwatch_deduct(watch, v->cur_node, in->a, &sp[-1]);
			if (!deduct(&sp[-1], &consts[d->base], &consts[d->points], &consts[d->unit], in->b,
				    d->cap >= 0 ? &consts[d->cap] : NULL)) {
				vm_fail(v, p->code_loc[in - code], "the unit of a deduction must be above 0 in %s",
					what_runs(v, func));
				return false;
			}
			vm_next();
		}
		vm_case(IN_RANGE): {
			bool inside = interval_contains(&p->intervals[in->a], &sp[-1]);
			dec_set_int(&sp[-1], inside);
			if (watch) {
				vmwatch_branch(watch, (int)(in - code), inside);
				if (inside)
					vmwatch_interval(watch, v->cur_node, in->a);
			}
			vm_next();
		}
		vm_case(BAND_TEST): {
			bool inside = interval_contains(&p->intervals[in->c], &bp[in->b]);
			if (watch) {
				vmwatch_branch(watch, (int)(in - code), inside);
				if (inside)
					vmwatch_interval(watch, v->cur_node, in->c);
			}
			if (!inside)
				pc += in->a;
			vm_next();
		}
		vm_case(CALL): {
			if (v->nframes >= v->max_frames) {
				vm_fail(v, p->code_loc[in - code], "calls nested too deeply in %s", what_runs(v, func));
				return false;
			}
			v->frames[v->nframes++] = (vm_frame){func, (int)(pc - code), (int)(bp - st)};
			func = in->a;
			f = &p->funcs[func];
			bp = sp - in->b;
			for (int i = f->nparams; i < f->nlocals; i++)
				dec_set_int(&bp[i], 0);
			sp = bp + f->nlocals;
			pc = code + f->start;
			vm_next();
		}
		vm_case(RETURN): {
			const dec_t *result = in->b ? &consts[in->a] : &sp[-1];
			if (v->nframes == 0) {
				dec_set(out, result);
				return true;
			}
			dec_set(bp, result);
			sp = bp + 1;
			v->nframes--;
			func = v->frames[v->nframes].func;
			pc = code + v->frames[v->nframes].ip;
			bp = st + v->frames[v->nframes].base;
			vm_next();
		}
		vm_case(NOTE):
			if (v->cur_node >= 0 && v->notes)
				v->notes[v->cur_node] = in->a;
			if (watch)
				vmwatch_note(watch, v->cur_node, in->a);
			vm_next();
		vm_rare: { /* the opcodes opcodes.def marks RARE */
			int top = exec_rare(v, *in, st, (int)(sp - st), (int)(in - code), func);
			if (top < 0)
				return false;
			sp = st + top;
			vm_next();
		}
		}
	}
}

/* ---- rules of a usual form ---------------------------------------------------- */

/* An operand's value as two words, moved into *x: false for a missing cell
 * or a value in GMP, which the instructions then read. */
static inline bool form_value(const vm *v, const form_operand *o, dec_t *x)
{
	const dec_t *from = o->input ? &v->inputs[o->index] : &v->p->consts[o->index];
	if ((o->input && v->missing[o->index]) || from->big)
		return false;
	*x = *from; /* two words, nothing owned */
	return true;
}

/* A deduction in machine words, from its points ÷ unit (form.c): what
 * deduct() gives, as one fraction: base − ⌈amount, 0⌉ × per, or with whole
 * units base − ⌊amount ÷ unit⌋ × points; with a cap the deduction is at
 * most the cap (and the score may go below 0), else the score is at least
 * 0, into *out. False when a value does not fit a word: deduct() then
 * computes it. */
static bool deduct_words(const dec_t *x, const form *s, const prog_deduct *d, const dec_t *consts, dec_t *out)
{
	/* each product checked: one that does not fit a word leaves it to deduct() */
	int64_t an = x->num < 0 ? 0 : x->num, ad = x->den, dn, dd, t;
	if (s->whole) {
		const dec_t *unit = &consts[d->unit], *points = &consts[d->points];
		int64_t over, under;
		if (__builtin_mul_overflow(an, unit->den, &over) || __builtin_mul_overflow(ad, unit->num, &under))
			return false;
		/* ⌊amount ÷ unit⌋: both ≥ 0 */
		if (__builtin_mul_overflow(over / under, points->num, &dn))
			return false;
		dd = points->den;
	} else if (__builtin_mul_overflow(an, s->per_num, &dn) || __builtin_mul_overflow(ad, s->per_den, &dd)) {
		return false;
	}
	const dec_t *base = &consts[d->base];
	if (d->cap >= 0) {
		const dec_t *cap = &consts[d->cap];
		int64_t over, under;
		if (__builtin_mul_overflow(dn, cap->den, &over) || __builtin_mul_overflow(cap->num, dd, &under))
			return false;
		if (over > under) {
			dn = cap->num;
			dd = cap->den;
		}
	}
	int64_t num, den;
	if (__builtin_mul_overflow(base->num, dd, &num) || __builtin_mul_overflow(dn, base->den, &t) ||
	    __builtin_sub_overflow(num, t, &num) || __builtin_mul_overflow(base->den, dd, &den))
		return false;
	if (d->cap < 0 && num < 0) {
		num = 0;
		den = 1;
	}
	/* stored from registers: the two words read back at once from a
	 * local just written word by word would wait for both stores */
	if (out->big) {
		dec_t v = {num, den, NULL};
		dec_set(out, &v);
	} else {
		out->num = num;
		out->den = den;
	}
	return true;
}

/* What a watcher is told of a form's run: the band branch taken (the
 * branches' end: its else), a deduction's amount before it is deducted. */
typedef struct form_run {
	const prog_instr *taken; /* the band branch's test, or the end of the branches: its else */
	dec_t amount;            /* two words, nothing owned */
} form_run;

/* A rule of a usual form, computed by the decimal operations its
 * instructions make, in their order, so that *out is what exec would give.
 * False, with *out untouched, for anything those would fail on or hold in
 * GMP (a missing cell, a division by 0, a value past two words, a band no
 * branch of which holds, a deduction's unit not above 0): the rule then runs
 * as instructions, which fail with the message or compute in GMP, and tell
 * the watcher themselves. */
static bool run_form(vm *v, const form *s, dec_t *out, form_run *run)
{
	const prog *p = v->p;
	const dec_t *consts = p->consts;
	dec_t x, y;
	if (s->kind == FORM_CHECKLIST) {
		if (consts[s->points].big)
			return false;
		if (s->check_den) {
			/* in words (form.h), an item's constant added or not with no
			 * jump on which: a sheet's answers come in no order */
			int64_t sum = s->check_start;
			const prog_instr *in = p->code + s->first;
			for (int k = 0; k < s->n; k++, in += 3) {
				if (v->missing[in->a] || v->inputs[in->a].big)
					return false;
				sum += s->check_items[k] & -(int64_t)(v->inputs[in->a].num != 0);
			}
			x = (dec_t){sum, s->check_den, NULL};
		} else {
			x = consts[s->points]; /* two words, nothing owned */
			for (const prog_instr *in = p->code + s->first, *end = in + 3 * s->n; in < end; in += 3) {
				if (v->missing[in->a] || v->inputs[in->a].big)
					goto unusual;
				if (v->inputs[in->a].num != 0) /* JUMP_IF_FALSE over the ADD when zero */
					dec_add(&x, &x, &consts[in[2].a]);
			}
		}
	} else {
		if (!form_value(v, &s->x, &x))
			return false;
		if (s->op) {
			if (!form_value(v, &s->y, &y))
				return false;
			if (s->op != OP_DIV)
				add_sub_mul(s->op, &x, &y);
			else if (!dec_div(&x, &x, &y))
				goto unusual;
		}
	}
	if (x.big)
		goto unusual;
	switch (s->kind) {
	case FORM_DEDUCT: {
		const prog_deduct *d = &p->deducts[s->deduct];
		if (s->whole)
			run->amount = x; /* what the watcher is told of a deduction in whole steps */
		if (s->in_words && deduct_words(&x, s, d, consts, out))
			return true; /* no MIN follows a deduction */
		if (!deduct(&x, &consts[d->base], &consts[d->points], &consts[d->unit], s->whole,
			    d->cap >= 0 ? &consts[d->cap] : NULL))
			goto unusual;
		break;
	}
	case FORM_PRORATA:
		dec_mul(&x, &x, &consts[s->points]);
		if (dec_cmp(&x, &consts[s->points]) > 0)
			dec_set(&x, &consts[s->points]);
		if (dec_sgn(&x) < 0)
			dec_set_int(&x, 0);
		break;
	case FORM_TEST:
		dec_set_int(out, test_holds(s->test, dec_cmp(&x, &consts[s->against])));
		return true;
	case FORM_BAND: {
		int64_t at; /* the amount's numerator over band_den */
		if (s->band_den && x.den > 0 && s->band_den % x.den == 0 &&
		    !__builtin_mul_overflow(x.num, s->band_den / x.den, &at)) {
			/* in words: every branch tested, the first that holds taken,
			 * as the intervals would (form.h); which one a row takes is the
			 * data's, and a jump guessed wrong costs more than the tests */
			unsigned holds = 0;
			for (int k = 0; k < s->n; k++)
				holds |= (unsigned)((at >= s->band_lo[k]) & (at <= s->band_hi[k])) << k;
			if (holds) {
				const prog_instr *in = p->code + s->first + 2 * __builtin_ctz(holds);
				run->taken = in;
				dec_set(out, &consts[in[1].a]);
				return true;
			}
		} else {
			for (const prog_instr *in = p->code + s->first, *end = in + 2 * s->n; in < end; in += 2)
				if (interval_contains(&p->intervals[in->c], &x)) {
					run->taken = in;
					dec_set(out, &consts[in[1].a]);
					return true;
				}
		}
		if (s->otherwise < 0)
			goto unusual; /* FAIL says which value matched no branch */
		run->taken = p->code + s->first + 2 * s->n;
		dec_set(out, &consts[s->otherwise]);
		return true;
	}
	default:
		break;
	}
	if (s->at_most >= 0 && dec_cmp(&consts[s->at_most], &x) < 0) /* MIN keeps the first unless another is less */
		dec_set(&x, &consts[s->at_most]);
	if (x.big)
		goto unusual;
	dec_set(out, &x);
	return true;
unusual:
	dec_clear(&x);
	return false;
}

/* What the instructions of a form that ran would have told the watcher,
 * in their order: the inputs read, a whole deduction's amount, each band
 * branch tested and the one taken, each checklist item's outcome. */
static void watch_form(vm *v, const form *s, const form_run *run)
{
	vmwatch *w = v->watch;
	/* the trace and the counts looked up once, not at each event */
	vm_trace *t = vmwatch_traced(w, v->cur_node);
	unsigned *counts = w->coverage;
	const prog_instr *code = v->p->code;
	if (s->kind == FORM_CHECKLIST) {
		for (int k = 0, at = s->first; k < s->n; k++, at += 3) {
			if (t && !code[at].b)
				vmwatch_trace_input(t, code[at].a);
			if (counts) /* the JUMP_IF_FALSE */
				vmwatch_count(counts, at + 1, v->inputs[code[at].a].num != 0);
		}
		return;
	}
	if (t && s->x.traced)
		vmwatch_trace_input(t, s->x.index);
	if (t && s->op && s->y.traced)
		vmwatch_trace_input(t, s->y.index);
	if (s->kind == FORM_DEDUCT && s->whole)
		vmwatch_deduct(w, v->cur_node, s->deduct, &run->amount);
	if (s->kind == FORM_BAND) {
		/* each branch tested up to the one taken (n: none, the else) */
		int taken = (int)(run->taken - (code + s->first)) / 2;
		for (int k = 0; counts && k < s->n && k <= taken; k++)
			vmwatch_count(counts, s->first + 2 * k, k == taken);
		if (t && taken < s->n)
			vmwatch_trace_interval(t, code[s->first + 2 * taken].c);
	}
}

bool vm_run(vm *v, int func, int node, dec_t *out)
{
	v->cur_node = node;
	form_run run = {0}; /* set where a watcher reads it; zeroed for the compiler, which cannot see that */
	if (!dec_gmp_only && v->forms[func].kind != FORM_NONE && run_form(v, &v->forms[func], out, &run)) {
		if (v->watch)
			watch_form(v, &v->forms[func], &run);
		return true;
	}
	if (exec(v, func, out))
		return true;
	if (v->nframes > 0) {
		const vm_frame *outer = &v->frames[0];
		srcloc call = v->p->code_loc[outer->ip - 1];
		int line, col;
		diag_line_col(v->p->diag, call, &line, &col);
		sb_printf(&v->err, _(" (called by %s at %s:%d:%d)"), what_runs(v, outer->func), diag_source_name(v->p->diag, call.file),
			  line, col);
	}
	return false;
}

bool vm_run_rule(vm *v, int node, dec_t *out)
{
	luahook_begin_row(v->lua);
	/* a rule reads only its own weight: as declared, unless bound */
	const dec_t *weights = v->weights;
	int *notes = v->notes;
	v->weights = NULL;
	v->notes = NULL;
	bool ok = vm_run(v, v->p->nodes[node].rule, node, out);
	v->weights = weights;
	v->notes = notes;
	return ok;
}

void vm_begin_row(vm *v)
{
	luahook_begin_row(v->lua);
	sb_clear(&v->err);
	if (v->watch)
		vmwatch_row(v->watch);
	v->cur_node = -1;
	v->scores = v->total = NULL; /* until this row's are known */
}

void vm_bind_population(vm *v, const population *pop)
{
	v->pop = pop;
}

void vm_set_free_aggregates(vm *v, const dec_t *values)
{
	v->free_aggs = values;
}

void vm_bind_scores(vm *v, const dec_t *scores, const dec_t *total)
{
	v->scores = scores;
	v->total = total;
}

void vm_bind(vm *v, const dec_t *weights, int *notes)
{
	v->weights = weights;
	v->notes = notes;
}

void vm_record_exact(vm *v, int node, const dec_t *exact, bool scaled)
{
	if (v->watch)
		vmwatch_exact(v->watch, node, exact, scaled);
}

bool vm_run_cond(vm *v, int func, int node, bool *out)
{
	if (!vm_run(v, func, node, &v->tmp))
		return false;
	*out = !dec_is_zero(&v->tmp);
	if (v->watch) { /* counted at the condition's RETURN */
		const prog_func *f = &v->p->funcs[func];
		vmwatch_branch(v->watch, f->start + f->len - 1, *out);
	}
	return true;
}
