/* tst_cgroup.h - control groups. This library sets none up: a test that
 * lists needs_cgroup_ctrls ends in TCONF; the names exist so it compiles. */
#ifndef TST_CGROUP_H__
#define TST_CGROUP_H__

enum tst_cg_ver {
	TST_CG_V1 = 1,
	TST_CG_V2 = 2,
};

struct tst_cg_group;

/* Which cgroup version a controller is mounted with: never known here. */
int tst_cg_ver_is_v1_(const struct tst_cg_group *cg, const char *ctrl);
#define TST_CG_VER_IS_V1(cg, ctrl) tst_cg_ver_is_v1_((cg), (ctrl))
extern const struct tst_cg_group *const tst_cg;
extern const struct tst_cg_group *const tst_cg_drain;

void safe_cg_printf(const char *file, const int lineno,
		    const struct tst_cg_group *cg, const char *file_name,
		    const char *fmt, ...);
#define SAFE_CG_PRINTF(cg, file_name, fmt, ...) \
	safe_cg_printf(__FILE__, __LINE__, (cg), (file_name), (fmt), ##__VA_ARGS__)
#define SAFE_CG_PRINT(cg, file_name, str) \
	safe_cg_printf(__FILE__, __LINE__, (cg), (file_name), "%s", (str))
int safe_cg_has(const char *file, const int lineno,
		const struct tst_cg_group *cg, const char *file_name);
struct tst_cg_group *tst_cg_group_mk(const struct tst_cg_group *parent,
				     const char *fmt, ...);
struct tst_cg_group *tst_cg_group_rm(struct tst_cg_group *cg);
#define SAFE_CG_HAS(cg, file_name) safe_cg_has(__FILE__, __LINE__, (cg), (file_name))

#endif
