# lab/e2e group "events". Sourced by lab/e2e, which runs group_events in a container of its own.
# shellcheck shell=bash

HOOK_SECRET=lab-webhook-secret
# Inside: what the receiver recorded, one .head (delivery id, type, event id, signature, status) and
# one .body per request.
HOOK_DIR=/var/lib/hook

# A webhook receiver in bash, started by systemd per connection (hook.socket, Accept=yes): the rootfs
# has no python. It answers 500 while $HOOK_DIR/fail exists, else 200.
hook_receiver_script() {
    cat <<'SCRIPT'
#!/bin/bash
set -u
dir=/var/lib/hook
mkdir -p "$dir"
declare -A header=()
read -r _request
while IFS= read -r line; do
    line=${line%$'\r'}
    [[ -z $line ]] && break
    name=${line%%:*}
    header[${name,,}]=${line#*: }
done
n=$(date +%s%N)-$$
head -c "${header[content-length]:-0}" >"$dir/$n.body"
status=200
[[ -e $dir/fail ]] && status=500
printf '%s\n' "${header[curfew-delivery]:-}" "${header[curfew-event]:-}" "${header[curfew-event-id]:-}" \
    "${header[curfew-signature]:-}" "$status" >"$dir/$n.head"
printf 'HTTP/1.1 %s Hook\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' "$status"
SCRIPT
}

hook_setup() {
    local root config
    root=$("$CONTAINER" root "$NAME")
    hook_receiver_script | install -m 0755 /dev/stdin "$root/usr/local/bin/hook-receiver"
    printf '[Socket]\nListenStream=127.0.0.1:8088\nAccept=yes\n' >"$root/etc/systemd/system/hook.socket"
    printf '[Service]\nExecStart=/usr/local/bin/hook-receiver\nStandardInput=socket\nStandardOutput=socket\n' \
        >"$root/etc/systemd/system/hook@.service"
    install -D -m 0644 "$REPO/systemd/webhooks.conf" "$root/etc/systemd/system/curfewd.service.d/webhooks.conf"
    # Readable by root and curfewd (user curfew) only.
    printf '%s\n' "$HOOK_SECRET" | install -m 0640 /dev/stdin "$root/etc/curfew/hook.secret"
    inside chgrp curfew /etc/curfew/hook.secret
    config=$(mktemp)
    sed 's|^webhooks: \[\]$|webhooks: [{url: "http://127.0.0.1:8088/hook", secret_file: /etc/curfew/hook.secret}]|' \
        "$REPO/config/curfew.yaml" >"$config"
    grep -q '^webhooks: \[{url' "$config"
    install -m 0644 "$config" "$root/etc/curfew/curfew.yaml"
    rm -f "$config"
    inside mkdir -p "$HOOK_DIR"
    inside systemctl daemon-reload
    inside systemctl start hook.socket
    inside systemctl restart curfewd.service
}

# Every request the receiver recorded, oldest first: "delivery type event-id status signature-ok".
hook_requests() {
    local root head body delivery type id signature status t v1 expected
    root=$("$CONTAINER" root "$NAME")
    for head in "$root$HOOK_DIR"/*.head; do
        [[ -e $head ]] || continue # no request yet
        body=${head%.head}.body
        { read -r delivery; read -r type; read -r id; read -r signature; read -r status; } <"$head"
        t=${signature#t=}
        t=${t%%,*}
        v1=${signature##*v1=}
        expected=$( { printf '%s.' "$t"; cat "$body"; } | openssl dgst -sha256 -hmac "$HOOK_SECRET" -r | cut -d' ' -f1)
        echo "$delivery $type $id $status $([[ $expected == "$v1" ]] && echo signed || echo BAD)"
    done
}

# The ids of every event, oldest first, as the API lists them.
event_ids() {
    inside jq -r '[.events[].id] | join(" ")' <<<"$(inside curl -sS --unix-socket "$SOCK" \
        -H 'Accept: application/json' 'http://curfew/v1/events?since=0&limit=1000')"
}

# The event ids the receiver accepted (200), in the order it got them.
hook_accepted_ids() { hook_requests | awk '$4 == 200 {print $3}' | xargs; }

hook_delivered_all() { [[ $(hook_accepted_ids) == "$(event_ids)" ]]; }

hook_status_error() {
    api GET /v1/status && [[ $(json '.webhooks[0].last_error // ""') == *"$1"* ]]
}

follow_ids() {
    inside jq -r '.id' /var/tmp/follow.out 2>/dev/null | xargs
}

follow_has_all() { [[ $(follow_ids) == "$(event_ids)" ]]; }

all_signed() { ! hook_requests | grep -q BAD; }

no_secret_in() { ! grep -qF "$HOOK_SECRET" <<<"$1"; }

# curl reads the stream for 2 s: Server-Sent Events with an id: line per event.
sse_has_ids() {
    local n
    n=$(inside curl -sS -N --max-time 2 --unix-socket "$SOCK" -H 'Accept: text/event-stream' \
        'http://curfew/v1/events?since=0' 2>/dev/null | grep -c '^id: ' || true)
    ((n >= $1))
}

group_events() {
    local ids deliveries
    hook_setup
    check "curfewd runs with a webhook configured" inside systemctl is-active --quiet curfewd.service
    inside systemd-run --quiet --unit=events-follow -p StandardOutput=file:/var/tmp/follow.out \
        -p StandardError=file:/var/tmp/follow.err /usr/local/bin/curfewctl events --follow --json --since 0

    inside touch "$HOOK_DIR/fail"
    check "POST user alice in 1h -> 201" schedule '{"target":{"user":"alice"},"in":"1h","reason":"events"}'
    api DELETE "/v1/terminations/$JOB"
    check "DELETE /v1/terminations/$JOB -> 200" test "$STATUS" = 200
    check "the receiver answers 500: GET /v1/status shows it as the webhook's last error" \
        retry_for 10 hook_status_error "HTTP 500"

    inside systemctl stop hook.socket
    check "the receiver is gone: the retry is refused" retry_for 20 hook_status_error "refused"
    inside systemctl restart curfewd.service
    check "curfewd restarted meanwhile" inside systemctl is-active --quiet curfewd.service
    check "POST user bob in 2h after the restart -> 201" schedule '{"target":{"user":"bob"},"in":"2h"}'

    inside rm -f "$HOOK_DIR/fail"
    inside systemctl start hook.socket
    check "the receiver is back: every event arrives, in id order" retry_for 60 hook_delivered_all
    ids=$(event_ids)
    note "events: $ids; receiver accepted: $(hook_accepted_ids)"
    deliveries=$(hook_requests | awk '$4 == 200 {print $1}' | sort -u | wc -l)
    check "one accepted delivery id per event ($deliveries)" test "$deliveries" = "$(wc -w <<<"$ids")"
    check "every request was signed with the secret" all_signed
    check "the 500 and its retry carried the same delivery id" \
        test "$(hook_requests | awk 'NR == 1 {print $1}')" = "$(hook_requests | awk '$4 == 200 {print $1; exit}')"
    api GET /v1/status
    check "GET /v1/status: nothing pending, none failed, a last success" \
        test "$(json '.webhooks[0] | "\(.pending) \(.failed) \(.last_success_at != null)"')" = "0 0 true"
    check "the secret is in no reply of /v1/status" no_secret_in "$BODY"

    check "curfewctl events --follow saw every event once, across the restart" retry_for 10 follow_has_all
    note "followed: $(follow_ids)"
    inside systemctl stop events-follow.service || true
    check "curl -N gets Server-Sent Events, an id: line per event" sse_has_ids "$(wc -w <<<"$ids")"
}
