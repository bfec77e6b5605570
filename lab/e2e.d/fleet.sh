# lab/e2e group "fleet". Sourced by lab/e2e, which runs group_fleet with start_fleet, install_fleet and
# cleanup_fleet: three containers as fleet hosts, one PostgreSQL on the host for all of them.
# shellcheck shell=bash

# Fleet mode across hosts: lab-a and lab-b carry the label students, lab-c carries staff. The containers have only
# loopback (--private-network), so the fleet's PostgreSQL runs on the host as scripts/with-postgres starts one, but
# listening on a Unix socket only, in a folder bound read-only into each container at /run/fleetdb; curfewd reaches
# it as libpq would, with `host` a folder (fleet.database postgresql://curfew@/curfew?host=/run/fleetdb), through
# the stock unit (RestrictAddressFamilies=AF_UNIX, PrivateNetwork=yes: no drop-in needed). The role curfew logs in
# with its password (scram-sha-256, also over the socket) from fleet.password_file, a file of user curfew's, mode
# 0600: trust would let any local user of a container (alice) write fleet jobs, and peer cannot work, since the
# server on the host does not know the containers' users.

FLEET_DB=""
FLEET_PG=""
# What start_fleet and install_fleet run in the background, stopped first by cleanup_fleet on an early exit.
FLEET_PIDS=()
FLEET_HOSTS=()
declare -A FLEET_ID=()

# The container of fleet host ID (lab-a is NAME, the one lab/e2e knows).
fleet_container() {
    local c
    for c in "${FLEET_HOSTS[@]}"; do [[ ${FLEET_ID[$c]} != "$1" ]] || { echo "$c"; return 0; }; done
    return 1
}

# Runs CMD in the container of fleet host ID.
on_host() {
    local c
    c=$(fleet_container "$1")
    shift
    "$CONTAINER" exec "$c" "$@"
}

# Runs a helper of common.sh (which work on NAME) on fleet host ID.
as_host() {
    local NAME
    NAME=$(fleet_container "$1")
    shift
    "$@"
}

# The folders first: the containers bind the socket's before the server has made it.
fleet_db_prepare() {
    FLEET_PG=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [[ -n $FLEET_PG ]] || die "no PostgreSQL server on this host; run scripts/install-deps"
    FLEET_DB=$(mktemp -d /tmp/curfew-fleet.XXXXXX)
    mkdir "$FLEET_DB/socket"
    # The containers' user curfew reaches the socket through the folders; the server needs no TCP at all.
    chmod 0755 "$FLEET_DB" "$FLEET_DB/socket"
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$FLEET_DB/password"
    chmod 0600 "$FLEET_DB/password"
    chown postgres: "$FLEET_DB" "$FLEET_DB/socket" "$FLEET_DB/password"
}

fleet_db_start() {
    runuser -u postgres -- "$FLEET_PG/initdb" -D "$FLEET_DB/data" -U curfew --pwfile="$FLEET_DB/password" \
        --auth-local=scram-sha-256 --auth-host=reject --no-sync -E UTF8 >"$FLEET_DB/initdb.log" 2>&1 ||
        { cat "$FLEET_DB/initdb.log" >&2; return 1; }
    cat >>"$FLEET_DB/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$FLEET_DB/socket'
fsync = off
EOF
    runuser -u postgres -- "$FLEET_PG/pg_ctl" -D "$FLEET_DB/data" -w -l "$FLEET_DB/server.log" start >/dev/null ||
        { cat "$FLEET_DB/server.log" >&2; return 1; }
    PGPASSWORD=$(<"$FLEET_DB/password") "$FLEET_PG/createdb" -h "$FLEET_DB/socket" -U curfew curfew
}

fleet_db_stop() {
    [[ -n $FLEET_DB && -d $FLEET_DB ]] || return 0
    if [[ -f $FLEET_DB/data/postmaster.pid ]]; then
        runuser -u postgres -- "$FLEET_PG/pg_ctl" -D "$FLEET_DB/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$FLEET_DB"
}

# The database and the three containers at once, each with the socket's folder bound in.
start_fleet() {
    local c rc=0 pid
    FLEET_HOSTS=("$NAME" "$NAME-b" "$NAME-c")
    FLEET_ID=([$NAME]=lab-a [$NAME-b]=lab-b [$NAME-c]=lab-c)
    fleet_db_prepare
    fleet_db_start &
    FLEET_PIDS=("$!")
    for c in "${FLEET_HOSTS[@]}"; do
        "$CONTAINER" start "$c" --bind-ro "$FLEET_DB/socket:/run/fleetdb" &
        FLEET_PIDS+=("$!")
    done
    for pid in "${FLEET_PIDS[@]}"; do wait "$pid" || rc=1; done
    FLEET_PIDS=()
    ((rc == 0)) || die "the fleet's PostgreSQL did not start or a fleet host did not boot"
}

