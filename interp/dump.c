#include "dump.h"

#include "form.h"
#include "mem.h"

#include "strbuf.h"
#include "utf8.h"

#include <string.h>

/* The operand, rendered by its shape (not by opcode, so a new opcode of a
 * known shape needs nothing here). */
/* A local slot by its name: the parameter's or let's, or what a band or
 * match keeps there. */
static void local_name(strbuf *sb, const prog_func *f, int slot)
{
	if (f->local_names && slot >= 0 && slot < f->nlocals)
		sb_puts(sb, f->local_names[slot]);
	else
		sb_printf(sb, "#%d", slot);
}

static void operand(strbuf *sb, const prog *p, const prog_func *f, const prog_instr *in, int at)
{
	switch (prog_ops[in->op].shape) {
	case SHAPE_NONE:
		break;
	case SHAPE_CONST:
		dec_format(sb, &p->consts[in->a]);
		break;
	case SHAPE_INPUT:
		sb_printf(sb, "%s", p->inputs[in->a].name);
		break;
	case SHAPE_LOCAL:
		local_name(sb, f, in->a);
		break;
	case SHAPE_JUMP:
		sb_printf(sb, "-> %04d", at + 1 + in->a);
		break;
	case SHAPE_COUNT:
		sb_printf(sb, "%d", in->a);
		break;
	case SHAPE_CALL:
		sb_printf(sb, "%s/%d", p->funcs[in->a].name, in->b);
		break;
	case SHAPE_ROUND:
		sb_printf(sb, "%d %s", in->a, lang_round_mode_name((dec_round_mode)in->b));
		break;
	case SHAPE_NOTE:
		sb_printf(sb, "\"%s\"", p->strings[in->a]);
		break;
	case SHAPE_FLAG:
		sb_printf(sb, "%s", in->a ? "whole" : "exact");
		break;
	case SHAPE_SCORE:
		sb_puts(sb, in->a >= 0 ? p->nodes[in->a].path : "总分");
		break;
	case SHAPE_BUILTIN:
		sb_printf(sb, "%s/%d", lang_builtins[in->b].name, in->a);
		break;
	case SHAPE_HOOK:
		sb_printf(sb, "lua %s/%d", p->hookcalls[in->a].name, p->hookcalls[in->a].nargs);
		break;
	case SHAPE_INTERVAL:
		sb_putn(sb, p->interval_texts[in->a].data, p->interval_texts[in->a].len);
		break;
	case SHAPE_KONST:
		if (in->b)
			dec_format(sb, &p->consts[in->a]);
		break;
	case SHAPE_DEDUCT: {
		const prog_deduct *d = &p->deducts[in->a];
		sb_puts(sb, "from ");
		dec_format(sb, &p->consts[d->base]);
		sb_puts(sb, " deduct ");
		dec_format(sb, &p->consts[d->points]);
		sb_puts(sb, " per ");
		dec_format(sb, &p->consts[d->unit]);
		if (in->b)
			sb_puts(sb, " whole");
		if (d->cap >= 0) {
			sb_puts(sb, " capped ");
			dec_format(sb, &p->consts[d->cap]);
		}
		break;
	}
	case SHAPE_BAND:
		local_name(sb, f, in->b);
		sb_putc(sb, ' ');
		sb_putn(sb, p->interval_texts[in->c].data, p->interval_texts[in->c].len);
		sb_printf(sb, " else -> %04d", at + 1 + in->a);
		break;
	case SHAPE_AGGREGATE: {
		const prog_aggregate *a = &p->aggs[in->a];
		sb_printf(sb, "%s", lang_aggregate_name(a->kind));
		if (a->group >= 0)
			sb_printf(sb, " by %s", p->inputs[a->group].name);
		break;
	}
	}
}

void dump_program(const prog *p, FILE *out)
{
	strbuf sb = STRBUF_INIT;
	fprintf(out, "; policy \"%s\": %d input%s, %d indicator%s, %d function%s, %d instructions, %d constants\n",
		p->title, p->ninputs, p->ninputs == 1 ? "" : "s", p->nnodes, p->nnodes == 1 ? "" : "s",
		p->nfuncs, p->nfuncs == 1 ? "" : "s", p->ncode, p->nconsts);
	form *forms = form_find_all(p);
	for (int i = 0; i < p->nfuncs; i++) {
		const prog_func *f = &p->funcs[i];
		int line = diag_line(p->diag, f->loc);
		/* a rule of a usual form runs without its instructions (form.h) */
		fprintf(out, "\n== %s  (%s:%d; %d local%s, stack %d%s%s)\n", f->name, diag_source_name(p->diag, f->loc.file),
			line, f->nlocals, f->nlocals == 1 ? "" : "s", f->max_stack, forms[i].kind ? "; form " : "",
			form_name(forms[i].kind));
		fprintf(out, "%-6s %5s  %-14s %6s %3s  %-28s %s\n", "offset", "line", "opcode", "a", "b", "operand",
			"synopsis");
		int last_line = -1;
		for (int at = f->start; at < f->start + f->len; at++) {
			const prog_instr *in = &p->code[at];
			sb_clear(&sb);
			operand(&sb, p, f, in, at);
			int l = diag_line(p->diag, p->code_loc[at]);
			char lbuf[16];
			if (l == last_line)
				snprintf(lbuf, sizeof lbuf, "|");
			else
				snprintf(lbuf, sizeof lbuf, "%d", l);
			last_line = l;
			/* pad by display width, so Chinese operands keep the columns straight */
			const char *opnd = sb_text(&sb);
			size_t w = utf8_width(opnd, strlen(opnd));
			fprintf(out, "%04d   %5s  %-14s %6d %3d  %s%*s ; %s\n", at, lbuf, prog_ops[in->op].name, (int)in->a,
				(int)in->b, opnd, w < 28 ? (int)(28 - w) : 0, "", prog_ops[in->op].synopsis);
		}
	}
	mem_free(forms);
	sb_free(&sb);
}
