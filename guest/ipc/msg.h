/*
 * msg.h - a System V message queue, as msg.c (msgget, msgctl, the queue's
 * life) and msg_io.c (msgsnd, msgrcv, message storage) share it.
 */
#ifndef GUEST_IPC_MSG_H
#define GUEST_IPC_MSG_H

#include "ipc/ipc.h"

/* A message: a header with as much text as fits its page, then chunks. */
struct msg_chunk {
	struct msg_chunk *next;
	char text[];
};

struct kmsg {
	struct kmsg *next;
	int32_t type;               /* > 0 */
	uint32_t size;              /* text bytes */
	uint32_t charged;           /* against the IPC memory quota */
	struct msg_chunk *more;
	char text[];
};

#define MSG_RETRY 1000              /* a waiter's status: look again */

/* A process sleeping in msgrcv, on its kernel stack. */
struct msg_receiver {
	struct msg_receiver *next;
	int32_t type;               /* as msg_io.c's search mode takes it */
	int mode;
	uint32_t maxsize;           /* larger messages: E2BIG */
	int tgid;
	struct kmsg *msg;           /* handed over by a sender */
	int status;                 /* 1 waiting; 0 got msg; MSG_RETRY; -errno */
};

/* A process sleeping in msgsnd until the queue has room. */
struct msg_sender {
	struct msg_sender *next;
	int status;                 /* 1 waiting; MSG_RETRY; -EIDRM */
};

struct msg_queue {
	struct ipc_obj o;
	struct kmsg *first, *last;
	uint32_t qnum, cbytes, qbytes;
	int32_t lspid, lrpid;
	uint32_t stime, rtime;
	struct msg_receiver *receivers;   /* oldest first */
	struct msg_sender *senders;
};

extern uint32_t msg_total, msg_total_bytes;   /* MSG_INFO */

void msg_free(struct kmsg *m);
/* Every waiting receiver (and sender) unlinked and woken with status. */
void msg_wake_receivers(struct msg_queue *q, int status);
void msg_wake_senders(struct msg_queue *q, int status);

#endif /* GUEST_IPC_MSG_H */
