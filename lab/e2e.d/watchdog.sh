# lab/e2e group "watchdog". Sourced by lab/e2e, which runs group_watchdog in a container of its own.
# shellcheck shell=bash

# A scheduler that hangs (fault build: SIGUSR2) is killed by the watchdog and restarted with its
# queue; a slow recovery (fault build: CURFEW_FAULT_SLOW_RECOVERY_MS) is given more time than
# TimeoutStartSec= because it keeps moving.
group_watchdog() {
    local pid restarts t0 took i
    inside mkdir -p /run/systemd/system/curfewd.service.d
    printf '[Service]\nWatchdogSec=3s\n' | inside tee /run/systemd/system/curfewd.service.d/lab.conf >/dev/null
    inside systemctl daemon-reload
    inside systemctl restart curfewd.service
    check "WatchdogSec=3s in force" unit_property_is WatchdogUSec 3s
    sleep 4
    check "pings keep it alive past the interval" inside systemctl is-active --quiet curfewd.service
    # 25 s: the hang, the watchdog (3 s) and the restart all come before the due time, even on a loaded machine.
    schedule '{"target":{"user":"bob"},"in":"25s","dry_run":true}'
    pid=$(main_pid)
    restarts=$(inside systemctl show -p NRestarts --value curfewd.service)
    journal_mark
    t0=$(now_ms)
    inside systemctl kill -s SIGUSR2 --kill-who=main curfewd.service
    check "the journal says the scheduler hangs" retry_for 2 log_has "fault injection: hanging the scheduler"
    check "a new curfewd is ready after the watchdog fired" retry_for 10 restarted_more_than "$restarts"
    note "ready again $(($(now_ms) - t0)) ms after the hang"
    check "systemd said: watchdog timeout" retry_for 2 inside sh -c \
        "journalctl -q --no-pager -u curfewd.service --after-cursor='$CURSOR' | grep -q 'Watchdog timeout'"
    check "a different process" test "$(main_pid)" != "$pid"
    # Ready means the API is answering, but on a loaded machine the first request can still wait on the restart.
    check "the job is still pending" still_scheduled "$JOB"
    check "and fires on time" wait_for_state "$JOB" completed 3
    check "late by less than a second" late_by_at_most 1

    for i in $(seq 1 200); do
        api POST /v1/terminations '{"target":{"user":"bob"},"in":"1h","dry_run":true}' || break
    done
    check "200 jobs queued" test "$STATUS" = 201
    printf '[Service]\nTimeoutStartSec=2s\nEnvironment=CURFEW_FAULT_SLOW_RECOVERY_MS=20\n' |
        inside tee /run/systemd/system/curfewd.service.d/lab.conf >/dev/null
    inside systemctl daemon-reload
    t0=$(now_ms)
    check "a 4 s recovery starts under TimeoutStartSec=2s" inside systemctl restart curfewd.service
    took=$(($(now_ms) - t0))
    note "start took $took ms"
    check "it took longer than TimeoutStartSec (EXTEND_TIMEOUT_USEC)" test "$took" -gt 2000
    api GET /v1/status
    check "all 200 jobs are back" test "$(json .pending)" = 200
    inside rm -f /run/systemd/system/curfewd.service.d/lab.conf
    inside systemctl daemon-reload
}

# The watchdog group needs the fault build (debug: CURFEW_FAULT_INJECTION).
install_watchdog() { "$INSTALL" "$NAME" --bin "$FAULT_BIN"; }

# The job is still scheduled after the restart, asked for up to 5 s; says what was answered when it is not.
still_scheduled() {
    STATUS="" BODY=""
    retry_for 5 job_is "$1" scheduled && return 0
    note "termination $1: HTTP ${STATUS:-no answer}: ${BODY:-nothing}"
    return 1
}
