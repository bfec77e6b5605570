# lab/e2e group "access". Sourced by lab/e2e, which runs group_access in a container of its own.
# shellcheck shell=bash

connect_refused() {
    local err
    err=$(inside runuser -u "$1" -- curl -sS -v --unix-socket "$SOCK" http://curfew/v1/status 2>&1 >/dev/null) && return 1
    grep -q "Permission denied" <<<"$err"
}

# Who may use the socket: root and group curfew (admins); others cannot even connect at 0660; with
# socket_mode 0666 they connect, and are refused everything but /v1/me.
group_access() {
    local config
    check "the socket is 0660 curfew:curfew" test "$(inside stat -c '%a %U %G' "$SOCK")" = "660 curfew curfew"
    inside usermod -aG curfew carol
    AS=(runuser -u carol --)
    api GET /v1/status
    check "carol (group curfew) reads the status -> 200" test "$STATUS" = 200
    api POST /v1/terminations '{"target":{"user":"bob"},"in":"1h","dry_run":true}'
    check "carol schedules -> 201, recorded as her" test "$STATUS $(json .actor.name)" = "201 carol"
    api DELETE "/v1/terminations/$(json .id)"
    check "carol cancels -> 200" test "$STATUS" = 200
    AS=()
    check "dave (no member) cannot connect: Permission denied" connect_refused dave
    check "alice (no member) cannot connect either" connect_refused alice

    config=$(mktemp)
    sed 's/^socket_mode: .*/socket_mode: "0666"/' "$REPO/config/curfew.yaml" >"$config"
    install -m 0644 "$config" "$("$CONTAINER" root "$NAME")/etc/curfew/curfew.yaml"
    rm -f "$config"
    inside systemctl restart curfewd.service
    check "with socket_mode 0666 the socket is 0666" test "$(inside stat -c '%a' "$SOCK")" = 666
    AS=(runuser -u dave --)
    api GET /v1/status
    check "dave reads the status -> 403 forbidden" test "$STATUS $(json .error.code)" = "403 forbidden"
    api POST /v1/terminations '{"target":{"user":"bob"},"in":"1h"}'
    check "dave schedules -> 403 forbidden" test "$STATUS $(json .error.code)" = "403 forbidden"
    api GET /v1/me
    check "dave reads /v1/me -> 200, as dave" test "$STATUS $(json .user)" = "200 dave"
    AS=()
}
