/* score._score: the CPython face of libscore (include/score.h).
 *
 * A Policy owns a score_policy and one evaluator; scores cross into Python
 * as decimal.Decimal, made from libscore's exact text ("4.07", "1/3" is
 * given as the Decimal of the policy's rounding: a policy that rounds
 * nothing may give a fraction, returned as text). A float is refused as a
 * cell: it is not exact. The module holds no state of its own but the
 * Decimal type it looked up. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#include "score.h"

static PyObject *decimal_type; /* decimal.Decimal */
static PyObject *policy_error; /* score.PolicyError */

typedef struct {
	PyObject_HEAD
	score_policy *pol;
	score_eval *ev;
} policy_object;

/* An exact value: Decimal("4.07"), or the text of a fraction ("1/3"). */
static PyObject *exact(const char *s)
{
	if (!s)
		Py_RETURN_NONE;
	if (strchr(s, '/'))
		return PyUnicode_FromString(s);
	return PyObject_CallFunction(decimal_type, "s", s);
}

/* The messages of loading, as a list of (kind, file, line, column, text). */
static PyObject *messages(const score_policy *pol)
{
	static const char *const kinds[] = {"error", "warning", "note"};
	size_t n = score_message_count(pol);
	PyObject *list = PyList_New((Py_ssize_t)n);
	for (size_t i = 0; list && i < n; i++) {
		const score_message *m = score_message_get(pol, i);
		PyObject *t = Py_BuildValue("(sziis)", kinds[m->kind], m->file, m->line, m->column, m->text);
		if (!t) {
			Py_CLEAR(list);
			break;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, t);
	}
	return list;
}

static void policy_dealloc(policy_object *self)
{
	score_eval_free(self->ev);
	score_policy_free(self->pol);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject policy_type;

/* load(path, warnings=False, text=None): a policy, or PolicyError with the messages. */
static PyObject *mod_load(PyObject *mod, PyObject *args, PyObject *kw)
{
	(void)mod;
	static char *names[] = {"path", "warnings", "text", NULL};
	const char *path, *text = NULL;
	Py_ssize_t len = 0;
	int warnings = 0;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "s|pz#", names, &path, &warnings, &text, &len))
		return NULL;
	score_options opts = {0};
	opts.warnings = warnings;
	score_policy *pol = NULL;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = text ? score_policy_load_text(&pol, path, text, (size_t)len, &opts) : score_policy_load_file(&pol, path, &opts);
	Py_END_ALLOW_THREADS
	if (rc != SCORE_OK) {
		PyObject *msgs = messages(pol);
		score_policy_free(pol);
		if (!msgs)
			return NULL;
		PyObject *err = Py_BuildValue("(siO)", path, rc, msgs);
		Py_DECREF(msgs);
		if (err) {
			PyErr_SetObject(policy_error, err);
			Py_DECREF(err);
		}
		return NULL;
	}
	policy_object *self = PyObject_New(policy_object, &policy_type);
	if (!self) {
		score_policy_free(pol);
		return NULL;
	}
	self->pol = pol;
	self->ev = score_eval_new(pol);
	return (PyObject *)self;
}

static PyObject *policy_messages(policy_object *self, PyObject *unused)
{
	(void)unused;
	return messages(self->pol);
}

static PyObject *policy_inputs(policy_object *self, PyObject *unused)
{
	(void)unused;
	int n = score_input_count(self->pol);
	PyObject *list = PyList_New(n);
	for (int i = 0; list && i < n; i++) {
		PyObject *s = PyUnicode_FromString(score_input_column(self->pol, i));
		if (!s) {
			Py_CLEAR(list);
			break;
		}
		PyList_SET_ITEM(list, i, s);
	}
	return list;
}

/* [(path, weight as Decimal)] in tree order */
static PyObject *policy_indicators(policy_object *self, PyObject *unused)
{
	(void)unused;
	int n = score_indicator_count(self->pol);
	PyObject *list = PyList_New(n);
	for (int i = 0; list && i < n; i++) {
		PyObject *w = exact(score_indicator_weight(self->pol, i));
		PyObject *t = w ? Py_BuildValue("(sN)", score_indicator_path(self->pol, i), w) : NULL;
		if (!t) {
			Py_CLEAR(list);
			break;
		}
		PyList_SET_ITEM(list, i, t);
	}
	return list;
}

static PyObject *policy_needs_population(policy_object *self, PyObject *unused)
{
	(void)unused;
	return PyBool_FromLong(score_policy_needs_population(self->pol));
}

