/* old_parse_opts.c - the old API's option parsing and loop: -i N
 * iterations, -I SECS duration, -h help, plus the test's own options
 * (option_t: "x" sets a flag, "x:" also stores the argument). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <getopt.h>

#include "test.h"
#include "usctest.h"

int STD_LOOP_COUNT;
static int iterations = 1;
static double duration = -1;
static struct timespec started;

static void print_help(const option_t *user, void (*uhf)(void))
{
	printf("  -h      Show this help screen\n");
	printf("  -i n    Execute test n times\n");
	printf("  -I x    Execute test for x seconds\n");
	(void)user;
	if (uhf)
		uhf();
}

static const option_t *find_user(const option_t *user, int opt)
{
	for (; user && user->option; user++)
		if (user->option[0] == opt)
			return user;
	return NULL;
}

const char *parse_opts(int ac, char **av, const option_t *user_optarr,
		       void (*uhf)(void))
{
	static char err[128];
	char optstr[256] = "hi:I:P:c:efpt";
	const option_t *u;
	int opt;

	for (u = user_optarr; u && u->option; u++)
		strncat(optstr, u->option, sizeof(optstr) - strlen(optstr) - 1);
	optind = 1;
	while ((opt = getopt(ac, av, optstr)) != -1) {
		switch (opt) {
		case 'h':
			print_help(user_optarr, uhf);
			exit(0);
		case 'i':
			iterations = atoi(optarg);
			break;
		case 'I':
			duration = atof(optarg);
			break;
		case 'P': case 'c': case 'e': case 'f': case 'p': case 't':
			break;
		case '?':
			snprintf(err, sizeof(err), "Unknown option");
			return err;
		default:
			u = find_user(user_optarr, opt);
			if (!u)
				break;
			if (u->flag)
				*u->flag = 1;
			if (u->arg)
				*u->arg = optarg;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &started);
	return NULL;
}

void tst_parse_opts(int argc, char *argv[], const option_t *user_optarr,
		    void (*user_help)(void))
{
	const char *msg = parse_opts(argc, argv, user_optarr, user_help);

	if (msg)
		tst_brkm(TBROK, NULL, "OPTION PARSING ERROR - %s", msg);
}

int usc_test_looping(int counter)
{
	struct timespec now;

	STD_LOOP_COUNT = counter + 1;
	if (duration > 0) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		return (now.tv_sec - started.tv_sec) +
		       (now.tv_nsec - started.tv_nsec) / 1e9 < duration;
	}
	return iterations <= 0 || counter < iterations;
}
