# lab/e2e group "activation". Sourced by lab/e2e, which runs group_activation in a container of its own.
# shellcheck shell=bash

# curfewd.socket holds the API socket: a request to a stopped curfewd starts it and is answered.
group_activation() {
    inside systemctl stop curfewd.service
    check "systemd-analyze verify curfewd.socket" \
        inside systemd-analyze verify /usr/local/lib/systemd/system/curfewd.socket
    check "curfewd.socket starts" inside systemctl enable --now --quiet curfewd.socket
    check "the socket is 0660 root:curfew (from the socket unit)" \
        test "$(inside stat -c '%a %U %G' "$SOCK")" = "660 root curfew"
    check "curfewd is not running yet" test "$(inside systemctl is-active curfewd.service)" != active
    check "curfewctl status is answered" inside curfewctl status
    check "and curfewd is now running" inside systemctl is-active --quiet curfewd.service
    check "it says it was socket activated" inside sh -c \
        "journalctl -q --no-pager -u curfewd.service -o cat | grep -q 'socket activated'"
    schedule '{"target":{"user":"bob"},"in":"1h","dry_run":true}'
    check "a job is scheduled through the passed socket" test "$STATUS" = 201
    check "systemctl restart curfewd keeps the socket" inside systemctl restart curfewd.service
    check "the same socket file is there" inside test -S "$SOCK"
    api GET "/v1/terminations/$JOB"
    check "and answers after the restart, the job still there" test "$STATUS $(json .state)" = "200 scheduled"
    inside systemctl stop curfewd.service
    check "after stopping the service the socket stays" inside test -S "$SOCK"
    api GET /v1/status
    check "and the next request starts curfewd again" test "$STATUS" = 200
}
