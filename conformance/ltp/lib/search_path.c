/* search_path.c - the old library's search_path(): look CMD up in $PATH
 * (or take it as is when it contains a '/'), checking ACCESS_MODE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>

#include "search_path.h"

int search_path(char *cmd, char *res_path, int access_mode, int fullpath)
{
	char *dirs, *dir, *save, cwd[PATH_MAX];
	const char *env = getenv("PATH");
	int found = 0;

	if (strchr(cmd, '/')) {
		if (cmd[0] != '/' && fullpath && getcwd(cwd, sizeof(cwd)))
			snprintf(res_path, PATH_MAX, "%s/%s", cwd, cmd);
		else
			snprintf(res_path, PATH_MAX, "%s", cmd);
		return access(res_path, access_mode) ? -1 : 0;
	}
	dirs = strdup(env ? env : "/bin:/usr/bin");
	for (dir = strtok_r(dirs, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		snprintf(res_path, PATH_MAX, "%s/%s", dir, cmd);
		found = !access(res_path, access_mode);
	}
	free(dirs);
	return found ? 0 : -1;
}
