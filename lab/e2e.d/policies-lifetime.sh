# lab/e2e group "policies-lifetime". Sourced by lab/e2e, which runs group_policies-lifetime in a container of its own.
# shellcheck shell=bash

# lifetime: a session ends `max` after its login, warned, as an ordinary termination made by the policy.
group_policies-lifetime() {
    local s1 login_ms
    s1=$(open alice life-a1)
    # 40 s of life and a 10 s notice leave 30 s for the reload on a loaded machine: a policy that finds a session
    # already inside its notice lead moves the end to now + lead (always warned), which is not what this tests.
    use_policies '  - {name: short-life, lifetime: {max: 40s}, notices: 10s, reason: "sessions last {max} here"}'
    check "curfewctl policies lists short-life with alice's session in scope" \
        sh -c "\"$CONTAINER\" exec \"$NAME\" curfewctl policies | grep -q 'short-life  lifetime (max 40s)' &&
            \"$CONTAINER\" exec \"$NAME\" curfewctl policies | grep -q 'in scope   1 session: $s1'"
    api GET /v1/sessions
    check "GET /v1/sessions: session $s1 will end by lifetime (short-life)" \
        test "$(json ".sessions[] | select(.id == \"$s1\") | .policy.policy + \" \" + .policy.what")" = \
        "short-life lifetime"
    login_ms=$(epoch_ms "$(json ".sessions[] | select(.id == \"$s1\") | .created_at")")
    check "the policy queues a termination of session $s1 10 s before its end" policy_job_of "$s1" short-life 40
    check "due 40 s after logind's login time" within "$DUE_MS" $((login_ms + 40000)) 1000
    check "the reason names the fact" test "$(json .reason)" = "sessions last 40s here"
    check "curfewctl show says which policy" \
        sh -c "\"$CONTAINER\" exec \"$NAME\" curfewctl show $JOB | grep -q 'by policy short-life'"
    check "termination $JOB completes" wait_for_state "$JOB" completed 5
    check "outcome of $s1 is terminated" test "$(outcome_of "$s1")" = terminated
    check "the notices reached the terminal: warn, now" notices_are life-a1 "warn now"
    check "the session closed at the due time" closed_on_time life-a1 "$DUE_MS"
    check "audit by policy short-life: scheduled,fired,session-terminated,completed" \
        policy_audit_is "$JOB" short-life "scheduled,fired,session-terminated,completed"
    check "event termination.scheduled names the policy" policy_event_has "$JOB" short-life termination.scheduled
}
