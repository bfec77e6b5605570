// The Sessions view: who is logged in, from where, and what will end each session; select, End now, Schedule.
import * as api from "./api.js";
import { $, el, relative, replace, short } from "./dom.js";
import { form, show } from "./dialogs.js";
import { jobDetail } from "./job.js";
import { refresher } from "./refresher.js";
import { scheduleDialog } from "./schedule.js";
import { state, subscribe, select, setFilter, setSessions, setQueue } from "./state.js";
import { chosenTarget, picked, sessionList, targetChoice } from "./targets.js";

const PAGE = 1000;

/** Reads the sessions: every one for admins (GET /v1/sessions, paged), one's own otherwise (GET /v1/me). */
export async function load() {
    if (state.viewer.admin) {
        const all = [];
        for (let offset = 0; ; offset += PAGE) {
            const page = await api.get("/v1/sessions", { limit: String(PAGE), offset: String(offset) });
            all.push(...page.sessions);
            if (all.length >= page.total || page.sessions.length === 0) break;
        }
        setSessions(all);
    } else {
        const me = await api.get("/v1/me");
        setSessions(me.sessions);
        setQueue(me.terminations);
    }
}

export const refresh = refresher("sessions", load);

function matches(session, needle) {
    if (!needle) return true;
    return [session.id, session.user, session.remote_host, session.service, session.tty, session.remote_user]
            .some(v => v && String(v).toLowerCase().includes(needle));
}

export function visibleSessions() {
    const needle = state.filter.trim().toLowerCase();
    return [...state.sessions.values()].filter(s => matches(s, needle));
}

/** "termination 12 in 5m (at ...)" for the job that ends this session first. */
function endsCell(session) {
    const jobs = session.terminations || [];
    if (!jobs.length) return el("span", { className: "cf-muted" }, "nothing scheduled");
    const first = jobs.reduce((a, b) => (Date.parse(a.due_at) <= Date.parse(b.due_at) ? a : b));
    return el(
        "span",
        { className: "cf-ends", title: first.reason || "" },
        el("strong", null, relative(first.due_at)),
        ` · termination ${first.id} at ${short(first.due_at)}`,
        jobs.length > 1 ? ` (+${jobs.length - 1} more)` : "",
        first.reason ? ` · ${first.reason}` : "",
    );
}

function row(session, admin) {
    const cells = [];
    if (admin) {
        const box = el("input", {
            type: "checkbox",
            checked: state.selected.has(session.id),
            className: "cf-select",
            ariaLabel: `select session ${session.id}`,
            dataset: { id: session.id },
        });
        cells.push(el("td", { className: "cf-check" }, box));
    }
    const idle = session.idle ? short(session.idle_since) : "active";
    const data = [
        ["Session", session.id],
        ["User", session.user],
        ["From", session.remote_host || "local"],
        ["Service", session.service || "-"],
        ["Terminal", session.tty || "-"],
        ["Login", short(session.created_at)],
        ["Idle since", idle],
    ];
    for (const [label, text] of data) cells.push(el("td", { dataset: { label }, title: text }, text));
    cells.push(el("td", { dataset: { label: "Ends" } }, endsCell(session)));
    return el("tr", { dataset: { id: session.id }, className: state.selected.has(session.id) ? "cf-selected" : "" }, cells);
}

