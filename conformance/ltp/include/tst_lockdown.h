/* tst_lockdown.h - kernel lockdown and Secure Boot: 1 on, 0 off, -1 unknown. */
#ifndef TST_LOCKDOWN_H__
#define TST_LOCKDOWN_H__

#define PATH_LOCKDOWN "/sys/kernel/security/lockdown"

int tst_lockdown_enabled(void);
int tst_secureboot_enabled(void);

#endif
