/* tst_cmd.h - running other programs (lib/tst_cmd.c): fork, exec with the
 * given stdout/stderr, wait; exit status or 255 when the program is absent. */
#ifndef TST_CMD_H__
#define TST_CMD_H__

enum tst_cmd_flags {
	TST_CMD_PASS_RETVAL = 1, /* return the status instead of TBROK on != 0 */
	TST_CMD_TCONF_ON_MISSING = 2, /* TCONF when the program does not exist */
};

int tst_cmd_fds_(void (*cleanup)(void), const char *const argv[],
		 int stdout_fd, int stderr_fd, enum tst_cmd_flags flags);
int tst_cmd_(void (*cleanup)(void), const char *const argv[],
	     const char *stdout_path, const char *stderr_path,
	     enum tst_cmd_flags flags);
#define tst_cmd_fds(argv, stdout_fd, stderr_fd, flags) \
	tst_cmd_fds_(NULL, (argv), (stdout_fd), (stderr_fd), (flags))
#define tst_cmd(argv, stdout_path, stderr_path, flags) \
	tst_cmd_(NULL, (argv), (stdout_path), (stderr_path), (flags))
#define SAFE_CMD(argv, stdout_path, stderr_path) \
	tst_cmd_(NULL, (argv), (stdout_path), (stderr_path), 0)
int tst_system(const char *command);
int tst_check_cmd(const char *cmd, const int brk_nosupp);

#endif
