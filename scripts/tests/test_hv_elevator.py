# test_hv_elevator.py - the hypervisor's block elevator (hypervisor/elevator.c)
# on the host: which queued chunks of which rings become which device
# requests.  elevator.c is compiled unchanged into a 32-bit harness whose
# virtio_blk_submit records the device requests and whose ring_* functions
# (blkring.c's, here reduced to their bookkeeping) record completions; each
# scenario prints lines the tests below check.
import subprocess
import unittest

from scripts.tests.harness import HV_INCLUDES, Harness

SOURCES = ["hypervisor/elevator.c", "lib/string.c", "lib/format.c", "lib/libgcc64.c"]

HARNESS_C = r"""
#include "blk.h"
#include "lib/klib.h"

struct blk_disk blk_disks[BLK_MAX_DISKS];
uint32_t blk_nr_disks = 1;
static struct blk_ring rings[3];

static int sys3(int n, int a, int b, int c)
{
	int r;
	asm volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static void say(const char *fmt, ...)
{
	char buf[160];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	buf[n] = '\n';
	sys3(4, 1, (int)buf, n + 1);
}

void hv_log(const char *fmt, ...) { (void)fmt; }

void hv_panic(const char *fmt, ...)
{
	say("panic %s", fmt);
	sys3(1, 3, 0, 0);
	for (;;)
		;
}

/* ---- the device: records requests ---- */
int virtio_blk_submit(struct virtio_blk *d, uint32_t type, uint64_t sector,
		      const struct virtio_blk_seg *segs, unsigned nseg, uint32_t tag)
{
	uint32_t bytes = 0;
	for (unsigned i = 0; i < nseg; i++)
		bytes += segs[i].len;
	d->q.nfree -= (uint16_t)(nseg + 2);
	say("submit %u %u %u %u %u", type, (uint32_t)sector, nseg, bytes, tag);
	return 0;
}

/* ---- blkring.c's side, bookkeeping only ---- */
static void finish(struct blk_ring *r, uint32_t i)
{
	struct blk_req *x = &r->req[i];
	if (x->at_device)
		r->at_device--;
	x->used = 0;
	r->outstanding--;
	say("done %u %u %d", (uint32_t)(r - rings), x->id, x->status);
}

void ring_chunk_done(struct blk_ring *r, uint32_t i, uint32_t c, int ok)
{
	struct blk_req *x = &r->req[i];
	x->chunk[c].state = CH_DONE;
	if (!ok)
		x->status = -VMI_EIO;
	if (--x->left == 0)
		finish(r, i);
}

void ring_barrier_done(struct blk_ring *r, uint32_t i, int ok)
{
	r->barrier = 0;
	r->req[i].status = ok ? 0 : -VMI_EIO;
	finish(r, i);
}

int ring_barrier_ready(struct blk_ring *r, uint32_t i)
{
	(void)i;
	return r->at_device == 0;
}

/* ---- building queues ---- */
static struct domain dom;

static void ring_init(uint32_t n, int flush)
{
	rings[n] = (struct blk_ring){ .dom = &dom, .flush = (uint8_t)flush };
	elevator_add_ring(&blk_disks[0], &rings[n]);
}

/* Queue request id on ring n: op, one chunk per (psect, nsect) pair, each
 * one piece. */
static void queue(uint32_t n, uint32_t id, uint8_t op, uint32_t nch, const uint32_t *ps)
{
	struct blk_ring *r = &rings[n];
	uint32_t i = r->outstanding++;
	struct blk_req *x = &r->req[i];
	*x = (struct blk_req){ .used = 1, .op = op, .id = id, .nr_chunks = (uint8_t)nch,
			       .left = (uint8_t)nch };
	for (uint32_t c = 0; c < nch; c++) {
		x->piece[c] = (struct blk_piece){ 0x100000 + 0x1000 * id, ps[2 * c + 1] * 512 };
		x->chunk[c] = (struct blk_chunk){ .psect = ps[2 * c], .nsect = ps[2 * c + 1],
						  .first = (uint8_t)c, .n = 1 };
	}
	r->fifo[(r->fifo_head + r->fifo_len++) % BLK_RING_REQS] = (uint8_t)i;
}

static void rw(uint32_t n, uint32_t id, uint8_t op, uint32_t psect)
{
	uint32_t ps[2] = { psect, 8 };
	queue(n, id, op, 1, ps);
}

static void reset(void)
{
	struct blk_disk *k = &blk_disks[0];
	memset(k, 0, sizeof *k);
	k->hw.q.nfree = 256;
	memset(rings, 0, sizeof rings);
}

/* Complete device request tag (the tags are handed out lowest first). */
static void io_done(uint32_t tag)
{
	blk_disks[0].hw.q.nfree += 3;         /* not checked: room is plenty */
	elevator_io_done(&blk_disks[0], tag, 1);
}

static void scenario(const char *name)
{
	reset();
	say("scenario %s", name);
	if (!strcmp(name, "sort_merge")) {
		ring_init(0, 1);
		rw(0, 1, VMI_BLK_OP_WRITE, 16);
		rw(0, 2, VMI_BLK_OP_WRITE, 0);
		rw(0, 3, VMI_BLK_OP_WRITE, 8);
		rw(0, 4, VMI_BLK_OP_READ, 24);      /* follows on, other direction */
		rw(0, 5, VMI_BLK_OP_WRITE, 40);     /* a gap */
		elevator_run(&blk_disks[0]);
		io_done(0);
	} else if (!strcmp(name, "split_request")) {
		uint32_t ps[4] = { 100, 4, 60, 4 };     /* two extents */
		ring_init(0, 1);
		queue(0, 7, VMI_BLK_OP_READ, 2, ps);
		elevator_run(&blk_disks[0]);
		io_done(0);
		io_done(1);
	} else if (!strcmp(name, "round_robin")) {
		ring_init(0, 1);
		ring_init(1, 1);
		for (uint32_t i = 0; i < 20; i++)
			rw(0, 100 + i, VMI_BLK_OP_READ, 1000 + 16 * i);
		rw(1, 1, VMI_BLK_OP_READ, 0);
		elevator_run(&blk_disks[0]);
		say("left %u", rings[0].fifo_len);
	} else if (!strcmp(name, "barrier")) {
		ring_init(0, 1);
		rw(0, 1, VMI_BLK_OP_WRITE, 0);
		queue(0, 2, VMI_BLK_OP_BARRIER, 0, 0);
		rw(0, 3, VMI_BLK_OP_WRITE, 8);
		elevator_run(&blk_disks[0]);
		say("run");
		io_done(0);
		elevator_run(&blk_disks[0]);
		say("run");
		elevator_run(&blk_disks[0]);        /* nothing while it flushes */
		say("run");
		io_done(0);
		elevator_run(&blk_disks[0]);
		say("run");
	} else if (!strcmp(name, "barrier_no_flush")) {
		ring_init(0, 0);                    /* read-only: nothing to flush */
		rw(0, 1, VMI_BLK_OP_READ, 0);
		queue(0, 2, VMI_BLK_OP_BARRIER, 0, 0);
		rw(0, 3, VMI_BLK_OP_READ, 8);
		elevator_run(&blk_disks[0]);
		say("run");
		io_done(0);
		elevator_run(&blk_disks[0]);
	} else if (!strcmp(name, "slots")) {
		ring_init(0, 1);
		blk_disks[0].nr_io = DISK_MAX_IO - 2;
		for (uint32_t i = 0; i < DISK_MAX_IO - 2; i++)
			blk_disks[0].io[i].used = 1;
		for (uint32_t i = 0; i < 5; i++)
			rw(0, i, VMI_BLK_OP_READ, 32 * i);
		elevator_run(&blk_disks[0]);
		say("left %u", rings[0].fifo_len);
	}
}

void _start(void)
{
	static const char *const all[] = { "sort_merge", "split_request", "round_robin",
		"barrier", "barrier_no_flush", "slots" };
	for (uint32_t i = 0; i < sizeof all / sizeof all[0]; i++)
		scenario(all[i]);
	sys3(1, 0, 0, 0);
	for (;;)
		;
}
"""

