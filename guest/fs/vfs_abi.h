/*
 * vfs_abi.h - the Linux i386 numbers of the file interface that linux.h
 * (the process core's ABI header, included here) does not hold: permission
 * bits, access modes, directory entry types, more poll bits, path limits,
 * and the tty ioctls and termios flags.  They are Linux's own values
 * (asm-generic stat.h, poll.h, termbits.h, ioctls.h): user programs pass
 * and expect them unchanged.  Define each name in one of the two headers
 * only, or the two spellings clash.
 */
#ifndef GUEST_VFS_ABI_H
#define GUEST_VFS_ABI_H

#include "sys/linux.h"

/* ---- open(2) flags beyond linux.h's ---- */
#define O_LARGEFILE 00100000

/* ---- permission bits (linux.h has the S_IFMT types) ---- */
#define S_ISUID     0004000
#define S_ISGID     0002000
#define S_ISVTX     0001000
#define S_IALLUGO   0007777     /* every bit chmod may set */
#define S_IXGRP     0000010

/* ---- access(2) ---- */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* ---- poll(2): Linux reports these beside POLLIN/POLLOUT ---- */
#define POLLRDNORM  0x040
#define POLLWRNORM  0x100

/* ---- linux_dirent64.d_type ---- */
#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_SOCK    12
#define DT_REG     8
#define DT_LNK    10

/* ---- limits ---- */
#define PATH_MAX   4096         /* bytes in a path, with its NUL */
#define NAME_MAX   255          /* bytes in one component */
#define PIPE_BUF   4096         /* pipe writes up to this size are atomic */

/* ---- tty ioctls beyond linux.h's (asm-generic/ioctls.h) ---- */
#define TCSETS      0x5402
#define TCSETSW     0x5403
#define TCSETSF     0x5404
#define TCSBRK      0x5409
#define TCXONC      0x540A
#define TCFLSH      0x540B
#define TIOCSCTTY   0x540E
#define TIOCOUTQ    0x5411
#define TIOCSWINSZ  0x5414
#define FIONREAD    0x541B
#define TIOCNOTTY   0x5422
#define TIOCGSID    0x5429

/* TCFLSH arguments */
#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2

/* ---- struct termios (i386: four 32-bit flag words, c_line, 19 c_cc) ---- */
#define NCCS 19
#define VINTR     0
#define VQUIT     1
#define VERASE    2
#define VKILL     3
#define VEOF      4
#define VTIME     5
#define VMIN      6
#define VSWTC     7
#define VSTART    8
#define VSTOP     9
#define VSUSP    10
#define VEOL     11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE  14
#define VLNEXT   15
#define VEOL2    16

/* c_iflag */
#define ISTRIP  0000040
#define INLCR   0000100
#define IGNCR   0000200
#define ICRNL   0000400
#define IXON    0002000
/* c_oflag */
#define OPOST   0000001
#define ONLCR   0000004
#define OCRNL   0000010
#define ONOCR   0000020
#define ONLRET  0000040
#define TABDLY  0014000
#define XTABS   0014000
/* c_cflag */
#define B38400  0000017
#define CS8     0000060
#define CREAD   0000200
#define HUPCL   0002000
/* c_lflag */
#define ISIG    0000001
#define ICANON  0000002
#define ECHO    0000010
#define ECHOE   0000020
#define ECHOK   0000040
#define ECHONL  0000100
#define NOFLSH  0000200
#define TOSTOP  0000400
#define ECHOCTL 0001000
#define ECHOPRT 0002000
#define ECHOKE  0004000
#define IEXTEN  0100000

#endif /* GUEST_VFS_ABI_H */
