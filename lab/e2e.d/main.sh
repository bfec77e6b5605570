# lab/e2e group "main". Sourced by lab/e2e, which runs group_main in a container of its own.
# shellcheck shell=bash

# Terminate user alice in 20 s with notices 10s,5s: every notice on time on both her terminals, both
# sessions and their processes gone at the due time, bob untouched, outcomes and audit recorded.
group_main() {
    local a1 a2 b1 sid unit
    a1=$(open alice main-a1)
    a2=$(open alice main-a2)
    b1=$(open bob main-b1)
    note "sessions: alice $a1 $a2, bob $b1"
    check "POST user alice in 20s, notices 10s,5s -> 201" \
        schedule '{"target":{"user":"alice"},"in":"20s","notices":["10s","5s"],"reason":"end of shift"}'
    check "the reply echoes the plan" test "$(json '.notices | join(",")')" = "10s,5s"
    check "the next notice is due 10 s before the due time" \
        test "$(epoch_ms "$(json .next_notice_at)")" = $((DUE_MS - 10000))
    check "termination $JOB completes" wait_for_state "$JOB" completed 5
    for unit in main-a1 main-a2; do
        check "$unit shows scheduled, 10s, 5s and final notices in order" \
            notices_are "$unit" "warn warn warn now"
        check "$unit: each notice within 1 s of its time" \
            notices_on_time "$unit" "$CREATED_MS" $((DUE_MS - 10000)) $((DUE_MS - 5000)) "$DUE_MS"
        check "$unit shows the reason" output_has "$unit" "Reason: end of shift"
        check "$unit: the ssh client saw the connection closed" \
            retry_for 2 output_has "$unit" "Connection to 127.0.0.1 closed by remote host."
        check "$unit: closed at the due time, not before, within 1 s" closed_on_time "$unit" "$DUE_MS"
    done
    for sid in "$a1" "$a2"; do
        check "alice's session $sid is gone" retry_for 2 gone "$sid"
        check "the scope of session $sid is gone" retry_for 2 scope_gone "$sid"
    done
    check "alice has no processes left but her user manager" retry_for 3 no_processes_of alice
    check "bob's session $b1 lives on" alive "$b1"
    check "bob's terminal got no notice" no_notice_on main-b1
    get_job "$JOB"
    check "fired less than 1 s late" late_by_at_most 1
    check "two outcomes recorded" test "$(outcome_count)" = 2
    for sid in "$a1" "$a2"; do
        check "outcome of $sid is terminated" test "$(outcome_of "$sid")" = terminated
    done
    check "audit: scheduled, fired, session-terminated x2, completed" \
        test "$(audit_actions "$JOB")" = "scheduled,fired,session-terminated,session-terminated,completed"
}
