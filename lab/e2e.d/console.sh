# lab/e2e group "console": the Cockpit page (cockpit/curfew) in headless Chromium driven by Selenium
# (cockpit/test/browser.py), against cockpit-ws and curfewd in a container booted from the rootfs layer "console"
# (Cockpit, Chromium, chromedriver, python3-selenium: lab/rootfs --layer console). Chromium runs inside the
# container, next to cockpit-ws on its loopback: containers have no network of their own, and nothing is exposed.
# Sourced by lab/e2e, which runs group_console in a container of its own.
# shellcheck shell=bash

GROUP_LAYER[console]=console
CONSOLE_TEST=/usr/local/lib/curfew-test/browser.py
# Cockpit's shell with the page in it, as an admin opens it.
CONSOLE_PAGE=curfew
# The screenshots the test takes, copied out of the container (README's come from here).
CONSOLE_SHOTS=${CURFEW_CONSOLE_SHOTS:-$REPO/.build-lab/console-screenshots}

# curfewd as scripts/install puts it, with the socket open to every local user (0666) so that an ordinary user's
# page can ask GET /v1/me; and the test itself.
install_console() {
    local config
    config=$(mktemp)
    sed 's/^socket_mode: .*/socket_mode: "0666"/' "$REPO/config/curfew.yaml" >"$config"
    "$INSTALL" "$NAME" --bin "$BIN" --config "$config"
    rm -f "$config"
    install -D -m 0755 "$REPO/cockpit/test/browser.py" "$("$CONTAINER" root "$NAME")$CONSOLE_TEST"
}

# cockpit-ws as USER on 127.0.0.1:9090, without TLS or a login page: its bridge runs as USER (--local-session),
# so curfewd sees USER through SO_PEERCRED, as it would see the admin logged in to Cockpit. Such a cockpit-ws
# serves one session (one page load), so each scenario gets its own.
start_cockpit_ws() {
    local user=$1
    inside systemctl stop cockpit-ws-browser.service 2>/dev/null || true
    inside systemd-run --quiet --collect --unit=cockpit-ws-browser -p User="$user" /usr/lib/cockpit/cockpit-ws \
        --no-tls --local-session=cockpit-bridge --address=127.0.0.1 --port=9090 &&
        retry_for 10 inside curl -sf -o /dev/null http://127.0.0.1:9090/cockpit/static/login.html
}

cockpit_lists_curfew() {
    inside runuser -u carol -- cockpit-bridge --packages | grep -q "^curfew .*/usr/local/share/cockpit/curfew$"
}

# Runs a browser scenario inside; its "ok"/"FAIL" lines count as this group's checks.
browser() {
    local line
    while IFS= read -r line; do
        case $line in
        "ok   "*) passed=$((passed + 1)) ;;
        "FAIL "*) failed=$((failed + 1)) ;;
        esac
        echo "$line"
    done < <(inside python3 "$CONSOLE_TEST" "$@" 2>&1)
}

group_console() {
    local a1 a2 b1 d1 shots=/var/tmp/curfew-shots t0
    inside usermod -aG curfew carol
    a1=$(open alice alice-1)
    a2=$(open alice alice-2)
    b1=$(open bob bob-1)
    d1=$(open dave dave-1)
    inside install -d "$shots"
    check "Cockpit's bridge finds the package curfew in /usr/local/share/cockpit" \
        cockpit_lists_curfew

    t0=$(now_ms)
    check "cockpit-ws for carol (admin: group curfew)" start_cockpit_ws carol
    browser admin "http://127.0.0.1:9090/$CONSOLE_PAGE" "$shots" "$a1" "$a2" "$b1"
    note "admin scenario: $(($(now_ms) - t0)) ms"
    check "alice's ended session was told on its terminal" \
        output_has alice-1 "curfew: this session is being ended now."
    check "... and closed" output_has alice-1 "closed by remote host"
    check "the job scheduled from the page reached bob's terminal" output_has bob-1 "will be ended at"
    check "so did its cancel" output_has bob-1 "is cancelled"

    t0=$(now_ms)
    check "cockpit-ws for dave (no admin)" start_cockpit_ws dave
    browser user "http://127.0.0.1:9090/$CONSOLE_PAGE" "$shots" "$d1"
    note "user scenario: $(($(now_ms) - t0)) ms"
    check "cockpit-ws for carol again" start_cockpit_ws carol
    browser perf "http://127.0.0.1:9090/$CONSOLE_PAGE"

    mkdir -p "$CONSOLE_SHOTS"
    rm -f "$CONSOLE_SHOTS"/*.png
    cp "$("$CONTAINER" root "$NAME")$shots"/*.png "$CONSOLE_SHOTS"/ 2>/dev/null || true
    note "screenshots in $CONSOLE_SHOTS"
}
