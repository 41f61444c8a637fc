/*
 * oracle.h - the page-table invariants of a validating hypervisor, checked
 * on the state that frames.c and pagetype.c leave, written from the rules of
 * vmi.spec (group mmu) and docs/DESIGN.md - not from pagetype.c:
 *
 *  I1 no frame pinned as a page table is mapped writable by a pinned L1
 *     (of any domain; only its own domain could even try);
 *  I2 every present entry of a pinned L1 maps a frame its domain owns;
 *  I3 every present guest-slot entry of a pinned L2 names an L1 pinned by
 *     the same domain, and no large page;
 *  I4 the writable-mapping and L2-reference counts of every frame equal a
 *     recount from the pinned tables;
 *  I5 slots 1008-1023 of every pinned L2 hold exactly the hypervisor's
 *     entries (the domain's slot-1008 L1, then the idle L2's);
 *  I6 ownership: each live domain owns exactly the frames of its P2M, all
 *     distinct, each with M2P[mfn] == pfn; free frames have no type, no
 *     counts and M2P invalid; only owned frames carry a type;
 *  I7 a domain's recorded base pointer, and CR3 unless it is the idle L2,
 *     is an L2 pinned by that domain.
 */
#ifndef FUZZ_ORACLE_H
#define FUZZ_ORACLE_H

#include "hvhost.h"

/* Check everything for these domains (those with memory are live); the
 * CR3 holder is `current` (NULL: CR3 must be the idle L2 or a live
 * domain's L2).  `what` names the operation just done, for the report. */
void oracle_check(struct domain *const *doms, int n, const struct domain *current_dom,
		  const char *what);

/* Frames below the domain range and the domains' hypervisor pages: checked
 * less often (they are large and nothing should ever touch them). */
void oracle_snapshot_hv(struct domain *const *doms, int n);
void oracle_check_hv(struct domain *const *doms, int n, const char *what);

#endif /* FUZZ_ORACLE_H */