/* A cell's text from a Python value: str as it is, Decimal and int by their
 * digits, bool as 是/否, None as an empty cell; a float is refused. */
static int cell_text(PyObject *v, PyObject **keep, const char **out)
{
	*keep = NULL;
	if (v == Py_None) {
		*out = "";
		return 0;
	}
	if (PyBool_Check(v)) {
		*out = v == Py_True ? "是" : "否";
		return 0;
	}
	if (PyFloat_Check(v)) {
		PyErr_Format(PyExc_TypeError, "%R is a float, which is not exact: pass a str or a decimal.Decimal", v);
		return -1;
	}
	if (PyUnicode_Check(v)) {
		*out = PyUnicode_AsUTF8(v);
		return *out ? 0 : -1;
	}
	if (PyLong_Check(v) || PyObject_IsInstance(v, decimal_type) == 1) {
		*keep = PyObject_Str(v);
		*out = *keep ? PyUnicode_AsUTF8(*keep) : NULL;
		return *out ? 0 : -1;
	}
	PyErr_Format(PyExc_TypeError, "a cell is a str, decimal.Decimal, int, bool or None, not %R", v);
	return -1;
}

/* One row scored: a dict of total, grade, indicators {path: score},
 * weights, status, explanations and explanation; or error. */
static PyObject *result_of(policy_object *self, int rc)
{
	score_eval *ev = self->ev;
	if (rc != SCORE_OK)
		return Py_BuildValue("{s:s,s:O,s:O}", "error", score_eval_error(ev), "total", Py_None, "grade", Py_None);
	int n = score_indicator_count(self->pol);
	PyObject *scores = PyDict_New(), *weights = PyDict_New(), *status = PyDict_New(), *notes = PyDict_New();
	static const char *const states[] = {"scored", "not applicable", "zeroed"};
	for (int i = 0; scores && weights && status && notes && i < n; i++) {
		const char *path = score_indicator_path(self->pol, i);
		PyObject *s = exact(score_eval_indicator(ev, i)), *w = exact(score_eval_indicator_weight(ev, i));
		PyObject *st = PyUnicode_FromString(states[score_eval_indicator_status(ev, i)]);
		PyObject *x = PyUnicode_FromString(score_eval_indicator_explanation(ev, i));
		bool ok = s && w && st && x && PyDict_SetItemString(scores, path, s) == 0 &&
			  PyDict_SetItemString(weights, path, w) == 0 && PyDict_SetItemString(status, path, st) == 0 &&
			  PyDict_SetItemString(notes, path, x) == 0;
		Py_XDECREF(s);
		Py_XDECREF(w);
		Py_XDECREF(st);
		Py_XDECREF(x);
		if (!ok) {
			Py_CLEAR(scores);
			break;
		}
	}
	if (!scores || !weights || !status || !notes) {
		Py_XDECREF(scores);
		Py_XDECREF(weights);
		Py_XDECREF(status);
		Py_XDECREF(notes);
		return NULL;
	}
	PyObject *total = exact(score_eval_total(ev));
	if (!total) {
		Py_DECREF(scores);
		Py_DECREF(weights);
		Py_DECREF(status);
		Py_DECREF(notes);
		return NULL;
	}
	return Py_BuildValue("{s:N,s:s,s:N,s:N,s:N,s:N,s:s,s:s,s:O}", "total", total, "grade", score_eval_grade(ev),
			     "indicators", scores, "weights", weights, "status", status, "explanations", notes,
			     "total_explanation", score_eval_total_explanation(ev), "explanation",
			     score_eval_explanation(ev), "error", Py_None);
}

/* score_row(row): row is a mapping {column: cell} or a sequence of cells in
 * the order of inputs(). */
