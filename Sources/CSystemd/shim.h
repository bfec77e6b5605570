#ifndef CURFEW_CSYSTEMD_SHIM_H
#define CURFEW_CSYSTEMD_SHIM_H

#include <systemd/sd-daemon.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-login.h>
#include <systemd/sd-journal.h>
/* getspnam_r for account policies: Glibc's Swift module map leaves shadow.h out. */
#include <shadow.h>

#endif
