# lab/e2e group "policies-idle". Sourced by lab/e2e, which runs group_policies-idle in a container of its own.
# shellcheck shell=bash

# idle: a session whose terminal is untouched past the limit ends, warned; typing before the end cancels
# the pending termination ("activity"), and the session lives on.
group_policies-idle() {
    local s1 s2 job2
    s1=$(open alice idle-a1)
    s2=$(open_from alice idle-a2 127.0.0.1 typing)
    check "session $s2 is open (typing)" test -n "$s2"
    # Both left alone for two hours, as far as their terminals tell.
    check "age session $s1's terminal by 2 hours" age_terminal "$s1" 120
    check "age session $s2's terminal by 2 hours" age_terminal "$s2" 120
    use_policies '  - {name: office-idle, idle: {limit: 60m}, notices: 15s, reason: "idle for {limit}"}'
    check "the policy queues the end of idle session $s1" policy_job_of "$s1" office-idle 10
    check "the reason names the limit" test "$(json .reason)" = "idle for 1h"
    check "curfewctl sessions says idle limit and the policy" \
        sh -c "\"$CONTAINER\" exec \"$NAME\" curfewctl sessions | grep -q 'idle limit .* (office-idle)'"
    local due1=$DUE_MS job1=$JOB
    check "and of idle session $s2" policy_job_of "$s2" office-idle 10
    job2=$JOB
    sleep 3
    type_into idle-a2 "ls"
    DUE_MS=$due1
    check "termination $job1 of the untouched session completes" wait_for_state "$job1" completed 5
    check "outcome of $s1 is terminated" test "$(outcome_of "$s1")" = terminated
    check "the notices reached its terminal: warn, now" test "$(notice_kinds idle-a1)" = "warn now"
    check "audit by policy office-idle" policy_audit_is "$job1" office-idle "scheduled,fired,session-terminated,completed"
    check "event termination.scheduled names the policy" policy_event_has "$job1" office-idle termination.scheduled
    check "termination $job2 of the session typed into is cancelled" retry_for 5 job_is "$job2" cancelled
    check "its history says activity" \
        test "$(json '.history[-1].note')" = "by policy office-idle: activity"
    check "session $s2 lives on" alive "$s2"
    check "its terminal got warn, then cancelled" test "$(notice_kinds idle-a2)" = "warn cancelled"
    check "audit by policy office-idle: scheduled,cancelled" policy_audit_is "$job2" office-idle "scheduled,cancelled"
    check "event termination.cancelled names the policy" policy_event_has "$job2" office-idle termination.cancelled
}
