# lab/e2e group "outage". Sourced by lab/e2e, which runs group_outage in a container of its own.
# shellcheck shell=bash

logind_active() { inside systemctl is-active --quiet systemd-logind.service; }

logind_down() { ! logind_active; }

logind_restarts() { inside systemctl show -p NRestarts --value systemd-logind.service; }

# logind runs again after restarting on its own at least once more than BEFORE times.
logind_restarted_since() { logind_active && (($(logind_restarts) > $1)); }

# The session of UNIT (logind's SID) is still there, asked without logind: its ssh client runs, its scope
# is active, alice still has an sshd, and the client saw no close.
session_there() {
    local unit=$1 sid=$2
    inside systemctl is-active --quiet "$unit.service" || { note "$unit.service is not active"; return 1; }
    inside systemctl is-active --quiet "session-$sid.scope" || { note "session-$sid.scope is not active"; return 1; }
    inside ps -u alice -o comm= | grep -qx sshd || { note "alice has no sshd"; return 1; }
    ! output_has "$unit" "closed by remote host"
}

# What curfewd logged about logind and retries since epoch MS (inside the container).
note_retries() {
    local line
    while read -r line; do note "curfewd: $line"; done < <(
        inside journalctl -q --no-pager -u curfewd.service -o short-precise --since "@$(($1 / 1000))" |
            grep -E 'unreachable|retrying|failed' | sed -E 's/^[A-Z][a-z]{2} [0-9]+ ([0-9:.]+) [^ ]+ curfewd\[[0-9]+\]: [^ ]+ (warning |error )?(curfew\.[a-z]+: )?(\[[A-Za-z]+\] )?/\1 \2/'
    )
}

# The bus restarted before the due time, then logind down past it: the jobs fire on time, and the
# sessions end as soon as logind can be asked again (curfewd reconnects, and its session watcher sees
# logind return and has the waiting jobs retried at once rather than after their back-off).
group_outage() {
    local a1 b1 restarts t0 t1 down back started completed at done_at
    # a. `systemctl restart dbus` a few seconds before the due time.
    a1=$(open alice out-a1)
    note "a: session $a1"
    # 30 s: under load the restart and logind coming back (and reading its sessions back) can take several seconds, and
    # all of it must be before the due time.
    check "a: POST user alice in 30s, no notices -> 201" \
        schedule '{"target":{"user":"alice"},"in":"30s","notices":[]}'
    sleep 3
    restarts=$(logind_restarts)
    t0=$(now_ms)
    check "a: systemctl restart dbus" inside systemctl restart dbus.service
    t1=$(now_ms)
    # logind exits when its bus goes (Restart=always brings it back), so it needs no help here.
    check "a: logind is back on its own (restarted by systemd)" retry_for 5 logind_restarted_since "$restarts"
    note "a: dbus restarted in $((t1 - t0)) ms, $((DUE_MS - t1)) ms before the due time; logind restarts $restarts -> $(logind_restarts), active $(($(now_ms) - t1)) ms after"
    check "a: alice's session $a1 outlived the bus restart" retry_for 10 alive "$a1"
    check "a: curfewd is still active" inside systemctl is-active --quiet curfewd.service
    check "a: termination $JOB completes" wait_for_state "$JOB" completed 5
    check "a: fired less than 1 s late" late_by_at_most 1
    note "a: lateness_seconds $(json .lateness_seconds), completed at +$(($(epoch_ms "$(json '.history[] | select(.to == "completed") | .at')") - DUE_MS)) ms"
    check "a: alice's session $a1 is gone" retry_for 2 gone "$a1"
    check "a: outcome of $a1 is terminated" test "$(outcome_of "$a1")" = terminated
    check "a: out-a1: the ssh client saw the connection closed" \
        retry_for 2 output_has out-a1 "closed by remote host"
    check "a: out-a1: closed at the due time, not before, within 1 s" closed_on_time out-a1 "$DUE_MS"
    note_retries "$t0"

    # b. logind stopped (and masked, so D-Bus activation does not bring it back) from before the due
    # time until 4 s after it.
    b1=$(open alice out-b1)
    note "b: session $b1"
    check "b: POST user alice in 6s, no notices -> 201" \
        schedule '{"target":{"user":"alice"},"in":"6s","notices":[]}'
    sleep 1
    t0=$(now_ms)
    check "b: systemctl mask --runtime systemd-logind, stop systemd-logind" \
        inside sh -c 'systemctl mask --runtime --quiet systemd-logind.service && systemctl stop systemd-logind.service'
    check "b: logind is down" logind_down
    down=$(now_ms)
    note "b: logind down $((DUE_MS - down)) ms before the due time"
    sleep_until $((DUE_MS + 4000))
    get_job "$JOB"
    check "b: 4 s past the due time, termination $JOB is firing" test "$(json .state)" = firing
    check "b: it began firing less than 1 s late" late_by_at_most 1
    check "b: session $b1 is still there (its ssh unit, scope and sshd; logind is down)" session_there out-b1 "$b1"
    check "b: logind is still down" logind_down
    back=$(now_ms)
    check "b: systemctl unmask --runtime systemd-logind, start systemd-logind" \
        inside sh -c 'systemctl unmask --runtime --quiet systemd-logind.service && systemctl start systemd-logind.service'
    started=$(now_ms)
    back=$(( (back + started) / 2 ))
    note "b: logind was down $((back - down)) ms; back $((back - DUE_MS)) ms after the due time (start took $((started - back)) ms either side)"
    check "b: termination $JOB completes within 5 s of logind's return" retry_for 5 job_is "$JOB" completed
    completed=$(now_ms)
    check "b: alice's session $b1 is gone" retry_for 2 gone "$b1"
    check "b: out-b1: the ssh client saw the connection closed" \
        retry_for 2 output_has out-b1 "closed by remote host"
    check "b: lateness_seconds (when firing began) is under 1 s" late_by_at_most 1
    check "b: outcome of $b1 is terminated" test "$(outcome_of "$b1")" = terminated
    at=$(epoch_ms "$(json ".sessions[] | select(.session_id == \"$b1\") | .at")")
    done_at=$(epoch_ms "$(json '.history[] | select(.to == "completed") | .at')")
    check "b: the outcome's at is after logind came back" test "$at" -ge "$back"
    check "b: the history's completed is after logind came back" test "$done_at" -ge "$back"
    # Not the back-off: curfewd's retries after 1, 2 and 4 s would next come 7 s after the due time.
    check "b: the session ended within 1 s of logind's return (start returned)" test $((at - started)) -le 1000
    note "b: lateness_seconds $(json .lateness_seconds); session ended $((at - DUE_MS)) ms after the due time," \
        "$((at - back)) ms after logind came back; seen completed $((completed - back)) ms after"
    note "b: closed on the terminal $(($(line_time out-b1 "closed by remote host") - DUE_MS)) ms after the due time"
    check "b: audit: scheduled, fired, session-terminated, completed" \
        test "$(audit_actions "$JOB")" = "scheduled,fired,session-terminated,completed"
    note_retries "$t0"
}