static PyObject *policy_score_row(policy_object *self, PyObject *row)
{
	score_eval_clear(self->ev);
	int n = score_input_count(self->pol);
	bool mapping = PyDict_Check(row);
	PyObject *seq = mapping ? NULL : PySequence_Fast(row, "a row is a dict {column: cell} or a sequence of cells");
	if (!mapping && !seq)
		return NULL;
	if (seq && PySequence_Fast_GET_SIZE(seq) > n) {
		PyErr_Format(PyExc_ValueError, "a row of %zd cells, but the policy reads %d columns",
			     PySequence_Fast_GET_SIZE(seq), n);
		Py_DECREF(seq);
		return NULL;
	}
	int rc = SCORE_OK;
	PyObject *key, *value;
	Py_ssize_t pos = 0, k = 0;
	while (rc == SCORE_OK) {
		const char *column;
		if (mapping) {
			if (!PyDict_Next(row, &pos, &key, &value))
				break;
			column = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : NULL;
			if (!column) {
				if (!PyErr_Occurred())
					PyErr_Format(PyExc_TypeError, "a column is named by a str, not %R", key);
				return NULL;
			}
		} else {
			if (k >= PySequence_Fast_GET_SIZE(seq))
				break;
			value = PySequence_Fast_GET_ITEM(seq, k);
			column = score_input_column(self->pol, (int)k++);
		}
		PyObject *keep;
		const char *cell;
		if (cell_text(value, &keep, &cell) < 0) {
			Py_XDECREF(seq);
			return NULL;
		}
		rc = score_eval_set(self->ev, column, cell);
		Py_XDECREF(keep);
	}
	Py_XDECREF(seq);
	if (rc == SCORE_OK) {
		Py_BEGIN_ALLOW_THREADS
		rc = score_eval_run(self->ev);
		Py_END_ALLOW_THREADS
	}
	return result_of(self, rc);
}

static PyMethodDef policy_methods[] = {
	{"messages", (PyCFunction)policy_messages, METH_NOARGS, "The messages of loading: (kind, file, line, column, text)."},
	{"inputs", (PyCFunction)policy_inputs, METH_NOARGS, "The columns the policy reads, in its order."},
	{"indicators", (PyCFunction)policy_indicators, METH_NOARGS, "(path, weight) of every indicator, in tree order."},
	{"needs_population", (PyCFunction)policy_needs_population, METH_NOARGS,
	 "Whether rules over all units (rank, mean …) need a whole file: score_file."},
	{"score_row", (PyCFunction)policy_score_row, METH_O, "Scores one row: a dict {column: cell} or a sequence."},
	{NULL, NULL, 0, NULL},
};

static PyTypeObject policy_type = {
	PyVarObject_HEAD_INIT(NULL, 0).tp_name = "score._score.Policy",
	.tp_basicsize = sizeof(policy_object),
	.tp_dealloc = (destructor)policy_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "A loaded policy (score.load).",
	.tp_methods = policy_methods,
};

/* run(policy_path, data_path, output_path, explain): the score command's
 * run, JSON to output_path; its status. Messages go to stderr. */
static PyObject *mod_run(PyObject *mod, PyObject *args)
{
	(void)mod;
	const char *policy, *data, *output;
	int explain;
	if (!PyArg_ParseTuple(args, "sssp", &policy, &data, &output, &explain))
		return NULL;
	score_command cmd;
	memset(&cmd, 0, sizeof cmd);
	cmd.output = output;
	cmd.format = SCORE_FORMAT_JSON;
	cmd.explain = explain;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = score_run(policy, data, &cmd);
	Py_END_ALLOW_THREADS
	return PyLong_FromLong(rc);
}

static PyObject *mod_version(PyObject *mod, PyObject *unused)
{
	(void)mod;
	(void)unused;
	return PyUnicode_FromString(score_version());
}

static PyMethodDef module_methods[] = {
	{"load", (PyCFunction)(void (*)(void))mod_load, METH_VARARGS | METH_KEYWORDS, "Loads a policy."},
	{"run", mod_run, METH_VARARGS, "Scores a data file into a JSON file; the status."},
	{"version", mod_version, METH_NOARGS, "libscore's version."},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
	PyModuleDef_HEAD_INIT, "score._score", "libscore, exact scoring of rubrics", -1, module_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__score(void)
{
	if (PyType_Ready(&policy_type) < 0)
		return NULL;
	PyObject *decimal = PyImport_ImportModule("decimal");
	if (!decimal)
		return NULL;
	decimal_type = PyObject_GetAttrString(decimal, "Decimal");
	Py_DECREF(decimal);
	if (!decimal_type)
		return NULL;
	PyObject *m = PyModule_Create(&module);
	if (!m)
		return NULL;
	policy_error = PyErr_NewExceptionWithDoc("score._score.PolicyError",
						 "A policy could not be loaded: args are (path, status, messages).", NULL,
						 NULL);
	Py_INCREF(&policy_type);
	if (!policy_error || PyModule_AddObject(m, "Policy", (PyObject *)&policy_type) < 0 ||
	    PyModule_AddObject(m, "PolicyError", policy_error) < 0 ||
	    PyModule_AddIntConstant(m, "OK", SCORE_OK) < 0 || PyModule_AddIntConstant(m, "ERR_DATA", SCORE_ERR_DATA) < 0) {
		Py_DECREF(m);
		return NULL;
	}
	return m;
}
