/* model: the declarations of a policy, into the program model.
 *
 * The header (total, rounding, grades), the inputs (types, bounds, defaults,
 * columns), the indicator tree (paths, weights), the clauses that zero an
 * indicator or move its weight, bonus items and policy vetoes, the Lua code,
 * the output's columns, and the weight sums that `score check` warns about.
 * The rule bodies found on the way are handed to the checker (check.c)
 * through model.check_body, in the order they are declared. */
#include "model.h"

#include <stdarg.h>
#include <string.h>

#include "calendar.h"
#include "read_cell.h"
#include "date.h"
#include "i18n.h"
#include "load.h"
#include "mem.h"
#include "strbuf.h"
#include "utf8.h"

int model_find_input(const model *m, const char *name)
{
	return names_get(&m->input_names, name);
}

const ast_decl *model_find_table(const model *m, const char *name)
{
	int k = names_get(&m->table_names, name);
	return k < 0 ? NULL : m->tables[k];
}

const ast_num *model_table_value(const model *m, const ast_decl *table, int option)
{
	const prog_input *in = &m->p->inputs[table->key];
	const ast_num *other = NULL;
	for (size_t i = 0; i < table->rows.len; i++) {
		const ast_arm *row = table->rows.items[i];
		if (row->kind == ARM_ELSE)
			other = &row->lo;
		else if (strcmp(row->label, in->options[option]) == 0)
			return &row->lo;
	}
	return other;
}

/* table 配套标准 by 地区 { "东部": 100%; … }: a number for each value of a
 * one-of input, each value given once, all of them given (or else). */
static void declare_table(model *m, ast_decl *d)
{
	d->key = -1;
	if (model_find_input(m, d->name) >= 0 || model_find_fn(m, d->name) >= 0 || model_find_table(m, d->name) ||
	    lang_builtin_find(d->name) >= 0 || lang_aggregate_find(d->name) >= 0) {
		diag_error(m->log, d->name_loc, "'%s' is already a name in this policy; a table needs its own", d->name);
		return;
	}
	int key = model_find_input(m, d->type);
	if (key < 0 || m->p->inputs[key].type != IN_ONEOF) {
		diag_error(m->log, d->type_loc, "a table is keyed by a oneof input, and '%s' is not one", d->type);
		return;
	}
	const prog_input *in = &m->p->inputs[key];
	bool ok = true, has_else = false;
	bool *given = mem_calloc((size_t)in->noptions, sizeof *given);
	for (size_t i = 0; i < d->rows.len; i++) {
		ast_arm *row = d->rows.items[i];
		dec_t v = DEC_ZERO;
		ok &= model_literal(m->log, &row->lo, &v);
		dec_clear(&v);
		if (row->kind == ARM_ELSE) {
			has_else = true;
			continue;
		}
		int k = -1;
		for (int o = 0; o < in->noptions; o++)
			if (strcmp(in->options[o], row->label) == 0)
				k = o;
		if (k < 0) {
			diag_error(m->log, row->loc, "\"%s\" is not a value of %s", row->label, in->name);
			ok = false;
		} else if (given[k]) {
			diag_error(m->log, row->loc, "\"%s\" already has a row in this table", row->label);
			ok = false;
		}
		if (k >= 0)
			given[k] = true;
	}
	for (int o = 0; o < in->noptions && !has_else; o++)
		if (!given[o]) {
			diag_error(m->log, d->name_loc, "table %s has no row for \"%s\" and no 'else'", d->name, in->options[o]);
			ok = false;
			break;
		}
	mem_free(given);
	if (!ok)
		return;
	d->key = key;
	m->tables = mem_append_room(m->tables, sizeof *m->tables, (size_t)m->ntables);
	names_put(&m->table_names, d->name, m->ntables);
	m->tables[m->ntables++] = d;
}

int model_find_fn(const model *m, const char *name)
{
	return names_get(&m->fn_names, name);
}

bool model_literal(diag_log *log, const ast_num *n, dec_t *out)
{
	if (n->is_name) {
		diag_error(log, n->loc, "'%s' is not a number: only a band's branch may take a bound from a table", n->text);
		return false;
	}
	if (ast_num_value(n, out))
		return true;
	diag_error(log, n->loc, "'%s' is not a number this policy can use (at most %d digits)", n->text ? n->text : "",
		   AST_MAX_DIGITS);
	return false;
}


static bool check_bound(diag_log *log, const ast_num *n, dec_t *out)
{
	return model_literal(log, n, out);
}


/* Checks a band interval: both bounds numbers, lo <= hi. */
void model_interval(diag_log *log, ast_arm *arm)
{
	dec_t lo = DEC_ZERO, hi = DEC_ZERO;
	bool ok = true;
	if (arm->has_lo)
		ok &= check_bound(log, &arm->lo, &lo);
	if (arm->has_hi)
		ok &= check_bound(log, &arm->hi, &hi);
	if (ok && arm->has_lo && arm->has_hi) {
		int cmp = dec_cmp(&lo, &hi);
		if (cmp > 0 || (cmp == 0 && !(arm->lo_incl && arm->hi_incl)))
			diag_error(log, arm->loc, "this interval is empty: its lower bound is not below its upper bound");
	}
	dec_clear(&lo);
	dec_clear(&hi);
}

static bool is_numeric_type(lang_input_type t)
{
	return t == IN_NUMBER || t == IN_PERCENT || t == IN_MONEY || t == IN_COUNT || t == IN_MANUAL;
}


/* An input declaration's meaning, checked once for all the names it
 * declares. */
typedef struct input_spec {
	lang_input_type type;
	prog_percent_form form;
	bool excel;         /* a date read as Excel's serial number */
	dec_t lo, hi, def;  /* bounds and default, where declared */
	bool ok;            /* bounds and default may be kept */
} input_spec;

