/* The CUnit runner: every suite, then CUnit's summary; fails on any failure. */
#include <CUnit/Basic.h>
#include <stdio.h>

#include "mem.h"
#include "tests.h"

int main(void)
{
	mem_install_gmp();
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	tests_add_decimal();
	tests_add_grammar();
	tests_add_compile();
	tests_add_vm();
	tests_add_csv();
	tests_add_cell();
	tests_add_luahook();
	tests_add_api();
	tests_add_interval();
	tests_add_calendar();
	tests_add_xlsxin();
	tests_add_golden();
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
