# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables here are used by the scripts that source this
# Shared helpers for the lab scripts; sourced, never run.

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Where the cached root filesystem lives: outside the source tree, so `git clean` keeps it.
LAB_CACHE=${CURFEW_LAB_CACHE:-/var/cache/curfew-lab}
LAB_ROOTFS=$LAB_CACHE/rootfs-bookworm
# Per-container state (pids, paths, console log); /run so a reboot forgets it on most hosts.
LAB_STATE=/run/curfew-lab
# Each container's processes live in a cgroup folder named PREFIX+NAME in both hierarchies below
# (the host's hybrid layout); nspawn's machine name is the same string.
LAB_CGROUP_PREFIX=curfew-lab-
LAB_CGROUP_HIERARCHIES=(/sys/fs/cgroup/unified /sys/fs/cgroup/systemd)
# The root ssh key made by lab/rootfs, as seen inside a container.
LAB_SSH_KEY=/root/.ssh/id_ed25519

LAB_VERBOSE=${LAB_VERBOSE:-0}

die() {
    printf '%s: %s\n' "${0##*/}" "$*" >&2
    exit 1
}

# Progress output, shown only with -v: CI logs stay quiet unless something fails.
info() {
    if ((LAB_VERBOSE)); then printf '%s: %s\n' "${0##*/}" "$*" >&2; fi
    return 0
}

need_root() {
    [[ $(id -u) -eq 0 ]] || die "must run as root (debootstrap, nspawn and nsenter need it)"
}

# Names end up in hostnames, cgroup folders, unit names and paths: keep them boring.
check_name() {
    [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$ ]] || die "bad name '$1' (letters, digits, - and _, at most 40)"
}

# The clean environment commands get inside a container: the host's (PATH with host-only
# folders, locale, SYSTEMD_* knobs) has no business there.
LAB_INNER_ENV=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    HOME=/root LANG=C.UTF-8 "TERM=${TERM:-dumb}")

# Milliseconds since the epoch, for timing phases without forking date.
now_ms() {
    local t=${EPOCHREALTIME/./}
    echo $((t / 1000))
}

# Retries CMD every 0.05 s until it succeeds or SECONDS seconds pass; returns CMD's last status.
retry_for() {
    local seconds=$1 deadline rc
    shift
    deadline=$(($(now_ms) + seconds * 1000))
    while true; do
        "$@" && return 0
        rc=$?
        (($(now_ms) < deadline)) || return "$rc"
        sleep 0.05
    done
}
