/* linux_syscall_numbers.h - the oldest LTP name for lapi/syscalls.h. */
#ifndef LINUX_SYSCALL_NUMBERS_H__
#define LINUX_SYSCALL_NUMBERS_H__

#include "lapi/syscalls.h"

#endif
