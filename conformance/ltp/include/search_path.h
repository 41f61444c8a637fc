/* search_path.h - the old library's search_path(): find CMD on $PATH. */
#ifndef SEARCH_PATH_H__
#define SEARCH_PATH_H__

/* RES_PATH gets the path of the first CMD with ACCESS_MODE; 0 if found. */
int search_path(char *cmd, char *res_path, int access_mode, int fullpath);

#endif
