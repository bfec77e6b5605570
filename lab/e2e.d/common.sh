# Helpers every group of lab/e2e uses: checks, the API over the socket inside, time, sessions and their
# terminals, systemd. Sourced by lab/e2e; NAME is the container of the group that runs.
# shellcheck shell=bash

# --- checks (each group runs in its own subshell with its own counters) -------------------------

passed=0
failed=0

check() {
    local what=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        echo "ok   $what"
    else
        failed=$((failed + 1))
        echo "FAIL $what"
    fi
}

note() { echo "     $*"; }

inside() { "$CONTAINER" exec "$NAME" "$@"; }

# --- the API, over the socket inside the container ----------------------------------------------

# Calls the API with curl inside, as root or as the user in AS; sets STATUS (HTTP code) and BODY.
AS=()
api() {
    local method=$1 path=$2 body=${3:-} out
    local args=(curl -sS --unix-socket "$SOCK" -X "$method" -w '\n%{http_code}')
    if [[ -n $body ]]; then args+=(-H 'Content-Type: application/json' --data-binary "$body"); fi
    out=$(inside "${AS[@]}" "${args[@]}" "http://curfew$path") || return 1
    STATUS=${out##*$'\n'}
    BODY=${out%$'\n'*}
}

# jq runs inside (the rootfs has it): the host may not.
json() { inside jq -r "$1" <<<"$BODY"; }

# POSTs a termination; sets JOB (its id), DUE_MS and CREATED_MS. Fails unless the answer is 201.
schedule() {
    api POST /v1/terminations "$1"
    if [[ $STATUS != 201 ]]; then
        note "POST /v1/terminations answered $STATUS: $BODY"
        return 1
    fi
    JOB=$(json .id)
    DUE_MS=$(epoch_ms "$(json .due_at)")
    CREATED_MS=$(epoch_ms "$(json .created_at)")
}

get_job() { api GET "/v1/terminations/$1" && [[ $STATUS == 200 ]]; }

job_is() { get_job "$1" && [[ $(json .state) == "$2" ]]; }

# Waits for a job to reach STATE, at most SECONDS after its due time.
wait_for_state() {
    local id=$1 state=$2 seconds=$3
    sleep_until $((DUE_MS - 200))
    retry_for "$seconds" job_is "$id" "$state" || {
        note "termination $id is '$(json .state)', not '$state': $BODY"
        return 1
    }
}

# The result recorded for SESSION in the termination last fetched (BODY).
outcome_of() { json ".sessions[] | select(.session_id == \"$1\") | .result"; }

outcome_count() { json '.sessions | length'; }

late_by_at_most() { json ".lateness_seconds != null and .lateness_seconds < $1" | grep -qx true; }

# The audit actions recorded for a termination, oldest first, comma-separated.
audit_actions() {
    api GET "/v1/audit?limit=1000" || return 1
    json "[.entries[] | select(.termination_id == $1) | .action] | reverse | join(\",\")"
}

is_rfc3339() {
    grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$' <<<"$1" || {
        note "not an RFC 3339 UTC time: $1"
        return 1
    }
}

# --- time ---------------------------------------------------------------------------------------

epoch_ms() { date -d "$1" +%s%3N; }

sleep_until() {
    local left=$(($1 - $(now_ms)))
    if ((left > 0)); then sleep "$((left / 1000)).$(printf '%03d' $((left % 1000)))"; fi
}

within() {
    local d=$(($1 - $2)) tolerance=${3:-$TOLERANCE_MS}
    ((d < 0)) && d=$((-d))
    ((d <= tolerance))
}

# --- sessions and what reached their terminals ---------------------------------------------------

open() { "$SESSION" open "$NAME" "$1" "$2"; }

alive() { "$SESSION" alive "$NAME" "$1"; }

gone() { ! alive "$1"; }

output() { "$SESSION" output "$NAME" "$1"; }

# Every curfew notice line that reached UNIT's terminal, as "MILLISECONDS KIND" (journal receive
# times of the ssh client's output). KIND: warn (scheduled or a step), now (final), cancelled.
notices() {
    "$SESSION" output --times "$NAME" "$1" | awk '
        / curfew: this session will be ended at / { kind = "warn" }
        / curfew: this session is being ended now\./ { kind = "now" }
        / curfew: the end of this session .* is cancelled\./ { kind = "cancelled" }
        kind { split($1, t, "."); print t[1] substr(t[2] "000", 1, 3), kind; kind = "" }'
}

