/*
 * vmi/vmi.h - everything a guest needs: the ABI structures and the call table.
 * Guests include this one header; the linker binds the calls to a backend.
 */
#ifndef VMI_VMI_H
#define VMI_VMI_H

#include <vmi/abi.h>
#include <vmi/calls.h>

#endif /* VMI_VMI_H */
