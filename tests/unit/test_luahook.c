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
	/* .. takes tostring: Lua 5.4.4 corrupts its stack when a C __concat runs
	 * inside a concatenation in nested loops (found by fuzz_lua) */
	expect("function f() local d = dec(3) for i = 4, 5 do for j = 4, 5 do local e = 1 .. d .. d end end return 1 end",
	       "error: t.lua:1: attempt to concatenate a decimal value (local 'd')");
	expect("function f() local d = dec(3) for i = 4, 5 do for j = 4, 5 do d = 1 .. tostring(d) .. tostring(d) end end "
	       "return #d end", "31"); /* 1, 3, 7, 15, 31 */
	expect("function f() return #(tostring(dec('1.5')) .. 'x' .. tostring(dec(2))) end", "5");
}

/* Every operator and helper of the decimal type, on decimals and Lua
 * integers on either side, and what each refuses. */
static void test_decimal_operators(void)
{
	expect("function f() return dec('5.5') - 2 end", "3.5");
	expect("function f() return 2 - dec('5.5') end", "-3.5");
	expect("function f() return dec('1.5') * dec('1.5') end", "2.25");
	expect("function f() return 3 * dec('0.1') end", "0.3");
	expect("function f() return dec(1) / dec(8) end", "0.125");
	expect("function f() if dec(2) < dec(3) and dec(3) <= dec(3) and not (dec(4) <= dec(3)) then return 1 end return 0 end", "1");
	expect("function f() if 2 < dec(3) and dec(3) <= 3 then return 1 end return 0 end", "1");
	expect("function f() return decimal.max(dec(3), 7, dec('6.5')) end", "7");
	expect("function f() return decimal.max(dec('-1')) end", "-1");
	expect("function f() return decimal.min() end", "error: a value is needed");
	expect("function f() return dec('2.5'):round() end", "3");
	expect("function f() return dec('-2.5'):round() end", "-3");
	expect("function f() return dec('2.5'):round(19) end", "error: places must be 0 to 18");
	expect("function f() return dec('2.5'):round(-1) end", "error: places must be 0 to 18");
	expect("function f() return #tostring(dec(1) / 3) end", "3"); /* 1/3 */
	expect("function f() return string.find('a.b', '.', 1, true) end", "2");
	expect("function f() local t = {3, 1, 2} table.sort(t) return t[1] * 100 + t[2] * 10 + t[3] end", "123");
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
	expect("function f() return getmetatable('') == 'locked' and getmetatable(dec(1)) == 'locked' and 1 or 0 end", "1");
	expect("function f() setmetatable({}, {__gc = function() end}) return 1 end",
	       "error: attempt to call a nil value (global 'setmetatable')");
	expect("function f() return getmetatable(_G) == 'locked' and 1 or 0 end", "1");
	expect("function f() string.upper = nil return 1 end", "error: the libraries are read-only");
	expect("function f() return string.pack('i4', 1) end", "error: attempt to call a nil value (field 'pack')");
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
	expect("function g(n) return 1 + g(n + 1) end function f() return g(1) end", "error: the hook's calls nest deeper than 50");
	/* a tail call does not deepen the stack: the instruction limit stops it */
	expect("function g(n) return g(n + 1) end function f() return g(1) end", "error: the hook ran more than 200000 instructions");
	/* after a limit, the state still works */
	expect("function f() return 42 end", "42");
}

/* A limit that is hit ends the call: pcall, xpcall and error handlers
 * cannot catch it, and work inside library functions is counted. */
