/* tst_run.c - the new API's driver. The process that starts (the "library
 * process") checks the test's requirements, prepares what struct tst_test
 * asks for, then for each variant forks the test process, which runs setup,
 * the test function(s) and cleanup. The library process reaps it, kills it
 * and its children on timeout (SIGALRM; every test function start re-arms
 * the alarm through SIGUSR1), undoes what it prepared and prints the
 * summary; the exit status is LTP's OR of TFAIL/TBROK/TWARN/TCONF. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <getopt.h>
#include <limits.h>
#include <sys/wait.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <sys/syscall.h>

#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"
#include "tst_timer.h"
#include "tst_private.h"

#define DEFAULT_TIMEOUT 30

struct tst_test *tst_test;
unsigned int tst_variant;
const char *tst_tcid;
struct tst_device *tst_device;
unsigned long tst_hugepages;

static int iterations = 1;
static float duration = -1;
static pid_t test_pid;
static int mntpoint_mounted;
static volatile sig_atomic_t kill_retries;

static float env_multiplier(const char *name, float min)
{
	const char *s = getenv(name);
	float mul;

	if (!s)
		return 1;
	if (tst_parse_float(s, &mul, min, 10000))
		tst_brk(TBROK, "Failed to parse %s=%s", name, s);
	return mul;
}

unsigned int tst_multiply_timeout(unsigned int timeout)
{
	if (timeout < 1)
		tst_brk(TBROK, "timeout must to be >= 1! (%d)", timeout);
	return timeout * env_multiplier("LTP_TIMEOUT_MUL", 0.099);
}

/* ---- options ---------------------------------------------------------- */

static void print_help(void)
{
	unsigned int i;

	fprintf(stderr, "Options\n-------\n");
	fprintf(stderr, "-h       Prints this help\n");
	fprintf(stderr, "-i n     Execute test n times\n");
	fprintf(stderr, "-I x     Execute test for n seconds\n");
	fprintf(stderr, "-D       Prints debug information\n");
	for (i = 0; tst_test->options && tst_test->options[i].optstr; i++)
		fprintf(stderr, "-%c\t %s\n", tst_test->options[i].optstr[0],
			tst_test->options[i].help);
}

static void test_option(int opt, char *arg)
{
	struct tst_option *o;

	for (o = tst_test->options; o && o->optstr; o++) {
		if (o->optstr[0] != opt)
			continue;
		if (*o->arg)
			tst_res(TWARN, "Option -%c passed multiple times", opt);
		*o->arg = arg ? arg : "";
		return;
	}
	tst_brk(TBROK, "Invalid option '%c'", opt);
}

static void parse_opts(int argc, char *argv[])
{
	char optstr[256] = "hi:I:DV";
	struct tst_option *o;
	int opt;

	for (o = tst_test->options; o && o->optstr; o++) {
		if (strchr("hiIDV", o->optstr[0]))
			tst_brk(TBROK, "Option collision '-%c'", o->optstr[0]);
		strncat(optstr, o->optstr, sizeof(optstr) - strlen(optstr) - 1);
	}
	while ((opt = getopt(argc, argv, optstr)) > 0) {
		switch (opt) {
		case '?':
			print_help();
			tst_brk(TBROK, "Invalid option");
			break;
		case 'h':
			print_help();
			exit(0);
		case 'i':
			iterations = SAFE_STRTOL(optarg, 0, INT_MAX);
			break;
		case 'I':
			duration = SAFE_STRTOF(optarg, 0.1, 1e9);
			break;
		case 'D':
			tst_region->tdebug = 1;
			break;
		case 'V':
			fprintf(stderr, "LTP version: conformance/ltp\n");
			exit(0);
		default:
			test_option(opt, optarg);
		}
	}
	if (optind < argc)
		tst_brk(TBROK, "Unexpected argument(s) '%s'...", argv[optind]);
}

/* ---- requirements ----------------------------------------------------- */

static int needs_tmpdir(void)
{
	struct tst_test *t = tst_test;

	return t->needs_tmpdir || t->needs_device || t->mntpoint ||
	       t->resource_files || t->needs_checkpoints || t->format_device ||
	       t->mount_device || t->all_filesystems || t->needs_rofs ||
	       t->needs_devfs || t->needs_hugetlbfs;
}

