# lab/e2e group "restart". Sourced by lab/e2e, which runs group_restart in a container of its own.
# shellcheck shell=bash

home_hidden_from() { ! inside nsenter -t "$1" -m ls /home/alice >/dev/null 2>&1; }

main_pid() { inside systemctl show -p MainPID --value curfewd.service; }

restarted_after_kill() {
    [[ $(inside systemctl show -p NRestarts --value curfewd.service) == 1 ]] &&
        inside systemctl is-active --quiet curfewd.service
}

# The queue survives `systemctl restart` and kill -9 (Restart=on-failure): jobs fire on time.
group_restart() {
    local a1 b1 job1 due1 created1 pid
    a1=$(open alice rst-a1)
    b1=$(open bob rst-b1)
    # 30 s and 25 s: the restart, the kill and systemd's restart (RestartSec=1s) all come before the due times, even
    # when each step takes seconds on a loaded machine.
    check "POST user alice in 30s, notice 4s -> 201" \
        schedule '{"target":{"user":"alice"},"in":"30s","notices":["4s"]}'
    job1=$JOB due1=$DUE_MS created1=$CREATED_MS
    sleep 1
    check "systemctl restart curfewd (returns once READY again)" inside systemctl restart curfewd.service
    check "POST user bob in 25s -> 201" schedule '{"target":{"user":"bob"},"in":"25s"}'
    sleep 1
    pid=$(main_pid)
    inside kill -KILL "$pid"
    note "killed curfewd (pid $pid) with SIGKILL"
    check "systemd restarts curfewd after kill -9" retry_for 5 restarted_after_kill
    check "curfewd runs as a new process" test "$(main_pid)" != "$pid"
    check "alice's termination $job1 completes" wait_for_state "$job1" completed 5
    check "it fired less than 1 s late" late_by_at_most 1
    check "alice's session $a1 is gone" retry_for 2 gone "$a1"
    check "alice's 4s notice, sent after the restarts, came on time" \
        notices_on_time rst-a1 "$created1" $((due1 - 4000)) "$due1"
    check "bob's termination $JOB completes" wait_for_state "$JOB" completed 5
    check "it fired less than 1 s late" late_by_at_most 1
    check "bob's session $b1 is gone" retry_for 2 gone "$b1"
}
