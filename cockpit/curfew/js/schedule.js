// Scheduling the end of sessions later: date and time pickers in the admin's own zone, reason, notice plan, dry run.
import * as api from "./api.js";
import { el, pad, zone } from "./dom.js";
import { form, show } from "./dialogs.js";
import { jobDetail } from "./job.js";
import { chosenTarget, sessionList, targetChoice } from "./targets.js";

/** Date and time inputs, preset to `from` (default: an hour from now, to the minute), and the zone they are in. */
export function whenFields(from = new Date(Date.now() + 3600 * 1000)) {
    const date = el("input", {
        type: "date",
        name: "date",
        id: "when-date",
        required: true,
        value: `${from.getFullYear()}-${pad(from.getMonth() + 1)}-${pad(from.getDate())}`,
    });
    const time = el("input", {
        type: "time",
        name: "time",
        id: "when-time",
        required: true,
        step: 1,
        value: `${pad(from.getHours())}:${pad(from.getMinutes())}`,
    });
    return el(
        "div",
        { className: "cf-when" },
        el("label", { className: "cf-field" }, "Date", date),
        el("label", { className: "cf-field" }, "Time", time),
        el("span", { className: "cf-muted cf-zone" }, zone),
    );
}

/**
 * The due time as curfewd reads it: the local date and time followed by the admin's zone name, so curfewd (not the
 * browser) decides a DST gap or overlap and says so in its own words.
 */
export function whenValue(f) {
    const date = f.querySelector("[name=date]").value;
    const time = f.querySelector("[name=time]").value;
    if (!date || !time) throw new api.ApiError(0, "invalid", "choose a date and a time");
    return `${date} ${time} ${zone}`;
}

function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function scheduleDialog(pick, onDone) {
    const reason = el("input", { type: "text", name: "reason", id: "schedule-reason", maxLength: 500, placeholder: "shown to the users" });
    const plan = el("input", { type: "text", name: "notices", id: "schedule-notices", placeholder: "15m,5m,1m (curfewd's default)" });
    const noNotice = el("input", { type: "checkbox", name: "no_notice", id: "schedule-no-notice" });
    const dryRun = el("input", { type: "checkbox", name: "dry_run", id: "schedule-dry-run" });
    // One key per dialog: a resubmitted form (a lost reply) gets the same job, never a second one.
    const key = newKey();
    form({
        title: `Schedule the end of ${pick.sessions.length} session${pick.sessions.length === 1 ? "" : "s"}`,
        submit: "Schedule",
        fields: [
            sessionList(pick.sessions),
            targetChoice(pick),
            whenFields(),
            el("label", { className: "cf-field" }, "Reason", reason),
            el("label", { className: "cf-field" }, "Notices before the end", plan),
            el("label", { className: "cf-check-label" }, noNotice, "No notices"),
            el("label", { className: "cf-check-label" }, dryRun, "Dry run: record everything, end nothing"),
        ],
        onSubmit: async f => {
            const body = { target: chosenTarget(f, pick), at: whenValue(f), reason: reason.value, dry_run: dryRun.checked };
            if (noNotice.checked) body.no_notice = true;
            else if (plan.value.trim()) body.notices = plan.value.split(",").map(s => s.trim()).filter(Boolean);
            const job = await api.request("POST", "/v1/terminations", { body, headers: { "Idempotency-Key": key } });
            show("Scheduled", jobDetail(job));
            onDone(job);
        },
    });
}
