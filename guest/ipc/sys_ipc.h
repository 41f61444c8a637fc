/*
 * sys_ipc.h - the System V IPC system calls (sys_ipc.c), for the table in
 * guest/sys/syscall.c: the ipc(2) multiplexer (117) and the direct i386
 * calls 393..402 and semtimedop_time64 (420).
 */
#ifndef GUEST_IPC_SYS_IPC_H
#define GUEST_IPC_SYS_IPC_H

#include <stdint.h>
#include "ipc/ipc_abi.h"

long sys_ipc(uint32_t call, int first, uint32_t second, uint32_t third, uint32_t ptr,
             uint32_t fifth);
long sys_semget(int32_t key, int nsems, int flags);
long sys_semctl(int id, int num, int cmd, uint32_t arg);
long sys_semtimedop_time64(int id, uint32_t usops, uint32_t nsops, uint32_t utimeout);
long sys_shmget(int32_t key, uint32_t size, int flags);
long sys_shmctl(int id, int cmd, uint32_t ubuf);
long sys_shmat(int id, uint32_t addr, int flags);
long sys_shmdt(uint32_t addr);
long sys_msgget(int32_t key, int flags);
long sys_msgsnd(int id, uint32_t umsg, uint32_t size, int flags);
long sys_msgrcv(int id, uint32_t umsg, uint32_t size, int32_t type, int flags);
long sys_msgctl(int id, int cmd, uint32_t ubuf);

#endif /* GUEST_IPC_SYS_IPC_H */