/* The type, and its form ('percent points', 'date excel'): false when the
 * declaration cannot stand. */
static bool input_type(model *m, ast_decl *d, input_spec *s)
{
	if (!lang_input_type_find(d->type, &s->type)) {
		int len;
		const char *types = lang_input_type_list(&len);
		diag_error(m->log, d->type_loc, "unknown input type '%s' (types: %.*s)", d->type, len, types);
		return false;
	}
	if (!d->type_form)
		return true;
	switch (lang_input_form_find(s->type, d->type_form)) {
	case LANG_FORM_POINTS: s->form = PCT_POINTS; return true;
	case LANG_FORM_FRACTION: s->form = PCT_FRACTION; return true;
	case LANG_FORM_EXCEL: s->excel = true; return true;
	case LANG_FORM_NONE: break;
	}
	if (s->type == IN_DATE)
		diag_error(m->log, d->type_form_loc,
			   "'%s' is not a form of date: 'date excel' reads Excel's serial numbers (45107 is 2023-06-30)",
			   d->type_form);
	else if (s->type == IN_PERCENT)
		diag_error(m->log, d->type_form_loc,
			   "'%s' is not a form of percent: 'percent points' reads a bare 75 as 75%%, 'percent fraction' "
			   "reads a bare 0.75 as 75%%", d->type_form);
	else
		diag_error(m->log, d->type_form_loc,
			   "only percent and date take a form ('percent points', 'percent fraction', 'date excel'), not %s",
			   d->type);
	return false;
}

static void input_bounds(model *m, ast_decl *d, input_spec *s)
{
	if (d->has_bounds) {
		if (!is_numeric_type(s->type)) {
			diag_error(m->log, d->type_loc, "a %s input has no bounds", lang_input_type_name(s->type));
			s->ok = false;
		} else {
			s->ok &= model_literal(m->log, &d->lo, &s->lo) && model_literal(m->log, &d->hi, &s->hi);
			if (s->ok && dec_cmp(&s->lo, &s->hi) > 0) {
				diag_error(m->log, d->loc, "the lower bound is above the upper bound");
				s->ok = false;
			}
		}
	} else if (s->type == IN_MANUAL) {
		diag_error(m->log, d->type_loc, "a manual score needs its bounds: manual [0, 8]");
		s->ok = false;
	}
}

static void input_options(model *m, ast_decl *d, input_spec *s)
{
	if (s->type != IN_ONEOF) {
		if (d->options.len) {
			diag_error(m->log, d->type_loc, "only a oneof input lists values");
			s->ok = false;
		}
		return;
	}
	if (d->options.len == 0) {
		diag_error(m->log, d->type_loc, "oneof needs its values: oneof(\"按规定公开\", \"部分公开\", \"未公开\")");
		s->ok = false;
	}
	name_index seen = NAMES_INIT;
	for (size_t i = 0; i < d->options.len; i++)
		if (names_put(&seen, d->options.items[i], (int)i) >= 0) {
			diag_error(m->log, d->type_loc, "\"%s\" is listed twice", (char *)d->options.items[i]);
			s->ok = false;
		}
	names_free(&seen);
}

/* A default given in quotes, read as a cell of the type would be: the cell
 * reader's words, one table. */
static bool default_as_cell(lang_input_type type, const char *text, dec_t *out, strbuf *why)
{
	prog_input probe = {.type = type};
	return text && cell_parse(&probe, text, strlen(text), out, why) == CELL_OK;
}

static void input_default(model *m, ast_decl *d, input_spec *s)
{
	if (!d->has_default)
		return;
	lang_input_type type = s->type;
	strbuf why = STRBUF_INIT;
	if (is_numeric_type(type)) {
		if (d->default_str) {
			diag_error(m->log, d->default_loc, "the default of a %s input is a number", lang_input_type_name(type));
			s->ok = false;
		} else if (!model_literal(m->log, &d->default_num, &s->def)) {
			s->ok = false;
		} else if (d->has_bounds && s->ok && (dec_cmp(&s->def, &s->lo) < 0 || dec_cmp(&s->def, &s->hi) > 0)) {
			diag_error(m->log, d->default_loc, "the default lies outside the input's bounds");
			s->ok = false;
		}
	} else if (type == IN_YESNO) {
		if (!default_as_cell(type, d->default_str, &s->def, &why)) {
			diag_error(m->log, d->default_loc, "the default of a yesno input is 是 or 否 (true or false)");
			s->ok = false;
		}
	} else if (type == IN_ONEOF) {
		int def_option = -1;
		for (size_t i = 0; d->default_str && i < d->options.len; i++)
			if (strcmp(d->options.items[i], d->default_str) == 0)
				def_option = (int)i;
		if (def_option < 0) {
			diag_error(m->log, d->default_loc, "the default must be one of the listed values");
			s->ok = false;
		} else {
			dec_set_int(&s->def, def_option);
		}
	} else if (type == IN_DATE) {
		int64_t days;
		if (!d->default_str || !date_parse(d->default_str, strlen(d->default_str), false, &days)) {
			diag_error(m->log, d->default_loc, "the default of a date input is a date in quotes: default \"2023-06-30\"");
			s->ok = false;
		} else {
			dec_set_int(&s->def, days);
		}
	} else if (type == IN_LIST) {
		if (!d->default_str) {
			diag_error(m->log, d->default_loc, "the default of a list input is a list in quotes: default \"无\"");
			s->ok = false;
		} else if (!default_as_cell(type, d->default_str, &s->def, &why)) {
			diag_error(m->log, d->default_loc, "the default %s", why.data);
			s->ok = false;
		}
	} else if (type == IN_ID && !d->default_str) {
		diag_error(m->log, d->default_loc, "the default of an id column is a string");
		s->ok = false;
	}
	sb_free(&why);
}

