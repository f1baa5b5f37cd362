/* builtin: the builtins that run through OP_BUILTIN (see builtin.h). */
#include "builtin.h"

#include "calendar.h"
#include "date.h"
#include "i18n.h"

static bool builtin_sum(const builtin_call *c, dec_t *args, int n)
{
	(void)c;
	for (int i = 1; i < n; i++)
		dec_add(&args[0], &args[0], &args[i]);
	return true;
}

static bool builtin_avg(const builtin_call *c, dec_t *args, int n)
{
	builtin_sum(c, args, n);
	dec_set_int(c->tmp, n);
	dec_div(&args[0], &args[0], c->tmp);
	return true;
}

static bool builtin_count(const builtin_call *c, dec_t *args, int n)
{
	(void)c;
	int k = 0;
	for (int i = 0; i < n; i++)
		k += !dec_is_zero(&args[i]);
	dec_set_int(&args[0], k);
	return true;
}

static bool builtin_clamp(const builtin_call *c, dec_t *args, int n)
{
	(void)n;
	dec_t *x = &args[0], *lo = &args[1], *hi = &args[2];
	if (dec_cmp(lo, hi) > 0) {
		sb_printf(c->why, _("clamp's lower limit is above its upper limit in %s"), c->where);
		return false;
	}
	if (dec_cmp(x, lo) < 0)
		dec_set(x, lo);
	else if (dec_cmp(x, hi) > 0)
		dec_set(x, hi);
	return true;
}

static bool builtin_abs(const builtin_call *c, dec_t *args, int n)
{
	(void)c;
	(void)n;
	dec_abs(&args[0], &args[0]);
	return true;
}

static bool builtin_date(const builtin_call *c, dec_t *args, int n)
{
	(void)n;
	int64_t y, mo, d, days;
	if (!dec_get_int(&args[0], &y) || !dec_get_int(&args[1], &mo) || !dec_get_int(&args[2], &d) ||
	    !date_from_ymd(y, mo, d, &days)) {
		strbuf a = STRBUF_INIT;
		dec_format(&a, &args[0]);
		sb_puts(&a, ", ");
		dec_format(&a, &args[1]);
		sb_puts(&a, ", ");
		dec_format(&a, &args[2]);
		sb_printf(c->why, _("date(%s) is not a day of the calendar in %s"), a.data, c->where);
		sb_free(&a);
		return false;
	}
	dec_set_int(&args[0], days);
	return true;
}

/* workdays(a, b) and add_workdays(d, n): by the policy's holiday calendar. */
static bool working_days(const builtin_call *c, dec_t *args, bool add)
{
	int64_t a, b, got;
	strbuf why = STRBUF_INIT; /* written only on failure */
	bool whole = dec_get_int(&args[0], &a) && dec_get_int(&args[1], &b);
	bool ok = whole && (add ? b >= 0 && calendar_add_workdays(c->p->calendar, a, b, &got, &why)
				: calendar_workdays(c->p->calendar, a, b, &got, &why));
	if (!ok) {
		if (!whole)
			sb_puts(&why, _("a date and a count of days are whole numbers"));
		else if (!why.len)
			sb_puts(&why, _("the number of working days to add is negative"));
		sb_printf(c->why, _("%s, in %s"), why.data, c->where);
		sb_free(&why);
		return false;
	}
	dec_set_int(&args[0], got);
	return true;
}

static bool builtin_workdays(const builtin_call *c, dec_t *args, int n)
{
	(void)n;
	return working_days(c, args, false);
}

static bool builtin_add_workdays(const builtin_call *c, dec_t *args, int n)
{
	(void)n;
	return working_days(c, args, true);
}

builtin_fn *const builtin_runs[BI__COUNT] = {
#define BUILTIN(id, name, min_args, max_args, args, opcode, b, run, reach, needs) [id] = run,
#include "builtins.def"
#undef BUILTIN
};
