# lab/e2e group "policies-hours". Sourced by lab/e2e, which runs group_policies-hours in a container of its own.
# shellcheck shell=bash

# hours: sessions end when the allowed time closes; one opened outside it ends after its notices.
group_policies-hours() {
    local s1 close_s close_hm
    # Windows are whole minutes: close at the first minute boundary at least 20 s away.
    close_s=$(( ($(date -u +%s) + 20 + 59) / 60 * 60 ))
    close_hm=$(date -u -d "@$close_s" +%H:%M)
    s1=$(open bob hours-b1)
    use_policies "  - {name: lab-hours, hours: {allow: \"00:00-$close_hm\", zone: UTC}, notices: 10s}"
    api GET /v1/sessions
    check "GET /v1/sessions: session $s1 ends by hours close $close_hm (lab-hours)" \
        test "$(json ".sessions[] | select(.id == \"$s1\") | .policy.what + \" \" + .policy.at")" = \
        "hours close $(date -u -d "@$close_s" +%Y-%m-%dT%H:%M:%S.000Z)"
    check "the policy queues a termination of session $s1" policy_job_of "$s1" lab-hours 90
    check "due when the allowed time closes" test "$DUE_MS" = "${close_s}000"
    check "termination $JOB completes" wait_for_state "$JOB" completed 5
    check "outcome of $s1 is terminated" test "$(outcome_of "$s1")" = terminated
    check "the notices reached the terminal: warn, now" notices_are hours-b1 "warn now"
    check "the session closed at closing time" closed_on_time hours-b1 "$DUE_MS"
    check "audit by policy lab-hours" \
        policy_audit_is "$JOB" lab-hours "scheduled,fired,session-terminated,completed"
    check "event session.terminated for the policy's termination" \
        policy_event_has "$JOB" lab-hours termination.scheduled

    local s2 opened_ms
    opened_ms=$(now_ms)
    s2=$(open bob hours-b2)
    check "a login outside the allowed time is queued to end after its notices" policy_job_of "$s2" lab-hours 10
    check "due 10 s after the login" within "$DUE_MS" $((opened_ms + 10000)) 3000
    check "termination $JOB completes" wait_for_state "$JOB" completed 5
    check "session $s2 is gone" gone "$s2"
}