/* One name of the declaration, as an input of the program. */
static void add_input(model *m, ast_decl *d, const input_spec *s, const char *name, srcloc loc)
{
	if (model_find_input(m, name) >= 0) {
		diag_error(m->log, loc, "input '%s' is declared twice", name);
		return;
	}
	if (d->column && d->names.len > 1) {
		diag_error(m->log, loc, "'column' names one CSV column, so declare '%s' on its own", name);
		return;
	}
	if (lang_builtin_find(name) >= 0 || lang_aggregate_find(name) >= 0)
		diag_error(m->log, loc, "'%s' is the name of a built-in function; choose another", name);
	prog *p = m->p;
	p->inputs = mem_append_room(p->inputs, sizeof *p->inputs, (size_t)(p->ninputs));
	prog_input *in = &p->inputs[p->ninputs++];
	memset(in, 0, sizeof *in);
	prog_name_input(in, name);
	in->column = mem_strdup(d->column ? d->column : name);
	in->percent_form = s->form;
	in->excel_serial = s->excel;
	names_put(&m->input_names, in->name, p->ninputs - 1);
	in->type = s->type;
	in->loc = loc;
	in->lo = in->hi = in->default_value = DEC_ZERO;
	/* a count without bounds is whole and never negative: its domain starts at 0 */
	in->has_bounds = d->has_bounds && s->ok;
	dec_set(&in->lo, &s->lo);
	dec_set(&in->hi, &s->hi);
	if (s->type == IN_ONEOF) {
		in->noptions = (int)d->options.len;
		in->options = mem_calloc(d->options.len, sizeof *in->options);
		for (size_t k = 0; k < d->options.len; k++)
			in->options[k] = mem_strdup(d->options.items[k]);
	}
	in->has_default = d->has_default && s->ok;
	dec_set(&in->default_value, &s->def);
	if ((s->type == IN_ID || s->type == IN_LIST) && d->default_str)
		in->default_text = mem_strdup(d->default_str); /* a name, or the items to show */
	int k = names_put(&m->column_names, in->column, p->ninputs - 1);
	if (k >= 0)
		diag_error(m->log, loc, "column '%s' is already read by input '%s'", in->column, p->inputs[k].name);
}

static void declare_input(model *m, ast_decl *d)
{
	input_spec s = {.form = PCT_PLAIN, .lo = DEC_ZERO, .hi = DEC_ZERO, .def = DEC_ZERO, .ok = true};
	if (input_type(m, d, &s)) {
		input_bounds(m, d, &s);
		input_options(m, d, &s);
		input_default(m, d, &s);
		for (size_t i = 0; i < d->names.len; i++)
			add_input(m, d, &s, d->names.items[i], *(srcloc *)d->name_locs.items[i]);
	}
	dec_clear(&s.lo);
	dec_clear(&s.hi);
	dec_clear(&s.def);
}

static void declare_policy(model *m, ast_decl *d)
{
	prog *p = m->p;
	p->title = mem_strdup(d->name);
	if (d->has_total) {
		if (model_literal(m->log, &d->total, &p->total) && dec_sgn(&p->total) <= 0)
			diag_error(m->log, d->total.loc, "the total must be above 0");
	} else {
		dec_set_int(&p->total, 100);
	}
	if (d->has_round) {
		if (strcmp(d->round_mode, "none") == 0) {
			if (d->places.text)
				diag_error(m->log, d->round_loc, "'round none' takes no places");
			p->places = -1;
		} else {
			dec_t v = DEC_ZERO;
			int64_t places = -1;
			if (!d->places.text) {
				diag_error(m->log, d->round_loc, "write the places before the mode: round 2 %s", d->round_mode);
			} else if (!model_literal(m->log, &d->places, &v) || !dec_get_int(&v, &places) || places < 0 || places > 18) {
				diag_error(m->log, d->places.loc, "rounding places must be a whole number from 0 to 18");
			}
			dec_clear(&v);
			p->places = (int)places;
			if (!lang_round_mode_find(d->round_mode, &p->mode))
				diag_error(m->log, d->round_loc, "unknown rounding mode '%s' (half_up 四舍五入, half_even, down, up, or none)",
					   d->round_mode);
		}
	}
	p->ngrades = (int)d->grades.len;
	p->grades = mem_calloc(d->grades.len, sizeof *p->grades);
	for (size_t i = 0; i < d->grades.len; i++) {
		ast_grade *g = d->grades.items[i];
		for (size_t k = 0; k < i; k++)
			if (strcmp(((ast_grade *)d->grades.items[k])->label, g->label) == 0)
				diag_error(m->log, g->loc, "grade '%s' is defined twice", g->label);
		if (g->band.kind == ARM_INTERVAL)
			model_interval(m->log, &g->band);
		p->grades[i].label = mem_strdup(g->label);
		p->grades[i].loc = g->loc;
		interval_of_arm(&g->band, &p->grades[i].band);
	}
}

/* Printed wording pasted into the policy, kept as the program's string
 * (index, or -1 for none): a """…""" text spread over indented lines loses
 * the indentation and the blank lines around it, nothing else. */
static int printed_text(prog *p, const char *s)
{
	if (!s)
		return -1;
	strbuf out = STRBUF_INIT;
	const char *line = s;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		const char *t = line;
		utf8_trim(&t, &n);
		if (n) {
			if (out.len)
				sb_putc(&out, '\n');
			sb_putn(&out, t, n);
		}
		line = end ? end + 1 : line + strlen(line);
	}
	int k = prog_add_string(p, sb_text(&out));
	sb_free(&out);
	return k;
}