static void check_kver(const char *min_kver)
{
	int v1, v2, v3;

	if (tst_parse_kver(min_kver, &v1, &v2, &v3)) {
		tst_res(TWARN, "Invalid kernel version %s, expected %%d.%%d.%%d",
			min_kver);
		return;
	}
	if (tst_kvercmp(v1, v2, v3) < 0)
		tst_brk(TCONF, "The test requires kernel %s or newer", min_kver);
}

static void check_cmds(void)
{
	const char *const *c;

	for (c = tst_test->needs_cmds; c && *c; c++)
		tst_check_cmd(*c, 1);
}

static void check_requirements(void)
{
	struct tst_test *t = tst_test;

	if (t->needs_kconfigs && tst_kconfig_check(t->needs_kconfigs))
		tst_brk(TCONF, "Aborting due to unsuitable kernel config, see above!");
	if (t->needs_root && geteuid() != 0)
		tst_brk(TCONF, "Test needs to be run as root");
	if (t->min_kver)
		check_kver(t->min_kver);
	if (t->skip_in_lockdown && tst_lockdown_enabled() > 0)
		tst_brk(TCONF, "Kernel is locked down, skipping test");
	if (t->skip_in_secureboot && tst_secureboot_enabled() > 0)
		tst_brk(TCONF, "SecureBoot enabled, skipping test");
	if (t->skip_in_compat && tst_is_compat_mode())
		tst_brk(TCONF, "Not supported in 32-bit compat mode");
	if (t->needs_abi_bits && !tst_abi_bits(t->needs_abi_bits))
		tst_brk(TCONF, "%dbit ABI is not supported", t->needs_abi_bits);
	check_cmds();
	if (t->needs_drivers && t->needs_drivers[0])
		tst_brk(TCONF, "%s driver not available", t->needs_drivers[0]);
	if (t->min_cpus > (unsigned long)tst_ncpus())
		tst_brk(TCONF, "Test needs at least %lu CPUs online", t->min_cpus);
	if (t->min_mem_avail > (unsigned long)(tst_available_mem() / 1024))
		tst_brk(TCONF, "Test needs at least %luMB MemAvailable",
			t->min_mem_avail);
	if (t->min_swap_avail > (unsigned long)(tst_available_swap() / 1024))
		tst_brk(TCONF, "Test needs at least %luMB SwapFree",
			t->min_swap_avail);
	if (t->needs_cgroup_ctrls && t->needs_cgroup_ctrls[0])
		tst_brk(TCONF, "'%s' controller: cgroups are not set up by this library",
			t->needs_cgroup_ctrls[0]);
}

static void reserve_hugepages(void)
{
	struct tst_test *t = tst_test;
	unsigned long n = t->hugepages.number ? t->hugepages.number
					      : t->request_hugepages;

	tst_hugepages = 0;
	if (!n || n == TST_NO_HUGEPAGES)
		return;
	if (t->hugepages.policy == TST_NEEDS)
		tst_brk(TCONF, "This library reserves no huge pages (%lu needed)", n);
	tst_res(TINFO, "This library reserves no huge pages: tst_hugepages = 0");
}

/* ---- filesystems the test asks for ------------------------------------ */

static void mount_rofs(void)
{
	char path[PATH_MAX];
	const char *mnt = tst_test->mntpoint;

	if (mount(NULL, mnt, "tmpfs", 0, NULL)) {
		tst_res(TINFO | TERRNO, "Can't mount tmpfs at %s", mnt);
		tst_brk(TCONF, "Failed to acquire device");
	}
	mntpoint_mounted = 1;
	snprintf(path, sizeof(path), "%s/dir/", mnt);
	SAFE_MKDIR(path, 0777);
	snprintf(path, sizeof(path), "%s/file", mnt);
	SAFE_FILE_PRINTF(path, "file content");
	SAFE_CHMOD(path, 0777);
	SAFE_MOUNT(NULL, mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL);
}

