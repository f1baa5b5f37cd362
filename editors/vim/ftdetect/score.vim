" score rubrics: *.rule
autocmd BufRead,BufNewFile *.rule setfiletype score