static int add_node(model *m, ast_decl *d, int parent)
{
	prog *p = m->p;
	size_t cap = m->capnodes;
	p->nodes = mem_grow(p->nodes, sizeof *p->nodes, &cap, (size_t)p->nnodes + 1);
	m->node_decl = mem_grow(m->node_decl, sizeof *m->node_decl, &m->capnodes, (size_t)p->nnodes + 1);
	int id = p->nnodes++;
	prog_node *n = &p->nodes[id];
	memset(n, 0, sizeof *n);
	prog_name_node(n, d->name);
	strbuf sb = STRBUF_INIT;
	if (parent >= 0)
		sb_printf(&sb, "%s/", p->nodes[parent].path);
	sb_puts(&sb, d->name);
	n->path = sb_take(&sb);
	n->parent = parent;
	n->rule = -1;
	n->note = d->note ? prog_add_string(p, d->note) : -1;
	n->standard = printed_text(p, d->standard);
	n->definition = printed_text(p, d->definition);
	n->loc = d->name_loc;
	n->weight = DEC_ZERO;
	n->floor = DEC_ZERO;
	n->capped = d->capped;
	n->depth = parent >= 0 ? p->nodes[parent].depth + 1 : 1;
	m->node_decl[id] = d;
	if (model_literal(m->log, &d->weight, &n->weight)) {
		if (d->weight.percent)
			diag_error(m->log, d->weight.loc, "a weight is in points, not a percent");
		else if (dec_sgn(&n->weight) < 0)
			diag_error(m->log, d->weight.loc, "a weight cannot be negative");
	}
	return id;
}


static void build_tree(model *m, ast_decl *d, int parent)
{
	int id = add_node(m, d, parent);
	prog *p = m->p;
	int first = names_put(&m->path_names, p->nodes[id].path, id);
	if (first >= 0 && p->nodes[first].parent != parent) {
		/* a name with '/' spells another indicator's path */
		diag_error(m->log, d->name_loc, "'%s' is also the path of another indicator ('/' separates the names in a path); rename one",
			   p->nodes[id].path);
		diag_note(m->log, p->nodes[first].loc, "the other one is here");
		first = -1;
	}
	if (parent >= 0) {
		prog_node *pn = &p->nodes[parent];
		if (first >= 0) {
			diag_error(m->log, d->name_loc, "'%s' already has an indicator called '%s'", pn->name, d->name);
			diag_note(m->log, p->nodes[first].loc, "the first one is here");
		}
		pn->children = mem_append_room(pn->children, sizeof *pn->children, (size_t)(pn->nchildren));
		pn->children[pn->nchildren++] = id;
	} else {
		if (first >= 0) {
			diag_error(m->log, d->name_loc, "there is already a top-level indicator called '%s'", d->name);
			diag_note(m->log, p->nodes[first].loc, "the first one is here");
		}
		p->roots = mem_append_room(p->roots, sizeof *p->roots, (size_t)(p->nroots));
		p->roots[p->nroots++] = id;
	}
	if (!d->body && d->children.len == 0)
		diag_error(m->log, d->name_loc, "indicator '%s' has neither a rule (= …) nor indicators inside it", d->name);
	for (size_t i = 0; i < d->children.len; i++)
		build_tree(m, d->children.items[i], id);
}


/* A move's target as written: 乙/丑 */
static void target_path(strbuf *sb, const ast_list *target)
{
	for (size_t i = 0; i < target->len; i++)
		sb_printf(sb, "%s%s", i ? "/" : "", (char *)target->items[i]);
}

/* The target names the last components of the path. */
static bool path_matches(const char *path, const strbuf *want)
{
	size_t plen = strlen(path);
	return want->len <= plen && strcmp(path + plen - want->len, want->data) == 0 &&
	       (want->len == plen || path[plen - want->len - 1] == '/');
}


static bool is_ancestor(prog *p, int a, int n)
{
	for (int x = n; x >= 0; x = p->nodes[x].parent)
		if (x == a)
			return true;
	return false;
}


static void declare_clauses(model *m, int id)
{
	prog *p = m->p;
	ast_decl *d = m->node_decl[id];
	for (size_t i = 0; i < d->clauses.len; i++) {
		ast_clause *cl = d->clauses.items[i];
		strbuf label = STRBUF_INIT, label_files = STRBUF_INIT;
		if (d->body)
			prog_label(&label, &label_files, "indicator %s: %s if", p->nodes[id].name,
					 cl->kind == CL_ZERO ? "zero" : "na");
		else
			prog_label(&label, &label_files, "group %s: %s if", p->nodes[id].name,
					 cl->kind == CL_ZERO ? "zero" : "na");
		int func = m->check_body(m->ctx, label.data, cl->cond, T_BOOL, N_("a condition"), id, 0);
		prog_func_name_files(p, func, &label_files);
		sb_free(&label);
		prog_clause pc = {func, cl->note ? prog_add_string(p, cl->note) : -1, NA_MOVE, -1, cl->loc};
		prog_node *n = &p->nodes[id];
		if (cl->kind == CL_ZERO) {
			n->zeros = mem_append_room(n->zeros, sizeof *n->zeros, (size_t)(n->nzeros));
			n->zeros[n->nzeros++] = pc;
			continue;
		}
		pc.mode = cl->mode;
		if (cl->mode == NA_RESCALE)
			p->has_rescale = true;
		if (cl->mode == NA_MOVE) {
			int found = -1, count = 0;
			const char *last = cl->target.items[cl->target.len - 1];
			strbuf want = STRBUF_INIT;
			target_path(&want, &cl->target);
			for (int k = names_get(&m->last_names, last) - 1; k >= 0; k = m->same_name[k])
				if (path_matches(p->nodes[k].path, &want)) {
					found = k;
					count++;
				}
			if (count == 0 && cl->target.len > 1) { /* 大乙/丑 is not there, though 乙/丑 may be */
				diag_error(m->log, cl->target_loc, "no indicator is at '%s'", want.data);
			} else if (count == 0) {
				diag_error(m->log, cl->target_loc, "no indicator is called '%s'", (char *)cl->target.items[cl->target.len - 1]);
			} else if (count > 1) {
				diag_error(m->log, cl->target_loc, "%d indicators are called '%s': write its path, as in 'a/b'", count,
					   (char *)cl->target.items[cl->target.len - 1]);
			} else if (m->node_decl[found]->body == NULL) {
				diag_error(m->log, cl->target_loc, "weight can only be moved to a leaf indicator (one with a rule)");
			} else if (is_ancestor(p, found, id) || is_ancestor(p, id, found)) {
				diag_error(m->log, cl->target_loc, "weight cannot be moved to the indicator itself, a parent or a child");
			} else {
				pc.target = found;
			}
			sb_free(&want);
		} else if (cl->mode == NA_SPREAD) {
			int parent = p->nodes[id].parent;
			int nsib = parent >= 0 ? p->nodes[parent].nchildren : p->nroots;
			if (nsib < 2)
				diag_error(m->log, cl->loc, "'spread' moves the weight to the siblings, but '%s' has none", p->nodes[id].name);
		}
		n = &p->nodes[id];
		n->nas = mem_append_room(n->nas, sizeof *n->nas, (size_t)(n->nnas));
		n->nas[n->nnas++] = pc;
	}
}


