# test_hv_mm.py - the hypervisor's memory rules on the host: frames.c (heap,
# frame table, M2P, scattered domain memory) and pagetype.c (pin, unpin,
# update, base pointer), built from the real sources into a small 32-bit
# program that stands in for the machine.
#
# The harness (HARNESS_C) is freestanding - no 32-bit libc is needed, it talks
# to Linux through int $0x80 - and recreates the hypervisor's direct map at
# HV_DIRECT_BASE with mmap, so heap pointers are the real ones.  Domain frames
# are host pages mapped on first use; the processor hooks of mapping.c (TLB
# flush, CR3) are recorded in a trace.  Each test drives one harness process
# with one command per line and reads one answer line per command; the
# harness also checks after every command that no window was left mapped.
# Tests skip when gcc/ld are missing or 32-bit programs cannot run here.
import os
import re
import select
import subprocess
import unittest

from scripts.tests import harness
from scripts.tests.util import ROOT
SOURCES = ["hypervisor/frames.c", "hypervisor/pagetype.c", "hypervisor/frame_io.c", "lib/string.c",
           "lib/format.c", "lib/libgcc64.c"]
TIMEOUT = 30

HARNESS_C = r"""
#include "hv.h"
#include "mm.h"
#include "lib/klib.h"

#define MAX_FRAMES (1u << 20)
#define NDOM 4
#define IDLE_L2_PA 0x00123000u

uint32_t hv_idle_l2[1024];
uint32_t hv_switcher_l2e;           /* isolation.c's; "asmode" sets it */
static struct domain doms[NDOM];
static uint8_t *fake[MAX_FRAMES];   /* domain frames, mapped on first use */
static uint32_t cr3, windows;
static char trace[64];              /* M map, U unmap, F flush, C load CR3 */
static uint32_t trace_len;

/* ---- Linux i386 system calls ---- */
static int sys3(int n, int a, int b, int c)
{
	int r;
	asm volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

/* old_mmap (90) takes its six arguments in memory: no %ebp juggling. */
static void *sys_mmap(uint32_t addr, uint32_t len, uint32_t flags)
{
	uint32_t a[6] = { addr, len, 3 /* RW */, flags | 0x22 /* PRIVATE|ANON */, (uint32_t)-1, 0 };
	return (void *)sys3(90, (int)a, 0, 0);
}

static __attribute__((noreturn)) void quit(int code)
{
	sys3(1, code, 0, 0);
	for (;;)
		;
}

static void out(const char *s)
{
	sys3(4, 1, (int)s, (int)strlen(s));
}

static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	n = n < (int)sizeof buf - 2 ? n : (int)sizeof buf - 2;
	buf[n] = '\n';
	buf[n + 1] = 0;
	out(buf);
}

/* ---- what frames.c and pagetype.c need from the rest of the hypervisor ---- */
void hv_log(const char *fmt, ...)
{
	(void)fmt;
}

void hv_panic(const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	say("panic: %s", buf);
	quit(3);
}

static void note(char c)
{
	if (trace_len < sizeof trace - 1)
		trace[trace_len++] = c;
}

void *map_domain_page(uint32_t mfn)
{
	if (mfn >= mm_nr_frames() || mfn < (HV_RESERVED_TOP >> 12))
		hv_panic("harness: map_domain_page(%#x) outside domain memory", mfn);
	if (++windows > HV_NR_WINDOWS)
		hv_panic("harness: out of windows");
	if (!fake[mfn]) {
		fake[mfn] = sys_mmap(0, 4096, 0);
		if ((uint32_t)fake[mfn] > 0xFFFFF000u)
			hv_panic("harness: mmap failed");
	}
	note('M');
	return fake[mfn];
}

void unmap_domain_page(void *va)
{
	(void)va;
	if (windows-- == 0)
		hv_panic("harness: unmap without map");
	note('U');
}

/* mapping.c's fixed mappings (frame table, M2P): host memory at the same
 * addresses, mapped on first use; unmapping keeps it. */
void mm_map_fixed(uint32_t va, uint32_t mfn, uint32_t pages)
{
	for (uint32_t i = 0; mfn && i < pages; i++) {
		uint32_t at = va + i * 4096;
		void *got = sys_mmap(at, 4096, 0x100000 /* FIXED_NOREPLACE */);

		if (got != (void *)at && (uint32_t)got != (uint32_t)-17 /* EEXIST */)
			hv_panic("harness: cannot map %#x", at);
	}
}

/* The processor: both flush everything, so both advance the TLB clock. */
uint32_t mm_tlb_clock = 1;       /* frames start stamped 0: not stale */
void mm_flush_tlb(void) { mm_tlb_clock++; note('F'); }
void mm_load_cr3(uint32_t pa) { cr3 = pa; mm_tlb_clock++; note('C'); }
uint32_t mm_read_cr3(void) { return cr3; }
uint32_t mm_idle_l2_pa(void) { return IDLE_L2_PA; }

/* ---- commands ---- */
static char inbuf[4096];
static int inpos, inlen;

static int get_line(char *line, int max)
{
	int n = 0;

	for (;;) {
		if (inpos == inlen) {
			inlen = sys3(3, 0, (int)inbuf, sizeof inbuf);
			inpos = 0;
			if (inlen <= 0)
				return -1;
		}
		char c = inbuf[inpos++];
		if (c == '\n')
			break;
		if (n < max - 1)
			line[n++] = c;
	}
	line[n] = 0;
	return n;
}

static int words(char *s, char **w, int max)
{
	int n = 0;

	while (*s && n < max) {
		while (*s == ' ')
			*s++ = 0;
		if (!*s)
			break;
		w[n++] = s;
		while (*s && *s != ' ')
			s++;
	}
	return n;
}

/* Decimal, 0x-hex, or negative decimal (as two's complement). */
static uint32_t num(const char *s)
{
	uint32_t v = 0, base = 10, neg = *s == '-';

	s += neg;
	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	}
	for (; *s; s++)
		v = v * base + (uint32_t)(*s <= '9' ? *s - '0' : (*s | 32) - 'a' + 10);
	return neg ? -v : v;
}

/* The frame's contents as a guest would write them (the fake stays mapped). */
static uint32_t *frame_words(uint32_t mfn)
{
	uint32_t *p = map_domain_page(mfn);

	unmap_domain_page(p);
	return p;
}

/* What the guest reads at PVHV_M2P_VA + 4 * mfn, through its slot-1008 L1;
 * -1 if that L1 would not let it read there read-only. */
static long long guest_m2p(struct domain *d, uint32_t mfn)
{
	uint32_t *l1 = HV_VA(d->slot1008_l1_mfn << 12), e = l1[mfn / 1024];
	uint32_t first = l1[0] >> 12;     /* the M2P's frames are contiguous */

	if (!(e & VMI_PTE_P) || (e & (VMI_PTE_W | VMI_PTE_U)))
		return -1;
	return ((uint32_t *)(HV_M2P_HV_VA + (((e >> 12) - first) << 12)))[mfn % 1024];
}

static void cmd_init(uint32_t top, uint32_t heap_kib)
{
	uint32_t start = HV_RESERVED_TOP - heap_kib * 1024;
	void *want = HV_VA(start);
	void *got = sys_mmap((uint32_t)want, heap_kib * 1024, 0x100000 /* FIXED_NOREPLACE */);

	if (got != want) {
		say("skip: cannot map the direct map at %p (%d)", want, (int)got);
		quit(77);
	}
	for (int i = 1009; i < 1024; i++)
		hv_idle_l2[i] = 0xA0000003u + ((uint32_t)i << 12);
	for (int i = 0; i < NDOM; i++)
		doms[i].id = (uint16_t)i;
	heap_init(start, HV_RESERVED_TOP);
	mm_init(top);
	say("%u %u", mm_nr_frames(), heap_free_count());
}

static void cmd_frame(uint32_t mfn)
{
	if (mfn >= mm_top)
		hv_panic("harness: frame %#x", mfn);
	struct frame *f = &mm_frames[mfn];
	say("%u %u %u %u", f->owner, f->type, f->wcount, f->l2refs);
}

/* Entries [first, first + n) = val, val + step, ... */
static void cmd_fill(uint32_t mfn, uint32_t first, uint32_t n, uint32_t val, uint32_t step)
{
	uint32_t *t = frame_words(mfn);

	for (uint32_t i = first; i < first + n && i < 1024; i++, val += step)
		t[i] = val;
	say("0");
}

static void cmd_mfns(struct domain *d)
{
	char buf[12];

	for (uint32_t i = 0; i < d->nr_pages; i++) {
		snprintf(buf, sizeof buf, i ? " %u" : "%u", d->mfns[i]);
		out(buf);
	}
	out("\n");
}

static void cmd_trace(void)
{
	say("%s", trace_len ? trace : "-");
	trace_len = 0;
	memset(trace, 0, sizeof trace);
}

/* Entry i of d's view in use (address-space isolation), or "none". */
static void cmd_view(struct domain *d, uint32_t i)
{
	if (!d->view_l2)
		say("none");
	else
		say("%u %d", d->view_l2[i % 1024], d->view_pa == HV_PA(d->view_l2));
}

/* View k of d: entry i and the L2 it mirrors. */
static void cmd_vpage(struct domain *d, uint32_t k, uint32_t i)
{
	struct hv_view *v = &d->views[k % HV_VIEWS];

	say("%u %u", v->l2 ? v->l2[i % 1024] : 0xFFFFFFFFu, v->of);
}

/* "bpop d pfn...": the result, then each pfn's new frame. */
static void cmd_bpop(struct domain *d, const uint32_t *pfns, uint32_t n)
{
	uint32_t mfns[8] = { 0 };
	int rc = mm_balloon_populate(d, pfns, n, mfns);

	say("%d %u %u %u %u %u", rc, mfns[0], mfns[1], mfns[2], mfns[3], mfns[4]);
}

static void cmd_halloc(uint32_t n)
{
	void *p = heap_alloc_pages(n);

	say("%u", p ? HV_PA(p) : 0);
}

static int run(char **w, int n)
{
	uint32_t a[6] = { 0 };
	struct domain *d;

	for (int i = 1; i < n && i < 7; i++)
		a[i - 1] = num(w[i]);
	d = &doms[a[0] % NDOM];
#define IS(name) (strcmp(w[0], name) == 0)
	if (IS("init")) cmd_init(a[0], a[1]);
	else if (IS("dom")) say("%d", mm_domain_init(d));
	else if (IS("alloc")) say("%d", (int)mm_alloc_domain_frames(d, a[1]));
	else if (IS("rel")) { mm_release_domain(d); say("0"); }
	else if (IS("nr")) say("%u", d->nr_pages);
	else if (IS("mfns")) cmd_mfns(d);
	else if (IS("shared")) say("%u %d %u", d->shared_mfn,
				   d->shared == HV_VA(d->shared_mfn << 12), d->slot1008_l1_mfn);
	else if (IS("l1008")) say("%u", ((uint32_t *)HV_VA(d->slot1008_l1_mfn << 12))[a[1]]);
	else if (IS("m2p")) say("%lld", guest_m2p(d, a[1]));
	else if (IS("own")) say("%d", mm_owned_by(d, a[1]));
	else if (IS("frame")) cmd_frame(a[0]);
	else if (IS("peek")) say("%u", frame_words(a[0])[a[1]]);
	else if (IS("poke")) { frame_words(a[0])[a[1]] = a[2]; say("0"); }
	else if (IS("fill")) cmd_fill(a[0], a[1], a[2], a[3], a[4]);
	else if (IS("pin")) say("%d", mm_pin(d, a[1], (int)a[2]));
	else if (IS("unpin")) say("%d", mm_unpin(d, a[1]));
	else if (IS("upd")) say("%d", mm_update(d, a[1], a[2]));
	else if (IS("iohold")) say("%d", mm_io_hold(d, a[1]));
	else if (IS("iorel")) { mm_io_release(a[0]); say("0"); }
	else if (IS("iobusy")) say("%d", mm_frame_io_busy(a[0]));
	else if (IS("base")) say("%d", mm_new_baseptr(d, a[1]));
	else if (IS("cr3mfn")) say("%u", d->cr3_mfn);
	else if (IS("setcr3")) { cr3 = a[0]; say("0"); }
	else if (IS("cr3")) say("%u", cr3);
	else if (IS("trace")) cmd_trace();
	else if (IS("heapfree")) say("%u", heap_free_count());
	else if (IS("halloc")) cmd_halloc(a[0]);
	else if (IS("hpage")) say("%u", HV_PA(hv_alloc_page()));
	else if (IS("hfree")) { heap_free_pages(HV_VA(a[0]), a[1]); say("0"); }
	else if (IS("hword")) say("%u", *(uint32_t *)HV_VA(a[0]));
	else if (IS("hset")) { *(uint32_t *)HV_VA(a[0]) = a[1]; say("0"); }
	else if (IS("asmode")) { hv_switcher_l2e = a[0]; say("0"); }
	else if (IS("view")) cmd_view(d, a[1]);
	else if (IS("vpage")) cmd_vpage(d, a[1], a[2]);
	else if (IS("brel")) say("%d", mm_balloon_release(d, &a[1], (uint32_t)n - 2));
	else if (IS("bpop")) cmd_bpop(d, &a[1], (uint32_t)n - 2);
	else if (IS("released")) say("%u", d->nr_released);
	else return -1;
	return 0;
}

int harness_main(void)
{
	char line[256], *w[8];
	int n;

	while (get_line(line, sizeof line) >= 0) {
		n = words(line, w, 8);
		if (n == 0)
			continue;
		if (run(w, n))
			say("error: unknown command %s", w[0]);
		else if (windows)
			hv_panic("harness: %u windows left mapped after %s", windows, w[0]);
	}
	return 0;
}

asm(".globl _start\n_start:\n\txorl %ebp, %ebp\n\tandl $-16, %esp\n"
    "\tcall harness_main\n\tmovl %eax, %ebx\n\tmovl $1, %eax\n\tint $0x80\n");
"""