# curfew on each, with the shipped configuration plus fleet: (host id, label, a 2 s poll) and the password file.
install_fleet() {
    local c labels rc=0 pid
    for c in "${FLEET_HOSTS[@]}"; do
        labels=students
        [[ ${FLEET_ID[$c]} != lab-c ]] || labels=staff
        fleet_install_host "$c" "${FLEET_ID[$c]}" "$labels" &
        FLEET_PIDS+=("$!")
    done
    for pid in "${FLEET_PIDS[@]}"; do wait "$pid" || rc=1; done
    FLEET_PIDS=()
    ((rc == 0)) || die "curfew did not start on every fleet host"
}

fleet_install_host() {
    local c=$1 id=$2 labels=$3 config root
    config=$(mktemp)
    cat "$REPO/config/curfew.yaml" - >"$config" <<EOF
fleet:
  database: postgresql://curfew@/curfew?host=/run/fleetdb
  password_file: /etc/curfew/fleet-password
  host_id: $id
  labels: [$labels]
  poll: 2s
EOF
    "$INSTALL" "$c" --bin "$BIN" --config "$config" --no-start
    rm -f "$config"
    root=$("$CONTAINER" root "$c")
    install -m 0600 -o "$("$CONTAINER" exec "$c" id -u curfew)" -g "$("$CONTAINER" exec "$c" id -g curfew)" \
        "$FLEET_DB/password" "$root/etc/curfew/fleet-password"
    "$CONTAINER" exec "$c" systemctl start curfewd.service ||
        { "$CONTAINER" exec "$c" journalctl -u curfewd.service --no-pager -n 20 >&2; return 1; }
}

cleanup_fleet() {
    local c pid
    # A container still booting cleans itself up on SIGTERM (lab/container's own trap).
    for pid in "${FLEET_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${FLEET_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    for c in "${FLEET_HOSTS[@]:1}"; do
        if ((failed)) && "$CONTAINER" leader "$c" >/dev/null 2>&1; then
            echo "--- curfewd's journal on ${FLEET_ID[$c]}:"
            "$CONTAINER" exec "$c" journalctl -u curfewd.service --no-pager -n 30 -o short-precise 2>&1 || true
        fi
        "$CONTAINER" stop "$c" || true
    done
    fleet_db_stop
}

# --- fleet jobs as curfewctl on lab-a shows them (BODY: the JSON reply) -----------------------------------------

fleetctl() { BODY=$(inside curfewctl "$@" --json) || { note "curfewctl $*: $BODY"; return 1; }; }

# Writes a fleet job from lab-a; sets FJOB, DUE_MS and CREATED_MS.
fleet_schedule() {
    fleetctl terminate --user alice --fleet "$@" || return 1
    FJOB=$(json .id)
    DUE_MS=$(epoch_ms "$(json .due_at)")
    CREATED_MS=$(epoch_ms "$(json .created_at)")
}

# The report states of fleet job FJOB, "host:state" sorted, with hosts not yet armed as "host:waiting".
fleet_states() {
    fleetctl fleet show "$1" || return 1
    json '[(.reports // [])[] | "\(.host):\(.state)"] + [(.waiting // [])[] | "\(.):waiting"] | sort | join(" ")'
}

fleet_states_are() {
    local got
    got=$(fleet_states "$1") || return 1
    [[ $got == "$2" ]] || { FLEET_LAST=$got; return 1; }
}

# Waits at most SECONDS for fleet job ID's reports to be exactly STATES; says what they were if not.
wait_for_fleet() {
    FLEET_LAST=""
    retry_for "$3" fleet_states_are "$1" "$2" || { note "fleet job $1: '$FLEET_LAST', not '$2'"; return 1; }
}

# Fleet job ID as a whole (its rollup from the hosts' reports) is STATE.
fleet_rollup_is() {
    fleetctl fleet show "$1" || return 1
    [[ $(json .rollup) == "$2" ]] || { note "fleet job $1: $(json .summary), not $2"; return 1; }
}

# The fleet's central audit holds, for fleet job ID, exactly COUNT rows "HOST ACTION".
fleet_audited() {
    local rows
    fleetctl fleet audit --job "$1" || return 1
    rows=$(json '.entries[] | "\(.host) \(.action)"')
    [[ $(grep -cx "$2" <<<"$rows") == "$3" ]] || { note "fleet audit of $1: $(tr '\n' ',' <<<"$rows")"; return 1; }
}

fleet_hosts_are() { inside curfewctl fleet hosts --json | inside jq -r '[.hosts[].id] | join(" ")' | grep -qx "$1"; }

fleet_connected() { on_host "$1" curfewctl fleet status | grep -q '^connection: connected'; }

# Host ID's own termination for fleet job FJOB (from its report) is in STATE there.
local_state_is() {
    local tid
    fleetctl fleet show "$FJOB" || return 1
    tid=$(json ".reports[] | select(.host == \"$1\") | .termination_id // empty")
    [[ -n $tid ]] || { note "$1 reports no termination of its own for $FJOB"; return 1; }
    BODY=$(on_host "$1" curl -sS --unix-socket "$SOCK" "http://curfew/v1/terminations/$tid")
    [[ $(json .state) == "$2" ]] || { note "$1's termination $tid is '$(json .state)', not '$2'"; return 1; }
}

