/* vmwatch: the trace and coverage the VM reports to (see vmwatch.h). */
#include "vmwatch.h"

#include <stddef.h>
#include <string.h>

#include "mem.h"

vmwatch *vmwatch_new(int nnodes, bool tracing, unsigned *coverage)
{
	vmwatch *w = mem_calloc(1, sizeof *w);
	w->nnodes = nnodes;
	w->coverage = coverage;
	if (tracing) {
		w->trace = mem_calloc((size_t)nnodes, sizeof *w->trace);
		for (int i = 0; i < nnodes; i++) {
			vm_trace *t = &w->trace[i];
			t->exact = t->pick_lo = t->pick_hi = t->deduct_amount = DEC_ZERO;
			t->pick = t->deduct = -1;
			for (int k = 0; k < VM_TRACE_AGGS; k++)
				t->agg_values[k] = DEC_ZERO;
		}
	}
	return w;
}

void vmwatch_free(vmwatch *w)
{
	if (!w)
		return;
	for (int i = 0; w->trace && i < w->nnodes; i++) {
		vm_trace *t = &w->trace[i];
		dec_clear(&t->exact);
		dec_clear(&t->pick_lo);
		dec_clear(&t->pick_hi);
		dec_clear(&t->deduct_amount);
		for (int k = 0; k < VM_TRACE_AGGS; k++)
			dec_clear(&t->agg_values[k]);
	}
	mem_free(w->trace);
	mem_free(w);
}

bool vmwatch_tracing(const vmwatch *w)
{
	return w && w->trace;
}

unsigned *vmwatch_coverage(const vmwatch *w)
{
	return w ? w->coverage : NULL;
}

const vm_trace *vmwatch_trace(const vmwatch *w, int node)
{
	return w && w->trace ? &w->trace[node] : NULL;
}

void vmwatch_row(vmwatch *w)
{
	/* the head before the exact score, copied whole: a few wide stores a
	 * trace rather than one for each of its fields */
	static const vm_trace fresh = {.pick = -1, .deduct = -1};
	vm_trace *t = w->trace, *end = t ? t + w->nnodes : t;
	for (; t < end; t++)
		memcpy(t, &fresh, offsetof(vm_trace, exact));
}

void vmwatch_aggregate(vmwatch *w, int node, int agg, long units, const dec_t *value)
{
	vm_trace *t = vmwatch_traced(w, node);
	if (!t)
		return;
	/* each aggregate once, at its latest value */
	int at = 0;
	while (at < t->naggs && t->aggs[at] != agg)
		at++;
	if (at < VM_TRACE_AGGS) {
		t->naggs += at == t->naggs;
		t->aggs[at] = agg;
		t->agg_sizes[at] = units;
		dec_set(&t->agg_values[at], value);
	}
}

void vmwatch_pick(vmwatch *w, int node, int input, bool empty, const dec_t *lo, const dec_t *hi)
{
	vm_trace *t = vmwatch_traced(w, node);
	if (!t)
		return;
	t->pick = input;
	t->pick_empty = empty;
	if (!empty)
		vmwatch_add(t->inputs, &t->ninputs, input, true);
	dec_set(&t->pick_lo, lo);
	dec_set(&t->pick_hi, hi);
}

void vmwatch_deduct(vmwatch *w, int node, int deduct, const dec_t *amount)
{
	vm_trace *t = vmwatch_traced(w, node);
	if (!t)
		return;
	t->deduct = deduct;
	dec_set(&t->deduct_amount, amount);
}
