/* tst_res_flags.h - result types and errno-printing flags of the LTP test API
 * (values are LTP's: they are also the bits of a test's exit status). */
#ifndef TST_RES_FLAGS_H__
#define TST_RES_FLAGS_H__

#define TPASS   0    /* the check passed */
#define TFAIL   1    /* the check failed */
#define TBROK   2    /* the test could not run (setup failed...) */
#define TWARN   4    /* something odd, not a failure of the tested call */
#define TDEBUG  8    /* printed only with -D */
#define TINFO   16   /* information only */
#define TRETR   0    /* retired by LTP, kept for old sources */
#define TCONF   32   /* not applicable to this system */

#define TERRNO  0x100 /* append errno */
#define TTERRNO 0x200 /* append TST_ERR / TEST_ERRNO */
#define TRERRNO 0x400 /* append -TST_RET as an errno */

#define TTYPE_MASK 0x3f
#define TTYPE_RESULT(ttype) ((ttype) & TTYPE_MASK)

#endif
