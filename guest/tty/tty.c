/*
 * tty.c - the console terminal's line discipline, after Linux's n_tty:
 *
 *  - input (tty_input, from the console event handler: it never sleeps)
 *    goes through ISTRIP, IGNCR/ICRNL/INLCR and the signal characters
 *    (^C SIGINT, ^\ SIGQUIT, ^Z SIGTSTP to the foreground group, pending
 *    input discarded); in canonical mode erase (VERASE, ^? by default),
 *    word erase (^W), kill (^U), literal next (^V), reprint (^R) and line
 *    ends (newline, VEOL, ^D) are handled here, and a reader gets a line;
 *    in raw mode bytes go straight to readers (VMIN, no VTIME timers);
 *  - echo (ECHO, ECHOE, ECHOK, ECHOKE, ECHOCTL as ^X, ECHONL) is written at
 *    once, through the same output processing as program output;
 *  - output processing (OPOST): ONLCR, OCRNL, ONOCR, ONLRET, XTABS; the
 *    column it tracks lets erasing a tab back up the right amount.
 * IXON's ^S/^Q are swallowed but do not stop output.  Input beyond the
 * buffer is dropped (a canonical line keeps room for its end).
 *
 * The window size comes in-band, since a serial line has no other way:
 * scripts/qemu.py sends the report a terminal gives for CSI 18 t, but with
 * the 8-bit CSI - 0x9B '8' ';' rows ';' cols 't' - taken out of the input
 * before anything else sees it and applied as TIOCSWINSZ would be (SIGWINCH
 * to the foreground group).  0x9B cannot start a character in UTF-8 (where
 * it only continues one, and is passed on as such), so nothing typed is
 * held back; a sequence that turns out to be something else is passed on.
 */
#include "fs/fs.h"
#include "tty/tty.h"
#include "lib/klib.h"
#include <vmi/vmi.h>

static void console_out(struct tty *t, const char *buf, uint32_t n)
{
	(void)t;
	vmi_console_write(buf, n);
}

struct tty console_tty = {
	.t = TTY_STD_TERMIOS,
	.ws = { .ws_row = 24, .ws_col = 80 },
	.out = console_out,
};

/* ---- output ---- */
struct outbuf {
	struct tty *t;
	uint32_t n;
	char b[128];
};

static void out_flush(struct outbuf *o)
{
	if (o->n)
		o->t->out(o->t, o->b, o->n);
	o->n = 0;
}

static void out_byte(struct outbuf *o, char c)
{
	if (o->n == sizeof(o->b))
		out_flush(o);
	o->b[o->n++] = c;
}

/* The kernel's iscntrl: C0, DEL and the C1 range of Latin-1. */
static int is_cntrl(uint8_t c)
{
	return c < 32 || (c >= 127 && c < 160);
}

