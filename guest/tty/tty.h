/*
 * tty.h - terminals: the console and the pseudo-terminals' slaves (pty.c)
 * share tty.c (the line discipline: input, echo, output) and tty_ioctl.c
 * (termios, window size, process groups); they differ only in where
 * output goes (tty->out) and whether it may have to wait for room.
 *
 * Input sits in one ring of TTY_BUF bytes with three free-running indexes:
 * rd (next byte to read) <= commit (end of what readers may have) <= wr (end
 * of input).  In canonical mode [commit, wr) is the line being edited and a
 * bit per slot marks line ends; a ^D is stored as a NUL with that bit set,
 * which read consumes without copying (a read of 0 bytes at line start is
 * the end of file).  In raw mode commit == wr.
 */
#ifndef GUEST_TTY_H
#define GUEST_TTY_H

#include <stdint.h>
#include "fs/vfs_abi.h"
#include "fs/vfs.h"

#define TTY_BUF 4096                /* Linux's N_TTY_BUF_SIZE */

struct linux_termios {              /* i386 struct termios (TCGETS/TCSETS) */
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCCS];
};
_Static_assert(sizeof(struct linux_termios) == 36, "i386 termios is 36 bytes");

/* Linux's tty_std_termios: what a new terminal starts with. */
#define TTY_STD_TERMIOS { \
	.c_iflag = ICRNL | IXON, \
	.c_oflag = OPOST | ONLCR, \
	.c_cflag = B38400 | CS8 | CREAD | HUPCL, \
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN, \
	.c_cc = { \
		[VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21, \
		[VEOF] = 4, [VTIME] = 0, [VMIN] = 1, [VSTART] = 17, \
		[VSTOP] = 19, [VSUSP] = 26, [VREPRINT] = 18, [VDISCARD] = 15, \
		[VWERASE] = 23, [VLNEXT] = 22, \
	}, \
}

struct linux_winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

struct tty {
	struct linux_termios t;
	struct linux_winsize ws;
	char buf[TTY_BUF];
	uint8_t delim[TTY_BUF / 8];     /* slot ends a canonical line */
	uint32_t rd, commit, wr;
	uint32_t column;                /* output column, for erasing tabs */
	uint32_t canon_column;          /* column where the edited line began */
	int lnext;                      /* the next byte is literal (^V) */
	int sid;                        /* session the tty belongs to (0: none yet) */
	int pgrp;                       /* foreground group (0: the session's) */
	/* Output after processing; out_room: bytes it takes now (null: any). */
	void (*out)(struct tty *t, const char *buf, uint32_t n);
	uint32_t (*out_room)(const struct tty *t);
	int hungup;                     /* a pty whose master closed: read 0, write EIO */
};

extern struct tty console_tty;
extern const struct file_ops pts_ops, ptmx_ops;   /* pty.c: slave, master */

/* The terminal of a terminal file (the console's have no priv). */
static inline struct tty *tty_of(const struct file *f)
{
	return f->priv ? (struct tty *)f->priv : &console_tty;
}

static inline int tty_lflag(const struct tty *t, uint32_t f) { return (t->t.c_lflag & f) != 0; }
static inline int tty_canon(const struct tty *t) { return tty_lflag(t, ICANON); }

/* tty.c */
void tty_receive(struct tty *t, const char *buf, uint32_t n);  /* input, as typed */
int tty_read(struct file *f, char *buf, uint32_t n);
int tty_write(struct file *f, const char *buf, uint32_t n);
int tty_poll(struct file *f);
void tty_flush_input(struct tty *t);
void tty_attach(struct tty *t);             /* take the caller's session if none */
int tty_fg_pgrp(const struct tty *t);
int tty_job_check(struct tty *t, int sig);  /* 0, -EIO, or -ERESTARTSYS (stopped) */
uint32_t tty_input_ready(const struct tty *t);  /* bytes read() may return (FIONREAD) */
void tty_wake(struct tty *t);
uint32_t tty_room(const struct tty *t);     /* input bytes it can take now */
extern void (*tty_pull)(void);              /* more console input, when throttled */

/* tty_ioctl.c */
int tty_ioctl(struct file *f, uint32_t cmd, uint32_t arg);
int tty_do_ioctl(struct tty *t, uint32_t cmd, uint32_t arg);   /* no job control */
void tty_set_termios(struct tty *t, const struct linux_termios *nt);

#endif /* GUEST_TTY_H */
