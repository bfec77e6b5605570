# lab/e2e group "desktop". Sourced by lab/e2e, which runs group_desktop in a container booted from the rootfs layer
# "desktop" (dbus-user-session, python3-dbus, python3-gi: lab/rootfs --layer desktop).
# shellcheck shell=bash

GROUP_LAYER[desktop]=desktop
DESKTOP_DIR=$GROUP_DIR/desktop
NOTIFY_CALLS=/home/alice/notify-calls.jsonl

# A PAM service of the test's own: pam_systemd registers the session with logind as TYPE (x11: a graphical session
# without a display server; unspecified: neither terminal nor desktop, as a service's or a cron job's).
desktop_pam_service() {
    local name=$1 type=$2
    inside sh -c "cat >/etc/pam.d/$name" <<PAM
auth     required pam_permit.so
account  required pam_permit.so
session  required pam_systemd.so type=$type class=user
PAM
}

# Starts a unit running as USER with a PAM session of SERVICE, and prints the id of the logind session it got.
desktop_session() {
    local user=$1 service=$2 unit=$3 pid path
    inside systemd-run --quiet --unit="$unit" -p PAMName="$service" -p User="$user" sleep infinity || return 1
    for _ in $(seq 100); do
        pid=$(inside systemctl show -p MainPID --value "$unit.service")
        if [[ -n $pid && $pid != 0 ]]; then
            path=$(inside busctl call org.freedesktop.login1 /org/freedesktop/login1 \
                org.freedesktop.login1.Manager GetSessionByPID u "$pid" 2>/dev/null | awk '{print $2}' | tr -d '"')
            if [[ -n $path ]]; then
                inside busctl get-property org.freedesktop.login1 "$path" org.freedesktop.login1.Session Id |
                    awk '{print $2}' | tr -d '"'
                return 0
            fi
        fi
        sleep 0.1
    done
    note "no logind session for $unit"
    return 1
}

session_type_is() { test "$(inside loginctl show-session -p Type --value "$1")" = "$2"; }

calls() { inside sh -c "cat $NOTIFY_CALLS 2>/dev/null" || true; }
call_count() { calls | grep -c . || true; }
calls_json() { calls | inside jq -sc "$@"; }

step_body_says_when() { calls_json -r '.[1].body' | grep -q 'This session will be ended at .*, in [0-9]* s\.'; }

# User curfew asks systemd to start a unit its polkit rule does not name.
curfew_may_not_start() {
    ! inside setpriv --reuid=curfew --regid=curfew --init-groups systemctl start --no-ask-password "$1" 2>/dev/null
}

helper_said_shown() {
    inside journalctl -q --no-pager _SYSTEMD_UNIT="curfew-notify@$1.service" _UID="$1" -o cat | grep -q 'shown (notification'
}