static int is_alnum(uint8_t c)
{
	return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* Line end: both columns restart at 0 (ONLCR, a carriage return, ONLRET). */
static void col_reset(struct tty *t)
{
	t->column = t->canon_column = 0;
}

/* One byte through output processing, keeping the column. */
static void opost(struct outbuf *o, uint8_t c)
{
	struct tty *t = o->t;
	uint32_t of = t->t.c_oflag, spaces;

	if (!(of & OPOST)) {
		out_byte(o, (char)c);
		return;
	}
	switch (c) {
	case '\n':
		if (of & (ONLRET | ONLCR))
			col_reset(t);
		if (of & ONLCR)
			out_byte(o, '\r');
		break;
	case '\r':
		if ((of & ONOCR) && t->column == 0)
			return;
		if (of & OCRNL) {
			c = '\n';
			if (of & ONLRET)
				col_reset(t);
		} else {
			col_reset(t);
		}
		break;
	case '\t':
		spaces = 8 - (t->column & 7);
		t->column += spaces;
		if ((of & TABDLY) == XTABS) {
			while (spaces--)
				out_byte(o, ' ');
			return;
		}
		break;
	case '\b':
		if (t->column > 0)
			t->column--;
		break;
	default:
		if (!is_cntrl(c))
			t->column++;
	}
	out_byte(o, (char)c);
}

/* A byte's output takes at most this many (a tab expanded by XTABS). */
#define OPOST_MAX 8

/* Bytes of buf that surely fit in the output now (all, for the console). */
static uint32_t out_fits(const struct tty *t, uint32_t n)
{
	uint32_t room;

	if (!t->out_room)
		return n;
	room = t->out_room(t) / OPOST_MAX;
	return room < n ? room : n;
}

/* Writing waits for room in the output (a pty's master side), as a
 * blocking write in Linux writes everything; a non-blocking one writes
 * what fits. */
int tty_write(struct file *f, const char *buf, uint32_t n)
{
	struct outbuf o = { .t = tty_of(f) };
	uint32_t done = 0;
	int rc;

	tty_attach(o.t);
	if (o.t->hungup)
		return -EIO;
	if (tty_lflag(o.t, TOSTOP) && (rc = tty_job_check(o.t, SIGTTOU)) != 0)
		return rc;
	while (done < n) {
		uint32_t k = out_fits(o.t, n - done);

		if (!k) {
			if (f->flags & O_NONBLOCK)
				return done ? (int)done : -EAGAIN;
			if (proc_signal_pending())
				return done ? (int)done : -EINTR;
			proc_sleep(o.t);
			if (o.t->hungup)
				return done ? (int)done : -EIO;
			continue;
		}
		for (uint32_t i = 0; i < k; i++)
			opost(&o, (uint8_t)buf[done + i]);
		out_flush(&o);
		done += k;
	}
	return (int)n;
}

/* ---- echo ---- */
/* ECHOCTL shows control characters (but tab) as ^X. */
static void echo_char(struct outbuf *o, uint8_t c)
{
	if (tty_lflag(o->t, ECHOCTL) && is_cntrl(c) && c != '\t') {
		opost(o, '^');
		opost(o, c ^ 0100);
	} else {
		opost(o, c);
	}
}

/* Columns the echo of the edited line took up to index end. */
static uint32_t echo_column(const struct tty *t, uint32_t end)
{
	uint32_t col = t->canon_column;

	for (uint32_t i = t->commit; i != end; i++) {
		uint8_t c = (uint8_t)t->buf[i % TTY_BUF];
		if (c == '\t')
			col = (col | 7) + 1;
		else if (!is_cntrl(c))
			col++;
		else if (tty_lflag(t, ECHOCTL))
			col += 2;
	}
	return col;
}

/* Take the last byte off the edited line and off the screen. */
static void erase_last(struct tty *t, struct outbuf *o, int plain)
{
	uint8_t c = (uint8_t)t->buf[--t->wr % TTY_BUF];
	uint32_t n;

	if (!tty_lflag(t, ECHO))
		return;
	if (plain && !tty_lflag(t, ECHOE)) {
		echo_char(o, t->t.c_cc[VERASE]);
	} else if (c == '\t') {
		for (n = 8 - (echo_column(t, t->wr) & 7); n; n--)
			opost(o, '\b');
	} else if (!is_cntrl(c) || tty_lflag(t, ECHOCTL)) {
		for (n = is_cntrl(c) ? 2 : 1; n; n--) {
			opost(o, '\b');
			opost(o, ' ');
			opost(o, '\b');
		}
	}
}

static int is_cc(const struct tty *t, uint8_t c, int idx)
{
	return c != 0 && c == t->t.c_cc[idx];   /* NUL means "disabled" */
}

/* VERASE, VWERASE (back over non-word then word bytes) or VKILL. */
static void eraser(struct tty *t, struct outbuf *o, uint8_t c)
{
	int erase = is_cc(t, c, VERASE), werase = !erase && is_cc(t, c, VWERASE);
	int seen_alnum = 0;

	if (t->wr == t->commit)
		return;
	if (!erase && !werase) {
		if (!tty_lflag(t, ECHO)) {
			t->wr = t->commit;
			return;
		}
		if (!tty_lflag(t, ECHOK) || !tty_lflag(t, ECHOKE) || !tty_lflag(t, ECHOE)) {
			t->wr = t->commit;
			echo_char(o, c);
			if (tty_lflag(t, ECHOK))
				opost(o, '\n');
			return;
		}
	}
	while (t->wr != t->commit) {
		uint8_t last = (uint8_t)t->buf[(t->wr - 1) % TTY_BUF];
		if (werase) {
			if (is_alnum(last) || last == '_')
				seen_alnum = 1;
			else if (seen_alnum)
				break;
		}
		erase_last(t, o, erase);
		if (erase)
			break;
	}
}

/* ---- the input queue ---- */
static void queue(struct tty *t, uint8_t c, int delim)
{
	uint32_t i = t->wr++ % TTY_BUF;

	t->buf[i] = (char)c;
	if (delim)
		t->delim[i / 8] |= (uint8_t)(1u << (i % 8));
	else
		t->delim[i / 8] &= (uint8_t)~(1u << (i % 8));
}

static int is_delim(const struct tty *t, uint32_t idx)
{
	uint32_t i = idx % TTY_BUF;

	return (t->delim[i / 8] >> (i % 8)) & 1;
}

void tty_wake(struct tty *t)
{
	proc_wakeup(t);
	proc_wakeup(poll_channel());
}

void tty_flush_input(struct tty *t)
{
	t->rd = t->commit = t->wr;
	memset(t->delim, 0, sizeof(t->delim));
	t->lnext = 0;
}

/* A canonical line is complete: readers may have it.  (Its end always has
 * room: ordinary bytes leave the last slot free.) */
static void end_line(struct tty *t, uint8_t c)
{
	if (t->wr - t->rd >= TTY_BUF)
		return;
	queue(t, c, 1);
	t->commit = t->wr;
	tty_wake(t);
}

/* An ordinary byte: echo it and queue it. */
static void put_normal(struct tty *t, struct outbuf *o, uint8_t c)
{
	uint32_t room = TTY_BUF - (t->wr - t->rd);

	if (room <= (tty_canon(t) ? 1u : 0u))
		return;
	if (tty_lflag(t, ECHO)) {
		if (c == '\n') {
			opost(o, '\n');
		} else {
			if (t->commit == t->wr)     /* first byte of a line */
				t->canon_column = t->column;
			echo_char(o, c);
		}
	}
	queue(t, c, 0);
	if (!tty_canon(t)) {
		t->commit = t->wr;
		tty_wake(t);
	}
}

static void reprint(struct tty *t, struct outbuf *o, uint8_t c)
{
	echo_char(o, c);
	opost(o, '\n');
	for (uint32_t i = t->commit; i != t->wr; i++)
		echo_char(o, (uint8_t)t->buf[i % TTY_BUF]);
}

/* The editing and line-end characters of canonical mode; 1 if c was one. */
static int canon_special(struct tty *t, struct outbuf *o, uint8_t c)
{
	int iexten = tty_lflag(t, IEXTEN), echo = tty_lflag(t, ECHO);

	if (is_cc(t, c, VERASE) || is_cc(t, c, VKILL) || (iexten && is_cc(t, c, VWERASE))) {
		eraser(t, o, c);
	} else if (iexten && is_cc(t, c, VLNEXT)) {
		t->lnext = 1;
		if (echo && tty_lflag(t, ECHOCTL)) {
			opost(o, '^');
			opost(o, '\b');
		}
	} else if (iexten && echo && is_cc(t, c, VREPRINT)) {
		reprint(t, o, c);
	} else if (c == '\n') {
		if (echo || tty_lflag(t, ECHONL))
			opost(o, '\n');
		end_line(t, '\n');
	} else if (is_cc(t, c, VEOF)) {
		end_line(t, 0);             /* ^D: a NUL marked as line end */
	} else if (is_cc(t, c, VEOL) || (iexten && is_cc(t, c, VEOL2))) {
		if (echo) {
			if (t->commit == t->wr)
				t->canon_column = t->column;
			echo_char(o, c);
		}
		end_line(t, c);
	} else {
		return 0;
	}
	return 1;
}

/* ^C, ^\, ^Z: drop pending input, echo, signal the foreground group. */
static int signal_char(struct tty *t, struct outbuf *o, uint8_t c)
{
	int sig = is_cc(t, c, VINTR) ? SIGINT : is_cc(t, c, VQUIT) ? SIGQUIT :
		  is_cc(t, c, VSUSP) ? SIGTSTP : 0;
	int pgrp = tty_fg_pgrp(t);

	if (!sig)
		return 0;
	if (!tty_lflag(t, NOFLSH))
		tty_flush_input(t);
	if (tty_lflag(t, ECHO))
		echo_char(o, c);
	if (pgrp > 0)
		proc_signal_pgrp(pgrp, sig);
	return 1;
}

static void receive(struct tty *t, struct outbuf *o, uint8_t c)
{
	uint32_t ifl = t->t.c_iflag;

	if (ifl & ISTRIP)
		c &= 0x7f;
	if (t->lnext) {
		t->lnext = 0;
		put_normal(t, o, c);
		return;
	}
	if ((ifl & IXON) && (is_cc(t, c, VSTART) || is_cc(t, c, VSTOP)))
		return;
	if (tty_lflag(t, ISIG) && signal_char(t, o, c))
		return;
	if (c == '\r') {
		if (ifl & IGNCR)
			return;
		if (ifl & ICRNL)
			c = '\n';
	} else if (c == '\n' && (ifl & INLCR)) {
		c = '\r';
	}
	if (tty_canon(t) && canon_special(t, o, c))
		return;
	put_normal(t, o, c);
}

/* ---- the window-size report ---- */
#define CSI8 0x9B

static struct {
	char held[16];                  /* the report so far, from CSI8 */
	uint32_t n, semis;
	uint32_t utf8_need;             /* continuation bytes still due */
} rep;

static void apply_winsize(struct tty *t)
{
	uint32_t v[2] = { 0, 0 }, k = 0;

	for (uint32_t i = 3; i < rep.n - 1; i++) {
		if (rep.held[i] == ';')
			k++;
		else
			v[k] = v[k] * 10 + (uint32_t)(rep.held[i] - '0');
	}
	if (!v[0] || !v[1] || v[0] > 0xFFFF || v[1] > 0xFFFF)
		return;
	if (t->ws.ws_row == v[0] && t->ws.ws_col == v[1])
		return;
	t->ws.ws_row = (uint16_t)v[0];
	t->ws.ws_col = (uint16_t)v[1];
	if (tty_fg_pgrp(t) > 0)
		proc_signal_pgrp(tty_fg_pgrp(t), SIGWINCH);
}

/* Does c continue the report held so far? */
static int report_continues(uint8_t c)
{
	char last = rep.held[rep.n - 1];

	if (rep.n + 1 >= sizeof rep.held)
		return 0;
	if (rep.n == 1)
		return c == '8';
	if (rep.n == 2)
		return c == ';';
	if (c >= '0' && c <= '9')
		return 1;
	if (c == ';')
		return rep.semis == 1 && last != ';';
	return c == 't' && rep.semis == 2 && last != ';';
}

/* 1 if c belongs to a window-size report (which is applied when complete);
 * bytes held for one that breaks off are passed on first. */
static int winsize_report(struct tty *t, struct outbuf *o, uint8_t c)
{
	if (rep.n == 0) {
		if (c == CSI8 && rep.utf8_need == 0) {
			rep.held[rep.n++] = (char)c;
			rep.semis = 0;
			return 1;
		}
		if (c >= 0xC0 && c < 0xF8)
			rep.utf8_need = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
		else if (c >= 0x80 && c < 0xC0 && rep.utf8_need)
			rep.utf8_need--;
		else
			rep.utf8_need = 0;
		return 0;
	}
	if (report_continues(c)) {
		rep.held[rep.n++] = (char)c;
		rep.semis += c == ';';
		if (c == 't') {
			apply_winsize(t);
			rep.n = 0;
		}
		return 1;
	}
	for (uint32_t i = 0; i < rep.n; i++)
		receive(t, o, (uint8_t)rep.held[i]);
	rep.n = 0;
	return 0;
}

void tty_input(const char *buf, uint32_t n)
{
	struct outbuf o = { .t = &console_tty };

	for (uint32_t i = 0; i < n; i++)
		if (!winsize_report(o.t, &o, (uint8_t)buf[i]))
			receive(o.t, &o, (uint8_t)buf[i]);
	out_flush(&o);
}

/* Input of a terminal with no in-band reports (a pty's master writes). */
void tty_receive(struct tty *t, const char *buf, uint32_t n)
{
	struct outbuf o = { .t = t };

	for (uint32_t i = 0; i < n; i++)
		receive(t, &o, (uint8_t)buf[i]);
	out_flush(&o);
}

/* Input bytes that surely fit: a receiver fed no more than this never drops
 * any (a held window-size report is let out at most whole).  Console input
 * beyond it stays with the backend until a reader makes room (tty_pull). */
uint32_t tty_room(const struct tty *t)
{
	uint32_t used = t->wr - t->rd + (uint32_t)sizeof rep.held;

	return used + 1 >= TTY_BUF ? 0 : TTY_BUF - 1 - used;
}

void (*tty_pull)(void);

/* ---- reading ---- */
/* One line (or as much of it as fits); a ^D is consumed, not copied, and
 * one right after a full buffer goes too, as in Linux. */
static int canon_copy(struct tty *t, char *buf, uint32_t n)
{
	uint32_t got = 0;

	while (t->rd != t->commit && got < n) {
		uint32_t i = t->rd++;
		int end = is_delim(t, i);
		if (end && t->buf[i % TTY_BUF] == 0)
			break;
		buf[got++] = t->buf[i % TTY_BUF];
		if (end)
			break;
	}
	if (got == n && t->rd != t->commit && is_delim(t, t->rd) &&
	    t->buf[t->rd % TTY_BUF] == 0)
		t->rd++;
	return (int)got;
}

static int raw_copy(struct tty *t, char *buf, uint32_t n)
{
	uint32_t got = 0;

	while (t->rd != t->wr && got < n)
		buf[got++] = t->buf[t->rd++ % TTY_BUF];
	t->commit = t->wr;
	return (int)got;
}

/* What a reader gets now, or -EAGAIN if it has to wait.  Raw mode waits
 * for min(VMIN, n) bytes; with VTIME set, Linux's timer is taken as having
 * run out at once (one byte will do, none with VMIN 0).  A non-blocking
 * reader takes what there is. */
static int try_read(struct tty *t, char *buf, uint32_t n, int nonblock)
{
	uint32_t vmin = t->t.c_cc[VMIN], need;

	if (tty_canon(t))
		return t->commit != t->rd ? canon_copy(t, buf, n) : -EAGAIN;
	if (vmin == 0)
		return raw_copy(t, buf, n);
	need = t->t.c_cc[VTIME] || nonblock ? 1 : vmin < n ? vmin : n;
	return t->wr - t->rd >= need ? raw_copy(t, buf, n) : -EAGAIN;
}

int tty_read(struct file *f, char *buf, uint32_t n)
{
	struct tty *t = tty_of(f);
	int r;

	tty_attach(t);
	if (t->hungup)
		return 0;
	if ((r = tty_job_check(t, SIGTTIN)) != 0)
		return r;
	if (n == 0)
		return 0;
	while ((r = try_read(t, buf, n, (f->flags & O_NONBLOCK) != 0)) == -EAGAIN) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (proc_signal_pending())
			return -EINTR;
		proc_sleep(t);
		if (t->hungup)
			return 0;
	}
	if (r > 0 && t == &console_tty && tty_pull)
		tty_pull();                 /* room again: what the console held back */
	else if (r > 0)
		tty_wake(t);                /* a pty's master waiting to write */
	return r;
}

