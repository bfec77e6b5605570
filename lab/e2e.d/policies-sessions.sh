# lab/e2e group "policies-sessions". Sourced by lab/e2e, which runs group_policies-sessions in a container of its own.
# shellcheck shell=bash

# max_sessions: a third login over a limit of 2 ends (the newest), warned; the first two live on.
group_policies-sessions() {
    local s1 s2 s3
    use_policies '  - {name: two-max, max_sessions: {limit: 2, end: newest}, notices: 5s}'
    s1=$(open carol max-c1)
    s2=$(open carol max-c2)
    sleep 1
    api GET /v1/terminations
    check "two sessions: nothing queued" test "$(json '.terminations | length')" = 0
    s3=$(open carol max-c3)
    check "the third login is queued to end" policy_job_of "$s3" two-max 10
    check "the reason names the limit" test "$(json .reason)" = "more than 2 sessions (policy two-max)"
    check "termination $JOB completes" wait_for_state "$JOB" completed 5
    check "outcome of $s3 is terminated" test "$(outcome_of "$s3")" = terminated
    check "the notices reached its terminal: warn, now" notices_are max-c3 "warn now"
    check "the first two live on" sh -c "\"$SESSION\" alive \"$NAME\" $s1 && \"$SESSION\" alive \"$NAME\" $s2"
    check "no notice on the first two" sh -c "! \"$SESSION\" output \"$NAME\" max-c1 | grep -q curfew"
    check "audit by policy two-max" policy_audit_is "$JOB" two-max "scheduled,fired,session-terminated,completed"
    check "event termination.scheduled names the policy" policy_event_has "$JOB" two-max termination.scheduled
}
