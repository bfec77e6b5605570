# lab/e2e group "notify". Sourced by lab/e2e, which runs group_notify in a container of its own.
# shellcheck shell=bash

# STATUS follows the queue; reload with a good file and a bad one; a stop within a second; the log
# entries are structured journal entries.
group_notify() {
    local pid config t0 took
    check "after start STATUS says nothing is scheduled" status_has "0 pending; nothing scheduled"
    schedule '{"target":{"user":"bob"},"in":"1h","notices":["10m"],"dry_run":true}'
    check "STATUS follows a new job: '$(retry_for 3 status_has "1 pending"; status_text)'" \
        status_has "1 pending; next: notice for termination $JOB at "
    api DELETE "/v1/terminations/$JOB"
    check "and its cancellation" retry_for 3 status_has "0 pending; nothing scheduled"

    pid=$(main_pid)
    config=$(mktemp)
    sed 's/^protected_users: .*/protected_users: [bob]/' "$REPO/config/curfew.yaml" >"$config"
    install_config "$config"
    journal_mark
    check "systemctl reload with a good file" inside systemctl reload curfewd.service
    check "the journal says: configuration reloaded" retry_for 3 log_has "configuration reloaded"
    check "same process after the reload" test "$(main_pid)" = "$pid"
    check "the service is active again (READY after RELOADING)" retry_for 3 unit_property_is ActiveState active
    api POST /v1/terminations '{"target":{"user":"bob"},"in":"1h"}'
    check "the reloaded protected_users is in force: bob -> 422" test "$STATUS" = 422

    sed -i 's/^notices: .*/notices: soon/' "$config"
    install_config "$config"
    journal_mark
    check "systemctl reload with a bad file" inside systemctl reload curfewd.service
    check "the journal says why it was refused" retry_for 3 log_has "reload refused"
    check "STATUS says so: '$(status_text)'" retry_for 3 status_has "reload refused"
    check "still the same process, still active" \
        test "$(main_pid) $(inside systemctl show -p ActiveState --value curfewd.service)" = "$pid active"
    api POST /v1/terminations '{"target":{"user":"bob"},"in":"1h"}'
    check "the previous configuration stays in force: bob -> 422" test "$STATUS" = 422
    rm -f "$config"

    check "log entries are structured: the start-up line has CURFEW_LOGGER, PRIORITY 6 and CODE_FILE" \
        test "$(inside journalctl -q --no-pager CURFEW_LOGGER=curfewd -g 'queue loaded' -o json -n 1 |
            inside jq -r '"\(.PRIORITY) \(.CODE_FILE | test("Daemon.swift"))"')" = "6 true"

    journal_mark
    check "systemctl stop" inside systemctl stop curfewd.service
    local took
    took=$(stop_took_ms)
    note "curfewd took $took ms to stop"
    check "stopped within a second" test "$took" -ge 0 -a "$took" -lt 1000
    check "stopped with Result=success" test "$(inside systemctl show -p Result --value curfewd.service)" = success
    check "it said it was stopping (STOPPING=1, then its last line)" log_has "terminations stay queued"
}
