/* compile: checked syntax trees to bytecode (see opcodes.def). */
#ifndef SCORE_COMPILE_H
#define SCORE_COMPILE_H

#include "check.h"

/* Emits the code of every unit into res->prog. Cannot fail: every error was
 * found by check. */
void compile_program(check_result *res);

#endif
