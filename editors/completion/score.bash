# bash completion for score: commands, options, and the files each expects.
_score()
{
	local cur prev words cword
	_init_completion || return
	local commands="run check dump test diff template help"
	local options="-o --output -f --format -e --explain --unit-sheets --signatures --report-language --strict -j --jobs --sheet --encoding --tsv
		--delimiter --bom --output-encoding --allow-path --lua-instructions --lua-memory --lua-depth --werror
		--update --coverage --ids -h --help -V --version"
	case $prev in
	-f | --format) COMPREPLY=($(compgen -W "csv json jsonl table xlsx html" -- "$cur")); return ;;
	--encoding | --output-encoding) COMPREPLY=($(compgen -W "gb18030 gbk big5 utf-16" -- "$cur")); return ;;
	--report-language) COMPREPLY=($(compgen -W "zh en" -- "$cur")); return ;;
	--ids) _filedir; return ;;
	--allow-path) _filedir -d; return ;;
	-o | --output) _filedir; return ;;
	--delimiter | --lua-instructions | --lua-memory | --lua-depth | -j | --jobs | --sheet) return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$options" -- "$cur"))
		return
	fi
	if ((cword == 1)); then
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
	fi
	# policies first, then data (csv, tsv, txt, xlsx)
	local f
	COMPREPLY+=($(compgen -f -X '!*.@(rule|csv|tsv|txt|xlsx)' -- "$cur"))
	_filedir -d
}
complete -F _score score
