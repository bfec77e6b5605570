# lab/e2e group "gate". Sourced by lab/e2e, which runs group_gate in a container of its own.
# shellcheck shell=bash

# The PAM login gate with the real sshd PAM stack, installed by the project's own scripts/install --pam.

# curfew as lab/install-curfew puts it, then the login gate as scripts/install --pam does on any host: the profile
# in /usr/share/pam-configs, enabled with pam-auth-update.
install_gate() {
    local root config
    root=$("$CONTAINER" root "$NAME")
    config=$(mktemp)
    # Everyone may use the socket (curfewctl me as alice); carol is a break-glass account.
    sed -e 's/^socket_mode: .*/socket_mode: "0666"/' -e 's/^protected_users: .*/protected_users: [carol]/' \
        -e 's/^contact: .*/contact: "the help desk, ext. 4242"/' "$REPO/config/curfew.yaml" >"$config"
    "$REPO/scripts/install" --destdir "$root" --bin "$BIN" --pam >/dev/null
    "$INSTALL" "$NAME" --bin "$BIN" --config "$config"
    rm -f "$config"
    inside env DEBIAN_FRONTEND=noninteractive pam-auth-update --enable curfew
}

# ssh as USER with a command; sets LOGIN (what the client printed, both streams) and LOGIN_STATUS.
try_login() {
    LOGIN=$(inside timeout 10 ssh -i "$LAB_SSH_KEY" -o BatchMode=yes -o StrictHostKeyChecking=no \
        "$1@127.0.0.1" 'echo logged-in' 2>&1)
    LOGIN_STATUS=$?
}

login_refused_with() {
    try_login "$1"
    [[ $LOGIN_STATUS != 0 && $LOGIN != *logged-in* && $LOGIN == *"$2"* ]] || {
        note "ssh $1 (status $LOGIN_STATUS): $LOGIN"
        return 1
    }
}

login_works() {
    try_login "$1"
    [[ $LOGIN_STATUS == 0 && $LOGIN == *logged-in* ]] || {
        note "ssh $1 (status $LOGIN_STATUS): $LOGIN"
        return 1
    }
}

# An interactive ssh login (no remote command: sshd shows PAM's session messages only then) for USER in unit
# UNIT, its input fed from a FIFO; prints the session id.
open_interactive() {
    local user=$1 unit=$2
    inside mkfifo "/run/$unit.in"
    inside systemd-run --quiet --collect --unit="$unit-keep" sh -c "exec sleep infinity >/run/$unit.in"
    inside systemd-run --quiet --collect --unit="$unit" sh -c "exec ssh -tt -i $LAB_SSH_KEY -o BatchMode=yes \
        -o StrictHostKeyChecking=no $user@127.0.0.1 </run/$unit.in"
    # shellcheck disable=SC2016 # for the remote shell
    inside sh -c "echo 'echo SID=\$XDG_SESSION_ID' >/run/$unit.in"
    session_id_of "$unit"
}

gate_journal_has() { inside journalctl -q --no-pager -t curfewctl -o cat | grep -qF -- "$1"; }

set_on_error() {
    inside sed -i "s/^login_gate: .*/login_gate: { on_error: $1 }/" /etc/curfew/curfew.yaml
}

group_gate() {
    check "the profile is in /usr/share/pam-configs and in common-account" \
        inside grep -q 'pam_exec.so quiet stdout /usr/local/bin/curfewctl pam-account' /etc/pam.d/common-account
    check "and the session part in common-session" \
        inside grep -q 'curfewctl pam-session' /etc/pam.d/common-session

    local s1
    s1=$(open alice gate-a1)
    check "curfewctl terminate --now --hold 1h ends alice's session" \
        quietly inside curfewctl terminate --user alice --now --yes --hold 1h --reason offboarding
    check "session $s1 is gone" retry_for 3 gone "$s1"
    check "curfewctl holds lists alice" holds_list alice

    check "a login of alice is refused, the ssh client shows why" \
        login_refused_with alice "Your sessions were ended by root (offboarding); you may log in again at"
    note "the ssh client printed: $LOGIN"
    check "the refusal is audited: login-refused, user alice from 127.0.0.1 through sshd, by hold" \
        audited_refusal
    check "and is an event login.refused" refusal_event
    check "bob is not held: his login works" login_works bob

    check "curfewctl hold lift alice" quietly inside curfewctl hold lift alice
    api GET "/v1/audit?action=hold-lifted"
    check "the lift is audited: hold-lifted, user alice, by root" \
        test "$(json '.entries[0].target + " by " + .entries[0].actor.name')" = "user alice by root"

    local a2 a3
    a2=$(open_interactive alice gate-a2)
    check "after the lift alice logs in (session $a2)" test -n "$a2"
    check "her first login says why her last session ended" retry_for 3 output_has gate-a2 "Your session on"
    check "with host, address, actor, reason and contact" retry_for 3 why_message_complete gate-a2
    note "alice's terminal: $(output gate-a2 | grep -F 'Your session on')"
    a3=$(open_interactive alice gate-a3)
    check "the next login (session $a3) does not say it again" not_told gate-a3
    check "curfewctl me (as alice) lists the ended session" me_lists_it

    inside systemctl stop curfewd.service
    check "curfewd stopped, on_error allow: alice logs in" login_works alice
    check "the journal says the gate could not ask and allowed" \
        gate_journal_has "login_gate.on_error is allow, so the login is allowed"
    set_on_error deny
    check "on_error deny: alice's login is refused with the reason" \
        login_refused_with alice "Logins are refused while curfew cannot be asked"
    check "the journal says it refused" gate_journal_has "login_gate.on_error is deny, so the login is refused"
    check "a protected user (carol) still gets in" login_works carol
    set_on_error allow
    inside systemctl start curfewd.service
    check "curfewd back: alice logs in" login_works alice
}

quietly() { "$@" >/dev/null; }

holds_list() { inside curfewctl holds | grep -q "^$1 "; }

not_told() { ! output "$1" | grep -qF 'Your session on'; }

audited_refusal() {
    api GET "/v1/audit?action=login-refused" || return 1
    [[ $(json '.entries[0].target') == "user alice from 127.0.0.1 through sshd" &&
        $(json '.entries[0].result') == "refused by hold" ]] || { note "audit: $BODY"; return 1; }
}

refusal_event() {
    BODY=$(inside curl -sS --unix-socket "$SOCK" -H 'Accept: application/json' \
        "http://curfew/v1/events?since=0&limit=100&type=login.refused")
    [[ $(json '.events[0].users[0] + " " + .events[0].details.service + " " + .events[0].details.rule') == \
        "alice sshd hold" ]] || { note "events: $BODY"; return 1; }
}

why_message_complete() {
    output "$1" | grep -E -q "Your session on [^ ]+ \(pts/[0-9]+, from 127\.0\.0\.1\) was ended at [0-9-]+ [0-9:]+ [+-][0-9:]+ by root: offboarding\. Contact: the help desk, ext\. 4242\."
}

me_lists_it() {
    local text
    text=$(inside runuser -u alice -- curfewctl me)
    [[ $text == *"recently ended by curfew:"* && $text == *"by root: offboarding."* ]] || {
        note "curfewctl me: $text"
        return 1
    }
}
