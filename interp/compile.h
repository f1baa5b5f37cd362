/* compile: checked syntax trees to bytecode (see opcodes.def). */
#ifndef SCORE_COMPILE_H
#define SCORE_COMPILE_H

#include "check.h"

/* Emits the code of every unit into res->prog. Cannot fail: every error was
 * found by check. */
void compile_program(check_result *res);

/* The most steps (instructions, counting each call's own) that the rules
 * may take for one row. */
#define COMPILE_MAX_WORK 10000000
/* Reports the policy as an error when a row could take more steps than
 * COMPILE_MAX_WORK (calls that each call the next twice, say). Sets each function's work. */
bool compile_bound_work(prog *p);

#endif
