# lab/e2e group "refusals". Sourced by lab/e2e, which runs group_refusals in a container of its own.
# shellcheck shell=bash

# Protected users and unknown sessions are refused at scheduling; a cancelled job ends nothing.
group_refusals() {
    local a1 r1
    a1=$(open alice ref-a1)
    r1=$(open root ref-r1)
    api POST /v1/terminations '{"target":{"user":"root"},"in":"1m"}'
    check "user root is refused: 422 invalid" test "$STATUS $(json .error.code)" = "422 invalid"
    note "$(json .error.message)"
    api POST /v1/terminations "{\"target\":{\"sessions\":[\"$r1\"]},\"in\":\"1m\"}"
    check "root's session $r1 is refused: 422 invalid" test "$STATUS $(json .error.code)" = "422 invalid"
    api POST /v1/terminations '{"target":{"sessions":["99999"]},"in":"1m"}'
    check "unknown session 99999 is refused: 422 invalid" test "$STATUS $(json .error.code)" = "422 invalid"
    note "$(json .error.message)"
    api GET "/v1/terminations"
    check "nothing was queued by the refusals" test "$(json .total)" = 0

    # 20 s: the DELETE comes before the due time, even on a loaded machine.
    check "POST user alice in 20s -> 201" schedule '{"target":{"user":"alice"},"in":"20s","notices":["3s"]}'
    sleep 1
    api DELETE "/v1/terminations/$JOB"
    check "DELETE before due -> 200 cancelled" test "$STATUS $(json .state)" = "200 cancelled"
    check "alice's terminal shows the cancellation" retry_for 2 output_has ref-a1 "is cancelled."
    sleep_until $((DUE_MS + 1500))
    check "after the due time, alice's session $a1 lives on" alive "$a1"
    check "her terminal got scheduled then cancelled, no step, no final" \
        notices_are ref-a1 "warn cancelled"
    get_job "$JOB"
    check "still cancelled, no session outcome" test "$(json .state) $(outcome_count)" = "cancelled 0"
    check "audit: scheduled, cancelled" test "$(audit_actions "$JOB")" = "scheduled,cancelled"
    api DELETE "/v1/terminations/$JOB"
    check "cancelling again -> 409 conflict" test "$STATUS $(json .error.code)" = "409 conflict"
}
