/* tst_fs_type.h - the old name of the filesystem-type part of tst_fs.h. */
#include "tst_fs.h"
