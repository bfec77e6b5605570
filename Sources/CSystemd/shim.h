#ifndef CURFEW_CSYSTEMD_SHIM_H
#define CURFEW_CSYSTEMD_SHIM_H

#include <systemd/sd-daemon.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-login.h>
#include <systemd/sd-journal.h>

#endif
