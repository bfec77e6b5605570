// The Audit view: the append-only trail, filtered by action keyword, user, actor and time range, paged.
import * as api from "./api.js";
import { $, el, replace, short } from "./dom.js";
import { state } from "./state.js";

const PAGE = 50;
// curfewd's audit actions; a keyword picks every action that contains it ("terminate" -> terminated-now, ...).
export const ACTIONS = ["scheduled", "rescheduled", "cancelled", "terminated-now", "fired", "session-terminated", "completed", "failed", "missed", "refused", "denied", "alarm"];

let offset = 0;

/** The actions a keyword names; null for no keyword; [] for one that names none. */
export function actionsFor(keyword) {
    const k = keyword.trim().toLowerCase().replace(/\s+/g, "-");
    if (!k) return null;
    return ACTIONS.filter(a => a.includes(k));
}

function isoFromLocal(value) {
    return value ? new Date(value).toISOString() : undefined;
}

async function load() {
    const keyword = $("audit-action").value;
    const actions = actionsFor(keyword);
    const status = $("audit-status");
    if (actions && !actions.length) {
        replace(status, `No audit action matches "${keyword}"; they are: ${ACTIONS.join(", ")}.`);
        status.className = "cf-alert cf-inline";
        $("audit-body").replaceChildren();
        return;
    }
    const params = {
        action: actions ? actions.join(",") : undefined,
        user: $("audit-user").value.trim(),
        actor: $("audit-actor").value.trim(),
        since: isoFromLocal($("audit-since").value),
        until: isoFromLocal($("audit-until").value),
        limit: String(PAGE),
        offset: String(offset),
    };
    try {
        const page = await api.get("/v1/audit", params);
        render(page);
        status.className = "cf-muted";
        replace(status, page.entries.length ? `entries ${offset + 1}-${offset + page.entries.length}` : offset ? "no more entries" : "no entries match");
        $("audit-prev").disabled = offset === 0;
        $("audit-next").disabled = page.entries.length < PAGE;
    } catch (e) {
        status.className = "cf-alert cf-inline";
        replace(status, e.describe());
        $("audit-body").replaceChildren();
    }
}

function render(page) {
    $("audit-body").replaceChildren(
        ...page.entries.map(entry =>
            el(
                "tr",
                { dataset: { id: entry.id } },
                el("td", { dataset: { label: "At" }, title: entry.at }, short(entry.at)),
                el("td", { dataset: { label: "Action" } }, el("span", { className: `cf-badge cf-action-${entry.action}` }, entry.action)),
                el("td", { dataset: { label: "By" } }, `${entry.actor.name} (uid ${entry.actor.uid})`),
                el("td", { dataset: { label: "Target" } }, entry.target || "-"),
                el("td", { dataset: { label: "Job" } }, entry.termination_id ? String(entry.termination_id) : "-"),
                el("td", { dataset: { label: "Session" } }, entry.session_id || "-"),
                el("td", { dataset: { label: "Result" } }, entry.result),
                el("td", { dataset: { label: "Reason" } }, entry.reason || ""),
            ),
        ),
    );
}

export function refresh() {
    if (state.viewer && state.viewer.admin) load();
}

export function init() {
    $("audit-form").addEventListener("submit", e => {
        e.preventDefault();
        offset = 0;
        load();
    });
    $("audit-prev").addEventListener("click", () => {
        offset = Math.max(0, offset - PAGE);
        load();
    });
    $("audit-next").addEventListener("click", () => {
        offset += PAGE;
        load();
    });
}