/* Weight moves must not go round in a circle: A → B → A would never settle. */
static void check_move_cycles(model *m)
{
	prog *p = m->p;
	for (int start = 0; start < p->nnodes; start++) {
		int x = start, steps = 0;
		while (steps <= p->nnodes) {
			int next = -1;
			for (int k = 0; k < p->nodes[x].nnas; k++)
				if (p->nodes[x].nas[k].mode == NA_MOVE && p->nodes[x].nas[k].target >= 0)
					next = p->nodes[x].nas[k].target;
			if (next < 0)
				break;
			x = next;
			steps++;
			if (x == start) {
				diag_error(m->log, p->nodes[start].loc, "the weight of '%s' is moved round in a circle back to it",
					   p->nodes[start].name);
				return;
			}
		}
	}
}


static void sum_children(prog *p, int id, dec_t *sum)
{
	dec_set_int(sum, 0);
	for (int i = 0; i < p->nodes[id].nchildren; i++)
		dec_add(sum, sum, &p->nodes[p->nodes[id].children[i]].weight);
}


/* The weights of the leaves below a node (what its score can really reach). */
static void sum_leaves(prog *p, int id, dec_t *sum)
{
	if (p->nodes[id].nchildren == 0) {
		dec_add(sum, sum, &p->nodes[id].weight);
		return;
	}
	for (int i = 0; i < p->nodes[id].nchildren; i++)
		sum_leaves(p, p->nodes[id].children[i], sum);
}


/* Appends the sum's terms: "= 数量 5 + 质量 5" (the first ten, then how
 * many in all), so that a warning shows which indicators make the sum. */
static void sum_terms(strbuf *sb, const prog *p, const int *ids, int n)
{
	sb_puts(sb, " = ");
	for (int k = 0; k < n; k++) {
		if (k == 10) {
			sb_printf(sb, _(" + … (%d indicators in all)"), n);
			return;
		}
		sb_printf(sb, "%s%s ", k ? " + " : "", p->nodes[ids[k]].name);
		dec_format(sb, &p->nodes[ids[k]].weight);
	}
}


/* The leaves under node (all of them when node < 0), in tree order. */
static void collect_leaves(const prog *p, int node, int **out, int *n)
{
	int nkids = node < 0 ? p->nroots : p->nodes[node].nchildren;
	const int *kids = node < 0 ? p->roots : p->nodes[node].children;
	for (int k = 0; k < nkids; k++) {
		if (p->nodes[kids[k]].nchildren) {
			collect_leaves(p, kids[k], out, n);
		} else {
			*out = mem_append_room(*out, sizeof **out, (size_t)*n);
			(*out)[(*n)++] = kids[k];
		}
	}
}


/* A weight warning, or, where the policy accepts the departure with a
 * reason (a report's own weights, reproduced on purpose), a note that
 * says so and does not count as a warning. */
static void weight_warning(diag_log *log, srcloc loc, const char *accept, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void weight_warning(diag_log *log, srcloc loc, const char *accept, const char *fmt, ...)
{
	strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, _(fmt), ap);
	va_end(ap);
	if (accept)
		diag_note(log, loc, "accepted: %s — %s", sb.data, accept);
	else
		diag_warning(log, loc, "%s", sb.data);
	sb_free(&sb);
}