static void mount_devfs(void)
{
	struct statvfs st;

	if (statvfs(".", &st) || !(st.f_flag & ST_NODEV))
		return;
	tst_res(TINFO, "tmpdir isn't suitable for creating devices, "
		"mounting tmpfs without nodev on %s", tst_test->mntpoint);
	SAFE_MOUNT(NULL, tst_test->mntpoint, "tmpfs", 0, NULL);
	mntpoint_mounted = 1;
}

static void mount_hugetlbfs(void)
{
	if (mount("none", tst_test->mntpoint, "hugetlbfs", 0, NULL))
		tst_brk(TCONF | TERRNO, "Can't mount hugetlbfs");
	mntpoint_mounted = 1;
}

static void prepare_filesystems(void)
{
	struct tst_test *t = tst_test;

	if (t->mntpoint)
		SAFE_MKDIR(t->mntpoint, 0777);
	if ((t->needs_devfs || t->needs_rofs || t->mount_device ||
	     t->all_filesystems || t->needs_hugetlbfs) && !t->mntpoint)
		tst_brk(TBROK, "tst_test->mntpoint must be set!");
	if (t->needs_devfs)
		mount_devfs();
	if (t->needs_rofs)
		mount_rofs();
	if (t->needs_hugetlbfs)
		mount_hugetlbfs();
	if (t->needs_device || t->format_device || t->mount_device ||
	    t->all_filesystems || t->needs_overlay ||
	    (t->filesystems && t->filesystems[0].type &&
	     t->filesystems[1].type))
		tst_brk(TCONF, "Failed to acquire device");
}

/* Resource files are searched beside the test binary and in the start dir. */
static void copy_resources(void)
{
	const char *const *f;
	char self[PATH_MAX], src[PATH_MAX * 2];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	self[n > 0 ? n : 0] = 0;
	if (strrchr(self, '/'))
		*strrchr(self, '/') = 0;
	for (f = tst_test->resource_files; *f; f++) {
		snprintf(src, sizeof(src), "%s/%s", self, *f);
		if (access(src, R_OK))
			snprintf(src, sizeof(src), "%s/%s", tst_get_startwd(), *f);
		if (access(src, R_OK))
			tst_brk(TBROK, "Failed to find resource file '%s'", *f);
		SAFE_CP(src, *f);
	}
}

static void check_arch(void)
{
	if (tst_test->supported_archs && !tst_is_on_arch(tst_test->supported_archs))
		tst_brk(TCONF, "This arch '%s' is not supported for test!",
			tst_arch.name);
}

static void check_test_fn(void)
{
	struct tst_test *t = tst_test;
	int n = !!t->test + !!t->test_all + !!t->sample;

	if (!n)
		tst_brk(TBROK, "No test function specified");
	if (n != 1)
		tst_brk(TBROK, "You can define only one test function");
	if (t->test && !t->tcnt)
		tst_brk(TBROK, "Number of tests (tcnt) must be > 0");
	if (!t->test && t->tcnt)
		tst_brk(TBROK, "You can define tcnt only for test()");
	if (t->sample)
		tst_brk(TCONF, "Timer sampling tests are not supported by this library");
}

static void do_setup(int argc, char *argv[])
{
	struct tst_test *t = tst_test;
	const char *p = argv[0] ? strrchr(argv[0], '/') : NULL;

	tst_tcid = p ? p + 1 : (argv[0] ? argv[0] : "ltp_empty_argv");
	if (t->tconf_msg)
		tst_brk(TCONF, "%s", t->tconf_msg);
	check_arch();
	check_test_fn();
	tst_region_setup(t->needs_checkpoints || t->child_needs_reinit ||
			 t->runs_script);
	parse_opts(argc, argv);
	if (getenv("LTP_ENABLE_DEBUG") && strchr("1y", getenv("LTP_ENABLE_DEBUG")[0]))
		tst_region->tdebug = 1;
	check_requirements();
	reserve_hugepages();
	if (t->bufs)
		tst_buffers_alloc(t->bufs);
	if (needs_tmpdir() && !tst_tmpdir_created())
		tst_tmpdir();
	if (t->save_restore) {
		const struct tst_path_val *pv;

		for (pv = t->save_restore; pv->path; pv++)
			tst_sys_conf_save(pv);
	}
	if (t->ulimit) {
		const struct tst_ulimit_val *u;

		for (u = t->ulimit; u->resource; u++) {
			struct rlimit rl;

			SAFE_GETRLIMIT(u->resource, &rl);
			rl.rlim_cur = u->rlim_cur;
			if (rl.rlim_cur > rl.rlim_max)
				rl.rlim_max = rl.rlim_cur;
			SAFE_SETRLIMIT(u->resource, &rl);
		}
	}
	prepare_filesystems();
	if (t->resource_files)
		copy_resources();
	if (t->restore_wallclock)
		tst_wallclock_save();
	if (t->taint_check)
		tst_taint_init(t->taint_check);
}

