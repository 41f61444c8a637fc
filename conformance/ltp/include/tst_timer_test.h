/* tst_timer_test.h - LTP's timer-precision tests (test.sample, test.scall):
 * this library does not run them (the driver reports TCONF), the names
 * exist so that they compile. */
#ifndef TST_TIMER_TEST_H__
#define TST_TIMER_TEST_H__

#include "tst_test.h"
#include "tst_timer.h"

void tst_timer_sample(void);

#endif
