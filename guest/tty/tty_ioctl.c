/*
 * tty_ioctl.c - the console's ioctls: termios (TCGETS, TCSETS, TCSETSW,
 * TCSETSF), window size, foreground process group and controlling tty,
 * input queue length and flushing.  Arguments are user pointers, copied
 * with the process core's uaccess routines.
 */
#include "fs/fs.h"
#include "tty/tty.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

/* Switching ICANON re-reads the queue as Linux does: going raw, everything
 * unread (the edited line too) becomes readable; going canonical, unread
 * bytes become one line for the next read. */
void tty_set_termios(struct tty *t, const struct linux_termios *nt)
{
	int was_canon = tty_canon(t);

	t->t = *nt;
	if (was_canon == tty_canon(t))
		return;
	/* A ^D typed ahead (a NUL marking a line end) reaches a raw reader as
	 * the ^D it was, so a shell that turns on line editing still sees it
	 * (Linux would hand over the NUL). */
	for (uint32_t i = t->rd; !tty_canon(t) && i != t->wr; i++) {
		uint32_t k = i % TTY_BUF;
		if (t->buf[k] == 0 && (t->delim[k / 8] >> (k % 8)) & 1)
			t->buf[k] = (char)(t->t.c_cc[VEOF] ? t->t.c_cc[VEOF] : 4);
	}
	memset(t->delim, 0, sizeof(t->delim));
	if (tty_canon(t) && t->wr != t->rd) {
		uint32_t last = (t->wr - 1) % TTY_BUF;
		t->delim[last / 8] |= (uint8_t)(1u << (last % 8));
	}
	t->commit = t->wr;
	t->lnext = 0;
	tty_wake(t);
}

static int put_int(uint32_t arg, int32_t v)
{
	return copy_to_user((void *)arg, &v, sizeof(v)) ? -EFAULT : 0;
}

static int set_termios(struct tty *t, uint32_t cmd, uint32_t arg)
{
	struct linux_termios nt;

	if (copy_from_user(&nt, (const void *)arg, sizeof(nt)))
		return -EFAULT;
	if (cmd == TCSETSF)
		tty_flush_input(t);
	tty_set_termios(t, &nt);        /* output is never queued: no drain */
	return 0;
}

static int set_pgrp(struct tty *t, uint32_t arg)
{
	int32_t pgrp;

	if (copy_from_user(&pgrp, (const void *)arg, sizeof(pgrp)))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	t->pgrp = pgrp;
	return 0;
}

static int set_winsize(struct tty *t, uint32_t arg)
{
	struct linux_winsize ws;

	if (copy_from_user(&ws, (const void *)arg, sizeof(ws)))
		return -EFAULT;
	if (memcmp(&ws, &t->ws, sizeof(ws)) != 0) {
		t->ws = ws;
		if (tty_fg_pgrp(t) > 0)
			proc_signal_pgrp(tty_fg_pgrp(t), SIGWINCH);
	}
	return 0;
}

static int flush(struct tty *t, uint32_t arg)
{
	if (arg > TCIOFLUSH)
		return -EINVAL;
	if (arg != TCOFLUSH)
		tty_flush_input(t);
	return 0;
}

/* The requests a background process may not make (SIGTTOU). */
static int changes_tty(uint32_t cmd)
{
	return cmd == TCSETS || cmd == TCSETSW || cmd == TCSETSF || cmd == TIOCSPGRP ||
	       cmd == TCFLSH || cmd == TCXONC;
}

int tty_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	struct tty *t = tty_of(f);
	int rc;

	tty_attach(t);
	if (t->hungup)
		return -EIO;
	if (changes_tty(cmd) && (rc = tty_job_check(t, SIGTTOU)) != 0)
		return rc;
	return tty_do_ioctl(t, cmd, arg);
}

int tty_do_ioctl(struct tty *t, uint32_t cmd, uint32_t arg)
{
	switch (cmd) {
	case TCGETS:
		return copy_to_user((void *)arg, &t->t, sizeof(t->t)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(t, cmd, arg);
	case TIOCGWINSZ:
		return copy_to_user((void *)arg, &t->ws, sizeof(t->ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return set_winsize(t, arg);
	case TIOCGPGRP:
		return put_int(arg, tty_fg_pgrp(t));
	case TIOCSPGRP:
		return set_pgrp(t, arg);
	case TIOCGSID:
		return put_int(arg, t->sid);
	case TIOCSCTTY:                 /* the caller's session takes the console */
		t->sid = proc_sid();
		t->pgrp = proc_pgid();
		return 0;
	case TIOCNOTTY:
		return 0;
	case FIONREAD:
		return put_int(arg, (int32_t)tty_input_ready(t));
	case TIOCOUTQ:
		return put_int(arg, 0);     /* output is written at once */
	case TCFLSH:
		return flush(t, arg);
	case TCSBRK:
	case TCXONC:
		return 0;
	}
	return -ENOTTY;
}