/* ---- the test process ------------------------------------------------- */

static void heartbeat(void)
{
	clock_gettime(CLOCK_MONOTONIC, &tst_region->start);
	if (getppid() == 1) {
		tst_res(TFAIL, "Main test process might have exit!");
		kill(0, SIGKILL);
		exit(TBROK);
	}
	kill(getppid(), SIGUSR1);
}

static int results_equal(const struct tst_results *a,
			 const struct tst_results *b)
{
	return a->passed == b->passed && a->failed == b->failed &&
	       a->skipped == b->skipped && a->broken == b->broken;
}

static void run_one(unsigned int i)
{
	struct tst_results before = tst_region->res;

	heartbeat();
	if (tst_test->test)
		tst_test->test(i);
	else
		tst_test->test_all();
	if (tst_getpid() != tst_region->main_pid)
		exit(0);
	tst_reap_children();
	if (results_equal(&before, &tst_region->res)) {
		if (tst_test->test)
			tst_brk(TBROK, "Test %i haven't reported results!", i);
		tst_brk(TBROK, "Test haven't reported results!");
	}
}

static void run_tests(void)
{
	unsigned int i, n = tst_test->test ? tst_test->tcnt : 1;

	for (i = 0; i < n; i++)
		run_one(i);
}

/* Programs the test execs are found beside it (where ltp_build puts
 * them) and, as in LTP, in the directory it was started from. */
static void add_startwd_to_path(void)
{
	const char *old = getenv("PATH");
	char self[PATH_MAX], *path;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	self[n > 0 ? n : 0] = 0;
	if (strrchr(self, '/'))
		*strrchr(self, '/') = 0;
	if (asprintf(&path, "%s:%s::%s", self, old ? old : "",
		     tst_get_startwd()) < 0)
		tst_brk(TBROK, "asprintf() failed");
	setenv("PATH", path, 1);
	free(path);
}

static void check_skip_filesystems(void)
{
	const char *name;

	if (!tst_test->skip_filesystems)
		return;
	name = tst_fs_type_name(tst_fs_type("."));
	if (tst_fs_in_skiplist(name, tst_test->skip_filesystems))
		tst_brk(TCONF, "%s is not supported by the test", name);
	tst_res(TINFO, "%s is supported by the test", name);
}

static void testrun(void) __attribute__((noreturn));
static void testrun(void)
{
	struct timespec now, stop = {0, 0};
	int i = 0;

	heartbeat();
	add_startwd_to_path();
	tst_region->main_pid = getpid();
	check_skip_filesystems();
	if (tst_test->caps)
		tst_cap_setup(tst_test->caps, TST_CAP_REQ);
	tst_setup_started = 1;
	if (tst_test->setup)
		tst_test->setup();
	if (tst_region->main_pid != tst_getpid())
		tst_brk(TBROK, "Runaway child in setup()!");
	if (tst_test->caps)
		tst_cap_setup(tst_test->caps, TST_CAP_DROP);
	if (duration > 0) {
		clock_gettime(CLOCK_MONOTONIC, &stop);
		stop.tv_sec += (time_t)duration;
	}
	for (;;) {
		int more = i < iterations;

		clock_gettime(CLOCK_MONOTONIC, &now);
		if (duration > 0 && tst_timespec_lt(now, stop))
			more = 1;
		if (!more)
			break;
		i++;
		run_tests();
		heartbeat();
	}
	tst_run_test_cleanup();
	exit(0);
}

/* ---- the library process ---------------------------------------------- */