static void warn_weights(model *m)
{
	prog *p = m->p;
	dec_t sum = DEC_ZERO, leaves = DEC_ZERO;
	strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	for (int i = 0; i < p->nnodes; i++) {
		prog_node *n = &p->nodes[i];
		if (n->nchildren == 0) {
			dec_add(&leaves, &leaves, &n->weight);
			continue;
		}
		sum_children(p, i, &sum);
		dec_t leaf_sum = DEC_ZERO;
		sum_leaves(p, i, &leaf_sum);
		bool kids_off = dec_cmp(&sum, &n->weight) != 0;
		if (kids_off || dec_cmp(&leaf_sum, &n->weight) != 0) {
			sb_clear(&a);
			sb_clear(&b);
			dec_format(&a, &n->weight);
			if (kids_off) {
				dec_format(&b, &sum);
				sum_terms(&b, p, n->children, n->nchildren);
			} else {
				int *ids = NULL, nids = 0;
				collect_leaves(p, i, &ids, &nids);
				dec_format(&b, &leaf_sum);
				sum_terms(&b, p, ids, nids);
				mem_free(ids);
			}
			const char *accept = m->node_decl[i]->accept;
			if (kids_off)
				weight_warning(m->log, n->loc, accept, "'%s' is worth %s, but the indicators inside it add up to %s%s",
					       n->name, a.data, b.data,
					       n->capped && dec_cmp(&sum, &n->weight) > 0 ? _("; it is capped at its weight") : "");
			else
				weight_warning(m->log, n->loc, accept, "'%s' is worth %s, and the indicators inside it add up to it, but "
							       "its leaf indicators add up to %s", n->name, a.data, b.data);
		}
		dec_clear(&leaf_sum);
	}
	dec_set_int(&sum, 0);
	for (int i = 0; i < p->nroots; i++)
		dec_add(&sum, &sum, &p->nodes[p->roots[i]].weight);
	if (p->nroots && dec_cmp(&sum, &p->total) != 0) {
		sb_clear(&a);
		sb_clear(&b);
		dec_format(&a, &p->total);
		dec_format(&b, &sum);
		sum_terms(&b, p, p->roots, p->nroots);
		weight_warning(m->log, p->nodes[p->roots[0]].loc, m->policy_accept,
			       "the policy's total is %s, but the top-level indicators add up to %s", a.data, b.data);
	}
	if (p->nnodes && dec_cmp(&leaves, &p->total) != 0 && dec_cmp(&leaves, &sum) != 0) {
		sb_clear(&a);
		sb_clear(&b);
		dec_format(&a, &p->total);
		dec_format(&b, &leaves);
		int *ids = NULL, nids = 0;
		collect_leaves(p, -1, &ids, &nids);
		sum_terms(&b, p, ids, nids);
		mem_free(ids);
		weight_warning(m->log, p->nodes[0].loc, m->policy_accept, "the policy's total is %s, but its leaf indicators add up to %s",
			       a.data, b.data);
	}
	for (int i = 0; i < p->ninputs; i++)
		if (!p->inputs[i].used && p->inputs[i].type != IN_ID)
			diag_warning(m->log, p->inputs[i].loc, "input '%s' is declared but no rule reads it", p->inputs[i].name);
	sb_free(&a);
	sb_free(&b);
	dec_clear(&sum);
	dec_clear(&leaves);
}


/* Creates the run's Lua state and loads the policy's Lua code into it. */
/* calendar "节假日.txt": the working days, from a file beside the policy. */
static void load_calendar(model *m, ast_program *ast, const ast_grade *s)
{
	if (s->band.label == NULL) {
		diag_error(m->log, s->loc, "calendar names a file in quotes: calendar \"节假日.txt\"");
		return;
	}
	if (m->calendar_named) {
		diag_error(m->log, s->loc, "a second calendar; a policy has one");
		return;
	}
	m->calendar_named = true; /* a file that fails to load is reported once, here */
	size_t len = 0;
	char *shown = NULL;
	const char *why = NULL;
	const char *from = diag_source_name(m->log, s->loc.file);
	char *text = load_find(m->opts ? m->opts->reach : NULL, ast->top, from, s->band.label, &len, &shown, &why);
	if (!text && why) {
		diag_error(m->log, s->band.loc, "cannot read the calendar '%s': %s", shown, why);
	} else if (!text) {
		diag_error(m->log, s->band.loc, "cannot find the calendar '%s' (looked beside this file and in $SCORE_PATH)",
			   s->band.label);
	} else {
		strbuf err = STRBUF_INIT;
		prog_add_file(m->p, shown);
		m->p->calendar = calendar_parse(text, len, shown, &err);
		if (!m->p->calendar)
			diag_error(m->log, s->band.loc, "the calendar does not load: %s", err.data);
		sb_free(&err);
	}
	mem_free(text);
	mem_free(shown);
}