static void test_limits_hold(void)
{
	const char *spin = "error: the hook ran more than 200000 instructions (its limit)";
	expect("function f() while true do pcall(function() while true do end end) end end", spin);
	expect("function f() while true do xpcall(function() while true do end end, function() while true do end end) end end",
	       spin);
	expect("function f() local n = 0 while true do n = n + 1 pcall(error, 'x') end end", spin);
	expect("function f() local ok, e = xpcall(function() error('boom') end, function(m) return 'handled: ' .. m end) "
	       "return ok and 0 or #e end", "22");
	expect("function g(n) return 1 + g(n + 1) end function f() while true do pcall(g, 1) end end",
	       "error: the hook's calls nest deeper than 50 (its limit)");
	/* C functions: a pattern's worst case, rep, table ranges */
	expect("function f() local s = ('a'):rep(5000) return s:find('.-.-.-.-.-.-b') and 1 or 0 end", spin);
	expect("function f() local s = ('a'):rep(3000) return #s:gsub('a-a-a-a-b', '') end", spin);
	expect("function f() for w in ('a'):rep(4000):gmatch('.-.-.-x') do end return 0 end", spin);
	expect("function f() return #string.rep('', 1 << 62) end", spin);
	expect("function f() return #table.concat({}, '', 1, 1 << 60) end", spin);
	expect("function f() return select('#', table.unpack({}, 1, 1 << 40)) end", spin);
	expect("function f() table.move({}, 1, 1 << 60, 2) return 0 end", spin);
	expect("function f() local t = {} for i = 1, 20000 do t[i] = i end while true do table.insert(t, 1, 0) "
	       "table.remove(t, 1) end end", spin);
	/* bytes made count: copying a long string over and over */
	expect("function f() local s = ('x'):rep(60000) for i = 1, 1e9 do local t = s .. i end end", spin);
	expect("function f() return #('x'):rep(70000) end",
	       "error: the hook made a string longer than 65536 bytes (the limit of a string in a hook)");
	expect("function f() return #('x'):rep(65536) end", "65536");
	/* what an honest hook does stays well inside */
	expect("function f() local s = ('x '):rep(100) return #s:gsub('%s+', '') end", "100");
	expect("function f() local y, m, d = ('2023-06-30'):match('^(%d+)-(%d+)-(%d+)$') return tonumber(d) end", "30");
	/* decimals are bounded in size: GMP digits cannot pile up outside Lua */
	expect("function f() local x = dec(3) for i = 1, 100 do x = x * x end return x end",
	       "error: a decimal grew beyond 4096 bits");
	expect("function f() local x = dec('1.1') for i = 1, 60 do x = x * dec('1.1') end return x < 1000 and 1 or 0 end", "1");
	/* an error halfway through an operation leaks nothing (ASan and valgrind see to it) */
	expect("function f() return dec('1234567890123456789012345678901234567890') + {} end",
	       "error: expected a decimal, got table");
	expect("function f() return decimal.max(dec('1' .. ('0'):rep(50)), dec(2), 'x') end", "error: 'x' is not a decimal");
}

/* Memory: counted over the whole state, and final once exceeded. */
static void test_memory_limit(void)
{
	luahook_limits lim = {1000000000, 1024, 50};
	luahook *saved = H;
	H = luahook_new(&lim);
	expect("function f() local t = {} for i = 1, 1e9 do t[i] = {i, i, i, i, i, i, i, i} end end",
	       "error: the hook needed more than 1 MiB of memory (its limit)");
	expect("function f() for i = 1, 1e9 do pcall(function() local t = {} for k = 1, 1e9 do t[k] = {k, k, k} end end) end end",
	       "error: the hook needed more than 1 MiB of memory (its limit)");
	/* decimals' digits are Lua's memory: 4,000-bit decimals kept in a table */
	expect("function f() local t, x = {}, dec(2) for i = 1, 11 do x = x * x end for i = 1, 1e9 do t[i] = x + i end end",
	       "error: the hook needed more than 1 MiB of memory (its limit)");
	expect("function f() return 42 end", "42");
	luahook_free(H);
	H = saved;
}

/* Each row starts from the code as loaded: globals, upvalues and tables
 * that a hook changes do not reach the next row. */