static void say(const char *msg)
{
	if (write(STDERR_FILENO, msg, strlen(msg)) < 0)
		return;
}

static void alarm_handler(int sig)
{
	(void)sig;
	say("Test timeouted, sending SIGKILL!\n");
	kill(-test_pid, SIGKILL);
	alarm(5);
	if (++kill_retries > 10) {
		say("Cannot kill test processes!\n");
		_exit(TFAIL);
	}
}

static void heartbeat_handler(int sig)
{
	(void)sig;
	alarm(tst_region->overall_time);
	kill_retries = 0;
}

static void sigint_handler(int sig)
{
	(void)sig;
	if (test_pid > 0) {
		say("Sending SIGKILL to test process...\n");
		kill(-test_pid, SIGKILL);
	}
}

static void set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = SA_RESTART;
	sigaction(sig, &sa, NULL);
}

static void set_overall_timeout(void)
{
	int timeout = tst_test->timeout;

	if (timeout == TST_UNLIMITED_TIMEOUT ||
	    tst_test->max_runtime == TST_UNLIMITED_RUNTIME ||
	    tst_test->runtime == TST_UNLIMITED_RUNTIME) {
		tst_region->overall_time = 0;
		tst_res(TINFO, "Test timeout is not limited");
		return;
	}
	tst_region->overall_time = tst_multiply_timeout(DEFAULT_TIMEOUT +
		(timeout > 0 ? timeout : 0)) + tst_region->runtime;
	tst_res(TINFO, "Overall timeout per run is %uh %02um %02us",
		tst_region->overall_time / 3600,
		(tst_region->overall_time % 3600) / 60,
		tst_region->overall_time % 60);
}

static void set_runtime(int runtime)
{
	tst_region->runtime = runtime > 0 ?
		runtime * env_multiplier("LTP_RUNTIME_MUL", 0.0099) : 0;
}

void tst_set_runtime(int runtime)
{
	set_runtime(runtime);
	tst_res(TINFO, "Updating runtime to %uh %02um %02us",
		runtime / 3600, (runtime % 3600) / 60, runtime % 60);
	set_overall_timeout();
	heartbeat();
}

void tst_set_max_runtime(int max_runtime)
{
	tst_set_runtime(max_runtime);
}

void tst_set_timeout(int timeout)
{
	tst_region->overall_time =
		tst_multiply_timeout(DEFAULT_TIMEOUT + timeout) + tst_region->runtime;
	tst_res(TINFO, "Overall timeout per run is %uh %02um %02us",
		tst_region->overall_time / 3600,
		(tst_region->overall_time % 3600) / 60,
		tst_region->overall_time % 60);
	heartbeat();
}

unsigned int tst_remaining_runtime(void)
{
	struct timespec now;
	long long elapsed;

	if (!tst_region->runtime)
		tst_brk(TBROK, "Runtime not set!");
	clock_gettime(CLOCK_MONOTONIC, &now);
	elapsed = tst_timespec_diff_ms(now, tst_region->start) / 1000;
	return tst_region->runtime > elapsed ? tst_region->runtime - elapsed : 0;
}

static void judge_status(int status)
{
	if (tst_test->taint_check && tst_taint_check()) {
		tst_res(TFAIL, "Kernel is now tainted.");
		return;
	}
	if (tst_test->forks_child && kill(-test_pid, SIGKILL) == 0)
		tst_res(TINFO, "Killed the leftover descendant processes");
	if (WIFEXITED(status) && WEXITSTATUS(status))
		tst_brk(TBROK, "Child returned with %i", WEXITSTATUS(status));
	if (tst_region->abort_flag)
		return;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
		tst_res(TINFO, "If you are running on slow machine, "
			"try exporting LTP_TIMEOUT_MUL > 1");
		tst_brk(TBROK, "Test killed! (timeout?)");
	}
	if (WIFSIGNALED(status))
		tst_brk(TBROK, "Test killed by %s!", tst_strsig(WTERMSIG(status)));
}

