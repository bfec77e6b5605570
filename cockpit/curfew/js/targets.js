// What the admin picked in the Sessions table, as curfewd targets, and the form fields that choose between them.
import { el } from "./dom.js";

/** The picked sessions (objects), and the one user they all belong to, if they do. */
export function picked(sessions) {
    const users = [...new Set(sessions.map(s => s.user))];
    return { sessions, user: users.length === 1 ? users[0] : null };
}

/** A list of the sessions with their addresses, for a confirmation. */
export function sessionList(sessions) {
    return el(
        "ul",
        { className: "cf-session-list" },
        sessions.map(s =>
            el(
                "li",
                null,
                el("strong", null, `session ${s.id}`),
                ` of ${s.user}`,
                s.remote_host ? ` from ${s.remote_host}` : " (local)",
                s.service ? `, ${s.service}` : "",
                s.tty ? ` on ${s.tty}` : "",
            ),
        ),
    );
}

/** Radio buttons: exactly these sessions, or every session of their user (at the due time); none if users differ. */
export function targetChoice(pick) {
    if (!pick.user) return null;
    const option = (value, text, checked) =>
        el("label", { className: "cf-radio" }, el("input", { type: "radio", name: "target", value, checked }), text);
    return el(
        "fieldset",
        { className: "cf-fieldset" },
        el("legend", null, "Target"),
        option("sessions", `only ${pick.sessions.length === 1 ? "this session" : `these ${pick.sessions.length} sessions`}`, true),
        option("user", `every session of ${pick.user}, including ones opened later`, false),
    );
}

/** The target the form chose: { sessions: [...] } or { user }. */
export function chosenTarget(form, pick) {
    const radio = form.querySelector("input[name=target]:checked");
    if (radio && radio.value === "user") return { user: pick.user };
    return { sessions: pick.sessions.map(s => s.id) };
}
