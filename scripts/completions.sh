#!/bin/sh
# Writes score's shell completion, bash or zsh, from the options the program
# itself lists (score help options: one table in interp/main.c), so that the
# completions cannot drift from the options. Usage: completions.sh bash|zsh SCORE
set -eu
shell=$1
score=$2
table=$("$score" help options)
commands="run check dump test diff template help"
tab=$(printf '\t')

case $shell in
bash)
	options=$(printf '%s\n' "$table" | awk -F'\t' '{ printf "%s%s", (NR > 1 ? " " : ""), $1; if ($2 != "-") printf " %s", $2 }')
	cat <<HEAD
# bash completion for score (made by scripts/completions.sh from score help options)
_score()
{
	local cur prev words cword
	_init_completion || return
	local commands="$commands"
	local options="$options"
	case \$prev in
HEAD
	printf '%s\n' "$table" | while IFS="$tab" read -r long short arg complete commands_ help; do
		[ "$arg" = "-" ] && continue
		names=$long
		[ "$short" != "-" ] && names="$short | $long"
		case $complete in
		@file) action='_filedir' ;;
		@dir) action='_filedir -d' ;;
		-) action='' ;;
		*) action="COMPREPLY=(\$(compgen -W \"$complete\" -- \"\$cur\"))" ;;
		esac
		printf '\t%s) %s%sreturn ;;\n' "$names" "$action" "${action:+; }"
	done
	cat <<'TAIL'
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$options" -- "$cur"))
		return
	fi
	if ((cword == 1)); then
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
	fi
	# policies first, then data (csv, tsv, txt, xlsx)
	COMPREPLY+=($(compgen -f -X '!*.@(rule|csv|tsv|txt|xlsx)' -- "$cur"))
	_filedir -d
}
complete -F _score score
TAIL
	;;
zsh)
	printf '#compdef score\n# zsh completion for score (made by scripts/completions.sh from score help options)\n_arguments -s \\\n'
	printf '%s\n' "$table" | while IFS="$tab" read -r long short arg complete commands_ help; do
		# brackets and quotes cannot stand in a zsh description
		help=$(printf '%s' "$help" | tr "[]'" "()\`")
		case $complete in
		@file) value=":${arg}:_files" ;;
		@dir) value=":${arg}:_files -/" ;;
		-) value=${arg#-}; value=${value:+":$value:"} ;;
		*) value=":${arg}:($complete)" ;;
		esac
		if [ "$short" != "-" ]; then
			printf "  '(%s %s)'{%s,%s}'[%s]%s' \\\\\n" "$short" "$long" "$short" "$long" "$help" "$value"
		else
			printf "  '%s[%s]%s' \\\\\n" "$long" "$help" "$value"
		fi
	done
	printf "  '1: :(%s)' \\\\\n" "$commands"
	printf "  '*:file:_files -g \"*.(rule|csv|tsv|txt|xlsx)\"'\n"
	;;
*)
	echo "usage: completions.sh bash|zsh SCORE" >&2
	exit 3
	;;
esac
