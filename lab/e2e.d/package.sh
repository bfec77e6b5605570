# lab/e2e group "package". Sourced by lab/e2e, which runs group_package in a container of its own.
# shellcheck shell=bash
#
# The Debian package as an admin meets it: apt-get install on a fresh container (offline: every dependency must be
# in the rootfs), curfewd active as user curfew, a member of group curfew schedules, the notices reach a real ssh
# session and it ends; an upgrade to a rebuilt package with a higher version keeps the queue and the admin's edited
# configuration, and a job due during the upgrade still fires; a broken configuration on upgrade keeps the running
# curfewd; remove keeps the queue, purge removes it; a curfew installed by hand is found and left alone. lintian
# checks the .deb on the host.

PACKAGE_VERSION=0.1.0
UPGRADE_VERSION=0.1.0+1

# Builds the package and a rebuilt one with a higher version from the binaries under test (scripts/package,
# debhelper), puts both in the container and installs the first as an admin would.
install_package() {
    local root
    DEBS=$(mktemp -d)
    # gzip -1 rather than the release's xz: the same package in 4 s instead of about 3 minutes of one core each.
    export DPKG_DEB_COMPRESSOR_TYPE=gzip DPKG_DEB_COMPRESSOR_LEVEL=1
    "$REPO/scripts/package" --bin "$BIN" --out "$DEBS" --no-lintian >/dev/null
    "$REPO/scripts/package" --bin "$BIN" --version "$UPGRADE_VERSION" --out "$DEBS" --no-lintian >/dev/null
    root=$("$CONTAINER" root "$NAME")
    install -m 0644 "$DEBS"/curfew_*.deb "$root/root/"
    apt_get install "./curfew_${PACKAGE_VERSION}_amd64.deb"
}

apt_get() { inside env DEBIAN_FRONTEND=noninteractive sh -c 'cd /root && apt-get -y -q "$@" 2>&1' apt-get "$@"; }

package_status() { inside dpkg-query -W -f='${Status} ${Version}' curfew 2>/dev/null; }

curfewd_user() { inside ps -o user= -p "$(main_pid)" | xargs; }

# Runs curfewctl inside as USER; sets OUT.
ctl_as() {
    local user=$1
    shift
    OUT=$(inside runuser -u "$user" -- curfewctl "$@" 2>&1)
}

job_id() { sed -n 's/^termination \([0-9][0-9]*\): .*/\1/p' <<<"$OUT" | head -n 1; }

job_state() { inside curfewctl show "$1" --json | inside jq -r .state; }

started_since_mark() { journal_since | grep -c '^Started curfewd.service' || true; }

