# lab/e2e group "dryrun". Sourced by lab/e2e, which runs group_dryrun in a container of its own.
# shellcheck shell=bash

# A dry run records everything and touches nothing: no terminal written, no session ended.
group_dryrun() {
    local a1
    a1=$(open alice dry-a1)
    check "POST dry run, user alice in 6s, notice 3s -> 201" \
        schedule '{"target":{"user":"alice"},"in":"6s","notices":["3s"],"dry_run":true}'
    check "the reply says dry_run" test "$(json .dry_run)" = true
    check "termination $JOB completes" wait_for_state "$JOB" completed 5
    check "outcome of $a1 is dry-run" test "$(outcome_count) $(outcome_of "$a1")" = "1 dry-run"
    # Each notice is recorded as it would have been sent, so its timing shows however late this check runs.
    check "the notices were recorded, not sent: scheduled, the 3s step, final, all dry run" \
        test "$(json '[.notices_sent[] | select(.dry_run) | .kind] | join(",")') $(json '.notices_sent | length')" = \
        "scheduled,step,final 3"
    check "alice's session $a1 lives on" alive "$a1"
    check "nothing was written to her terminal" no_notice_on dry-a1
    check "audit: scheduled (dry run), fired, completed" test "$(audit_actions "$JOB")" = "scheduled,fired,completed"
    api GET "/v1/audit?action=scheduled"
    check "the scheduled audit entry says dry run" \
        grep -q "dry run" <<<"$(json ".entries[] | select(.termination_id == $JOB) | .result")"
}
