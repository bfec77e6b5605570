// One termination, laid out as `curfewctl show` prints it: its fields, each session's outcome, its history, notes.
import { absolute, el, relative, spoken, table } from "./dom.js";

function caller(actor) {
    return `${actor.name} (uid ${actor.uid}${actor.pid ? `, pid ${actor.pid}` : ""})`;
}

function notices(job) {
    if (!job.notices.length) return "none";
    const steps = `${job.notices.join(", ")} before`;
    return job.next_notice_at ? `${steps}; next at ${absolute(job.next_notice_at)}` : steps;
}

function fired(job) {
    const late = job.lateness_seconds !== null && job.lateness_seconds >= 1;
    return absolute(job.fired_at) + (late ? `, ${spoken(job.lateness_seconds)} late` : "");
}

/** "scheduled", "completed (dry run)" as a badge. */
export function stateBadge(job) {
    return el("span", { className: `cf-badge cf-state-${job.state}` }, job.state + (job.dry_run ? " (dry run)" : ""));
}

export function jobDetail(job, { history = true } = {}) {
    const fields = [
        ["target", job.target_summary],
        ["due", `${absolute(job.due_at)} (${relative(job.due_at)})`],
    ];
    if (job.reason) fields.push(["reason", job.reason]);
    fields.push(["notices", notices(job)]);
    fields.push(["created", `${absolute(job.created_at)} by ${caller(job.actor)}`]);
    if (job.fired_at) fields.push(["fired", fired(job)]);
    if (job.dry_run) fields.push(["dry run", "yes: nothing is terminated, no terminal is written"]);

    const parts = [
        el("h3", { className: "cf-job-title" }, `Termination ${job.id}: `, stateBadge(job)),
        el("dl", { className: "cf-fields" }, fields.map(([k, v]) => [el("dt", null, k), el("dd", null, v)])),
    ];
    if (job.sessions.length) {
        parts.push(el("h4", null, "Sessions"));
        parts.push(
            table(
                ["Session", "User", "Result", "At", "Error"],
                job.sessions.map(o => [o.session_id, o.user, o.result, absolute(o.at), o.error || ""]),
                "cf-table cf-compact cf-outcomes",
            ),
        );
    } else {
        parts.push(el("p", { className: "cf-muted" }, job.state === "scheduled" ? "Sessions: chosen when it fires." : "Sessions: none."));
    }
    if (history && job.history) {
        parts.push(el("h4", null, "History"));
        parts.push(
            table(
                ["At", "From", "To", "Note"],
                job.history.map(h => [absolute(h.at), h.from || "-", h.to, h.note || ""]),
                "cf-table cf-compact cf-history",
            ),
        );
    }
    if (job.notices_sent && job.notices_sent.length) {
        parts.push(el("h4", null, "Notices sent"));
        parts.push(
            table(
                ["At", "Kind", "Lead", "Sessions", "Delivered", "How"],
                job.notices_sent.map(n => [
                    absolute(n.at), n.kind, n.lead || "", n.sessions.join(", "), String(n.delivered), deliveries(n),
                ]),
                "cf-table cf-compact",
            ),
        );
    }
    for (const note of job.notes || []) parts.push(el("p", { className: "cf-note" }, `note: ${note}`));
    return el("div", { className: "cf-job" }, parts);
}

// How each session got a notice: "12 desktop, 14 unreachable (no way to reach this session: ...)".
function deliveries(notice) {
    if (notice.dry_run) return "dry run";
    return (notice.deliveries || [])
        .map(d => `${d.session_id} ${d.delivery}` + (d.detail ? ` (${d.detail})` : ""))
        .join(", ");
}
