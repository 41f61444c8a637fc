/*
 * info_version - vmi_abi_version, vmi_backend_name, vmi_features and the
 * vmi_table descriptor.
 *
 * A guest built against ABI major.minor may only run on a backend of the
 * same major and a minor at least as high; the version is how it knows.  The
 * call table is what tools use to introspect a backend, so its header must
 * agree with the calls and it must have no holes.  Features must be known
 * bits only: an unknown bit would mean a guest cannot tell what it gets.
 * The backend name and the raw feature mask differ between backends, so they
 * go on env: lines only.
 */
#include "../runtime/test.h"

const char test_title[] = "info: ABI version, backend name, features, call table";

#define KNOWN_FEATURES (VMI_FEAT_INTERDOMAIN | VMI_FEAT_VTIME | VMI_FEAT_CONSOLE_IN | \
                        VMI_FEAT_LAZY_MMU | VMI_FEAT_DEPRIV | VMI_FEAT_CONTROL | \
                        VMI_FEAT_BLOCK | VMI_FEAT_BALLOON | VMI_FEAT_NET)

/* A short, printable, NUL-terminated name. */
static int name_ok(const char *s)
{
	size_t n;

	if (!s)
		return 0;
	for (n = 0; n < 32 && s[n]; n++)
		if (s[n] <= ' ' || s[n] > '~')
			return 0;
	return n > 0 && s[n] == 0;
}

void test_main(void)
{
	uint32_t abi = vmi_abi_version();
	uint32_t feat = vmi_features();
	const char *name = vmi_backend_name();
	uint32_t holes = 0;

	test_env("backend=%s abi=%u.%u features=%#x", name_ok(name) ? name : "?",
	         abi >> 16, abi & 0xFFFF, feat);

	/* The version: same major, minor at least the one we were built for. */
	CHECK_EQ(abi >> 16, VMI_ABI_MAJOR);
	CHECK_GE(abi & 0xFFFF, VMI_ABI_MINOR);
	CHECK_EQ(vmi_abi_version(), abi);                 /* a constant */
	CHECK_EQ(vmi_boot_info()->abi_version, abi);

	/* The name: non-empty, printable, stable, the table's own. */
	CHECK(name_ok(name));
	CHECK(vmi_backend_name() == name || strcmp(vmi_backend_name(), name) == 0);
	CHECK(vmi_table.backend != NULL && strcmp(vmi_table.backend, name) == 0);

	/* Features: only bits the ABI defines, and the same on every read. */
	CHECK_EQ(feat & ~KNOWN_FEATURES, 0);
	CHECK_EQ(vmi_features(), feat);

	/* The descriptor: magic, the same version, every call of our ABI. */
	CHECK_EQ(vmi_table.magic, VMI_TABLE_MAGIC);
	CHECK_EQ(vmi_table.abi_version, abi);
	CHECK_GE(vmi_table.nr_calls, VMI_NR_CALLS);
	CHECK(vmi_table.entries != NULL);
	for (uint32_t i = 0; vmi_table.entries && i < VMI_NR_CALLS; i++)
		holes += vmi_table.entries[i] == NULL;
	CHECK_EQ(holes, 0);

	/* Entries are the very functions the linker bound us to.  Only the
	 * calls this test exercises are compared: taking the address of every
	 * call here would make the coverage check count them all as tested. */
	CHECK(vmi_table.entries[VMI_CALL_ABI_VERSION] == (const void *)vmi_abi_version);
	CHECK(vmi_table.entries[VMI_CALL_BACKEND_NAME] == (const void *)vmi_backend_name);
	CHECK(vmi_table.entries[VMI_CALL_FEATURES] == (const void *)vmi_features);
	CHECK(vmi_table.entries[VMI_CALL_BOOT_INFO] == (const void *)vmi_boot_info);
}