def header_constants(*relpaths):
    """#define NAME number from the given headers (abi.h, pvhv.h, hv.h)."""
    consts = {}
    for rel in relpaths:
        with open(os.path.join(ROOT, rel)) as f:
            for name, value in re.findall(r"^#define\s+(\w+)\s+\(?(0x[0-9a-fA-F]+|\d+)u?\)?\s",
                                          f.read(), re.M):
                consts[name] = int(value, 0)
    return consts


C = header_constants("vmi/include/vmi/abi.h", "vmi/include/vmi/pvhv.h", "hypervisor/hv.h")
P, W, U, PS = C["VMI_PTE_P"], C["VMI_PTE_W"], C["VMI_PTE_U"], C["VMI_PTE_PS"]
EINVAL, EBUSY, EPERM, ENOMEM = (-C["VMI_EINVAL"], -C["VMI_EBUSY"], -C["VMI_EPERM"],
                                -C["VMI_ENOMEM"])
FIRST = C["HV_RESERVED_TOP"] >> 12        # first domain frame
HV_FIRST_SLOT = C["VMI_HV_START"] >> 22   # 1008
TOP = FIRST + 3001                        # an odd, non-power-of-two span


def tables(top):
    """Frames the frame table (20 bytes a frame) and the M2P (4) take at
    the top of memory."""
    return -(-top * 20 // 4096) + -(-top * 4 // 4096)


END = TOP - tables(TOP)                   # first frame of the tables


def top_for(span):
    """The memory size leaving exactly span domain frames beside the tables."""
    top = FIRST + span
    while top - tables(top) < FIRST + span:
        top += 1
    return top
HEAP_KIB = 4096
IDLE_L2_PA = 0x00123000                   # what the harness's mm_idle_l2_pa says


def pte(mfn, flags):
    return (mfn << 12) | flags


class HarnessPanic(Exception):
    pass


HARNESS = harness.Harness(SOURCES, harness.HV_INCLUDES, generated_c=HARNESS_C)


def harness_exe():
    return HARNESS.exe()


def tearDownModule():
    HARNESS.cleanup()


class Harness:
    """One harness process: send a command, get its answer line."""

    def __init__(self, top=TOP, heap_kib=HEAP_KIB):
        try:
            self.proc = subprocess.Popen([harness_exe()], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE)
        except OSError as e:
            raise unittest.SkipTest("cannot run 32-bit programs here: %s" % e)
        self.buf = b""
        try:
            self.frames, self.heap_free = self.ints("init", top, heap_kib)
        except BaseException:
            self.close()
            raise

    def line(self, *args):
        """The answer to one command; HarnessPanic if the harness panicked."""
        self.proc.stdin.write((" ".join(str(a) for a in args) + "\n").encode())
        self.proc.stdin.flush()
        while b"\n" not in self.buf:
            ready, _, _ = select.select([self.proc.stdout], [], [], TIMEOUT)
            chunk = os.read(self.proc.stdout.fileno(), 65536) if ready else b""
            if not chunk:
                raise AssertionError("harness gave no answer to %r (exit %s)"
                                     % (args, self.proc.poll()))
            self.buf += chunk
        text, self.buf = self.buf.split(b"\n", 1)
        text = text.decode()
        if text.startswith("skip:"):
            raise unittest.SkipTest(text)
        if text.startswith("panic:"):
            raise HarnessPanic(text)
        if text.startswith("error:"):
            raise AssertionError(text)
        return text

    def ints(self, *args):
        return [int(x) for x in self.line(*args).split()]

    def num(self, *args):
        return self.ints(*args)[0]

    def close(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass                    # it panicked and is gone
        self.proc.stdout.close()
        self.proc.wait(TIMEOUT)

    # ---- conveniences ----
    def domain(self, dom, nr):
        """Set up domain DOM with NR frames; its mfns by pfn."""
        assert self.num("dom", dom) == 0
        assert self.num("alloc", dom, nr) == 0
        return self.ints("mfns", dom)

    def frame(self, mfn):
        """(owner, type, writable mappings, L2 references)."""
        return tuple(self.ints("frame", mfn))

    def table(self, mfn, entries):
        """Zero frame MFN, then write {index: value} as the guest would."""
        self.line("fill", mfn, 0, 1024, 0, 0)
        for i, v in entries.items():
            self.line("poke", mfn, i, v)


class HarnessTest(unittest.TestCase):
    def start(self, **kw):
        h = Harness(**kw)
        self.addCleanup(h.close)
        return h


class FramesTest(HarnessTest):
    """frames.c: heap, frame table, M2P, domain memory."""

    def test_init(self):
        h = self.start()
        self.assertEqual(h.frames, TOP)
        self.assertEqual(h.frame(0)[0], C["OWNER_HV"])
        self.assertEqual(h.frame(FIRST - 1)[0], C["OWNER_HV"])
        self.assertEqual(h.frame(FIRST), (C["OWNER_FREE"], 0, 0, 0))
        self.assertEqual(h.frame(END - 1)[0], C["OWNER_FREE"])
        # frame table and M2P take the top of memory, not the heap
        self.assertEqual(h.frame(END)[0], C["OWNER_HV"])
        self.assertEqual(h.frame(TOP - 1)[0], C["OWNER_HV"])
        self.assertEqual(h.heap_free, HEAP_KIB // 4)

    def test_too_little_memory_for_the_tables_panics(self):
        h = Harness.__new__(Harness)
        with self.assertRaisesRegex(HarnessPanic, "out of hypervisor memory"):
            Harness.__init__(h, top=FIRST + 4)

    def test_domain_pages(self):
        h = self.start()
        self.assertEqual(h.num("dom", 0), 0)
        shared, consistent, l1 = h.ints("shared", 0)
        self.assertTrue(consistent)
        self.assertLess(shared, FIRST)
        self.assertLess(l1, FIRST)
        m2p_pages = -(-TOP * 4 // 4096)
        for i in range(m2p_pages):      # M2P: present, read-only, supervisor
            self.assertEqual(h.num("l1008", 0, i) & 0xFFF, P)
        for i in range(m2p_pages, 1023):
            self.assertEqual(h.num("l1008", 0, i), 0)
        self.assertEqual(h.num("l1008", 0, 1023), pte(shared, P | W))
        self.assertEqual(h.num("m2p", 0, FIRST), 0xFFFFFFFF)
        self.assertEqual(h.num("m2p", 0, TOP - 1), 0xFFFFFFFF)
        self.assertEqual(h.num("dom", 1), 0)
        self.assertNotEqual(h.ints("shared", 1)[0], shared)

    def test_domain_pages_without_heap(self):
        h = self.start()
        while h.num("halloc", 1):
            pass
        self.assertEqual(h.num("dom", 0), ENOMEM)
        with self.assertRaisesRegex(HarnessPanic, "hypervisor out of memory"):
            h.line("hpage")

    def test_scattered_allocation(self):
        h = self.start()
        mfns = h.domain(0, 1000)
        self.assertEqual(h.num("nr", 0), 1000)
        self.assertEqual(len(set(mfns)), 1000)
        for pfn, mfn in enumerate(mfns):
            self.assertTrue(FIRST <= mfn < TOP)
            self.assertNotEqual(pfn, mfn)
            self.assertEqual(h.num("own", 0, mfn), 1)
            self.assertEqual(h.num("m2p", 0, mfn), pfn)
        gaps = [abs(b - a) for a, b in zip(mfns, mfns[1:])]
        self.assertGreater(min(gaps), 64, "consecutive pfns must be far apart")
        # a second domain gets the rest of the walk: still disjoint, still apart
        other = h.domain(1, 500)
        self.assertFalse(set(other) & set(mfns))
        gaps = [abs(b - a) for a, b in zip(other, other[1:])]
        self.assertLess(sum(g < 16 for g in gaps), len(gaps) // 20)
        self.assertEqual(h.num("own", 0, other[0]), 0)

    def test_io_holds(self):
        """frame_io.c: a frame held for I/O is the domain's own and no page
        table, cannot be pinned while held, and outlives its domain's death
        as an orphan that the last release frees."""
        h = self.start()
        mfns = h.domain(0, 64)
        other = h.domain(1, 8)
        l1, buf = mfns[10], mfns[11]
        h.table(l1, {})
        self.assertEqual(h.num("pin", 0, l1, 1), 0)
        self.assertEqual(h.num("iohold", 0, l1), EINVAL)        # a page table
        self.assertEqual(h.num("iohold", 0, other[0]), EINVAL)  # not its own
        self.assertEqual(h.num("iohold", 0, FIRST - 1), EINVAL)  # the hypervisor's
        self.assertEqual(h.num("iohold", 0, TOP + 5), EINVAL)   # beyond memory
        self.assertEqual(h.num("iobusy", buf), 0)
        self.assertEqual(h.num("iohold", 0, buf), 0)
        self.assertEqual(h.num("iohold", 0, buf), 0)            # holds count
        self.assertEqual(h.num("iobusy", buf), 1)
        h.table(buf, {})
        self.assertEqual(h.num("pin", 0, buf, 1), EBUSY)
        h.line("iorel", buf)
        self.assertEqual(h.num("pin", 0, buf, 1), EBUSY)        # one hold left
        h.line("iorel", buf)
        self.assertEqual(h.num("iobusy", buf), 0)
        self.assertEqual(h.num("pin", 0, buf, 1), 0)
        self.assertEqual(h.num("unpin", 0, buf), 0)
        # death during I/O: the held frame is no one's, yet not free
        self.assertEqual(h.num("iohold", 0, mfns[20]), 0)
        h.line("rel", 0)
        self.assertEqual(h.frame(mfns[20])[0], C["OWNER_IO_ORPHAN"])
        self.assertEqual(h.frame(mfns[21])[0], C["OWNER_FREE"])
        self.assertEqual(h.num("alloc", 2, END - FIRST - 8), ENOMEM)  # not handed out
        h.line("iorel", mfns[20])
        self.assertEqual(h.frame(mfns[20]), (C["OWNER_FREE"], 0, 0, 0))
        self.assertEqual(h.num("alloc", 2, END - FIRST - 8), 0)
        self.assertRaises(HarnessPanic, h.line, "iorel", mfns[20])  # not held

    def test_pfn_never_equals_mfn(self):
        # With more domain frames than FIRST, pfn == mfn is possible; with
        # 4501 the plain stride walk puts pfn 4267 on machine frame 4267.
        for span in (4501, 6000):
            h = self.start(top=top_for(span))
            mfns = h.domain(0, span)
            self.assertEqual(sorted(mfns), list(range(FIRST, FIRST + span)))
            self.assertEqual([p for p, m in enumerate(mfns) if p == m], [])

    def test_allocation_failures_leave_nothing(self):
        h = self.start()
        self.assertEqual(h.num("dom", 0), 0)
        free = h.num("heapfree")
        self.assertEqual(h.num("alloc", 0, 0), EINVAL)
        self.assertEqual(h.num("alloc", 0, TOP), ENOMEM)
        self.assertEqual(h.num("alloc", 0, END - FIRST + 1), ENOMEM)
        self.assertEqual((h.num("nr", 0), h.num("heapfree")), (0, free))
        self.assertEqual(h.frame(FIRST)[0], C["OWNER_FREE"])
        h.domain(1, END - FIRST)           # exactly everything is fine
        self.assertEqual(h.num("alloc", 0, 1), ENOMEM)
        self.assertEqual(h.num("alloc", 1, 1), EINVAL)   # already has memory

    def test_release(self):
        h = self.start()
        free = h.num("heapfree")
        mfns = h.domain(0, 64)
        l1, l2 = mfns[10], mfns[11]
        h.table(l1, {0: pte(mfns[0], P | W), 1: pte(l1, P)})
        h.table(l2, {768: pte(l1, P | W)})
        self.assertEqual(h.num("pin", 0, l1, 1), 0)
        self.assertEqual(h.num("pin", 0, l2, 2), 0)
        self.assertEqual(h.num("base", 0, l2), 0)
        for m in mfns:
            h.line("fill", m, 0, 1024, 0xDEAD0000, 1)
        h.line("rel", 0)
        self.assertEqual(h.num("cr3"), IDLE_L2_PA)   # left the dying tables
        self.assertEqual(h.num("nr", 0), 0)
        for m in mfns:
            self.assertEqual(h.frame(m), (C["OWNER_FREE"], 0, 0, 0))
            self.assertEqual(h.num("m2p", 0, m), 0xFFFFFFFF)
        self.assertEqual(h.num("heapfree"), free - 2)   # only dom 0's own pages stay
        h.line("rel", 0)                                # twice is harmless
        # the frames come back zeroed to whoever gets them next
        h.domain(1, END - FIRST)
        for m in mfns:
            self.assertEqual(h.num("own", 1, m), 1)
            self.assertEqual(h.num("peek", m, 0), 0)
            self.assertEqual(h.num("peek", m, 1023), 0)

    def test_release_keeps_foreign_cr3(self):
        h = self.start()
        h.domain(0, 8)
        h.line("setcr3", 0x00456000)
        h.line("rel", 0)
        self.assertEqual(h.num("cr3"), 0x00456000)

    def test_heap(self):
        h = self.start()
        a = h.num("halloc", 3)
        self.assertTrue(a and a % 4096 == 0 and a + 3 * 4096 <= C["HV_RESERVED_TOP"])
        h.line("hset", a + 4096, 0x12345678)
        h.line("hfree", a, 3)
        self.assertEqual(h.num("halloc", 3), a)            # first fit
        self.assertEqual(h.num("hword", a + 4096), 0)      # zeroed
        h.line("hfree", a, 3)
        with self.assertRaisesRegex(HarnessPanic, "twice"):
            h.line("hfree", a, 1)


class BalloonTest(HarnessTest):
    """frames.c: frames given back (mm_balloon_release) and taken again
    (mm_balloon_populate) - ownership, type and counts checked, all or
    nothing, never beyond the domain's maximum."""

    def setUp(self):
        self.h = self.start()
        self.m = self.h.domain(0, 64)
        self.other = self.h.domain(1, 16)

    def test_release_and_populate(self):
        h, m = self.h, self.m
        h.line("fill", m[5], 0, 1024, 0xAB, 0)
        h.line("trace")
        self.assertEqual(h.num("brel", 0, m[5], m[6]), 2)
        self.assertEqual(h.frame(m[5]), (C["OWNER_FREE"], 0, 0, 0))
        self.assertEqual(h.num("m2p", 0, m[5]), 0xFFFFFFFF)
        self.assertEqual(h.ints("mfns", 0)[5:7], [0xFFFFFFFF] * 2)
        self.assertEqual(h.num("released", 0), 2)
        self.assertIn("F", h.line("trace"))                 # stale TLB entries go
        rc, a, b, *_ = h.ints("bpop", 0, 6, 5)
        self.assertEqual(rc, 2)
        self.assertEqual(h.ints("mfns", 0)[5:7], [b, a])
        for pfn, mfn in ((6, a), (5, b)):
            self.assertEqual(h.num("own", 0, mfn), 1)
            self.assertEqual(h.num("m2p", 0, mfn), pfn)
            self.assertEqual(h.num("peek", mfn, 0), 0)      # scrubbed
        self.assertEqual(h.num("released", 0), 0)

    def test_release_refuses_what_is_not_free_to_go(self):
        h, m = self.h, self.m
        h.table(m[0], {0: pte(m[1], P), 1: pte(m[2], P | W)})
        self.assertEqual(h.num("pin", 0, m[0], 1), 0)
        h.table(m[3], {})
        self.assertEqual(h.num("pin", 0, m[3], 1), 0)
        self.assertEqual(h.num("brel", 0, m[1]), EBUSY)     # mapped read-only
        self.assertEqual(h.num("brel", 0, m[2]), EBUSY)     # mapped writable
        self.assertEqual(h.num("brel", 0, m[3]), EBUSY)     # a pinned table
        self.assertEqual(h.num("brel", 0, self.other[0]), EINVAL)   # foreign
        self.assertEqual(h.num("brel", 0, 0x100), EINVAL)   # the hypervisor's
        self.assertEqual(h.num("brel", 0, TOP + 5), EINVAL)
        # all or nothing: a good frame before a bad one stays
        self.assertEqual(h.num("brel", 0, m[9], m[9]), EINVAL)      # named twice
        self.assertEqual(h.num("brel", 0, m[9], m[10], m[1]), EBUSY)
        for mfn in (m[9], m[10]):
            self.assertEqual(h.num("own", 0, mfn), 1)
        self.assertEqual(h.num("released", 0), 0)
        # unmapped, it may go
        self.assertEqual(h.num("upd", 0, pte(m[0], 0), 0), 0)
        self.assertEqual(h.num("brel", 0, m[1]), 1)

    def test_populate_never_beyond_the_maximum(self):
        h, m = self.h, self.m
        self.assertEqual(h.num("bpop", 0, 3), EINVAL)        # still backed
        self.assertEqual(h.num("bpop", 0, 64), EINVAL)       # beyond nr_pages
        self.assertEqual(h.num("brel", 0, m[7]), 1)
        self.assertEqual(h.num("bpop", 0, 7, 7), EINVAL)     # twice
        self.assertEqual(h.num("bpop", 0, 7, 64), EINVAL)    # all or nothing
        self.assertEqual(h.ints("mfns", 0)[7], 0xFFFFFFFF)
        self.assertEqual(h.num("bpop", 0, 7), 1)
        self.assertEqual(h.num("bpop", 0, 7), EINVAL)
        self.assertEqual(h.num("nr", 0), 64)

    def test_populate_needs_free_memory(self):
        h, m = self.h, self.m
        self.assertEqual(h.num("brel", 0, m[7]), 1)
        h.domain(2, END - FIRST - 64 - 16 + 1)              # takes the rest
        self.assertEqual(h.num("bpop", 0, 7), ENOMEM)

    def test_release_domain_after_balloon(self):
        h, m = self.h, self.m
        self.assertEqual(h.num("brel", 0, m[7], m[8]), 2)
        h.line("rel", 0)
        for mfn in m:
            self.assertEqual(h.frame(mfn)[0], C["OWNER_FREE"])


class PageTypeTest(HarnessTest):
    """pagetype.c: the rules of vmi.spec (mmu group) and of native mmu.c."""

    def setUp(self):
        self.h = self.start()
        self.m = self.h.domain(0, 64)
        self.other = self.h.domain(1, 16)
        self.shared, _, self.l1008 = self.h.ints("shared", 0)

    def pin(self, mfn, level, dom=0):
        return self.h.num("pin", dom, mfn, level)

    def l1(self, mfn, entries, dom=0):
        """Write and pin an L1; assert success."""
        self.h.table(mfn, entries)
        self.assertEqual(self.pin(mfn, 1, dom), 0)

    def test_pin_l1_counts_writable_mappings(self):
        m, h = self.m, self.h
        self.l1(m[0], {0: pte(m[5], P | W), 1: pte(m[5], P | W | U), 2: pte(m[6], P),
                       3: pte(m[0], P), 4: 0xFFFFF000 | W})   # not present: ignored
        self.assertEqual(h.frame(m[0]), (0, 1, 0, 0))
        self.assertEqual(h.frame(m[5])[2], 2)
        self.assertEqual(h.frame(m[6])[2], 0)

    def test_pin_arguments(self):
        m = self.m
        for level in (0, 3, -1):
            self.assertEqual(self.pin(m[0], level), EINVAL)
        for mfn in (self.other[0], 0x100, self.shared, self.l1008, TOP - 1, TOP,
                    0xFFFFF):
            self.assertEqual(self.pin(mfn, 1), EINVAL, hex(mfn))
        self.assertEqual(self.pin(m[0], 1, dom=1), EINVAL)   # dom 1 pins dom 0's

    def test_pin_busy(self):
        m = self.m
        self.l1(m[0], {0: pte(m[1], P | W)})
        self.assertEqual(self.pin(m[0], 1), EBUSY)
        self.assertEqual(self.pin(m[0], 2), EBUSY)
        self.assertEqual(self.pin(m[1], 1), EBUSY)          # mapped writable
        self.assertEqual(self.h.num("upd", 0, pte(m[0], 0), pte(m[1], P)), 0)
        self.assertEqual(self.pin(m[1], 1), 0)               # read-only now

    def test_l1_maps_only_own_frames(self):
        m, h = self.m, self.h
        for target in (self.other[0], 0, 0x100, self.shared, self.l1008, FIRST - 1,
                       TOP, 0xFFFFF):
            h.table(m[0], {7: pte(target, P)})
            self.assertEqual(self.pin(m[0], 1), EINVAL, hex(target))
            h.table(m[0], {7: pte(target, 0)})               # not present: fine
            self.assertEqual(self.pin(m[0], 1), 0)
            self.assertEqual(h.num("unpin", 0, m[0]), 0)

    def test_l1_never_maps_a_table_writable(self):
        m, h = self.m, self.h
        h.table(m[0], {0: pte(m[0], P | W)})                 # itself
        self.assertEqual(self.pin(m[0], 1), EINVAL)
        self.l1(m[0], {0: pte(m[0], P)})
        h.table(m[1], {0: pte(m[0], P | W)})                 # a pinned frame
        self.assertEqual(self.pin(m[1], 1), EINVAL)
        self.l1(m[1], {0: pte(m[0], P)})

    def test_l2_rules_and_hypervisor_slots(self):
        m, h = self.m, self.h
        self.l1(m[0], {})
        self.l1(self.other[0], {}, dom=1)
        bad = [pte(m[1], P), pte(m[0], P | PS), pte(self.other[0], P), pte(m[2], P),
               pte(0x100, P)]
        for e in bad:
            h.table(m[2], {5: e})
            self.assertEqual(self.pin(m[2], 2), EINVAL, hex(e))
        h.table(m[2], {5: pte(m[0], P | W | U), 6: pte(m[0], P), 7: 0xFFFFF000 | PS,
                       1008: 0x1234567, 1023: 0x7654321})     # garbage there is replaced
        self.assertEqual(self.pin(m[2], 2), 0)
        self.assertEqual(h.frame(m[0])[3], 2)
        self.assertEqual(h.num("peek", m[2], 1008), pte(self.l1008, P | W))
        for i in range(1009, 1024):
            self.assertEqual(h.num("peek", m[2], i), 0xA0000003 + (i << 12))

    def test_unpin(self):
        m, h = self.m, self.h
        self.assertEqual(h.num("unpin", 0, m[0]), EINVAL)    # not pinned
        self.l1(m[0], {0: pte(m[4], P | W)})
        self.l1(self.other[0], {}, dom=1)
        self.assertEqual(h.num("unpin", 0, self.other[0]), EINVAL)
        h.table(m[1], {0: pte(m[0], P)})
        self.assertEqual(self.pin(m[1], 2), 0)
        self.assertEqual(h.num("unpin", 0, m[0]), EBUSY)     # referenced by an L2
        self.assertEqual(h.num("base", 0, m[1]), 0)
        self.assertEqual(h.num("unpin", 0, m[1]), EBUSY)     # in use
        h.table(m[3], {0: pte(m[0], P)})
        self.assertEqual(self.pin(m[3], 2), 0)
        self.assertEqual(h.num("base", 0, m[3]), 0)
        self.assertEqual(h.num("unpin", 0, m[1]), 0)
        for i in range(HV_FIRST_SLOT, 1024):
            self.assertEqual(h.num("peek", m[1], i), 0)
        self.assertEqual(h.frame(m[1]), (0, 0, 0, 0))
        self.assertEqual(h.frame(m[0])[3], 1)
        self.assertEqual(h.num("upd", 0, pte(m[3], 0), 0), 0)
        self.assertEqual(h.num("unpin", 0, m[0]), 0)
        self.assertEqual(h.frame(m[4]), (0, 0, 0, 0))
        self.assertEqual(self.pin(m[4], 1), 0)               # no longer writable

    def test_unpin_refuses_the_loaded_l2(self):
        m, h = self.m, self.h
        h.table(m[1], {})
        self.assertEqual(self.pin(m[1], 2), 0)
        h.line("setcr3", pte(m[1], 0))      # loaded, but not yet recorded in cr3_mfn
        self.assertEqual(h.num("unpin", 0, m[1]), EBUSY)

    def test_update(self):
        m, h = self.m, self.h
        self.l1(m[0], {3: pte(m[5], P | W)})
        self.l1(self.other[0], {}, dom=1)
        for cmd in (1, 2, 3):
            self.assertEqual(h.num("upd", 0, pte(m[0], cmd), pte(m[6], P)), EINVAL)
        self.assertEqual(h.num("upd", 0, pte(m[1], 0), pte(m[6], P)), EINVAL)  # unpinned
        self.assertEqual(h.num("upd", 0, pte(self.other[0], 0), 0), EINVAL)
        self.assertEqual(h.num("upd", 0, pte(0x100, 0), 0), EINVAL)
        self.assertEqual(h.num("upd", 0, pte(TOP, 0), 0), EINVAL)
        for bad in (pte(self.other[1], P), pte(self.shared, P), pte(m[0], P | W),
                    pte(TOP, P)):
            self.assertEqual(h.num("upd", 0, pte(m[0], 3 * 4), bad), EINVAL, hex(bad))
        self.assertEqual(h.num("peek", m[0], 3), pte(m[5], P | W))   # untouched
        # writable -> read-only elsewhere -> writable: the counts follow
        self.assertEqual(h.num("upd", 0, pte(m[0], 3 * 4), pte(m[6], P)), 0)
        self.assertEqual((h.frame(m[5])[2], h.frame(m[6])[2]), (0, 0))
        self.assertEqual(h.num("upd", 0, pte(m[0], 1023 * 4), pte(m[6], P | W)), 0)
        self.assertEqual(h.frame(m[6])[2], 1)
        self.assertEqual(h.num("peek", m[0], 1023), pte(m[6], P | W))
        # an L2: references counted, the hypervisor's slots refused
        h.table(m[2], {})
        self.assertEqual(self.pin(m[2], 2), 0)
        self.assertEqual(h.num("upd", 0, pte(m[2], 4), pte(m[0], P | W)), 0)
        self.assertEqual(h.frame(m[0])[3], 1)
        self.assertEqual(h.num("upd", 0, pte(m[2], 4), pte(m[0], P | PS)), EINVAL)
        for slot in (HV_FIRST_SLOT, 1015, 1023):
            self.assertEqual(h.num("upd", 0, pte(m[2], slot * 4), pte(m[0], P)), EPERM)
            self.assertEqual(h.num("upd", 0, pte(m[2], slot * 4), 0), EPERM)
        self.assertEqual(h.num("upd", 0, pte(m[2], 4), 0), 0)
        self.assertEqual(h.frame(m[0])[3], 0)

    def test_new_baseptr(self):
        m, h = self.m, self.h
        self.l1(m[0], {})
        h.table(m[1], {})
        self.assertEqual(h.num("base", 0, m[1]), EINVAL)     # not pinned
        self.assertEqual(h.num("base", 0, m[0]), EINVAL)     # an L1
        h.table(self.other[1], {})
        self.assertEqual(self.pin(self.other[1], 2, dom=1), 0)
        self.assertEqual(h.num("base", 0, self.other[1]), EINVAL)
        self.assertEqual(self.pin(m[1], 2), 0)
        h.line("trace")
        self.assertEqual(h.num("base", 0, m[1]), 0)
        self.assertEqual(h.line("trace"), "C")
        self.assertEqual((h.num("cr3"), h.num("cr3mfn", 0)), (pte(m[1], 0), m[1]))

    def test_pin_flushes_only_after_a_writable_mapping_went_away(self):
        m, h = self.m, self.h
        h.table(m[0], {})
        h.line("trace")
        # never mapped writable by a pinned table: nothing stale to drop
        self.assertEqual(self.pin(m[0], 1), 0)
        self.assertEqual(h.line("trace"), "MU")
        # m[1] maps m[2] writable; dropping that mapping makes m[2] stale
        h.table(m[1], {0: pte(m[2], P | W)})
        self.assertEqual(self.pin(m[1], 1), 0)
        self.assertEqual(self.pin(m[2], 1), EBUSY)       # still mapped writable
        self.assertEqual(h.num("upd", 0, m[1] << 12, pte(m[2], P)), 0)
        h.line("trace")
        self.assertEqual(self.pin(m[2], 1), 0)
        self.assertEqual(h.line("trace"), "FMU")         # flush, then read the table
        # the same after unpinning the L1 that held the writable mapping
        h.table(m[3], {5: pte(m[4], P | W)})
        self.assertEqual(self.pin(m[3], 1), 0)
        self.assertEqual(h.num("unpin", 0, m[3]), 0)
        h.line("trace")
        self.assertEqual(self.pin(m[4], 1), 0)
        self.assertEqual(h.line("trace"), "FMU")

    def test_any_full_flush_in_between_makes_the_pin_flush_free(self):
        m, h = self.m, self.h
        h.table(m[1], {0: pte(m[2], P | W), 1: pte(m[3], P | W)})
        self.assertEqual(self.pin(m[1], 1), 0)
        self.assertEqual(h.num("upd", 0, m[1] << 12, 0), 0)
        self.assertEqual(h.num("upd", 0, (m[1] << 12) + 4, 0), 0)
        h.line("trace")
        self.assertEqual(self.pin(m[2], 1), 0)
        self.assertEqual(h.line("trace"), "FMU")
        self.assertEqual(self.pin(m[3], 1), 0)           # dropped before that flush
        self.assertEqual(h.line("trace"), "MU")
        # a CR3 load flushes too (PGE is off)
        h.table(m[5], {})
        self.assertEqual(self.pin(m[5], 2), 0)
        self.assertEqual(h.num("upd", 0, (m[1] << 12) + 8, pte(m[6], P | W)), 0)
        self.assertEqual(h.num("upd", 0, (m[1] << 12) + 8, 0), 0)
        self.assertEqual(h.num("base", 0, m[5]), 0)
        h.line("trace")
        self.assertEqual(self.pin(m[6], 1), 0)
        self.assertEqual(h.line("trace"), "MU")

    def test_unpin_of_an_l1_unlinked_from_the_loaded_l2_flushes_last(self):
        m, h = self.m, self.h
        h.table(m[0], {})
        h.table(m[1], {})
        self.assertEqual(self.pin(m[0], 1), 0)
        self.assertEqual(self.pin(m[1], 2), 0)
        self.assertEqual(h.num("base", 0, m[1]), 0)        # m[1] is loaded
        self.assertEqual(h.num("upd", 0, m[1] << 12, pte(m[0], P | W)), 0)
        self.assertEqual(h.num("unpin", 0, m[0]), EBUSY)   # still linked
        self.assertEqual(h.num("upd", 0, m[1] << 12, 0), 0)
        h.line("trace")
        self.assertEqual(h.num("unpin", 0, m[0]), 0)
        self.assertEqual(h.line("trace")[-1], "F")          # flushed before returning
        # an L1 never linked since the last flush: no flush
        h.table(m[2], {})
        self.assertEqual(self.pin(m[2], 1), 0)
        h.line("trace")
        self.assertEqual(h.num("unpin", 0, m[2]), 0)
        self.assertEqual(h.line("trace"), "MU")

    def test_links_of_an_unloaded_l2_leave_nothing_cached(self):
        m, h = self.m, self.h
        h.table(m[0], {})
        h.table(m[1], {3: pte(m[0], P | W)})
        h.table(m[2], {})
        self.assertEqual(self.pin(m[0], 1), 0)
        self.assertEqual(self.pin(m[1], 2), 0)
        self.assertEqual(self.pin(m[2], 2), 0)
        self.assertEqual(h.num("base", 0, m[2]), 0)        # m[1] is not loaded
        # unlinked by an update of the unloaded L2, then relinked and its
        # L2 unpinned (a process's exit): the L1 goes without a flush
        self.assertEqual(h.num("upd", 0, (m[1] << 12) + 12, 0), 0)
        self.assertEqual(h.num("upd", 0, (m[1] << 12) + 12, pte(m[0], P | W)), 0)
        self.assertEqual(h.num("unpin", 0, m[1]), 0)
        h.line("trace")
        self.assertEqual(h.num("unpin", 0, m[0]), 0)
        self.assertEqual(h.line("trace"), "MU")
        self.assertEqual(h.num("unpin", 0, m[2]), EBUSY)    # loaded: never

    def test_counts_do_not_wrap(self):
        # 70 L1s full of writable mappings of one frame: 71680 > 65535
        h = self.start(top=FIRST + 200)
        m = h.domain(0, 150)
        target = m[0]
        for t in m[1:71]:
            h.line("fill", t, 0, 1024, pte(target, P | W), 0)
            self.assertEqual(h.num("pin", 0, t, 1), 0)
        self.assertEqual(h.frame(target)[2], 70 * 1024)
        self.assertEqual(h.num("pin", 0, target, 1), EBUSY)
        # 70 L2s full of references to one L1: 70560 > 65535
        leaf = m[71]
        h.line("fill", leaf, 0, 1024, 0, 0)
        self.assertEqual(h.num("pin", 0, leaf, 1), 0)
        for t in m[72:142]:
            h.line("fill", t, 0, 1024, pte(leaf, P), 0)
            self.assertEqual(h.num("pin", 0, t, 2), 0)
        self.assertEqual(h.frame(leaf)[3], 70 * HV_FIRST_SLOT)
        self.assertEqual(h.num("unpin", 0, leaf), EBUSY)


class ViewTest(HarnessTest):
    """pagetype.c/frames.c in address-space isolation: the views a guest
    runs on mirror the guest slots of recently used L2s (HV_VIEWS of them,
    least recently used reused first) and hold nothing of the hypervisor
    but slot 1008 and the switcher slot."""

    SWITCHER = 0x0010F003                   # what isolation.c would install
    VIEWS = C["HV_VIEWS"]

    def setUp(self):
        self.h = self.start()
        self.assertEqual(self.h.num("asmode", self.SWITCHER), 0)
        self.m = self.h.domain(0, 64)
        self.shared, _, self.l1008 = self.h.ints("shared", 0)

    def view(self, i):
        value, pa_ok = self.h.ints("view", 0, i)
        self.assertEqual(pa_ok, 1)              # view_pa names view_l2
        return value

    def pinned(self, mfn, level, entries):
        self.h.table(mfn, entries)
        self.assertEqual(self.h.num("pin", 0, mfn, level), 0)

    def base(self, mfn):
        """Load L2 MFN; did it copy (map the L2)?"""
        self.h.line("trace")
        self.assertEqual(self.h.num("base", 0, mfn), 0)
        return "M" in self.h.line("trace")

    def check_view_page(self, k):
        self.assertEqual(self.h.ints("vpage", 0, k, 1008), [pte(self.l1008, P | W), 0])
        self.assertEqual(self.h.ints("vpage", 0, k, 1009)[0], self.SWITCHER)
        for i in (0, 1007, 1010, 1023):
            self.assertEqual(self.h.ints("vpage", 0, k, i)[0], 0)

    def test_new_domain_views(self):
        self.assertEqual(self.h.line("view", 0, 0), "none")   # no L2 chosen yet
        self.check_view_page(0)
        # a new domain has one view page; more come as it uses more L2s
        self.assertEqual(self.h.ints("vpage", 0, 1, 0), [0xFFFFFFFF, 0])

    def test_views_grow_with_l2s_used(self):
        m = self.m
        self.pinned(m[0], 1, {})
        for k in range(self.VIEWS + 2):
            self.pinned(m[1 + k], 2, {k: pte(m[0], P)})
            self.base(m[1 + k])
        for k in range(self.VIEWS):              # every view page exists now
            self.assertEqual(self.h.ints("vpage", 0, k, 1008)[0], pte(self.l1008, P | W))
            self.assertEqual(self.h.ints("vpage", 0, k, 1009)[0], self.SWITCHER)
            self.assertNotEqual(self.h.ints("vpage", 0, k, 0)[1], 0)

    def test_views_stop_growing_without_heap(self):
        m, h = self.m, self.h
        while h.num("halloc", 1):
            pass
        self.pinned(m[0], 1, {})
        for k in range(3):                      # one view, reused each time
            self.pinned(m[1 + k], 2, {5: pte(m[0], P)} if k == 2 else {})
            self.assertTrue(self.base(m[1 + k]))
        self.assertEqual(h.ints("vpage", 0, 1, 0), [0xFFFFFFFF, 0])
        self.assertEqual(self.view(5), pte(m[0], P))

    def test_segment_mode_has_no_view(self):
        h = self.start()
        h.domain(1, 8)
        self.assertEqual(h.line("view", 1, 0), "none")
        self.assertEqual(h.ints("vpage", 1, 0, 0), [0xFFFFFFFF, 0])

    def test_view_follows_the_l2_in_use(self):
        m, h = self.m, self.h
        self.pinned(m[0], 1, {})
        self.pinned(m[1], 2, {5: pte(m[0], P | W)})
        self.pinned(m[2], 2, {9: pte(m[0], P)})
        self.assertTrue(self.base(m[1]))
        self.assertEqual(self.view(5), pte(m[0], P | W))
        self.assertEqual(self.view(9), 0)
        self.assertEqual(h.num("peek", m[1], 1010), 0xA0000003 + (1010 << 12))
        self.assertEqual(self.view(1010), 0)         # the L2 has it, the view not
        # an update of the L2 in use reaches the view; of another L2, not
        self.assertEqual(h.num("upd", 0, (m[1] << 12) + 4 * 6, pte(m[0], P)), 0)
        self.assertEqual(self.view(6), pte(m[0], P))
        self.assertEqual(h.num("upd", 0, (m[2] << 12) + 4 * 7, pte(m[0], P)), 0)
        self.assertEqual(self.view(7), 0)
        # a refused update changes nothing
        self.assertEqual(h.num("upd", 0, (m[1] << 12) + 4 * 1009, 0), EPERM)
        self.assertEqual(self.view(1009), self.SWITCHER)
        # switching copies the other L2's guest slots, and only those
        self.assertTrue(self.base(m[2]))
        self.assertEqual([self.view(i) for i in (5, 6, 7, 9)],
                         [0, 0, pte(m[0], P), pte(m[0], P)])
        self.assertEqual(self.view(1008), pte(self.l1008, P | W))
        self.assertEqual(self.view(1009), self.SWITCHER)
        # m[1] keeps its view, updated while it is not in use: no copy back
        self.assertEqual(h.num("upd", 0, (m[1] << 12) + 4 * 5, 0), 0)
        self.assertFalse(self.base(m[1]))
        self.assertEqual([self.view(i) for i in (5, 6, 7)], [0, pte(m[0], P), 0])
        self.assertFalse(self.base(m[1]))            # reloaded: nothing to do

    def test_unpin_forgets_the_view(self):
        m, h = self.m, self.h
        self.pinned(m[0], 1, {})
        self.pinned(m[1], 2, {3: pte(m[0], P)})
        self.pinned(m[2], 2, {})
        self.assertTrue(self.base(m[1]))
        self.assertTrue(self.base(m[2]))
        self.assertEqual(h.num("unpin", 0, m[1]), 0)
        # unpinned, the guest writes the frame as it likes, then pins again
        self.pinned(m[1], 2, {4: pte(m[0], P | W)})
        self.assertTrue(self.base(m[1]))             # a fresh copy
        self.assertEqual([self.view(3), self.view(4)], [0, pte(m[0], P | W)])

    def test_least_recently_used_view_goes(self):
        m, h = self.m, self.h
        self.pinned(m[0], 1, {})
        l2s = m[1:self.VIEWS + 2]
        for t in l2s:
            self.pinned(t, 2, {2: pte(m[0], P)})
        for t in l2s[:self.VIEWS]:
            self.assertTrue(self.base(t))
        self.assertFalse(self.base(l2s[0]))          # all cached so far
        self.assertTrue(self.base(l2s[-1]))          # one too many: l2s[1] goes
        self.assertFalse(self.base(l2s[0]))
        self.assertTrue(self.base(l2s[1]))

    def test_release_empties_the_guest_slots(self):
        m, h = self.m, self.h
        self.pinned(m[0], 1, {})
        self.pinned(m[1], 2, {3: pte(m[0], P)})
        self.assertTrue(self.base(m[1]))
        self.assertEqual(self.view(3), pte(m[0], P))
        h.line("rel", 0)
        self.assertEqual(self.view(3), 0)
        self.assertEqual(self.view(1009), self.SWITCHER)
        self.assertEqual(h.ints("vpage", 0, 0, 3), [0, 0])

if __name__ == "__main__":
    unittest.main()