# When TEXT first reached UNIT's terminal (ms), from the journal.
line_time() {
    "$SESSION" output --times "$NAME" "$1" |
        awk -v text="$2" 'index($0, text) { split($1, t, "."); print t[1] substr(t[2] "000", 1, 3); exit }'
}

# The ssh client of UNIT saw its session end within the tolerance after DUE, and not before it.
closed_on_time() {
    local unit=$1 due=$2 closed
    closed=$(line_time "$unit" "closed by remote host")
    [[ -n $closed ]] || return 1
    note "$unit: closed $((closed - due)) ms after the due time"
    ((closed >= due)) && within "$closed" "$due"
}

notice_kinds() { notices "$1" | awk '{print $2}' | xargs; }

# UNIT's terminal got exactly these notices, in order ("warn now"); if not, says what it got and its last lines.
# With --first, these are the first it got (more may follow).
notices_are() {
    local first=0 unit want got
    if [[ $1 == --first ]]; then first=1 && shift; fi
    unit=$1 want=$2
    got=$(notice_kinds "$unit")
    [[ $got == "$want" ]] && return 0
    ((first)) && [[ $got == "$want "* ]] && return 0
    note "$unit: notices '$got', not '$want'; its terminal's last lines:"
    output "$unit" | tail -n 6 | sed 's/^/       | /'
    return 1
}

