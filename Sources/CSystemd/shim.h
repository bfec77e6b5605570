#ifndef CURFEW_CSYSTEMD_SHIM_H
#define CURFEW_CSYSTEMD_SHIM_H

#include <systemd/sd-daemon.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-login.h>
#include <systemd/sd-journal.h>
/* getspnam_r for account policies: Glibc's Swift module map leaves shadow.h out. */
#include <shadow.h>
/* prctl(PR_SET_DUMPABLE) for curfew-notify: Glibc's Swift module map leaves sys/prctl.h out. */
#include <sys/prctl.h>

/* prctl is variadic, which Swift cannot call. */
static inline int curfew_set_undumpable(void) { return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }

#endif