# Each notice of a job for a graphical session is a desktop notification on the user's own bus, sent by the helper
# curfewd starts as the user (curfew-notify@UID.service); a session with neither terminal nor desktop is recorded
# unreachable; the graphical session still ends at the due time.
group_desktop() {
    local uid x11 bare
    uid=$(inside id -u alice)
    check "curfew-notify and its unit are installed" \
        inside test -x /usr/local/libexec/curfew/curfew-notify -a -f /usr/local/lib/systemd/system/curfew-notify@.service
    desktop_pam_service curfew-lab-x11 x11
    desktop_pam_service curfew-lab-bare unspecified
    x11=$(desktop_session alice curfew-lab-x11 desk-x11)
    bare=$(desktop_session alice curfew-lab-bare desk-bare)
    note "alice's sessions: $x11 (x11), $bare (no terminal, no desktop)"
    check "logind has $x11 as an x11 session" session_type_is "$x11" x11
    check "logind has $bare as an unspecified session, without a TTY" \
        test "$(inside loginctl show-session -p Type -p TTY --value "$bare" | xargs)" = "unspecified"
    check "alice's user bus is up (/run/user/$uid/bus)" retry_for 10 inside test -S "/run/user/$uid/bus"

    inside install -D -m 0755 /dev/stdin /usr/local/lib/curfew-test/notifyd.py <"$DESKTOP_DIR/notifyd.py"
    inside systemd-run --quiet --unit=desk-notifyd -p User=alice \
        -E DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$uid/bus" \
        /usr/bin/python3 /usr/local/lib/curfew-test/notifyd.py "$NOTIFY_CALLS"
    check "a notification server owns org.freedesktop.Notifications on alice's bus" \
        retry_for 10 inside test -e "$NOTIFY_CALLS.ready"

    # User curfew may start curfew-notify@UID.service and nothing else through systemd (polkit/50-curfew.rules).
    check "polkit: user curfew may not start another unit (ssh.service)" curfew_may_not_start ssh.service

    local reason='<b>offboarding</b> & <a href="x">co</a>'
    local escaped='&lt;b&gt;offboarding&lt;/b&gt; &amp; &lt;a href="x"&gt;co&lt;/a&gt;'
    check "POST user alice in 10s, notice 5s, reason with markup -> 201" \
        schedule "$(inside jq -nc --arg r "$reason" '{target: {user: "alice"}, in: "10s", notices: ["5s"], reason: $r}')"
    check "termination $JOB completes" wait_for_state "$JOB" completed 5
    check "the x11 session $x11 is gone" retry_for 3 gone "$x11"

    check "three Notify calls: scheduled, the 5s step, final" test "$(call_count)" = 3
    note "calls: $(calls_json '[.[] | {summary, urgency}]')"
    check "each from app curfew, with no actions and only the urgency hint" \
        test "$(calls_json '[.[] | select(.app_name == "curfew" and .actions == [] and .hints == ["urgency"])] | length')" = 3
    check "summaries: will be ended (twice), being ended now" \
        test "$(calls_json -r '[.[].summary | sub(" in .*"; "")] | join("|")')" = \
        "This session will be ended|This session will be ended|This session is being ended now"
    check "urgency normal, normal, critical (the last)" test "$(calls_json -r '[.[].urgency | tostring] | join(",")')" = "1,1,2"
    local step_ms final_ms
    step_ms=$(calls_json '.[1].at_ms')
    final_ms=$(calls_json '.[2].at_ms')
    note "Notify calls: the 5s step $((step_ms - (DUE_MS - 5000))) ms after its time, the final $((final_ms - DUE_MS)) ms after the due time"
    check "the step's notification came within 1 s of its time, not before" \
        test "$step_ms" -ge $((DUE_MS - 5000)) -a $((step_ms - (DUE_MS - 5000))) -le "$TOLERANCE_MS"
    check "each body gives the due time and the reason, its markup escaped" \
        test "$(calls_json --arg e "Reason: $escaped" '[.[] | select(.body | contains($e))] | length')" = 3
    check "no body carries markup" test "$(calls_json '[.[] | select(.body | test("<"))] | length')" = 0
    check "the step's body says when" step_body_says_when

    get_job "$JOB"
    note "notices_sent: $(json '[.notices_sent[] | {kind, delivered, deliveries}] | tostring')"
    check "notices_sent: desktop for $x11 in each of the 3 notices" \
        test "$(json "[.notices_sent[].deliveries[] | select(.session_id == \"$x11\") | .delivery] | join(\",\")")" = \
        "desktop,desktop,desktop"
    check "notices_sent: unreachable for $bare, with the reason" \
        test "$(json "[.notices_sent[].deliveries[] | select(.session_id == \"$bare\") | .delivery + \": \" + .detail] | unique | join(\"|\")")" = \
        "unreachable: no way to reach this session: it has neither a terminal nor a desktop"
    check "each notice counts one session reached" test "$(json '[.notices_sent[].delivered] | join(",")')" = "1,1,1"
    local ended_ms
    ended_ms=$(epoch_ms "$(json ".sessions[] | select(.session_id == \"$x11\") | .at")")
    note "$x11 ended $((ended_ms - DUE_MS)) ms after the due time"
    check "the x11 session was terminated at the due time (within 1 s, not before)" \
        test "$(outcome_of "$x11")" = terminated -a "$ended_ms" -ge "$DUE_MS" -a $((ended_ms - DUE_MS)) -le "$TOLERANCE_MS"
    check "the helper ran as alice and said so in the journal" helper_said_shown "$uid"
    check "one run of the helper showed all three: it waited for the next notice instead of exiting" \
        test "$(helper_starts "$uid")" = 1
    check "and waits on, for a notice that may still come" inside systemctl is-active --quiet "curfew-notify@$uid.service"

    # No notification server on bob's bus: the helper's failure is recorded as an error with its reason.
    local b11 buid
    buid=$(inside id -u bob)
    b11=$(desktop_session bob curfew-lab-x11 desk-b11)
    check "bob's user bus is up, with no notification server on it" retry_for 10 inside test -S "/run/user/$buid/bus"
    check "POST user bob in 3s, no notices -> 201" schedule '{"target":{"user":"bob"},"in":"3s","notices":[]}'
    check "termination $JOB completes" wait_for_state "$JOB" completed 8
    get_job "$JOB"
    note "bob's deliveries: $(json '[.notices_sent[] | {kind, deliveries}] | tostring')"
    check "notices_sent: error for $b11, naming the missing notification server" \
        test "$(json "[.notices_sent[].deliveries[] | select(.session_id == \"$b11\") | .delivery + \" \" + (.detail | test(\"^desktop: .*Notify: org.freedesktop.DBus.Error.ServiceUnknown\") | tostring)] | unique | join(\",\")")" = \
        "error true"
    check "the x11 session $b11 still ended at the due time" test "$(outcome_of "$b11")" = terminated

    # A helper waiting for notices does not hold curfewd up when it stops, and ends itself.
    check "systemctl stop curfewd while alice's helper waits" inside systemctl stop curfewd.service
    local took
    took=$(stop_took_ms)
    note "curfewd took $took ms to stop"
    check "curfewd stopped within a second" test "$took" -ge 0 -a "$took" -lt 1000
    check "alice's helper ended by itself, successfully" retry_for 5 helper_ended_ok "$uid"
}

# How often systemd started the helper for uid.
helper_starts() { inside journalctl -q --no-pager -u "curfew-notify@$1.service" -o cat | grep -c '^Started ' || true; }

# The unit is collected once inactive, so systemd's own line says how it ended.
helper_ended_ok() {
    inside journalctl -q --no-pager -u "curfew-notify@$1.service" -o cat | grep -q 'Deactivated successfully'
}
