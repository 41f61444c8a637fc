/* lapi/abisize.h - the ABI the test is built for: 32-bit here. */
#ifndef LAPI_ABISIZE_H__
#define LAPI_ABISIZE_H__

#if defined(__LP64__) || defined(_LP64)
# define TST_ABI64
# define TST_ABI 64
#else
# define TST_ABI32
# define TST_ABI 32
#endif

#endif