static void test_rows_independent(void)
{
	static const char *const codes[] = {
		"n = 0 function f() n = n + 1 return n end",
		"local c = 0 function f() c = c + 1 return c end",
		"seen = {} function f() seen[#seen + 1] = 1 return #seen end",
	};
	for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++) {
		strbuf err = STRBUF_INIT;
		CU_ASSERT_TRUE_FATAL(luahook_load(H, codes[k], strlen(codes[k]), "@t.lua", &err));
		int ref = luahook_ref(H, "f");
		for (int row = 0; row < 3; row++) {
			dec_t r = DEC_ZERO;
			luahook_begin_row(H);
			CU_ASSERT_TRUE(luahook_call(H, ref, NULL, 0, NULL, 0, &r, &err));
			int64_t v = 0;
			CU_ASSERT_TRUE(dec_get_int(&r, &v) && v == 1);
			dec_clear(&r);
		}
		sb_free(&err);
	}
}

/* == with a number is always false for a decimal, so it is refused. */
static void test_equality_with_numbers(void)
{
	expect("function f(x) x = dec(5) if x == 5 then return 1 end return 0 end",
	       "error: t.lua:1: '== 5' compares with a Lua number, and Lua never finds a decimal equal to a number: "
	       "write dec(x) == dec(5), or compare with < and <=");
	expect("function f()\n local x = dec(2)\n return (0 ~= x) and 1 or 0\nend", "error: t.lua:3: '~= 0'");
	expect("function f() local x = dec(2) return x == dec(2) and 1 or 0 end", "1");
	/* plainly integers: a length, a loop's counter */
	expect("function f() local t = {} if #t == 0 then return 1 end return 0 end", "1");
	expect("function f() local n = 0 for i = 1, 4 do if i == 4 then n = n + 1 end end return n end", "1");
	/* refused only where a side can be a decimal: an argument, a field of
	 * the row, what dec() makes, or what is computed from those */
	expect("function f(x) local y = x * 2 if y == 10 then return 1 end return 0 end", "error: t.lua:1: '== 10'");
	expect("function f(row) return row.a ~= 0 and 1 or 0 end", "error: t.lua:1: '~= 0'");
	expect("function f(x) local t = {x} for _, v in ipairs(t) do if v == 1 then return 1 end end return 0 end",
	       "error: t.lua:1: '== 1'");
	/* Lua integers compare as they should: a value made one, its arithmetic,
	 * counters, lengths of strings */
	expect("function f() local x = dec(8) local y = math.tointeger(tostring(x)) if y % 4 == 0 then return 1 end "
	       "return 0 end",
	       "1");
	expect("function f() local n = 0 for _, w in ipairs({'a', 'b', 'c'}) do n = n + 1 end return n == 3 and 1 or 0 end",
	       "1");
	expect("function f() local s = tostring(dec('12.5')) return #s == 4 and 1 or 0 end", "1");
	expect("function f() local k = tonumber('7') return (7 == k) and 1 or 0 end", "1");
	/* inside strings and comments it is only text */
	expect("function f() local s = 'x == 5' --[[ y == 6 ]] return #s end -- z == 7", "6");
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
	CU_add_test(s, "every decimal operator and helper", test_decimal_operators);
	CU_add_test(s, "Lua floats are refused", test_floats_refused);
	CU_add_test(s, "sandbox escapes are refused", test_sandbox);
	CU_add_test(s, "instruction, memory and depth limits", test_limits);
	CU_add_test(s, "limits cannot be caught or escaped", test_limits_hold);
	CU_add_test(s, "the memory limit counts everything", test_memory_limit);
	CU_add_test(s, "rows do not share state", test_rows_independent);
	CU_add_test(s, "== with a number literal is refused", test_equality_with_numbers);
	CU_add_test(s, "errors name the line", test_errors_name_the_line);
	CU_add_test(s, "hooks in a policy", test_in_a_policy);
}
