/*
 * console_write - vmi_console_write writes every byte, untranslated, and
 * returns the count.
 *
 * Every transcript, and therefore every verdict of this suite, goes through
 * this call; a backend that dropped, split, reordered or buffered bytes past
 * the next call would corrupt what the runner compares.  The transcript is
 * the check: the lines below must appear exactly, on every backend (the
 * runner compares them).  The returns are checked here: the full length, 0
 * for an empty write, a long buffer not truncated.
 */
#include "../runtime/test.h"

const char test_title[] = "console: console_write writes and counts every byte";

#define LONG 300

void test_main(void)
{
	static const char line[] = "console: one line in one write\n";
	static char long_line[LONG + 1];
	int one, a, b, c, empty, tab, lng;

	one = vmi_console_write(line, sizeof(line) - 1);
	/* One line from three writes: nothing added between them. */
	a = vmi_console_write("console: in ", 12);
	b = vmi_console_write("three ", 6);
	c = vmi_console_write("pieces\nx", 7);        /* len stops before x */
	/* Nothing to write: nothing written. */
	empty = vmi_console_write("", 0);
	/* Bytes are passed as they are (a tab stays a tab). */
	tab = vmi_console_write("console:\ttab\n", 13);
	/* A long line (longer than printf's buffers), not truncated. */
	memcpy(long_line, "console: long ", 14);
	for (int i = 14; i < LONG - 1; i++)
		long_line[i] = (char)('a' + i % 26);
	long_line[LONG - 1] = '\n';
	lng = vmi_console_write(long_line, LONG);

	CHECK_EQ(one, sizeof(line) - 1);
	CHECK_EQ(a, 12);
	CHECK_EQ(b, 6);
	CHECK_EQ(c, 7);
	CHECK_EQ(empty, 0);
	CHECK_EQ(tab, 13);
	CHECK_EQ(lng, LONG);
}