_out = {}


def run_harness():
    """{scenario: [lines]} of one harness run; SkipTest if this host cannot."""
    if _out:
        return _out
    program = Harness(SOURCES, HV_INCLUDES, generated_c=HARNESS_C)
    try:
        p = subprocess.run([program.exe()], capture_output=True, timeout=30)
    except OSError as e:
        raise unittest.SkipTest("cannot run 32-bit programs here: %s" % e)
    finally:
        program.cleanup()
    if p.returncode != 0:
        raise AssertionError("harness failed: %r" % p.stdout[-500:])
    cur = None
    for line in p.stdout.decode().splitlines():
        if line.startswith("scenario "):
            cur = line.split()[1]
            _out[cur] = []
        else:
            _out[cur].append(line)
    return _out


def submits(lines):
    """(type, sector, buffers, bytes) of each device request, in order."""
    return [tuple(int(x) for x in l.split()[1:5]) for l in lines if l.startswith("submit")]


IN, OUT, FLUSH = 0, 1, 4


class ElevatorTest(unittest.TestCase):
    def test_sorted_and_merged(self):
        lines = run_harness()["sort_merge"]
        # 0, 8, 16 written as one request; the read at 24 and the write at
        # 40 alone (other direction, a gap)
        self.assertEqual(sorted(submits(lines)),
                         sorted([(OUT, 0, 3, 3 * 4096), (IN, 24, 1, 4096), (OUT, 40, 1, 4096)]))
        self.assertEqual(submits(lines)[0], (OUT, 0, 3, 3 * 4096))
        # one device completion answers the three requests merged into it
        self.assertEqual(sorted(l for l in lines if l.startswith("done")),
                         ["done 0 1 0", "done 0 2 0", "done 0 3 0"])

    def test_request_split_over_extents(self):
        lines = run_harness()["split_request"]
        # physically sorted: the second extent's chunk first
        self.assertEqual(submits(lines), [(IN, 60, 1, 2048), (IN, 100, 1, 2048)])
        # answered once, when both chunks are done
        self.assertEqual([l for l in lines if l.startswith("done")], ["done 0 7 0"])
        self.assertLess(lines.index("submit 0 100 1 2048 1"), lines.index("done 0 7 0"))

    def test_round_robin(self):
        lines = run_harness()["round_robin"]
        s = submits(lines)
        # the ring of one request is served in the same round as the
        # flooding one, which gives BATCH_PER_RING (8) chunks
        self.assertIn((IN, 0, 1, 4096), s)
        self.assertEqual(len(s), 9)
        self.assertEqual(s[0], (IN, 0, 1, 4096))
        self.assertIn("left 12", lines)

    def test_barrier_orders_and_flushes(self):
        lines = run_harness()["barrier"]
        runs = []
        cur = []
        for l in lines:
            if l == "run":
                runs.append(cur)
                cur = []
            else:
                cur.append(l)
        # 1: the write before the barrier alone; 2: its completion, then the
        # flush alone; 3: nothing while the flush is at the device; 4: the
        # barrier's answer, then the write after it
        self.assertEqual(submits(runs[0]), [(OUT, 0, 1, 4096)])
        self.assertEqual(runs[1][0], "done 0 1 0")
        self.assertEqual(submits(runs[1]), [(FLUSH, 0, 0, 0)])
        self.assertEqual(runs[2], [])
        self.assertEqual(runs[3][0], "done 0 2 0")
        self.assertEqual(submits(runs[3]), [(OUT, 8, 1, 4096)])

    def test_barrier_without_flush(self):
        lines = run_harness()["barrier_no_flush"]
        self.assertEqual(submits(lines), [(IN, 0, 1, 4096), (IN, 8, 1, 4096)])
        # answered at once, between the two reads, no flush
        self.assertEqual([l.split()[0] + " " + l.split()[2] for l in lines
                          if l.startswith(("submit", "done"))],
                         ["submit 0", "done 1", "done 2", "submit 8"])

    def test_device_slots_bound_the_batch(self):
        lines = run_harness()["slots"]
        self.assertEqual(len(submits(lines)), 2)
        self.assertIn("left 3", lines)


if __name__ == "__main__":
    unittest.main()
