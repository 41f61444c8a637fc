/*
 * vmi/abi.h - the data structures and constants of the VMI ABI.
 *
 * Everything a guest, a backend and the hypervisor must agree on besides the
 * call list itself (which is generated into vmi/calls.h from vmi/vmi.spec):
 * errors, the virtual address layout, boot information, the trap frame, trap
 * table entries, VIRQ numbers, page-table entry bits and batched MMU updates.
 * Every structure that crosses a boundary begins with a magic and a version.
 * Nothing here depends on a backend; this header stands alone (C and asm).
 */
#ifndef VMI_ABI_H
#define VMI_ABI_H

/* ---- errors: calls return 0 or a negative VMI_E* (values as in Linux) ---- */
#define VMI_EPERM      1
#define VMI_ENOENT     2
#define VMI_ESRCH      3
#define VMI_EIO        5
#define VMI_EAGAIN    11
#define VMI_ENOMEM    12
#define VMI_EFAULT    14
#define VMI_EBUSY     16
#define VMI_EEXIST    17
#define VMI_EINVAL    22
#define VMI_EROFS     30
#define VMI_ENOSPC    28
#define VMI_ERANGE    34
#define VMI_ENOSYS    38
#define VMI_ENOTCONN 107

/* ---- virtual layout (the same under every backend) ---- */
#define VMI_KERNEL_BASE   0xC0000000u  /* pseudo-physical p is mapped at base + p */
#define VMI_HV_START      0xFC000000u  /* nothing of the guest's at or above      */
#define VMI_PAGE_SIZE     4096u
#define VMI_PAGE_SHIFT    12
#define VMI_L2_HV_FIRST   (VMI_HV_START >> 22) /* first L2 slot owned by the backend */
#define VMI_INVALID_PFN   0xFFFFFFFFu

/* ---- page-table entry bits (two-level, non-PAE x86) ---- */
#define VMI_PTE_P   0x001u  /* present */
#define VMI_PTE_W   0x002u  /* writable */
#define VMI_PTE_U   0x004u  /* user accessible */
#define VMI_PTE_PWT 0x008u
#define VMI_PTE_PCD 0x010u
#define VMI_PTE_A   0x020u  /* accessed */
#define VMI_PTE_D   0x040u  /* dirty */
#define VMI_PTE_PS  0x080u  /* large page: never allowed in guest L2 entries */
#define VMI_PTE_G   0x100u  /* global */
#define VMI_PTE_AVAIL 0xE00u /* free for the guest's own use */
#define VMI_PTE_FLAGS 0xFFFu

/* ---- interrupt flag as returned by vmi_irq_save (the EFLAGS.IF bit) ---- */
#define VMI_IRQ_ENABLED 0x200u

/* ---- trap vectors ---- */
#define VMI_SYSCALL_VECTOR 0x80
#define VMI_NR_EXCEPTIONS  32
/* vectors whose frame carries an error code: #DF #TS #NP #SS #GP #PF #AC */
#define VMI_EXC_ERRCODE_MASK ((1u << 8) | (1u << 10) | (1u << 11) | (1u << 12) | \
                              (1u << 13) | (1u << 14) | (1u << 17))

/* ---- virtual interrupts, bound to ports with vmi_evtchn_bind_virq ---- */
#define VMI_VIRQ_TIMER   0  /* the one-shot timer expired */
#define VMI_VIRQ_DEBUG   1  /* reserved for debugging requests */
#define VMI_VIRQ_CONSOLE 2  /* console input is available */
#define VMI_VIRQ_BALLOON 3  /* the memory target changed (vmi_mem_target) */
#define VMI_VIRQ_SHUTDOWN 4 /* the privileged domain asks for a power-off */
#define VMI_NR_VIRQS     5

#define VMI_NR_PORTS   256  /* ports 1..255; port 0 is never valid */
#define VMI_DOMID_SELF 0x7FF0u

/* ---- features (vmi_features) ---- */
#define VMI_FEAT_INTERDOMAIN 0x01u /* event channels to other domains exist */
#define VMI_FEAT_VTIME       0x02u /* vtime_ns excludes descheduled time */
#define VMI_FEAT_CONSOLE_IN  0x04u /* console input and VIRQ_CONSOLE */
#define VMI_FEAT_LAZY_MMU    0x08u /* lazy mode really defers (batches) */
#define VMI_FEAT_DEPRIV      0x10u /* the guest kernel runs deprivileged */
#define VMI_FEAT_CONTROL     0x20u /* the control group (dom0's calls) exists */
#define VMI_FEAT_BLOCK       0x40u /* block devices (vmi_blk_*, vmi/blkring.h) */
#define VMI_FEAT_BALLOON     0x80u /* the balloon group (vmi_mem_*) exists */
#define VMI_FEAT_NET        0x100u /* network interfaces (vmi_net_*, vmi/netring.h) */

