/* dump: the bytecode of a compiled policy, as `score dump` prints it. */
#ifndef SCORE_DUMP_H
#define SCORE_DUMP_H

#include <stdio.h>

#include "program.h"

void dump_program(const prog *p, FILE *out);

#endif
