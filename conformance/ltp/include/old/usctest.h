/* usctest.h - the oldest LTP loop and logging knobs (TEST_EXP_ENOS,
 * TEST_ERROR_LOG, STD_FUNCTIONAL_TEST...). Only the iteration count ever
 * mattered; the rest are no-ops kept so those sources compile. */
#ifndef __USCTEST_H__
#define __USCTEST_H__

#include "test.h"

#define STD_FUNCTIONAL_TEST 1
#define STD_TIMING_ON 0
#define STD_PAUSE 0
#define STD_INFINITE 0
#define STD_COPIES 1
#define STD_ERRNO_LOG 0

#define TEST_EXP_ENOS(array) do { (void)(array); } while (0)
#define TEST_ERROR_LOG(err) do { (void)(err); } while (0)
#define TEST_CLEANUP do { } while (0)

#endif
