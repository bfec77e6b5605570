# lab/e2e group "diskfull". Sourced by lab/e2e, which runs group_diskfull in a container of its own.
# shellcheck shell=bash

STATE=/var/lib/curfew

disk_full_is() { api GET /v1/status && [[ $(json .disk.full) == "$1" ]]; }

reserve_is() { api GET /v1/status && [[ $(json .disk.reserve_bytes) == "$1" ]]; }

status_lacks() { ! status_has "$1"; }

# curfewd's entries at priority err or worse since CURSOR, one message a line. Filtered here, not with -p: journalctl
# 252 with --after-cursor and -p skips the first entry that matches when the cursor's own entry does not.
err_entries() {
    inside journalctl -q --no-pager -u curfewd.service -o json --after-cursor="$CURSOR" |
        inside jq -r 'select((.PRIORITY // "6" | tonumber) <= 3) | .MESSAGE'
}

# How many of those contain TEXT.
err_count() { err_entries | grep -cF -- "$1"; }

err_count_is() {
    local count
    count=$(err_count "$2")
    [[ $count == "$1" ]] && return 0
    note "$count entries at err contain '$2'; curfewd's entries at err since the mark:"
    err_entries | sed 's/^/       | /'
    return 1
}

# /metrics has NAME with VALUE (Prometheus may write 1 as 1.0).
metric_is() { inside curl -sS --unix-socket "$SOCK" http://curfew/metrics | grep -qE "^$1 $2(\.0)?$"; }

# How many events of TYPE the log holds (a JSON page of GET /v1/events).
event_count() {
    inside curl -sS --unix-socket "$SOCK" -H 'Accept: application/json' "http://curfew/v1/events?since=0&type=$1" |
        inside jq '.events | length'
}

ctl_status_has() { inside curfewctl status | grep -q -- "$1"; }

# curfewctl exits 1 and prints TEXT on stderr.
ctl_refuses() {
    local text=$1 out rc=0
    shift
    out=$(inside curfewctl "$@" 2>&1) || rc=$?
    [[ $rc == 1 && $out == *"$text"* ]] || { note "curfewctl $* exited $rc: $out"; return 1; }
}

# The state directory on a small tmpfs, filled up through the API: the due job still fires on time from the
# reserve, new work is refused 507 saying why, STATUS, the journal, /metrics, the events and curfewctl status say so,
# reading goes on, and once space is freed everything is back without a restart.
group_diskfull() {
    local config a1 i free pid reason full_msg
    # As an admin would: curfewd stopped, a 6 MiB tmpfs mounted on its state directory with the database copied in
    # (curfewd's unit gets it through StateDirectory=), a 2 MiB reserve, curfewd started again.
    config=$(mktemp)
    sed 's/^disk_reserve: .*/disk_reserve: 2MiB/' "$REPO/config/curfew.yaml" >"$config"
    install_config "$config"
    check "curfewd stopped, a 6 MiB tmpfs on $STATE with the database copied in, curfewd started" inside sh -ec "
        systemctl stop curfewd.service
        mkdir /root/state && cp -a $STATE/curfew.sqlite /root/state/
        mount -t tmpfs -o size=6m,mode=0700 curfew-state $STATE
        cp -a /root/state/curfew.sqlite $STATE/
        systemctl start curfewd.service"
    check "status: room, the 2 MiB reserve whole" reserve_is 2097152
    check "and not full" disk_full_is false
    pid=$(main_pid)

    a1=$(open alice dsk-a1)
    note "session $a1"
    check "POST user alice in 20s, no notices -> 201" schedule '{"target":{"user":"alice"},"in":"20s","notices":[]}'
    journal_mark
    # Other data takes all but 300 KiB; jobs take the rest.
    free=$(inside df --output=avail -B1 "$STATE" | tail -n 1)
    check "other data fills all but 300 KiB of the file system" \
        inside fallocate -l $((free - 300 * 1024)) "$STATE/other-data"
    reason=$(printf 'r%.0s' {1..400})
    for ((i = 0; i < 300; i++)); do
        api POST /v1/terminations "{\"target\":{\"user\":\"bob\"},\"in\":\"1h\",\"reason\":\"$reason\"}"
        [[ $STATUS == 201 ]] || break
    done
    note "$i jobs acknowledged before the disk was full, $((DUE_MS - $(now_ms))) ms before alice's due time"
    full_msg="the state directory $STATE is full: nothing was scheduled; free space there and try again"
    check "then POST -> 507 disk_full" test "$STATUS $(json .error.code)" = "507 disk_full"
    check "saying: $(json .error.message)" test "$(json .error.message)" = "$full_msg"
    api DELETE "/v1/terminations/$JOB"
    check "DELETE a job -> 507: nothing was cancelled" \
        test "$STATUS $(json .error.message)" = "507 ${full_msg/nothing was scheduled/nothing was cancelled}"
    check "curfewctl terminate exits 1 with the same text" \
        ctl_refuses "$full_msg" terminate --user bob --in 1h --no-notice
    check "STATUS: '$(retry_for 3 status_has "disk full"; status_text)'" \
        status_has "disk full: new jobs refused; firing from the reserve"
    check "curfewctl status: disk: FULL ..." ctl_status_has "^disk: FULL since .*: new jobs refused; firing from the reserve"
    check "/metrics: curfew_disk_full 1" metric_is curfew_disk_full 1
    check "one disk.full event" test "$(event_count disk.full)" = 1
    for cmd in list "show $JOB" sessions audit status "events --limit 5"; do
        # shellcheck disable=SC2086
        check "reading goes on: curfewctl $cmd" inside curfewctl $cmd >/dev/null
    done

    check "alice's termination $JOB completes" wait_for_state "$JOB" completed 5
    check "it fired less than 1 s late" late_by_at_most 1
    note "lateness_seconds $(json .lateness_seconds)"
    check "alice's session $a1 is gone" retry_for 2 gone "$a1"
    check "dsk-a1: closed at the due time, not before, within 1 s" closed_on_time dsk-a1 "$DUE_MS"
    check "the outcome is recorded: terminated" test "$(outcome_of "$a1")" = terminated
    # A firing retried from the reserve is one firing: the attempt SQLite rolled back is not told to the journal.
    check "one audit entry in the journal for its firing" \
        test "$(inside journalctl -q -u curfewd.service -o cat | grep -c "fired user alice, termination $JOB:")" = 1
    check "exactly one journal entry at err says the disk is full" err_count_is 1 "is full: new jobs"
    api GET /v1/status
    note "reserve left: $(json .disk.reserve_bytes) of $(json .disk.reserve_capacity_bytes) bytes"

    check "space freed: other-data removed" inside rm "$STATE/other-data"
    check "within 10 s curfewd has room again (status)" retry_for 10 disk_full_is false
    check "the reserve is whole again" reserve_is 2097152
    check "STATUS no longer says disk full: '$(retry_for 3 status_lacks "disk full"; status_text)'" \
        status_lacks "disk full"
    check "one journal entry at err says it has room again" err_count_is 1 "has room again"
    check "still one saying it is full (not one per retry)" err_count_is 1 "is full: new jobs"
    check "/metrics: curfew_disk_full 0" metric_is curfew_disk_full 0
    check "one disk.recovered event" test "$(event_count disk.recovered)" = 1
    check "POST user bob in 1h -> 201 again" schedule '{"target":{"user":"bob"},"in":"1h"}'
    check "no restart: the same curfewd process" test "$(main_pid)" = "$pid"
}