/* Balloon group: pfns per vmi_mem_release/populate call, and the lowest
 * target vmi_mem_set_target accepts (1 MiB). */
#define VMI_BALLOON_BATCH     64u
#define VMI_BALLOON_MIN_PAGES 256u

/* ---- shutdown ---- */
#define VMI_SHUTDOWN_POWEROFF 0
#define VMI_SHUTDOWN_CRASH    1
#define VMI_EXIT_CRASH      127   /* debug-exit code of a crash (the status channel says "crash") */

/* ---- trap table entry flags ---- */
#define VMI_TRAP_DPL_MASK    0x3u  /* lowest ring allowed to raise it with int n */
#define VMI_TRAP_MASK_EVENTS 0x4u  /* mask events on entry (an interrupt gate) */

/* ---- batched MMU updates: ptr = entry's pseudo-physical address | command ---- */
#define VMI_MMU_NORMAL_PT_UPDATE 0u
#define VMI_MMU_CMD_MASK         3u
#define VMI_MMU_BATCH_MAX      1024u

/* ---- the local descriptor table (vmi_set_ldt) ---- */
#define VMI_LDT_ENTRIES     8192u  /* the processor's maximum (64 KiB) */

/* ---- boot information ---- */
#define VMI_BOOT_INFO_MAGIC 0x564D4942u   /* "VMIB" */
#define VMI_MAX_MODULES     4
#define VMI_MAX_MEM_RANGES  16
#define VMI_CMDLINE_MAX     256
#define VMI_MEM_USABLE      1
#define VMI_MEM_RESERVED    2

#ifndef __ASSEMBLER__
#include <stdint.h>

typedef uint32_t vmi_pte_t;

/* A range of pseudo-physical frames. */
struct vmi_mem_range {
	uint32_t start_pfn;
	uint32_t nr_pages;
	uint32_t type;            /* VMI_MEM_USABLE or VMI_MEM_RESERVED */
};

/* A boot module (e.g. an initramfs), in pseudo-physical memory. */
struct vmi_module {
	uint32_t paddr;           /* at VMI_KERNEL_BASE + paddr */
	uint32_t len;
	char cmdline[64];
};

/*
 * What the backend's entry stub hands to guest_main().  Pseudo-physical memory
 * is [0, nr_pages) minus reserved ranges; frames below first_free_pfn hold the
 * kernel image, boot structures and the initial page tables.  The initial
 * address space maps [0, mapped_pages) at VMI_KERNEL_BASE through pinned
 * tables (L2 pt_base_pfn) and nothing else below hv_start.
 */
struct vmi_boot_info {
	uint32_t magic;           /* VMI_BOOT_INFO_MAGIC */
	uint32_t abi_version;     /* (major << 16) | minor of the backend */
	uint32_t nr_pages;        /* pseudo-physical frames */
	uint32_t first_free_pfn;  /* first frame not used at boot */
	uint32_t mapped_pages;    /* frames mapped at VMI_KERNEL_BASE initially */
	uint32_t pt_base_pfn;     /* initial L2 (pinned) */
	uint32_t hv_start;        /* first address owned by the platform */
	uint32_t seg_limit;       /* last address guest segments reach */
	uint32_t kernel_cs, kernel_ds, user_cs, user_ds; /* selectors to use */
	uint32_t tls_gdt_first, tls_gdt_count;           /* writable GDT slots */
	const uint32_t *p2m;      /* nr_pages machine frames, by pfn */
	uint32_t nr_mem_ranges;
	struct vmi_mem_range mem[VMI_MAX_MEM_RANGES];
	uint32_t nr_modules;
	struct vmi_module modules[VMI_MAX_MODULES];
	char cmdline[VMI_CMDLINE_MAX];
};

/* One entry for vmi_set_trap_table. */
struct vmi_trap_entry {
	uint8_t  vector;
	uint8_t  flags;           /* VMI_TRAP_DPL_MASK | VMI_TRAP_MASK_EVENTS */
	uint16_t cs;              /* must be the boot info's kernel_cs */
	uint32_t handler;         /* guest virtual address; 0 removes */
};

