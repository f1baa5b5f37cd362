#!/bin/sh
# Follows docs/modules.md "How to add a builtin" in a scratch copy of the
# tree: one row of builtins.def and one function of builtin.c, nothing else;
# the copy must build (warnings are errors) and score and check with it.
set -eu
cd "$(dirname "$0")/../.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r Makefile interp grammar include stdlib scripts po "$scratch"/
echo 'BUILTIN(BI_SIGN, "sign", 1, 1, NUMBER, OP_BUILTIN, 0, builtin_sign, ANY, NOTHING)' >>"$scratch/interp/builtins.def"
# the function goes above the table that ends builtin.c
awk '/^builtin_fn \*const builtin_runs/ {
	print "static bool builtin_sign(const builtin_call *c, dec_t *args, int n)"
	print "{"
	print "\t(void)c;"
	print "\t(void)n;"
	print "\tint s = dec_sgn(&args[0]);"
	print "\tdec_set_int(&args[0], s > 0 ? 1 : s < 0 ? -1 : 0);"
	print "\treturn true;"
	print "}"
	print ""
} { print }' interp/builtin.c >"$scratch/interp/builtin.c"
changed=$(cd "$scratch" && for f in interp/*; do cmp -s "$f" "$OLDPWD/$f" || echo "$f"; done | tr '\n' ' ')
[ "$changed" = "interp/builtin.c interp/builtins.def " ] || { echo "recipe touched: $changed"; exit 1; }
make -s -C "$scratch" score RELEASE_FLAGS=-O0 LTO_FLAGS= -j2 >"$scratch/build.log" 2>&1 || { tail -30 "$scratch/build.log"; exit 1; }
cat >"$scratch/p.rule" <<'RULE'
policy "sign" { total 10; grade A >= 0; }
input u: id;
input x: number [-100, 100];
indicator s 10 = 5 + 5 * sign(x);
RULE
got=$(printf 'u,x\na,-7\nb,0\nc,3.5\n' | "$scratch/score" "$scratch/p.rule" - | tr '\n' ' ')
want="u,s,total,grade a,0,0,A b,5,5,A c,10,10,A "
[ "$got" = "$want" ] || { echo "scored: $got"; echo "wanted: $want"; exit 1; }
"$scratch/score" check "$scratch/p.rule" >/dev/null 2>&1 || { echo "check refuses sign"; exit 1; }
"$scratch/score" dump "$scratch/p.rule" | grep -q "BUILTIN .*sign/1" || { echo "dump does not show sign/1"; exit 1; }
echo "recipe-check: a builtin added in one row and one function builds, scores, checks and dumps"