/** Renders the table from the state; returns how long it took (ms), layout included. */
export function render() {
    const t0 = performance.now();
    const admin = state.viewer && state.viewer.admin;
    const list = visibleSessions();
    const body = $("sessions-body");
    const fragment = document.createDocumentFragment();
    for (const session of list) fragment.append(row(session, admin));
    body.replaceChildren(fragment);
    $("sessions-empty").hidden = list.length > 0;
    replace($("sessions-empty"), state.sessions.size ? "No session matches the filter." : "No sessions.");
    const count = state.sessions.size;
    replace(
        $("sessions-count"),
        list.length === count ? `${count} session${count === 1 ? "" : "s"}` : `${list.length} of ${count} sessions`,
        admin && state.selected.size ? `, ${state.selected.size} selected` : "",
    );
    if (admin) {
        $("sessions-end").disabled = state.selected.size === 0;
        $("sessions-schedule").disabled = state.selected.size === 0;
        const all = $("sessions-all");
        const ticked = list.filter(s => state.selected.has(s.id)).length;
        all.checked = ticked > 0 && ticked === list.length;
        all.indeterminate = ticked > 0 && ticked < list.length;
    }
    renderMine();
    void body.offsetHeight; // the layout belongs to the cost
    return performance.now() - t0;
}

// An ordinary user's view also lists the terminations that would end their sessions.
function renderMine() {
    const box = $("sessions-mine");
    if (!state.viewer || state.viewer.admin) {
        box.hidden = true;
        return;
    }
    box.hidden = false;
    const jobs = [...state.queue.values()];
    replace(
        box,
        el("h2", null, "What will end my sessions"),
        jobs.length ? jobs.map(job => jobDetail(job, { history: false })) : el("p", { className: "cf-muted" }, "Nothing is scheduled to end your sessions."),
    );
}

function selectedSessions() {
    return [...state.selected].map(id => state.sessions.get(id)).filter(Boolean);
}

/** Ends the picked sessions now, after a confirmation that lists them, and shows the outcome as curfewctl does. */
function endNow() {
    const pick = picked(selectedSessions());
    if (!pick.sessions.length) return;
    const reason = el("input", { type: "text", name: "reason", id: "end-reason", maxLength: 500, placeholder: "shown to the users" });
    form({
        title: `End ${pick.sessions.length} session${pick.sessions.length === 1 ? "" : "s"} now?`,
        submit: "End now",
        fields: [
            el("p", null, "These sessions end at once; each gets a final notice on its terminal:"),
            sessionList(pick.sessions),
            targetChoice(pick),
            el("label", { className: "cf-field" }, "Reason", reason),
        ],
        onSubmit: async f => {
            const target = chosenTarget(f, pick);
            const params = { reason: reason.value };
            const replies = [];
            if (target.user) {
                replies.push(await api.request("DELETE", "/v1/sessions", { params: { ...params, user: target.user } }));
            } else {
                for (const id of target.sessions) {
                    replies.push(await api.request("DELETE", `/v1/sessions/${encodeURIComponent(id)}`, { params }));
                }
            }
            select(pick.sessions.map(s => s.id), false);
            const jobs = await Promise.all(replies.map(settled));
            show("Ended", jobs.map(job => jobDetail(job)));
            refresh();
        },
    });
}

// A job still firing after curfewd's 10 s wait is looked at again until it is done (or 10 s more).
async function settled(job) {
    const deadline = Date.now() + 10000;
    while (["scheduled", "firing"].includes(job.state) && Date.now() < deadline) {
        await new Promise(resolve => window.setTimeout(resolve, 250));
        job = await api.get(`/v1/terminations/${job.id}`);
    }
    return job;
}

function schedule() {
    const pick = picked(selectedSessions());
    if (!pick.sessions.length) return;
    scheduleDialog(pick, () => {
        select(pick.sessions.map(s => s.id), false);
        refresh();
    });
}

export function init() {
    $("sessions-filter").addEventListener("input", e => setFilter(e.target.value));
    $("sessions-body").addEventListener("change", e => {
        if (e.target.classList.contains("cf-select")) select([e.target.dataset.id], e.target.checked);
    });
    $("sessions-all").addEventListener("change", e => select(visibleSessions().map(s => s.id), e.target.checked));
    $("sessions-end").addEventListener("click", endNow);
    $("sessions-schedule").addEventListener("click", schedule);
    subscribe("sessions", render);
    subscribe("queue", () => {
        if (state.viewer && !state.viewer.admin) renderMine();
    });
}
