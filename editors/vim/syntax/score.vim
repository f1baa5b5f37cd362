" Vim syntax file for score rubrics (*.rule). The reserved words are those of
" docs/language.md; messages are file:line:col: for :make and quickfix.
if exists("b:current_syntax")
  finish
endif

syn keyword scoreDecl      import policy input fn indicator bonus veto lua
syn keyword scoreHeader    total round grade accept
syn keyword scoreClause    default column capped zero na move to spread rescale note
syn keyword scoreRule      if then elif else band match pick table by checklist each cap from deduct per of whole let weight
syn keyword scoreOperator  and or not
syn keyword scoreBoolean   true false
syn keyword scoreType      id number percent money count yesno oneof manual date points fraction excel list
syn keyword scoreType      标识 数值 百分比 金额 计数 是否 选项 酌情 日期 百分点 小数 序列号 清单
syn keyword scoreMode      half_up half_even down up floor ceil none 四舍五入 银行家舍入 截断 进一 向下取整 向上取整
syn keyword scoreBuiltin   min max sum avg count clamp round floor ceil abs prorata ratio date workdays add_workdays rank rank_asc all_count all_sum all_mean all_min all_max share_of_max

syn match   scoreNumber    "\<-\=\d\+\(\.\d\+\)\=%\="
syn match   scoreNumber    "\<-\=\d\+\(\.\d\+\)\=％"
syn region  scoreString    start=+"+ skip=+\\"+ end=+"+ oneline
syn region  scoreRawString start=+"""+ end=+"""+
syn region  scoreQuoted    start=+`+ end=+`+ oneline
syn match   scoreComment   "#.*$"
syn match   scoreComment   "//.*$"

hi def link scoreDecl      Statement
hi def link scoreHeader    PreProc
hi def link scoreClause    Keyword
hi def link scoreRule      Conditional
hi def link scoreOperator  Operator
hi def link scoreBoolean   Boolean
hi def link scoreType      Type
hi def link scoreMode      Constant
hi def link scoreBuiltin   Function
hi def link scoreNumber    Number
hi def link scoreString    String
hi def link scoreRawString String
hi def link scoreQuoted    Identifier
hi def link scoreComment   Comment

let b:current_syntax = "score"
