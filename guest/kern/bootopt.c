/*
 * bootopt.c - options on the guest kernel's command line.
 *
 * The backend hands the command line over in the boot info (bi->cmdline):
 * natively it is the multiboot command line (under QEMU the kernel's path,
 * then whatever -append gives), on pvhv the domain module's string after
 * the image path (the hypervisor takes name=, mem=, weight= and warp= from
 * it and leaves every word in place).  Words are separated by blanks; an
 * option is a word "key=value".  Words the kernel does not know are ignored,
 * since the same line carries options meant for the loader or hypervisor.
 */
#include "kernel.h"
#include "lib/klib.h"

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Does the word at w (length n) have the form key=...? */
static int word_has_key(const char *w, uint32_t n, const char *key)
{
	uint32_t k = strlen(key);

	return n > k && strncmp(w, key, k) == 0 && w[k] == '=';
}

/*
 * The value of the first "key=value" word, copied into val (size bytes,
 * always terminated, cut if longer); 1 if the key is there, 0 if not.
 * The boot info's line is read in place: it stays where the backend put it.
 */
int boot_option(const struct vmi_boot_info *bi, const char *key, char *val,
		uint32_t size)
{
	const char *s = bi->cmdline, *end = bi->cmdline + VMI_CMDLINE_MAX;

	while (s < end && *s) {
		const char *w;
		uint32_t n, k = strlen(key) + 1, i;

		while (s < end && blank(*s))
			s++;
		for (w = s; s < end && *s && !blank(*s); s++)
			;
		n = (uint32_t)(s - w);
		if (!word_has_key(w, n, key))
			continue;
		for (i = 0; i + 1 < size && k + i < n; i++)
			val[i] = w[k + i];
		if (size)
			val[i] = 0;
		return 1;
	}
	return 0;
}
