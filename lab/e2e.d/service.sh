# lab/e2e group "service". Sourced by lab/e2e, which runs group_service in a container of its own.
# shellcheck shell=bash

# The unit: verify, notify, directories, what the running process may do, a clean stop.
group_service() {
    local pid status score uid
    check "systemd-analyze verify curfewd.service" \
        inside systemd-analyze verify /usr/local/lib/systemd/system/curfewd.service
    check "Type=notify" test "$(inside systemctl show -p Type --value curfewd.service)" = notify
    status=$(inside systemctl show -p StatusText --value curfewd.service)
    check "STATUS is shown: '$status'" grep -q pending <<<"$status"
    check "/var/lib/curfew is 0700 curfew" test "$(inside stat -c '%a %U' /var/lib/curfew)" = "700 curfew"
    check "/run/curfew is 0755 curfew" test "$(inside stat -c '%a %U' /run/curfew)" = "755 curfew"
    check "the queue is 0600" test "$(inside stat -c '%a' /var/lib/curfew/curfew.sqlite)" = 600
    pid=$(main_pid)
    status=$(inside cat "/proc/$pid/status")
    uid=$(inside id -u curfew)
    check "curfewd runs as user curfew ($uid), not root" grep -qx $'Uid:\t'"$uid"$'\t'"$uid"$'\t'"$uid"$'\t'"$uid" <<<"$status"
    check "curfewd may write to terminals through group tty" grep -qw "$(inside getent group tty | cut -d: -f3)" \
        <<<"$(grep '^Groups:' <<<"$status")"
    check "curfewd has no capability at all" grep -qx $'CapBnd:\t0000000000000000' <<<"$status"
    check "NoNewPrivs is set" grep -qx $'NoNewPrivs:\t1' <<<"$status"
    check "a seccomp filter is on" grep -qx $'Seccomp:\t2' <<<"$status"
    check "/home is out of curfewd's reach (ProtectHome)" home_hidden_from "$pid"
    score=$(inside systemd-analyze security --no-pager curfewd.service | sed -n 's/.*Overall exposure level for curfewd.service: //p')
    note "systemd-analyze security: $score"
    check "exposure level at most 1.5" awk -v s="${score%% *}" 'BEGIN { exit !(s <= 1.5) }'
    inside systemctl restart curfewd.service
    check "right after systemctl restart returns, the API answers" api GET /v1/status
    if inside test -x /usr/local/bin/curfewctl; then
        check "curfewctl status answers through the socket" inside curfewctl status
    fi
    check "systemctl stop: clean exit" inside systemctl stop curfewd.service
    check "stopped with Result=success" test "$(inside systemctl show -p Result --value curfewd.service)" = success
    check "the runtime directory stays for curfewd.socket (RuntimeDirectoryPreserve)" inside test -d /run/curfew
    check "and the socket file is gone with curfewd" inside test ! -e "$SOCK"
    check "starts and stops logged nothing at warning or worse" \
        test -z "$(inside journalctl -q --no-pager -u curfewd.service -p warning -o cat)"
}
