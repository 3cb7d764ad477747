#ifndef CLINUX_H
#define CLINUX_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/// Returns errno of the calling thread (Swift cannot read the TLS macro reliably).
int clinux_errno(void);

#endif
