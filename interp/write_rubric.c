#include "write_rubric.h"

#include "mem.h"

static void plan(rubric_rows *r, const prog *p, int node, int *next)
{
	const prog_node *n = &p->nodes[node];
	r->first[node] = *next;
	r->subtotal[node] = -1;
	if (!n->nchildren)
		(*next)++;
	for (int k = 0; k < n->nchildren; k++)
		plan(r, p, n->children[k], next);
	r->last[node] = *next - 1;
	if (n->nchildren && n->parent < 0 && r->last[node] >= r->first[node])
		r->subtotal[node] = (*next)++;
}

void rubric_plan(rubric_rows *r, const prog *p)
{
	size_t n = (size_t)(p->nnodes ? p->nnodes : 1);
	r->first = mem_calloc(n, sizeof *r->first);
	r->last = mem_calloc(n, sizeof *r->last);
	r->subtotal = mem_calloc(n, sizeof *r->subtotal);
	r->depth = 1;
	int next = 0;
	for (int i = 0; i < p->nnodes; i++) {
		if (p->nodes[i].depth > r->depth)
			r->depth = p->nodes[i].depth;
		if (p->nodes[i].parent < 0)
			plan(r, p, i, &next);
	}
	r->nrows = next;
}

void rubric_free(rubric_rows *r)
{
	mem_free(r->first);
	mem_free(r->last);
	mem_free(r->subtotal);
}

int rubric_span(const rubric_rows *r, int node)
{
	int end = r->subtotal[node] >= 0 ? r->subtotal[node] : r->last[node];
	return end - r->first[node] + 1;
}
