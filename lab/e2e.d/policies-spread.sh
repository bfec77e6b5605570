# lab/e2e group "policies-spread". Sourced by lab/e2e, which runs group_policies-spread in a container of its own.
# shellcheck shell=bash

# ip_spread: one user with sessions from 4 addresses within the window raises alarm.ip_spread (event and audit)
# naming them, and with action terminate ends those sessions, warned.
group_policies-spread() {
    local i sid addresses
    declare -a sids=()
    use_policies '  - {name: spread, ip_spread: {distinct: 4, within: 1h, action: terminate}, notices: 5s}'
    for i in 1 2 3; do
        sids+=("$(open_from dave "spread-$i" "127.0.0.$i")")
    done
    BODY=$(inside curl -sS --unix-socket "$SOCK" -H 'Accept: application/json' \
        'http://curfew/v1/events?since=0&limit=1000&type=alarm.ip_spread')
    check "three addresses: no alarm" test "$(json '.events | length')" = 0
    sids+=("$(open_from dave spread-4 127.0.0.4)")
    sleep 1
    BODY=$(inside curl -sS --unix-socket "$SOCK" -H 'Accept: application/json' \
        'http://curfew/v1/events?since=0&limit=1000&type=alarm.ip_spread')
    addresses=$(json '[.events[0].details.addresses[]] | sort | join(",")')
    check "the fourth address raises alarm.ip_spread naming all four" \
        test "$addresses" = "127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4"
    api GET "/v1/audit?action=alarm"
    check "an alarm audit entry by policy spread" \
        test "$(json '.entries[0].actor.name + ", " + .entries[0].target')" = "policy spread, user dave"
    for i in 1 2 3 4; do
        sid=${sids[i - 1]}
        check "session $sid from 127.0.0.$i is queued to end" policy_job_of "$sid" spread 5
        check "termination $JOB completes" wait_for_state "$JOB" completed 5
        check "outcome of $sid is terminated" test "$(outcome_of "$sid")" = terminated
        check "the notices reached its terminal: warn, now" notices_are "spread-$i" "warn now"
    done
    check "audit by policy spread" policy_audit_is "$JOB" spread "scheduled,fired,session-terminated,completed"
}
