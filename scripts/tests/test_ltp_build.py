# test_ltp_build.py - scripts/ltp_build.py on a tiny fake LTP tree written
# here (not LTP code): a new-API test, an old-API test, a _64 variant, a
# helper program the test execs, helper code linked in, a test that does
# not compile and a runtest entry without source. Checks bin/, runlist,
# build-failures.txt and MANIFEST, and runs the built tests on the host.
import os
import subprocess
import tempfile
import unittest

from scripts.tests.util import load, have

lb = load("ltp_build", "scripts/ltp_build.py")

NEW_API = r'''
#include "tst_test.h"
#include "common.h"

static void run(void)
{
	TST_EXP_PASS(helper_value() - 42);
	if (sizeof(off_t) == OFF_T_SIZE)
		tst_res(TPASS, "off_t has %d bytes", (int)sizeof(off_t));
	else
		tst_res(TFAIL, "off_t has %d bytes", (int)sizeof(off_t));
	if (fork() == 0)
		execlp("fake_child", "fake_child", NULL);
}

static struct tst_test test = {
	.test_all = run,
	.needs_tmpdir = 1,
	.forks_child = 1,
};
'''

COMMON_H = '''#include <sys/types.h>
int helper_value(void);
#ifdef TST_USE_NEWER64_SYSCALL
# define OFF_T_SIZE 8
#else
# define OFF_T_SIZE 4
#endif
'''

HELPER_C = 'int helper_value(void) { return 42; }\n'

CHILD = '#include <stdlib.h>\nint main(void) { exit(0); }\n'

OLD_API = r'''
#include "test.h"
char *TCID = "fake_old01";
int TST_TOTAL = 1;
int main(int ac, char **av)
{
	int lc;

	tst_parse_opts(ac, av, NULL, NULL);
	for (lc = 0; TEST_LOOPING(lc); lc++) {
		TEST(getpid());
		if (TEST_RETURN > 0)
			tst_resm(TPASS, "getpid() returned %ld", TEST_RETURN);
		else
			tst_resm(TFAIL | TTERRNO, "getpid() failed");
	}
	tst_exit();
}
'''

SLOW = r'''
#include "tst_test.h"

static void run(void)
{
	sleep(100);
	tst_res(TPASS, "woke up");
}

static struct tst_test test = {
	.test_all = run,
};
'''

BROKEN = 'int main(void) { return undeclared_thing; }\n'

RUNTEST = """#DESCRIPTION: fake
fake01 fake01
fake01_64 fake01_64
old01 fake_old01 -i 2
slow01 fake_slow01
# a comment
broken01 fake_broken01
nosrc01 fake_nosrc01
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


@unittest.skipUnless(have("gcc", "ar"), "needs gcc and ar")
class BuildTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        probe = subprocess.run(["gcc", "-m32", "-static", "-x", "c", "-",
                                "-o", os.devnull],
                               input="int main(void){return 0;}",
                               universal_newlines=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if probe.returncode:
            raise unittest.SkipTest("gcc -m32 -static does not link here")
        cls.tmp = tempfile.TemporaryDirectory()
        src = os.path.join(cls.tmp.name, "ltp")
        sys_dir = os.path.join(src, "testcases", "kernel", "syscalls")
        write(os.path.join(sys_dir, "fake", "fake01.c"), NEW_API)
        write(os.path.join(sys_dir, "fake", "common.h"), COMMON_H)
        write(os.path.join(sys_dir, "fake", "fake_helper.c"), HELPER_C)
        write(os.path.join(sys_dir, "fake", "fake_child.c"), CHILD)
        write(os.path.join(sys_dir, "fake", "fake_old01.c"), OLD_API)
        write(os.path.join(sys_dir, "fake", "fake_broken01.c"), BROKEN)
        write(os.path.join(sys_dir, "fake", "fake_slow01.c"), SLOW)
        write(os.path.join(sys_dir, "utils", "empty.h"), "")
        write(os.path.join(src, "runtest", "syscalls"), RUNTEST)
        write(os.path.join(src, "MANIFEST.a"), "runtest/syscalls 1\n")
        write(os.path.join(src, "MANIFEST.b"), "testcases/x.c 2\n")
        cls.out = os.path.join(cls.tmp.name, "out")
        cls.rc = lb.main(["--src", src, "--out", cls.out, "-j", "2"])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def read(self, name):
        with open(os.path.join(self.out, name)) as f:
            return f.read()

    def test_outputs(self):
        self.assertEqual(self.rc, 0)
        self.assertEqual(self.read("runlist"),
                         "fake01 fake01\nfake01_64 fake01_64\n"
                         "old01 fake_old01 -i 2\nslow01 fake_slow01\n")
        failures = self.read("build-failures.txt")
        self.assertRegex(failures, r"^broken01 fake_broken01: .*undeclared_thing")
        self.assertNotIn("nosrc01", failures)
        self.assertEqual(self.read("MANIFEST"),
                         "runtest/syscalls 1\ntestcases/x.c 2\n")
        self.assertEqual(sorted(os.listdir(os.path.join(self.out, "bin"))),
                         ["fake01", "fake01_64", "fake_child", "fake_old01",
                          "fake_slow01"])

    def run_bin(self, *argv, **env_extra):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, TMPDIR=tmp, **env_extra)
            p = subprocess.run([os.path.join(self.out, "bin", argv[0])] +
                               list(argv[1:]), env=env, cwd=tmp,
                               universal_newlines=True, timeout=60,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            self.assertEqual(os.listdir(tmp), [], "temporary directory left")
        return p.returncode, p.stdout

    def test_new_api_run_and_variant(self):
        rc, out = self.run_bin("fake01")
        self.assertEqual(rc, 0, out)
        self.assertIn("fake01.c:7: TPASS: helper_value() - 42 passed", out)
        self.assertIn("TPASS: off_t has 4 bytes", out)
        self.assertRegex(out, r"Summary:\npassed   2\nfailed   0\n")
        rc, out = self.run_bin("fake01_64")
        self.assertEqual(rc, 0, out)
        self.assertIn("TPASS: off_t has 8 bytes", out)

    def test_timeout_kills_the_test(self):
        # 30 s default timeout times 0.1
        rc, out = self.run_bin("fake_slow01", LTP_TIMEOUT_MUL="0.1")
        self.assertEqual(rc, 2, out)
        self.assertIn("Overall timeout per run is 0h 00m 03s", out)
        self.assertIn("Test timeouted, sending SIGKILL!", out)
        self.assertIn("TBROK: Test killed! (timeout?)", out)
        self.assertNotIn("woke up", out)

    def test_old_api_run(self):
        rc, out = self.run_bin("fake_old01", "-i", "2")
        self.assertEqual(rc, 0, out)
        self.assertEqual(out.count("TPASS  :  getpid() returned"), 2, out)
        self.assertRegex(out, r"^fake_old01    1  TPASS  :  ")


if __name__ == "__main__":
    unittest.main()