static void load_lua(model *m, ast_program *ast, ast_decl *policy)
{
	luahook_limits limits = LUAHOOK_DEFAULT_LIMITS;
	for (size_t i = 0; policy && i < policy->settings.len; i++) {
		ast_grade *s = policy->settings.items[i];
		dec_t v = DEC_ZERO;
		int64_t n = 0;
		if (strcmp(s->label, "calendar") == 0 || strcmp(s->label, "工作日历") == 0) {
			load_calendar(m, ast, s);
		} else if (s->band.label) {
			diag_error(m->log, s->loc, "unknown setting '%s' (calendar \"FILE\" names a holiday calendar)", s->label);
		} else if (!model_literal(m->log, &s->band.lo, &v) || !dec_get_int(&v, &n) || n <= 0 || n > 1000000000) {
			diag_error(m->log, s->loc, "'%s' takes a whole number from 1 to 1000000000", s->label);
		} else if (strcmp(s->label, "lua_instructions") == 0) {
			limits.instructions = (long)n;
		} else if (strcmp(s->label, "lua_memory") == 0) {
			limits.memory_kib = (long)n * 1024;
		} else if (strcmp(s->label, "lua_depth") == 0) {
			limits.depth = (int)n;
		} else {
			diag_error(m->log, s->loc, "unknown setting '%s' (lua_instructions, lua_memory in MiB, lua_depth)", s->label);
		}
		dec_clear(&v);
	}
	if (m->opts && m->opts->lua_instructions)
		limits.instructions = m->opts->lua_instructions;
	if (m->opts && m->opts->lua_memory_mib)
		limits.memory_kib = m->opts->lua_memory_mib * 1024;
	if (m->opts && m->opts->lua_depth)
		limits.depth = m->opts->lua_depth;
	for (size_t i = 0; i < ast->decls.len; i++) {
		ast_decl *d = ast->decls.items[i];
		if (d->kind != D_LUA)
			continue;
		if (!m->p->lua) {
			m->p->lua = luahook_new(&limits);
			if (!m->p->lua) {
				diag_error(m->log, d->loc, "cannot start Lua");
				return;
			}
		}
		strbuf err = STRBUF_INIT, chunk = STRBUF_INIT;
		const char *from = diag_source_name(m->log, d->loc.file);
		if (d->is_inline) {
			/* pad with blank lines so Lua's line numbers are the policy's */
			int line = diag_line(m->log, d->name_loc);
			for (int k = 1; k < line; k++)
				sb_putc(&chunk, '\n');
			sb_puts(&chunk, d->name);
			strbuf name = STRBUF_INIT;
			sb_printf(&name, "@%s", from);
			if (!luahook_load(m->p->lua, chunk.data, chunk.len, name.data, &err))
				diag_error(m->log, d->name_loc, "the Lua code does not load: %s", err.data);
			sb_free(&name);
		} else {
			size_t len = 0;
			char *shown = NULL;
			const char *why = NULL;
			char *text = load_find(m->opts ? m->opts->reach : NULL, ast->top, from, d->name, &len, &shown, &why);
			if (!text && why) {
				diag_error(m->log, d->name_loc, "cannot read Lua file '%s': %s", shown, why);
			} else if (!text) {
				diag_error(m->log, d->name_loc, "cannot find Lua file '%s' (looked beside this file, in $SCORE_PATH and in the standard library)",
					   d->name);
			} else {
				strbuf name = STRBUF_INIT;
				prog_add_file(m->p, shown);
				sb_printf(&name, "@%s", shown);
				if (!luahook_load(m->p->lua, text, len, name.data, &err))
					diag_error(m->log, d->name_loc, "the Lua file does not load: %s", err.data);
				sb_free(&name);
			}
			mem_free(text);
			mem_free(shown);
		}
		sb_free(&err);
		sb_free(&chunk);
	}
}


static void assign_columns(prog *p)
{
	name_index count = NAMES_INIT;
	for (int i = 0; i < p->nnodes; i++)
		(*names_slot(&count, p->nodes[i].name))++;
	for (int i = 0; i < p->nnodes; i++) {
		int same = names_get(&count, p->nodes[i].name);
		p->nodes[i].column = mem_strdup(same > 1 ? p->nodes[i].path : p->nodes[i].name);
	}
	names_free(&count);
}


/* Every output column has its own name: CSV readers take the first of two
 * equal headers and JSON readers keep one of two equal keys, so a
 * duplicate would lose a value in silence. */
/* Whether some grade lies above grade g. */
static bool grade_has_better(const prog *p, int g)
{
	for (int a = 0; a < p->ngrades; a++)
		if (prog_grade_above(p, a, g))
			return true;
	return false;
}

static void check_columns(diag_log *log, prog *p)
{
	typedef struct column {
		const char *name;
		const char *what; /* how the message names its owner */
		srcloc loc;
		const char *path; /* an indicator's: two with one path are reported already */
	} column;
	size_t n = 0, cap = (size_t)(p->nids + p->nnodes + p->nbonuses) + 4;
	column *cols = mem_calloc(cap, sizeof *cols);
	static const char *const fixed[] = {"total", "grade", "扣分说明"};
	for (int i = 0; i < 3; i++)
		cols[n++] = (column){fixed[i], i == 0 ? _("the total's column") : i == 1 ? _("the grade's column") : _("the explanation's column (--explain)"), SRCLOC_NONE, NULL};
	if (p->nids == 0)
		cols[n++] = (column){"row", _("the row number's column (the policy declares no id)"), SRCLOC_NONE, NULL};
	for (int i = 0; i < p->nids; i++)
		cols[n++] = (column){p->inputs[p->ids[i]].column, _("an id column"), p->inputs[p->ids[i]].loc, NULL};
	for (int i = 0; i < p->nnodes; i++)
		cols[n++] = (column){p->nodes[i].column, _("an indicator's column"), p->nodes[i].loc, p->nodes[i].path};
	for (int i = 0; i < p->nbonuses; i++)
		cols[n++] = (column){p->bonuses[i].name, _("a bonus item's column"), p->bonuses[i].loc, NULL};
	name_index seen = NAMES_INIT;
	for (size_t i = 0; i < n; i++) {
		int first = names_put(&seen, cols[i].name, (int)i);
		if (first < 0 || (cols[i].path && cols[first].path && strcmp(cols[i].path, cols[first].path) == 0))
			continue;
		diag_error(log, cols[i].loc, "the output would have two columns called '%s': this is %s, and so is %s; rename one",
			   cols[i].name, cols[i].what, cols[first].what);
		if (cols[first].loc.file >= 0)
			diag_note(log, cols[first].loc, "the other one is here");
	}
	names_free(&seen);
	mem_free(cols);
}

/* ---- the passes -------------------------------------------------------------- */

