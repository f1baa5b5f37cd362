#include "ast.h"

#include <string.h>

#include "mem.h"

/* A chain of large blocks; nodes are carved from the newest one. */
typedef struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
} arena_block;

struct ast_arena {
	arena_block *head;
};

ast_program *ast_program_new(void)
{
	ast_program *p = mem_calloc(1, sizeof *p);
	p->arena = mem_calloc(1, sizeof *p->arena);
	return p;
}

void ast_program_free(ast_program *p)
{
	if (!p)
		return;
	ast_arena *a = p->arena;
	for (arena_block *b = a->head, *next; b; b = next) {
		next = b->next;
		mem_free(b);
	}
	mem_free(a);
	mem_free(p);
}

void *ast_alloc(ast_arena *a, size_t size)
{
	size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	arena_block *b = a->head;
	if (!b || b->size - b->used < size) {
		size_t bsize = size > 65536 ? size : 65536;
		b = mem_alloc(sizeof *b + bsize);
		b->size = bsize;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += size;
	memset(p, 0, size);
	return p;
}

const char *ast_strndup(ast_arena *a, const char *s, size_t n)
{
	char *p = ast_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void ast_list_push(ast_arena *a, ast_list *l, void *item)
{
	if (l->len == l->cap) {
		/* the old array stays in the arena: at most as much again is wasted */
		size_t cap = l->cap ? l->cap * 2 : 4;
		void **items = ast_alloc(a, cap * sizeof *items);
		if (l->len)
			memcpy(items, l->items, l->len * sizeof *items);
		l->items = items;
		l->cap = cap;
	}
	l->items[l->len++] = item;
}

ast_expr *ast_expr_new(ast_arena *a, ast_expr_kind kind, srcloc loc)
{
	ast_expr *e = ast_alloc(a, sizeof *e);
	e->kind = kind;
	e->loc = loc;
	e->slot = -1;
	return e;
}

ast_decl *ast_decl_new(ast_arena *a, ast_decl_kind kind, srcloc loc)
{
	ast_decl *d = ast_alloc(a, sizeof *d);
	d->kind = kind;
	d->loc = loc;
	return d;
}

ast_arm *ast_arm_new(ast_arena *a, ast_arm_kind kind, srcloc loc)
{
	ast_arm *arm = ast_alloc(a, sizeof *arm);
	arm->kind = kind;
	arm->loc = loc;
	arm->enum_value = -1;
	return arm;
}

ast_clause *ast_clause_new(ast_arena *a, ast_clause_kind kind, srcloc loc)
{
	ast_clause *c = ast_alloc(a, sizeof *c);
	c->kind = kind;
	c->loc = loc;
	return c;
}

srcloc ast_span(srcloc a, srcloc b)
{
	if (a.file != b.file)
		return a;
	srcloc r = a;
	if (b.end > r.end)
		r.end = b.end;
	if (b.start < r.start)
		r.start = b.start;
	return r;
}

int ast_round_places(const ast_expr *call)
{
	int64_t places = 0;
	if (call->list.len == 2) {
		dec_t v = DEC_ZERO;
		ast_num_value(&((const ast_expr *)call->list.items[1])->num, &v);
		dec_get_int(&v, &places);
		dec_clear(&v);
	}
	return (int)places;
}

bool ast_num_value(const ast_num *n, dec_t *out)
{
	if (!n->text)
		return false;
	if (dec_parse(out, n->text, strlen(n->text), AST_MAX_DIGITS) != DEC_OK)
		return false;
	if (n->percent)
		dec_shift10(out, out, -2);
	return true;
}