group_package() {
    local sid unit job kept due_job pid out
    check "lintian: no errors in curfew_${PACKAGE_VERSION}_amd64.deb" \
        lintian --fail-on error "$DEBS/curfew_${PACKAGE_VERSION}_amd64.deb"
    check "installed offline: $(package_status)" test "$(package_status)" = "install ok installed $PACKAGE_VERSION"
    check "curfewd is enabled and active" inside systemctl --quiet is-enabled curfewd.service
    check "curfewd is active" inside systemctl --quiet is-active curfewd.service
    check "curfewd runs as user curfew, not root" test "$(curfewd_user)" = curfew
    check "the unit is the package's, in /usr/lib/systemd/system" \
        test "$(inside readlink -f "$(inside systemctl show -p FragmentPath --value curfewd.service)")" = \
        /usr/lib/systemd/system/curfewd.service
    check "the socket is 0660, group curfew" test "$(inside stat -c '%a %G' "$SOCK")" = "660 curfew"
    check "/etc/curfew/curfew.yaml is a conffile" \
        grep -q /etc/curfew/curfew.yaml <<<"$(inside dpkg-query -W -f='${Conffiles}' curfew)"
    check "man pages curfewctl(1), curfewd(8), curfew.yaml(5)" inside test -f /usr/share/man/man1/curfewctl.1.gz \
        -a -f /usr/share/man/man8/curfewd.8.gz -a -f /usr/share/man/man5/curfew.yaml.5.gz
    check "curfewctl in /usr/bin, the full command it hands over to in /usr/libexec/curfew" \
        inside test -x /usr/bin/curfewctl -a -x /usr/libexec/curfew/curfewctl-full
    check "curfewctl hands what it does not answer itself to curfewctl-full (status)" \
        sh -c "\"$CONTAINER\" exec \"$NAME\" curfewctl status | grep -q '^curfewd '"
    check "the desktop notices' helper in /usr/libexec/curfew, its template unit naming it there" \
        test "$(inside systemctl show -p ExecStart --value curfew-notify@1000.service | grep -o '/usr/libexec/curfew/curfew-notify' | head -n 1)" = \
        /usr/libexec/curfew/curfew-notify -a "$(inside stat -c %a /usr/libexec/curfew/curfew-notify)" = 755
    check "bash, zsh and fish completions" inside test -f /usr/share/bash-completion/completions/curfewctl \
        -a -f /usr/share/zsh/vendor-completions/_curfewctl -a -f /usr/share/fish/vendor_completions.d/curfewctl.fish
    check "the polkit rule and the sysusers snippet" inside test -f /usr/share/polkit-1/rules.d/50-curfew.rules \
        -a -f /usr/lib/sysusers.d/curfew.conf

    # A member of group curfew schedules; the notices reach alice's ssh session, and it ends.
    inside usermod -aG curfew carol
    unit=pkg-alice-1
    sid=$(open alice "$unit")
    ctl_as carol terminate --user alice --in 6s --notice 3s --reason "packaged"
    job=$(job_id)
    check "carol (group curfew) schedules with curfewctl: termination ${job:-none}" test -n "$job"
    sleep 7
    retry_for 5 gone "$sid"
    check "alice's session $sid ended" gone "$sid"
    check "the notices reached her terminal" output_has "$unit" "curfew: this session will be ended at"
    check "and the final one" output_has "$unit" "curfew: this session is being ended now."
    check "termination $job completed" test "$(job_state "$job")" = completed

    # A terminal set to `mesg n` (0600) is out of group tty's reach; the opt-in drop-in reaches it.
    unit=pkg-alice-mesg
    sid=$(open alice "$unit")
    inside chmod 0600 "/dev/$(inside loginctl show-session -p TTY --value "$sid")"
    journal_mark
    ctl_as root terminate --user alice --in 1h --reason "mesg n"
    job=$(job_id)
    # 10 s, not 3: the notice goes out as the job is queued, but on a loaded machine its journal line can lag.
    check "a terminal set to mesg n gets no notice" retry_for 10 log_has "the user turned messages off (mesg n)"
    log_has "mesg n" || journal_since | tail -n 20 | sed 's/^/     curfewd: /'
    check "and its session has none" no_notice_on "$unit"
    ctl_as root cancel "$job"
    inside install -D -m 0644 /usr/share/curfew/mesg-override.conf \
        /etc/systemd/system/curfewd.service.d/mesg-override.conf
    inside systemctl daemon-reload
    inside systemctl restart curfewd.service
    ctl_as root terminate --user alice --in 5s --no-notice --reason "mesg override"
    check "with mesg-override.conf it does" retry_for 3 output_has "$unit" "curfew: this session will be ended at"
    retry_for 10 gone "$sid"
    inside rm /etc/systemd/system/curfewd.service.d/mesg-override.conf
    inside systemctl daemon-reload
    inside systemctl restart curfewd.service

    # Upgrade: the admin's edit stays, the queue stays, and a job due during the upgrade fires.
    inside sed -i 's/^contact: ""$/contact: "the help desk, ext. 4242"/' /etc/curfew/curfew.yaml
    inside systemctl reload curfewd.service
    ctl_as root terminate --user bob --in 2h --reason "kept across upgrades"
    kept=$(job_id)
    unit=pkg-alice-2
    sid=$(open alice "$unit")
    journal_mark
    ctl_as root terminate --user alice --in 2s --no-notice --reason "due during the upgrade"
    due_job=$(job_id)
    pid=$(main_pid)
    out=$(apt_get install "./curfew_${UPGRADE_VERSION}_amd64.deb")
    check "upgraded to $UPGRADE_VERSION" test "$(package_status)" = "install ok installed $UPGRADE_VERSION" ||
        note "$out"
    check "curfewd was restarted once" test "$(started_since_mark)" = 1
    check "by then the new curfewd runs (pid $pid before)" test "$(main_pid)" != "$pid"
    check "still user curfew after the upgrade" test "$(curfewd_user)" = curfew
    check "the admin's edited configuration is kept" inside grep -q '^contact: "the help desk, ext. 4242"$' \
        /etc/curfew/curfew.yaml
    check "termination $kept is still queued" test "$(job_state "$kept")" = scheduled
    retry_for 10 gone "$sid"
    check "termination $due_job, due during the upgrade, fired: $(job_state "$due_job")" \
        test "$(job_state "$due_job")" = completed
    check "and alice's session $sid ended" gone "$sid"

    # A broken configuration on upgrade: the running curfewd stays, and the journal says why.
    inside cp /etc/curfew/curfew.yaml /root/curfew.yaml.good
    inside sed -i 's/^notices: .*/notices: soon/' /etc/curfew/curfew.yaml
    pid=$(main_pid)
    out=$(apt_get install --reinstall "./curfew_${UPGRADE_VERSION}_amd64.deb")
    check "an upgrade with a broken configuration still completes" \
        test "$(package_status)" = "install ok installed $UPGRADE_VERSION"
    check "and says why on the terminal" grep -q "/etc/curfew/curfew.yaml is not valid" <<<"$out" || note "$out"
    check "the running curfewd was kept (pid $pid)" test "$(main_pid)" = "$pid"
    check "the journal says why" inside sh -c \
        'journalctl -q --no-pager -t curfew -o cat | grep -q "curfew.yaml is not valid.*notices.*was not restarted"'
    inside cp /root/curfew.yaml.good /etc/curfew/curfew.yaml

    # Remove keeps the queue (a reinstall finds it), purge deletes it.
    apt_get remove curfew >/dev/null
    check "removed: curfewd stopped" test "$(inside systemctl is-active curfewd.service)" != active
    check "remove keeps the queue" inside test -f /var/lib/curfew/curfew.sqlite
    apt_get install "./curfew_${UPGRADE_VERSION}_amd64.deb" >/dev/null
    check "reinstalled: termination $kept is still queued" test "$(job_state "$kept")" = scheduled
    apt_get purge curfew >/dev/null
    check "purged: the package is gone" test -z "$(package_status | grep installed)"
    check "purge deletes the queue and the configuration" inside test ! -e /var/lib/curfew -a ! -e /etc/curfew

    # A curfew installed by hand (scripts/install into /usr/local) is found, named, and left running alone.
    "$INSTALL" "$NAME" --bin "$BIN"
    pid=$(main_pid)
    local refused=0
    out=$(apt_get install "./curfew_${PACKAGE_VERSION}_amd64.deb") || refused=1
    check "installing over a hand-installed curfew is refused" test "$refused" = 1
    check "the refusal names what it found" grep -q "found a curfew installed by hand" <<<"$out" || note "$out"
    check "and /usr/local/bin/curfewd" grep -q "/usr/local/bin/curfewd" <<<"$out"
    check "the package is not installed" test -z "$(package_status | grep 'ok installed')"
    check "no second unit: only the hand-installed one" inside test ! -e /usr/lib/systemd/system/curfewd.service
    check "the hand-installed curfewd runs on (pid $pid)" test "$(main_pid)" = "$pid"
    rm -rf "$DEBS"
}