void model_declarations(model *m)
{
	ast_program *ast = m->ast;
	diag_log *log = m->log;
	for (size_t i = 0; i < ast->decls.len; i++) {
		ast_decl *d = ast->decls.items[i];
		if (d->kind == D_POLICY) {
			if (m->policy) {
				diag_error(log, d->name_loc, "a second policy header; a policy has one");
				diag_note(log, m->policy->name_loc, "the first is here");
				continue;
			}
			m->policy = d;
			m->policy_accept = d->accept;
			declare_policy(m, d);
		} else if (d->kind == D_INPUT) {
			declare_input(m, d);
		} else if (d->kind == D_FN) {
			if (model_find_fn(m, d->name) >= 0)
				diag_error(log, d->name_loc, "function '%s' is defined twice", d->name);
			else if (lang_builtin_find(d->name) >= 0 || lang_aggregate_find(d->name) >= 0)
				diag_error(log, d->name_loc, "'%s' is a built-in function; choose another name", d->name);
			m->fns = mem_append_room(m->fns, sizeof *m->fns, (size_t)(m->nfns));
			names_put(&m->fn_names, d->name, m->nfns);
			m->fns[m->nfns++] = d;
		}
	}
	for (size_t i = 0; i < ast->decls.len; i++) {
		ast_decl *d = ast->decls.items[i];
		if (d->kind == D_TABLE)
			declare_table(m, d);
	}
	load_lua(m, ast, m->policy);
	if (!m->policy) {
		srcloc at = ast->decls.len ? ((ast_decl *)ast->decls.items[0])->loc : SRCLOC_NONE;
		at.end = at.start;
		diag_error(log, at, "the policy has no header: policy \"名称\" { total 100; round 2 half_up; grade 优 >= 90; … }");
		dec_set_int(&m->p->total, 100);
	}
	for (int i = 0; i < m->p->ninputs; i++)
		if (m->p->inputs[i].type == IN_ID) {
			m->p->ids = mem_append_room(m->p->ids, sizeof *m->p->ids, (size_t)(m->p->nids));
			m->p->ids[m->p->nids++] = i;
		}
}

void model_tree(model *m)
{
	for (size_t i = 0; i < m->ast->decls.len; i++) {
		ast_decl *d = m->ast->decls.items[i];
		if (d->kind == D_INDICATOR)
			build_tree(m, d, -1);
	}
	if (m->p->nnodes == 0)
		diag_error(m->log, m->policy ? m->policy->name_loc : SRCLOC_NONE, "the policy has no indicators");
}

void model_clauses(model *m)
{
	/* move targets are found by their last name, then matched by path */
	m->same_name = mem_calloc((size_t)m->p->nnodes + 1, sizeof *m->same_name);
	for (int id = m->p->nnodes - 1; id >= 0; id--) {
		int *head = names_slot(&m->last_names, m->p->nodes[id].name); /* first node + 1, or 0 */
		m->same_name[id] = *head - 1;
		*head = id + 1;
	}
	for (int id = 0; id < m->p->nnodes; id++)
		declare_clauses(m, id);
	check_move_cycles(m);
}

void model_extras(model *m)
{
	diag_log *log = m->log;
	prog *p = m->p;
	for (size_t i = 0; i < m->ast->decls.len; i++) {
		ast_decl *d = m->ast->decls.items[i];
		if (d->kind == D_BONUS) {
			strbuf label = STRBUF_INIT, label_files = STRBUF_INIT;
			prog_label(&label, &label_files, "bonus %s", d->name);
			p->bonuses = mem_append_room(p->bonuses, sizeof *p->bonuses, (size_t)(p->nbonuses));
			prog_bonus *b = &p->bonuses[p->nbonuses++];
			memset(b, 0, sizeof *b);
			b->name = mem_strdup(d->name);
			b->lo = b->hi = DEC_ZERO;
			b->loc = d->name_loc;
			b->note = d->note ? prog_add_string(p, d->note) : -1;
			if (model_literal(log, &d->lo, &b->lo) && model_literal(log, &d->hi, &b->hi) && dec_cmp(&b->lo, &b->hi) > 0)
				diag_error(log, d->loc, "the lower bound is above the upper bound");
			int func = m->check_body(m->ctx, label.data, d->body, T_NUMBER, N_("a bonus item's rule"), -1, 0);
			p->bonuses[p->nbonuses - 1].rule = func;
			prog_func_name_files(p, func, &label_files);
			sb_free(&label);
		} else if (d->kind == D_VETO) {
			strbuf label = STRBUF_INIT, label_files = STRBUF_INIT;
			if (d->veto == VETO_FORCE)
				prog_label(&label, &label_files, "veto → %s", d->grade);
			else if (d->veto == VETO_AT_MOST)
				prog_label(&label, &label_files, "veto: grade <= %s", d->grade);
			else
				prog_label(&label, &label_files, "veto: grade < %s", d->grade);
			int func = m->check_body(m->ctx, label.data, d->body, T_BOOL, N_("a veto's condition"), -1, BODY_SCORES);
			prog_func_name_files(p, func, &label_files);
			sb_free(&label);
			int grade = -1;
			for (int g = 0; g < p->ngrades; g++)
				if (strcmp(p->grades[g].label, d->grade) == 0)
					grade = g;
			if (grade < 0)
				diag_error(log, d->grade_loc, "no grade is called '%s'", d->grade);
			else if (d->veto == VETO_BELOW && prog_grade_below(p, grade) < 0)
				diag_error(log, d->grade_loc, "no grade is below '%s': the cap leaves no grade to give", d->grade);
			else if (d->veto == VETO_AT_MOST && !grade_has_better(p, grade))
				diag_warning(log, d->grade_loc, "'%s' is the best grade: a cap at it changes nothing", d->grade);
			p->vetoes = mem_append_room(p->vetoes, sizeof *p->vetoes, (size_t)(p->nvetoes));
			p->vetoes[p->nvetoes++] =
				(prog_veto){func, grade, d->veto, d->note ? prog_add_string(p, d->note) : -1, d->loc};
		}
	}
}

void model_finish(model *m, bool warnings)
{
	assign_columns(m->p);
	check_columns(m->log, m->p);
	if (warnings)
		warn_weights(m);
}

void model_free(model *m)
{
	names_free(&m->table_names);
	mem_free(m->tables);
	m->tables = NULL;
	names_free(&m->input_names);
	names_free(&m->fn_names);
	names_free(&m->column_names);
	names_free(&m->path_names);
	names_free(&m->last_names);
	mem_free(m->same_name);
	m->same_name = NULL;
}