no_local_jobs_on() {
    BODY=$(on_host "$1" curl -sS --unix-socket "$SOCK" "http://curfew/v1/terminations?limit=100")
    [[ $(json '.terminations | length') == 0 ]] || { note "$1 has terminations: $BODY"; return 1; }
}

# Fleet job FJOB's report of HOST: fired, its outcome for session SID ended, and late by MIN to MAX seconds.
fired_late_by() {
    local host=$1 sid=$2 min=$3 max=$4 late result
    fleetctl fleet show "$FJOB" || return 1
    late=$(json ".reports[] | select(.host == \"$host\") | .late_seconds // \"none\"")
    result=$(json ".reports[] | select(.host == \"$host\") | .sessions[] | select(.session_id == \"$sid\") | .result")
    note "$host: late $late s, session $sid: $result"
    [[ $result == terminated ]] && [[ $late != none ]] &&
        awk -v l="$late" -v a="$min" -v b="$max" 'BEGIN { exit !(l >= a && l <= b) }'
}


group_fleet() {
    local a b c cancelled
    check "every host joined the fleet: lab-a lab-b lab-c" retry_for 20 fleet_hosts_are "lab-a lab-b lab-c"
    for host in lab-a lab-b lab-c; do
        check "$host is connected over the Unix socket" retry_for 10 fleet_connected "$host"
    done
    a=$(as_host lab-a open alice fl-a)
    b=$(as_host lab-b open alice fl-b)
    c=$(as_host lab-c open alice fl-c)
    note "alice's sessions: $a on lab-a, $b on lab-b, $c on lab-c"

    # Cancel: armed on both hosts with the label, then cancelled from lab-a, and each host says so to alice.
    check "a fleet job for label students in 10 min is written" \
        fleet_schedule --in 10m --label students --reason "lab: cancel"
    cancelled=$FJOB
    check "it is armed on lab-a and lab-b, lab-c is not in scope" wait_for_fleet "$FJOB" "lab-a:armed lab-b:armed" 15
    check "lab-b holds it as a termination of its own" local_state_is lab-b scheduled
    check "curfewctl fleet cancel" fleetctl fleet cancel "$FJOB"
    check "the cancel reaches both hosts" wait_for_fleet "$FJOB" "lab-a:cancelled lab-b:cancelled" 15
    check "lab-b's own termination is cancelled" local_state_is lab-b cancelled
    check "alice on lab-a was told it was scheduled, then cancelled" notices_are fl-a "warn cancelled"
    check "alice on lab-b likewise" as_host lab-b notices_are fl-b "warn cancelled"

    # Firing: armed on both, lab-b's curfewd stopped before the due time; lab-a fires on time, lab-b on its return.
    check "a fleet job for label students in 20 s with a 5 s notice is written" \
        fleet_schedule --in 20s --notice 5s --label students --reason "lab: offboarding"
    check "it is armed on lab-a and lab-b" wait_for_fleet "$FJOB" "lab-a:armed lab-b:armed" 10
    check "curfewd on lab-b is stopped before the due time" on_host lab-b systemctl stop curfewd.service
    sleep_until $((DUE_MS + 1000))
    check "alice's session on lab-a is gone" retry_for 3 gone "$a"
    check "it closed on time" closed_on_time fl-a "$DUE_MS"
    check "alice on lab-a got the notices: scheduled, 5 s, now" notices_are fl-a "warn cancelled warn warn now"
    check "alice's session on lab-b is still there while its curfewd is down" \
        as_host lab-b alive "$b"
    sleep 2
    check "curfewd on lab-b starts again" on_host lab-b systemctl start curfewd.service
    check "lab-b fires it on its return: alice's session there is gone" \
        as_host lab-b retry_for 10 gone "$b"
    check "alice on lab-b got the notice at arming, and the final one when it fired late" \
        as_host lab-b notices_are fl-b "warn cancelled warn now"
    check "both hosts report it completed" wait_for_fleet "$FJOB" "lab-a:completed lab-b:completed" 15
    check "lab-a fired it within 1 s, alice's session terminated" fired_late_by lab-a "$a" 0 1
    check "lab-b reports it late (3 s or more), alice's session terminated" fired_late_by lab-b "$b" 3 30
    check "as a whole it is completed" fleet_rollup_is "$FJOB" completed
    check "the central audit has lab-b's completed report once" fleet_audited "$FJOB" "lab-b report-completed" 1
    check "and the job written from lab-a" fleet_audited "$FJOB" "lab-a scheduled" 1
    inside curfewctl fleet show "$FJOB" | sed 's/^/       | /'

    # lab-c carries only the label staff: nothing reached it.
    check "lab-c has no termination at all" no_local_jobs_on lab-c
    check "alice's session on lab-c is untouched" as_host lab-c alive "$c"
    check "and got no notice" as_host lab-c no_notice_on fl-c
    check "the cancelled job stays cancelled on both hosts" \
        wait_for_fleet "$cancelled" "lab-a:cancelled lab-b:cancelled" 1
    check "and as a whole it is cancelled" fleet_rollup_is "$cancelled" cancelled
}
