/* luahook: exact numbers across the border, the sandbox, the limits. */
#include <stdlib.h>
#include <string.h>

#include "luahook.h"
#include "tests.h"

static luahook *H;

static int setup(void)
{
	luahook_limits lim = {200000, 8192, 50};
	H = luahook_new(&lim);
	return H ? 0 : 1;
}

static int teardown(void)
{
	luahook_free(H);
	return 0;
}

/* Loads code defining f(), calls it; returns the result or "error: …". */
static char *run(const char *code)
{
	strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	dec_t r = DEC_ZERO;
	if (!luahook_load(H, code, strlen(code), "@t.lua", &err)) {
		sb_printf(&out, "error: %s", err.data);
	} else if (!luahook_call(H, luahook_ref(H, "f"), NULL, 0, NULL, 0, &r, &err)) {
		sb_printf(&out, "error: %s", err.data);
	} else {
		dec_format(&out, &r);
	}
	dec_clear(&r);
	sb_free(&err);
	return sb_take(&out);
}

static void expect(const char *code, const char *want)
{
	char *got = run(code);
	bool ok = strncmp(want, "error: ", 7) == 0 ? strstr(got, want + 7) != NULL : strcmp(got, want) == 0;
	CU_ASSERT(ok);
	if (!ok)
		fprintf(stderr, "\n%s\n  got:  %s\n  want: %s\n", code, got, want);
	free(got);
}

static void test_exact_arithmetic(void)
{
	expect("function f() return dec('0.1') + dec('0.2') end", "0.3");
	expect("function f() if dec('0.1') + dec('0.2') == dec('0.3') then return 1 else return 0 end end", "1");
	expect("function f() return dec(1) / 3 * 3 end", "1");
	expect("function f() return dec('1427.91') / dec('1753.45') * 5 end", "142791/35069"); /* = 713955/175345, reduced */
	expect("function f() return (dec('2.345')):round(2) end", "2.35");
	expect("function f() return decimal.min(dec(3), 2, dec('2.5')) end", "2");
	expect("function f() return -dec('4.07') end", "-4.07");
	expect("function f() return 7 end", "7"); /* a Lua integer is exact */
	expect("function f() return tostring(dec('0.50')) == '0.5' and 1 or 0 end", "1");
}

static void test_floats_refused(void)
{
	expect("function f() return 0.5 end", "error: it returned 0.5, a Lua float, which is not exact");
	expect("function f() return dec(1) + 0.1 end", "error: 0.1 is a Lua float, which is not exact: write dec(\"0.1\")");
	expect("function f() return dec(0.5) end", "error: 0.5 is a Lua float");
	expect("function f() return 'x' end", "error: it returned string, not a decimal");
	expect("function f() return dec(1) / 0 end", "error: division by zero");
}

static void test_sandbox(void)
{
	expect("function f() os.execute('true') return 1 end", "error: attempt to index a nil value (global 'os')");
	expect("function f() io.open('/etc/passwd') return 1 end", "error: attempt to index a nil value (global 'io')");
	expect("function f() require('os') return 1 end", "error: attempt to call a nil value (global 'require')");
	expect("function f() return load('return 1')() end", "error: attempt to call a nil value (global 'load')");
	expect("function f() dofile('/etc/passwd') return 1 end", "error: attempt to call a nil value (global 'dofile')");
	expect("function f() loadfile('/etc/passwd') return 1 end", "error: attempt to call a nil value (global 'loadfile')");
	expect("function f() return string.dump(f) end", "error: attempt to call a nil value (field 'dump')");
	expect("function f() debug.getinfo(1) return 1 end", "error: attempt to index a nil value (global 'debug')");
	expect("function f() package.loadlib('x', 'y') return 1 end", "error: attempt to index a nil value (global 'package')");
	expect("function f() collectgarbage() return 1 end", "error: attempt to call a nil value (global 'collectgarbage')");
	expect("function f() print('x') return 1 end", "error: attempt to call a nil value (global 'print')");
	expect("function f() return math.random() end", "error: attempt to call a nil value (field 'random')");
	expect("function f() getmetatable('').__index.upper = nil return 1 end",
	       "error: the metatables of strings and decimals are not available to hooks");
	expect("function f() setmetatable(dec(1), {}) return 1 end", "error: bad argument #1 to 'setmetatable' (table expected, got decimal)");
	expect("function f() local s = 'x' s.upper = nil return 1 end", "error: attempt to index a string value");
	expect("function f() return rawget(_G, 'os') end", "error: attempt to call a nil value (global 'rawget')");
	/* a binary chunk is refused outright */
	strbuf err = STRBUF_INIT;
	const char bin[] = "\x1bLua\x54\x00";
	CU_ASSERT_FALSE(luahook_load(H, bin, sizeof bin - 1, "@bin", &err));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.data ? err.data : "", "binary chunk"));
	sb_free(&err);
	/* what a hook may use */
	expect("function f() return #string.upper('abc') + utf8.len('预算') + math.floor(7 / 2) end", "8");
	expect("function f() local t = {3, 1, 2} table.sort(t) return t[1] end", "1");
}

static void test_limits(void)
{
	expect("function f() while true do end end", "error: the hook ran more than 200000 instructions");
	expect("function f() local t = {} for i = 1, 1e9 do t[i] = ('x'):rep(1000) .. i end end", "error: not enough memory");
	expect("function g(n) return 1 + g(n + 1) end function f() return g(1) end", "error: the hook's calls nest deeper than 50");
	/* a tail call does not deepen the stack: the instruction limit stops it */
	expect("function g(n) return g(n + 1) end function f() return g(1) end", "error: the hook ran more than 200000 instructions");
	/* after a limit, the state still works */
	expect("function f() return 42 end", "42");
}

static void test_errors_name_the_line(void)
{
	expect("function f()\n  local x = nil\n  return x.y\nend", "error: t.lua:3: attempt to index a nil value (local 'x')");
	expect("function f() error('自定义错误') end", "error: t.lua:1: 自定义错误");
}

static void test_in_a_policy(void)
{
	char *err = NULL;
	prog *p = tests_compile("policy \"t\" { total 10; }\ninput a: number;\ninput b: yesno;\n"
				"lua \"\"\"\nfunction half(x, flag) if flag then return x / 2 else return x end end\n"
				"function from_row(row) return row.a end\n\"\"\";\n"
				"indicator 甲 5 = half(a, b);\nindicator 乙 5 = min(from_row(), 5);\n", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	free(err);
	char *got = tests_score(p, (const char *const[]){"a=3", "b=是"}, 2);
	CU_ASSERT_STRING_EQUAL(got, "4.5");
	free(got);
	prog_free(p);
	/* a Lua syntax error is reported at the policy's line */
	p = tests_compile("policy \"t\" { total 10; }\nlua \"\"\"\nfunction f( return 1 end\n\"\"\";\nindicator 甲 10 = 1;\n", &err);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "t.rule:3:"));
	free(err);
}

void tests_add_luahook(void)
{
	CU_pSuite s = CU_add_suite("luahook", setup, teardown);
	CU_add_test(s, "exact arithmetic across the border", test_exact_arithmetic);
	CU_add_test(s, "Lua floats are refused", test_floats_refused);
	CU_add_test(s, "sandbox escapes are refused", test_sandbox);
	CU_add_test(s, "instruction, memory and depth limits", test_limits);
	CU_add_test(s, "errors name the line", test_errors_name_the_line);
	CU_add_test(s, "hooks in a policy", test_in_a_policy);
}
