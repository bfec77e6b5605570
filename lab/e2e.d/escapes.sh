# lab/e2e group "escapes". Sourced by lab/e2e, which runs group_escapes in a container of its own.
# shellcheck shell=bash

# Escape sequences in a reason never reach a terminal; the raw bytes of the output are checked.
group_escapes() {
    local a1 a2 tty
    a1=$(open alice esc-a1)
    a2=$(open alice esc-a2)
    # ED (clear screen), OSC 0 (window title) ended by BEL, a C1 CSI (U+009B), a lone BS and CR.
    check "POST with a reason full of escape sequences -> 201" schedule \
        "{\"target\":{\"sessions\":[\"$a1\"]},\"in\":\"3s\",\"reason\":\"\\u001b[2J\\u001b]0;pwned\\u0007x\\u009b31my\\bz\\rw\"}"
    check "the API keeps the reason as given" test "$(json .reason | od -An -tx1 | tr -d ' \n' | head -c 8)" = 1b5b324a
    check "termination $JOB completes" wait_for_state "$JOB" completed 5
    check "the reason line reached the terminal" output_has esc-a1 "Reason: "
    note "as shown: $(output esc-a1 | grep -F "Reason: " | head -n 1 | od -An -c | tr -s ' ' | head -c 120)"
    check "no ESC (0x1b) reached $a1's terminal" raw_lacks_byte esc-a1 1b
    check "no BEL (0x07) reached it" raw_lacks_byte esc-a1 07
    check "no C1 CSI (c2 9b) reached it" raw_lacks_byte esc-a1 9b
    check "no backspace (0x08) reached it" raw_lacks_byte esc-a1 08
    # The control: the same check does see an ESC that does reach a terminal.
    tty=$(inside loginctl show-session -p TTY --value "$a2")
    inside sh -c "printf 'control \\033[1mbold\\033[0m\\n' >/dev/$tty"
    check "control: an ESC written to $tty is seen by the same check" retry_for 2 raw_has_byte esc-a2 1b
}
