# lab/e2e group "policies-idle". Sourced by lab/e2e, which runs group_policies-idle in a container of its own.
# shellcheck shell=bash

# idle: a session whose terminal is untouched past the limit ends, warned; typing before the end cancels
# the pending termination ("activity"), and the session lives on.
group_policies-idle() {
    local s1 s2
    s1=$(open alice idle-a1)
    s2=$(open_from alice idle-a2 127.0.0.1 typing)
    check "session $s2 is open (typing)" test -n "$s2"
    # Idle from the login on (a terminal untouched since before it counts from the login): a 60 s limit, queued 30 s
    # before it, which leaves a loaded machine 30 s to type into the second session before its end.
    use_policies '  - {name: office-idle, idle: {limit: 60s}, notices: 30s, reason: "idle for {limit}"}'
    check "the policy queues the end of idle session $s1" policy_job_of "$s1" office-idle 45
    check "the reason names the limit" test "$(json .reason)" = "idle for 1m"
    check "curfewctl sessions says idle limit and the policy" sessions_say 'idle limit .* (office-idle)'
    local due1=$DUE_MS job1=$JOB
    check "and of idle session $s2" policy_job_of "$s2" office-idle 10
    local due2=$DUE_MS job2=$JOB
    check "typed into session $s2" type_into idle-a2 "ls"
    DUE_MS=$due1
    check "termination $job1 of the untouched session completes" wait_for_state "$job1" completed 5
    check "outcome of $s1 is terminated" test "$(outcome_of "$s1")" = terminated
    check "the notices reached its terminal: warn, now" notices_are idle-a1 "warn now"
    check "audit by policy office-idle" policy_audit_is "$job1" office-idle "scheduled,fired,session-terminated,completed"
    check "event termination.scheduled names the policy" policy_event_has "$job1" office-idle termination.scheduled
    # Asked again at its due time (the second login came a few seconds after the first).
    DUE_MS=$due2
    check "termination $job2 of the session typed into is cancelled" wait_for_state "$job2" cancelled 5
    check "its history says activity" \
        test "$(json '.history[-1].note')" = "by policy office-idle: activity"
    check "session $s2 lives on" alive "$s2"
    check "its terminal shows the cancellation" retry_for 3 output_has idle-a2 "is cancelled."
    # Idle again from the typing on: a new warning may follow, for the end 60 s after it.
    check "its terminal got warn, then cancelled" notices_are --first idle-a2 "warn cancelled"
    check "audit by policy office-idle: scheduled,cancelled" policy_audit_is "$job2" office-idle "scheduled,cancelled"
    check "event termination.cancelled names the policy" policy_event_has "$job2" office-idle termination.cancelled
}

# `curfewctl sessions` matches PATTERN; its output (and exit status) is shown when not.
sessions_say() {
    local out rc=0
    out=$(inside curfewctl sessions 2>&1) || rc=$?
    grep -q -- "$1" <<<"$out" && return 0
    note "curfewctl sessions (exit $rc):"
    note "$out"
    return 1
}
