#define _GNU_SOURCE
#include "CLinux.h"
#include <errno.h>

int clinux_errno(void) { return errno; }