static void fork_testrun(void)
{
	int status;

	set_handler(SIGINT, sigint_handler);
	set_handler(SIGTERM, sigint_handler);
	alarm(tst_region->overall_time);
	fflush(NULL);
	test_pid = fork();
	if (test_pid < 0)
		tst_brk(TBROK | TERRNO, "fork()");
	if (!test_pid) {
		signal(SIGALRM, SIG_DFL);
		signal(SIGUSR1, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		SAFE_SETPGID(0, 0);
		testrun();
	}
	while (waitpid(test_pid, &status, 0) < 0) {
		if (errno != EINTR)
			tst_brk(TBROK | TERRNO, "waitpid(%d)", test_pid);
	}
	alarm(0);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	judge_status(status);
}

static void undo_setup(void)
{
	if (mntpoint_mounted) {
		tst_umount(tst_test->mntpoint);
		mntpoint_mounted = 0;
	}
	if (tst_tmpdir_created()) {
		tst_futexes = NULL;
		tst_rmdir();
	}
	tst_sys_conf_restore(0);
	if (tst_test->restore_wallclock)
		tst_wallclock_restore();
	tst_region_cleanup();
}

void tst_lib_exit(int ret)
{
	struct tst_results *r = &tst_region->res;

	if (r->passed && ret == TCONF)
		ret = 0;
	if (r->failed)
		ret |= TFAIL;
	if (r->skipped && !r->passed)
		ret |= TCONF;
	if (r->warnings)
		ret |= TWARN;
	if (r->broken)
		ret |= TBROK;
	fprintf(stderr, "\nSummary:\n");
	fprintf(stderr, "passed   %d\n", r->passed);
	fprintf(stderr, "failed   %d\n", r->failed);
	fprintf(stderr, "broken   %d\n", r->broken);
	fprintf(stderr, "skipped  %d\n", r->skipped);
	fprintf(stderr, "warnings %d\n", r->warnings);
	undo_setup();
	exit(ret);
}

void tst_run_tcases(int argc, char *argv[], struct tst_test *self)
{
	unsigned int variants;

	tst_test = self;
	do_setup(argc, argv);
	set_handler(SIGALRM, alarm_handler);
	set_handler(SIGUSR1, heartbeat_handler);
	set_runtime(self->runtime ? self->runtime : self->max_runtime);
	set_overall_timeout();
	variants = self->test_variants ? self->test_variants : 1;
	for (tst_variant = 0; tst_variant < variants; tst_variant++) {
		fork_testrun();
		if (tst_region->abort_flag)
			break;
	}
	tst_lib_exit(0);
}

/* ---- helpers the tests call ------------------------------------------- */

pid_t safe_fork(const char *filename, unsigned int lineno)
{
	pid_t pid;

	if (tst_test && !tst_test->forks_child)
		tst_brk(TBROK, "test.forks_child must be set!");
	tst_flush();
	pid = fork();
	if (pid < 0)
		tst_brk_(filename, lineno, TBROK | TERRNO, "fork() failed");
	return pid;
}

static void check_child_status(pid_t pid, int status)
{
	if (WIFSIGNALED(status))
		tst_brk(TBROK, "Child (%i) killed by signal %s", pid,
			tst_strsig(WTERMSIG(status)));
	if (!WIFEXITED(status))
		tst_brk(TBROK, "Child (%i) exited abnormally", pid);
	if (WEXITSTATUS(status))
		tst_brk(TBROK, "Invalid child (%i) exit value %i", pid,
			WEXITSTATUS(status));
}

void tst_reap_children(void)
{
	int status;
	pid_t pid;

	for (;;) {
		pid = wait(&status);
		if (pid > 0) {
			check_child_status(pid, status);
			continue;
		}
		if (errno == ECHILD)
			break;
		if (errno != EINTR)
			tst_brk(TBROK | TERRNO, "wait() failed");
	}
}

int tst_validate_children_(const char *file, const int lineno,
			   unsigned int count)
{
	unsigned int i;
	int status;
	pid_t pid;

	for (i = 0; i < count; i++) {
		pid = SAFE_WAITPID(-1, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			tst_res_(file, lineno, TFAIL, "Child(%d): %s", pid,
				 tst_strstatus(status));
			return 1;
		}
	}
	return 0;
}

pid_t tst_getpid(void)
{
	return syscall(SYS_getpid);
}

pid_t tst_gettid(void)
{
	return syscall(SYS_gettid);
}
