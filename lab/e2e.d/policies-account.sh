# lab/e2e group "policies-account". Sourced by lab/e2e, which runs group_policies-account in a container of its own.
# shellcheck shell=bash

# account: a locked (usermod -L), expired (chage -E 0) or deleted (userdel) account loses its sessions, warned;
# curfewd hears of it through inotify on /etc at once.
group_policies-account() {
    local user unit sid
    declare -A sids=()
    for user in alice bob carol; do
        sids[$user]=$(open "$user" "acct-$user")
    done
    # curfewd runs as user curfew: reading /etc/shadow (usermod -L, chage -E) is the opt-in drop-in shadow.conf.
    inside install -D -m 0644 /usr/local/share/curfew/shadow.conf /etc/systemd/system/curfewd.service.d/shadow.conf
    inside systemctl daemon-reload
    inside systemctl restart curfewd.service
    use_policies '  - {name: disabled, account: {on: [locked, expired, deleted]}, notices: 5s}'
    sleep 1
    api GET /v1/terminations
    check "usable accounts: nothing queued" test "$(json '.terminations | length')" = 0
    inside usermod -L alice
    inside chage -E 0 bob
    inside userdel -f carol 2>/dev/null || true
    for user in alice bob carol; do
        sid=${sids[$user]} unit=acct-$user
        check "$user's session $sid is queued to end" policy_job_of "$sid" disabled 5
        case $user in
        alice) check "the reason says locked" test "$(json .reason)" = "the account is locked (policy disabled)" ;;
        bob) check "the reason says expired" test "$(json .reason)" = "the account is expired (policy disabled)" ;;
        carol) check "the reason says deleted" test "$(json .reason)" = "the account is deleted (policy disabled)" ;;
        esac
        check "termination $JOB completes" wait_for_state "$JOB" completed 5
        check "outcome of $sid is terminated" test "$(outcome_of "$sid")" = terminated
        check "the notices reached $user's terminal: warn, now" notices_are "$unit" "warn now"
        check "audit by policy disabled" policy_audit_is "$JOB" disabled "scheduled,fired,session-terminated,completed"
        check "event termination.scheduled names the policy" policy_event_has "$JOB" disabled termination.scheduled
    done
}
