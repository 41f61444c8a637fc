/*
 * backend.h - private interfaces between the files of the pvhv backend.
 *
 * The pvhv backend is the guest-side half of the paravirtual binding: the
 * guest kernel runs in ring 1 under hypervisor/, and every VMI call is either
 * a plain memory operation on this domain's shared-info page, the P2M and
 * the read-only M2P (the hot calls), or a hypercall (hypercall.h).  The
 * contract with the hypervisor is vmi/pvhv.h; nothing here is seen by guests.
 */
#ifndef PVHV_BACKEND_H
#define PVHV_BACKEND_H

#include <stdint.h>
#include <vmi/vmi.h>
#include <vmi/pvhv.h>

/* The hypervisor maps both into every address space of the domain. */
#define SHARED ((volatile struct pvhv_shared_info *)PVHV_SHARED_INFO_VA)
#define M2P    ((const volatile uint32_t *)PVHV_M2P_VA)

/* Keeps the compiler from moving memory accesses across a flag change. */
#define barrier() __asm__ volatile("" ::: "memory")

/* A machine frame no domain owns: what make_pte puts in an entry for a pfn
 * beyond the guest's memory, so the hypervisor rejects writing it. */
#define PVHV_NO_FRAME 0xFFFFFu

/* boot.c: what pvhv_boot recorded from the boot info (never written back). */
extern const struct vmi_boot_info *pvhv_bi;
extern uint32_t pvhv_nr_pages;
extern uint32_t *pvhv_p2m;         /* ours to change: balloon.c */
extern uint32_t pvhv_mfn_limit;     /* above every machine frame of ours */
void pvhv_boot(const struct vmi_boot_info *bi);

/* events.c */
int pvhv_deliverable(void);          /* some unmasked port is pending */

/* traps.c: the registered event callback (0: none); upcall.S enters it. */
extern uint32_t pvhv_event_callback;
/* upcall.S: the callback entered here if the hypervisor would enter it */
void pvhv_deliver_pending(void);

/* sched.c */
void pvhv_block(void);               /* SCHEDOP_BLOCK once */
void pvhv_crash(const char *why) __attribute__((noreturn));

#endif /* PVHV_BACKEND_H */
