# lab/e2e group "journal". Sourced by lab/e2e, which runs group_journal in a container of its own.
# shellcheck shell=bash

# MESSAGE_IDs of curfewd's audit entries in the journal (CurfewCore's AuditEntry.Action.messageID).
MSGID_SCHEDULED=61d2c441f58e486dab6204005dd5ad79
MSGID_CANCELLED=ff7ef9ccd77c47d38e4e3891e997457f
MSGID_REFUSED=7b8ec3ecf47d45f08400b7fa4625f227

# Sets ENTRY to the latest entry of `journalctl MESSAGE_ID=ID -o json` (inside) that matches the jq
# condition WHERE; fails when there is none.
journal_entry() {
    # shellcheck disable=SC2016 # expanded by the sh inside
    ENTRY=$(inside sh -c 'journalctl -q --no-pager -o json "MESSAGE_ID=$1" | jq -c -s "[.[] | select($2)] | last // empty"' \
        _ "$1" "$2")
    [[ -n $ENTRY ]]
}

entry() { inside jq -r "$1" <<<"$ENTRY"; }

# The CURFEW_ACTIONs of `journalctl CURFEW_TERMINATION_ID=ID`, oldest first, comma-separated.
journal_actions() {
    # shellcheck disable=SC2016 # expanded by the sh inside
    inside sh -c 'journalctl -q --no-pager -o json "CURFEW_TERMINATION_ID=$1" | jq -r -s "map(.CURFEW_ACTION) | join(\",\")"' _ "$1"
}

# Waits (2 s at most) for the journal to hold an entry ID matching WHERE; notes how long it took.
journal_has() {
    local t0
    t0=$(now_ms)
    retry_for 2 journal_entry "$1" "$2" || return 1
    note "in the journal after $(($(now_ms) - t0)) ms: $(entry .MESSAGE)"
}

# Every audit action is in the journal with its MESSAGE_ID and curfew's fields: a schedule, a cancel
# and a refusal.
group_journal() {
    check "POST user alice in 1h, reason 'journal check' -> 201" \
        schedule '{"target":{"user":"alice"},"in":"1h","reason":"journal check"}'
    check "journalctl MESSAGE_ID=$MSGID_SCHEDULED has termination $JOB" \
        journal_has "$MSGID_SCHEDULED" ".CURFEW_TERMINATION_ID == \"$JOB\""
    check "CURFEW_ACTION=scheduled, CURFEW_USER=alice" \
        test "$(entry '.CURFEW_ACTION + " " + .CURFEW_USER')" = "scheduled alice"
    check "CURFEW_REASON is 'journal check'" test "$(entry .CURFEW_REASON)" = "journal check"
    check "SYSLOG_IDENTIFIER=curfewd, PRIORITY=5" \
        test "$(entry '.SYSLOG_IDENTIFIER + " " + .PRIORITY')" = "curfewd 5"
    check "sent by curfewd.service" test "$(entry ._SYSTEMD_UNIT)" = curfewd.service

    api DELETE "/v1/terminations/$JOB"
    check "DELETE /v1/terminations/$JOB -> 200 cancelled" test "$STATUS $(json .state)" = "200 cancelled"
    check "journalctl MESSAGE_ID=$MSGID_CANCELLED has termination $JOB" \
        journal_has "$MSGID_CANCELLED" ".CURFEW_TERMINATION_ID == \"$JOB\""
    check "CURFEW_ACTION=cancelled, CURFEW_USER=alice" \
        test "$(entry '.CURFEW_ACTION + " " + .CURFEW_USER')" = "cancelled alice"
    check "journalctl CURFEW_TERMINATION_ID=$JOB: scheduled, cancelled" \
        test "$(journal_actions "$JOB")" = "scheduled,cancelled"

    api POST /v1/terminations '{"target":{"user":"root"},"in":"1h"}'
    check "POST user root -> 422 invalid" test "$STATUS $(json .error.code)" = "422 invalid"
    check "journalctl MESSAGE_ID=$MSGID_REFUSED has the refusal of user root" \
        journal_has "$MSGID_REFUSED" '.CURFEW_USER == "root"'
    check "CURFEW_ACTION=refused" test "$(entry .CURFEW_ACTION)" = refused
}
