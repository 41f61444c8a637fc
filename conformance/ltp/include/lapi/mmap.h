/* lapi/mmap.h - mmap/madvise/mremap constants with the kernel's values for
 * those an older C library may lack. */
#ifndef LAPI_MMAP_H__
#define LAPI_MMAP_H__

#include <sys/mman.h>

#ifndef MAP_HUGETLB
# define MAP_HUGETLB 0x40000
#endif
#ifndef MADV_REMOVE
# define MADV_REMOVE 9
#endif
#ifndef MADV_DONTFORK
# define MADV_DONTFORK 10
#endif
#ifndef MADV_DOFORK
# define MADV_DOFORK 11
#endif
#ifndef MADV_HWPOISON
# define MADV_HWPOISON 100
#endif
#ifndef MADV_SOFT_OFFLINE
# define MADV_SOFT_OFFLINE 101
#endif
#ifndef MADV_MERGEABLE
# define MADV_MERGEABLE 12
# define MADV_UNMERGEABLE 13
#endif
#ifndef MADV_HUGEPAGE
# define MADV_HUGEPAGE 14
# define MADV_NOHUGEPAGE 15
#endif
#ifndef MADV_DONTDUMP
# define MADV_DONTDUMP 16
# define MADV_DODUMP 17
#endif
#ifndef MADV_FREE
# define MADV_FREE 8
#endif
#ifndef MADV_WIPEONFORK
# define MADV_WIPEONFORK 18
# define MADV_KEEPONFORK 19
#endif
#ifndef MADV_COLD
# define MADV_COLD 20
#endif
#ifndef MADV_PAGEOUT
# define MADV_PAGEOUT 21
#endif
#ifndef MADV_POPULATE_READ
# define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
# define MADV_POPULATE_WRITE 23
#endif
#ifndef MADV_DONTNEED_LOCKED
# define MADV_DONTNEED_LOCKED 24
#endif
#ifndef MADV_COLLAPSE
# define MADV_COLLAPSE 25
#endif
#ifndef MADV_GUARD_INSTALL
# define MADV_GUARD_INSTALL 102
# define MADV_GUARD_REMOVE 103
#endif
#ifndef MAP_FIXED_NOREPLACE
# define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MAP_SHARED_VALIDATE
# define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_SYNC
# define MAP_SYNC 0x80000
#endif
#ifndef MAP_DROPPABLE
# define MAP_DROPPABLE 0x08
#endif
#ifndef MAP_HUGE_SHIFT
# define MAP_HUGE_SHIFT 26
#endif
#ifndef MAP_HUGE_2MB
# define MAP_HUGE_2MB (21 << MAP_HUGE_SHIFT)
# define MAP_HUGE_1GB (30 << MAP_HUGE_SHIFT)
#endif
#ifndef MREMAP_DONTUNMAP
# define MREMAP_DONTUNMAP 4
#endif
#ifndef PROT_SAO
# define PROT_SAO 0x10
#endif

#endif