/*
 * The frame at ESP when a trap handler or the event callback is entered, and
 * what vmi_iret consumes (from eip on).  error_code exists only for vectors in
 * VMI_EXC_ERRCODE_MASK.  esp and ss exist only when (cs & 3) == 3, i.e. the
 * trap came from user mode.  eflags.IF is the interrupted virtual event flag.
 */
struct vmi_trap_frame {
	uint32_t error_code;
	uint32_t eip;
	uint32_t cs;
	uint32_t eflags;
	uint32_t esp;
	uint32_t ss;
};

/* One batched page-table update (vmi_mmu_update). */
struct vmi_mmu_update {
	uint32_t ptr;             /* entry's pseudo-physical address | VMI_MMU_* */
	uint32_t val;             /* new entry (from vmi_make_pte) */
};

/* Output of vmi_cpuid. */
struct vmi_cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* Output of vmi_dom_info (the control group). */
#define VMI_DOM_RUNNABLE 0        /* running or ready to */
#define VMI_DOM_BLOCKED  1        /* waiting for an event */
#define VMI_DOM_PAUSED   2        /* stopped by vmi_dom_pause */
#define VMI_DOM_DEAD     3        /* ended; exit_code says how */
#define VMI_DOM_SHUTDOWN 4        /* asked to shut down (vmi_dom_shutdown), still running */
struct vmi_dom_info {
	uint32_t id;
	uint32_t state;           /* VMI_DOM_* */
	uint32_t mem_pages;       /* VMI_PAGE_SIZE each */
	uint32_t weight;          /* BVT share */
	uint32_t warp_us;         /* BVT warp */
	uint32_t privileged;      /* 1: may use the control group */
	uint32_t exit_code;       /* VMI_DOM_DEAD: its status (0x100 set: crashed) */
	uint32_t reserved;
	uint64_t run_ns;          /* processor time used */
	char name[32];            /* NUL-terminated */
};

/* Input of vmi_dom_create: pointers into the caller's memory, read while
 * the call runs only. */
#define VMI_DOM_IMAGE_MAX   (8u << 20)   /* bytes of ELF image */
#define VMI_DOM_RAMDISK_MAX (12u << 20)  /* bytes of ramdisk */
struct vmi_dom_create {
	const void *image;        /* a pvhv guest kernel, ELF32 */
	uint32_t image_len;
	const void *ramdisk;      /* NULL: none; else the guest's boot module */
	uint32_t ramdisk_len;
	const char *options;      /* NUL-terminated, < VMI_CMDLINE_MAX bytes */
	uint32_t reserved[3];     /* 0 */
};

/* Input of vmi_vbd_attach, output of vmi_vbd_info: a virtual block device,
 * extents of one physical disk (sectors of VMI_BLK_SECTOR_SIZE). */
#define VMI_VBD_MAX_EXTENTS 8
#define VMI_VBD_RO          1u    /* read-only rights */
#define VMI_VBD_IN_USE      2u    /* (vmi_vbd_info) the domain attached a ring */
struct vmi_vbd_extent {
	uint64_t start, count;
};
struct vmi_vbd {
	uint32_t disk;            /* physical disk, 0 first */
	uint32_t flags;           /* VMI_VBD_* */
	uint32_t nr_extents;      /* 1..VMI_VBD_MAX_EXTENTS */
	uint32_t reserved;        /* 0 */
	uint64_t disk_sectors;    /* (vmi_vbd_info) the physical disk's size */
	struct vmi_vbd_extent ext[VMI_VBD_MAX_EXTENTS];
};

/* Output of vmi_hv_info. */
struct vmi_hv_info {
	uint32_t total_pages;     /* machine memory for domains, VMI_PAGE_SIZE each */
	uint32_t free_pages;      /* of it, not owned by any domain */
	uint32_t max_domains;     /* slots of the domain table */
	uint32_t nr_domains;      /* live ones */
	uint32_t abi_version;     /* the hypervisor's VMI ABI, (major << 16) | minor */
	uint32_t reserved[3];
};

/* The call-table descriptor each backend exports as vmi_table. */
#define VMI_TABLE_MAGIC 0x564D4954u       /* "VMIT" */
struct vmi_table {
	uint32_t magic;           /* VMI_TABLE_MAGIC */
	uint32_t abi_version;
	uint32_t nr_calls;
	const char *backend;
	const void *const *entries; /* nr_calls entry points, by call number */
};
extern const struct vmi_table vmi_table;

#endif /* !__ASSEMBLER__ */

#include <vmi/blkring.h>    /* the block group's shared structures */
#include <vmi/netring.h>    /* the net group's shared structures */
#include <vmi/vfr.h>        /* the VIFs and VFR of the control group */
#endif /* VMI_ABI_H */