/* Bytes a read would return: canonical lines without their ^D markers. */
uint32_t tty_input_ready(const struct tty *t)
{
	uint32_t n = 0;

	if (!tty_canon(t))
		return t->wr - t->rd;
	for (uint32_t i = t->rd; i != t->commit; i++)
		n += !(is_delim(t, i) && t->buf[i % TTY_BUF] == 0);
	return n;
}

int tty_poll(struct file *f)
{
	struct tty *t = tty_of(f);
	uint32_t vmin = t->t.c_cc[VMIN];
	uint32_t amt = !t->t.c_cc[VTIME] && vmin ? vmin : 1;
	int ready = tty_canon(t) ? t->commit != t->rd : t->wr - t->rd >= amt;
	int out = out_fits(t, 1) ? POLLOUT | POLLWRNORM : 0;

	if (t->hungup)
		return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLERR | POLLHUP;
	return out | (ready ? POLLIN | POLLRDNORM : 0);
}

/* ---- sessions ---- */
/* Without TIOCSCTTY the console belongs to the session of the first
 * process that uses it, and that session's leader group is in front.
 * (A pty's slave is taken by TIOCSCTTY or by a session leader's open.) */
void tty_attach(struct tty *t)
{
	if (t->sid <= 0 && t == &console_tty)
		t->sid = proc_sid();
}

int tty_fg_pgrp(const struct tty *t)
{
	return t->pgrp > 0 ? t->pgrp : t->sid;
}

/*
 * Job control: a background group of the console's session that reads
 * (sig SIGTTIN), or writes with TOSTOP or changes the terminal (SIGTTOU),
 * gets sig sent to its whole group and the call restarts once it is
 * continued in front.  A caller that ignores or blocks SIGTTOU may go on;
 * one that refuses SIGTTIN, or whose group is orphaned, gets -EIO (Linux's
 * rules).  Other sessions are not subject to this console's control.
 */
int tty_job_check(struct tty *t, int sig)
{
	int pgrp = proc_pgid();

	if (proc_sid() != t->sid || pgrp == tty_fg_pgrp(t))
		return 0;
	if (proc_sig_refused(sig))
		return sig == SIGTTOU ? 0 : -EIO;
	if (proc_pgrp_orphaned(pgrp))
		return -EIO;
	proc_signal_pgrp(pgrp, sig);
	return -ERESTARTSYS;
}

const struct file_ops tty_ops = {
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
	.getdents64 = file_no_getdents,
	.release = file_no_release,
};