# Each notice of UNIT arrived within the tolerance of the matching expected time (ms), in order.
notices_on_time() {
    local unit=$1 i=0 t kind ok=0
    shift
    local expected=("$@")
    while read -r t kind; do
        if ((i >= ${#expected[@]})) || ! within "$t" "${expected[i]}"; then
            note "$unit: $kind notice at $t, expected ${expected[i]:-none} (±$TOLERANCE_MS ms)"
            ok=1
        else
            note "$unit: $kind notice $((t - expected[i])) ms from its time"
        fi
        i=$((i + 1))
    done < <(notices "$unit")
    ((i == ${#expected[@]})) && ((ok == 0))
}

output_has() { output "$1" | grep -qF -- "$2"; }

no_notice_on() { ! output_has "$1" "curfew"; }

# The raw bytes of UNIT's terminal output (journalctl -a keeps control characters) hold byte HEX.
raw_has_byte() {
    inside journalctl -q -a --no-pager -o cat "_SYSTEMD_UNIT=$1.service" _TRANSPORT=stdout |
        od -An -v -tx1 | tr -s ' ' '\n' | grep -qx "$2"
}

raw_lacks_byte() { ! raw_has_byte "$@"; }

# None of USER's processes is left but the user manager (user@UID.service lingers a few seconds).
no_processes_of() {
    local left
    left=$(inside ps -u "$1" -o comm= | grep -vx -e systemd -e '(sd-pam)' | xargs || true)
    [[ -z $left ]] || { note "$1 still has: $left"; return 1; }
}

scope_gone() { ! inside systemctl is-active --quiet "session-$1.scope"; }

# --- systemd citizenship ------------------------------------------------------------------------

status_text() { inside systemctl show -p StatusText --value curfewd.service; }

status_has() { status_text | grep -qF -- "$1"; }

# Journal lines of curfewd since the cursor in CURSOR, message text only.
journal_since() { inside journalctl -q --no-pager -u curfewd.service -o cat --after-cursor="$CURSOR"; }

journal_mark() { CURSOR=$(inside journalctl -q --no-pager -u curfewd.service -n 1 -o json | inside jq -r .__CURSOR); }

log_has() { journal_since | grep -qF -- "$1"; }

# How long curfewd's last stop took, in ms: systemd's own times from leaving active to inactive, since the
# container's exec around `systemctl stop` is not curfewd's.
stop_took_ms() {
    local exited inactive
    exited=$(inside systemctl show -p ActiveExitTimestampMonotonic --value curfewd.service)
    inactive=$(inside systemctl show -p InactiveEnterTimestampMonotonic --value curfewd.service)
    echo $(((inactive - exited) / 1000))
}

unit_property_is() { test "$(inside systemctl show -p "$1" --value curfewd.service)" = "$2"; }

# NRestarts counts a restart once it is queued; the new process is ready only when the unit is
# active again (READY=1).
restarted_more_than() {
    test "$(inside systemctl show -p NRestarts --value curfewd.service)" -gt "$1" &&
        inside systemctl is-active --quiet curfewd.service
}

install_config() {
    install -m 0644 "$1" "$("$CONTAINER" root "$NAME")/etc/curfew/curfew.yaml"
}

# --- standing policies (the policies-* groups) ---------------------------------------------------

# Installs the shipped configuration with these policies (YAML list items, one per line) and reloads.
use_policies() {
    local config
    config=$(mktemp)
    { grep -v '^policies:' "$REPO/config/curfew.yaml"; printf 'policies:\n%s\n' "$1"; } >"$config"
    install_config "$config"
    rm -f "$config"
    inside systemctl reload curfewd.service
}

# Sets JOB and DUE_MS to the termination POLICY queued for session SID, once there is one.
find_policy_job() {
    api GET "/v1/terminations?limit=1000" || return 1
    JOB=$(json "[.terminations[] | select(.actor.name == \"policy $2\") |
        select([.target.sessions[]?.id] | index(\"$1\"))] | first | .id // empty")
    [[ -n $JOB ]] || return 1
    get_job "$JOB" && DUE_MS=$(epoch_ms "$(json .due_at)")
}

policy_job_of() { retry_for "${3:-30}" find_policy_job "$1" "$2"; }

# The audit entries of termination JOB were all made by curfewd or POLICY: "scheduled,fired,...".
policy_audit_is() {
    local actions
    api GET "/v1/audit?limit=1000" || return 1
    actions=$(json "[.entries[] | select(.termination_id == $1) | .action] | reverse | join(\",\")")
    [[ $actions == "$3" ]] || { note "audit of $1: $actions"; return 1; }
    json "[.entries[] | select(.termination_id == $1 and .action == \"scheduled\") | .actor.name] | first" |
        grep -qx "policy $2"
}

# An event of TYPE about termination JOB names POLICY as its actor.
policy_event_has() {
    BODY=$(inside curl -sS --unix-socket "$SOCK" -H 'Accept: application/json' \
        "http://curfew/v1/events?since=0&limit=1000&type=$3")
    json "[.events[] | select(.termination_id == $1) | .details.actor.name // \"\"] | first" | grep -qx "policy $2"
}

# Opens USER's ssh session in unit UNIT from source address FROM (127.0.0.2...), its input fed from a FIFO
# when TYPING is set ("type" into it with type_into UNIT); prints the session id.
open_from() {
    local user=$1 unit=$2 from=$3 typing=${4:-}
    local remote='echo SID=$XDG_SESSION_ID; exec sleep infinity' input=/dev/null
    if [[ -n $typing ]]; then
        inside mkfifo "/run/$unit.in"
        # A writer that never closes it, so the ssh client never sees the end of its input.
        inside systemd-run --quiet --collect --unit="$unit-keep" sh -c "exec sleep infinity >/run/$unit.in"
        remote='echo SID=$XDG_SESSION_ID; exec cat >/dev/null'
        input=/run/$unit.in
    fi
    # shellcheck disable=SC2016 # $XDG_SESSION_ID is for the remote shell
    inside systemd-run --quiet --collect --unit="$unit" sh -c "exec ssh -tt -b $from -i $LAB_SSH_KEY \
        -o BatchMode=yes -o StrictHostKeyChecking=no $user@127.0.0.1 '$remote' <$input"
    session_id_of "$unit"
}

# Waits (at most 10 s) for the "SID=..." line the remote shell of UNIT prints, and prints the session id.
session_id_of() {
    local unit=$1 sid i
    for i in $(seq 200); do
        sid=$(output "$unit" | sed -n 's/^SID=\([0-9a-z]*\).*/\1/p' | head -n 1)
        if [[ -n $sid ]]; then
            echo "$sid"
            return 0
        fi
        sleep 0.05
    done
    note "no session id from $unit: $(output "$unit")"
    return 1
}

# Types a line into UNIT's session (opened by open_from with TYPING); fails rather than waits when nothing reads it.
type_into() { inside timeout 5 sh -c "echo '$2' >/run/$1.in"; }
