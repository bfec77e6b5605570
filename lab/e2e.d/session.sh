# lab/e2e group "session". Sourced by lab/e2e, which runs group_session in a container of its own.
# shellcheck shell=bash

# A session target is frozen: only that session ends; another of hers, and one she opens after the
# job was made, live on.
group_session() {
    local a1 a2 a3
    a1=$(open alice sess-a1)
    a2=$(open alice sess-a2)
    check "POST session $a1 in 6s -> 201" \
        schedule "{\"target\":{\"sessions\":[\"$a1\"]},\"in\":\"6s\",\"notices\":[\"3s\"]}"
    check "the target names session $a1 of alice" \
        test "$(json '.target.sessions[0] | .id + " " + .user')" = "$a1 alice"
    # The contract: times are RFC 3339 UTC strings, the target's session created_at included.
    check "the target's created_at is an RFC 3339 time" is_rfc3339 "$(json '.target.sessions[0].created_at')"
    a3=$(open alice sess-a3)
    note "sessions: $a1 (target), $a2, $a3 (opened after scheduling)"
    check "termination $JOB completes" wait_for_state "$JOB" completed 5
    check "session $a1 is gone" retry_for 2 gone "$a1"
    check "session $a2 lives on" alive "$a2"
    check "session $a3, opened later, lives on" alive "$a3"
    check "only $a1's terminal got the notices" \
        test "$(notice_kinds sess-a1)|$(notice_kinds sess-a2)|$(notice_kinds sess-a3)" = "warn warn now||"
    get_job "$JOB"
    check "one outcome, terminated" test "$(outcome_count) $(outcome_of "$a1")" = "1 terminated"

    # A user target is resolved at the due time: a session opened after scheduling is ended with the
    # others, and one closed meanwhile is not counted (curfewd knows them from logind's signals).
    local b1 b2 b3
    b1=$(open bob sess-b1)
    b2=$(open bob sess-b2)
    # 12 s leave room for a login and a logout on a loaded machine: the check below says when they did not.
    check "POST user bob in 12s, no notices -> 201" schedule '{"target":{"user":"bob"},"in":"12s","notices":[]}'
    b3=$(open bob sess-b3)
    check "bob logs out of $b2 before the due time" inside systemctl stop sess-b2.service
    check "session $b2 is gone" retry_for 3 gone "$b2"
    local left=$((DUE_MS - $(now_ms)))
    note "$b2 was gone $left ms before the due time"
    check "  which was before the due time" test "$left" -gt 0
    note "bob's sessions: $b1 (before scheduling), $b2 (closed before due), $b3 (opened after scheduling)"
    check "termination $JOB completes" wait_for_state "$JOB" completed 5
    check "session $b1 is gone" retry_for 2 gone "$b1"
    check "session $b3, opened after scheduling, is gone" retry_for 2 gone "$b3"
    check "sess-b3: closed at the due time, not before, within 1 s" closed_on_time sess-b3 "$DUE_MS"
    get_job "$JOB"
    check "outcomes: $b1 and $b3 terminated, nothing for $b2" \
        test "$(outcome_count) $(outcome_of "$b1") $(outcome_of "$b3") $(outcome_of "$b2")" = "2 terminated terminated "
}
