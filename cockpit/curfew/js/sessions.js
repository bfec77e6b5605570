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

// The table is kept by session id: each row remembers the texts it shows. A render builds the rows of sessions new
// to it (from a cloned template row, text set through textContent), sets only the cells whose texts changed in the
// others, moves them into order and drops the rows of sessions gone: an event that changes one session costs one
// row's cells, not a thousand rows.
const COLUMNS = ["Session", "User", "From", "Service", "Terminal", "Login", "Idle since"];
const rows = new Map(); // session id -> { tr, cells, texts, box, ticked }
let rowsFor = null; // the viewer kind (admin or not) the kept rows were built for
let templates = null;

// The roles are a table's own, said outright: a wide window lays the rows out as grids (curfew.css).
function buildTemplates(admin) {
    const cells = COLUMNS.map(label => el("td", { role: "cell", dataset: { label } }));
    if (admin) {
        cells.unshift(el("td", { role: "cell", className: "cf-check" }, el("input", { type: "checkbox", className: "cf-select" })));
    }
    cells.push(el("td", { role: "cell", dataset: { label: "Ends" } }));
    return {
        row: el("tr", { role: "row" }, cells),
        nothing: el("span", { className: "cf-muted" }, "nothing scheduled"),
        ends: el("span", { className: "cf-ends" }, el("strong"), document.createTextNode("")),
    };
}

/** The texts a session's row shows, in column order, then those of its Ends cell (what will end it first). */
function texts(session) {
    const out = [
        session.id,
        session.user,
        session.remote_host || "local",
        session.service || "-",
        session.tty || "-",
        short(session.created_at),
        session.idle ? short(session.idle_since) : "active",
    ];
    const jobs = session.terminations || [];
    if (jobs.length) {
        const first = jobs.reduce((a, b) => (Date.parse(a.due_at) <= Date.parse(b.due_at) ? a : b));
        out.push(
            relative(first.due_at),
            ` · termination ${first.id} at ${short(first.due_at)}` +
                (jobs.length > 1 ? ` (+${jobs.length - 1} more)` : "") +
                (first.reason ? ` · ${first.reason}` : ""),
            first.reason || "",
        );
    }
    return out.map(String);
}

function sameTexts(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
}

function buildRow(id, shown, admin) {
    const tr = templates.row.cloneNode(true);
    tr.dataset.id = id;
    let box = null;
    if (admin) {
        box = tr.firstElementChild.firstElementChild;
        box.dataset.id = id;
        box.setAttribute("aria-label", `select session ${id}`);
    }
    const row = { tr, texts: [], box, ticked: false, cells: [...tr.children].slice(admin ? 1 : 0) };
    update(row, shown);
    return row;
}

// Sets the cells whose texts changed, in place: the row keeps its element (and its checkbox, focus and all).
function update(row, shown) {
    const before = row.texts;
    for (let i = 0; i < COLUMNS.length; i++) {
        if (before[i] === shown[i]) continue;
        row.cells[i].textContent = shown[i];
        row.cells[i].title = shown[i];
    }
    const ends = row.cells[COLUMNS.length];
    if (shown.length === COLUMNS.length) {
        if (before.length !== COLUMNS.length) ends.replaceChildren(templates.nothing.cloneNode(true));
    } else if (!sameTexts(before.slice(COLUMNS.length), shown.slice(COLUMNS.length))) {
        const span = templates.ends.cloneNode(true);
        span.firstChild.textContent = shown[COLUMNS.length];
        span.lastChild.data = shown[COLUMNS.length + 1];
        span.title = shown[COLUMNS.length + 2];
        ends.replaceChildren(span);
    }
    row.texts = shown;
}

/** Renders the table from the state; returns how long it took (ms). */
export function render() {
    const t0 = performance.now();
    const admin = Boolean(state.viewer && state.viewer.admin);
    if (rowsFor !== admin) {
        rows.clear();
        templates = buildTemplates(admin);
        rowsFor = admin;
    }
    for (const id of rows.keys()) if (!state.sessions.has(id)) rows.delete(id);
    const list = visibleSessions();
    const body = $("sessions-body");
    const wanted = [];
    let built = 0;
    for (const session of list) {
        const shown = texts(session);
        let row = rows.get(session.id);
        if (!row) {
            row = buildRow(session.id, shown, admin);
            rows.set(session.id, row);
            built++;
        } else if (!sameTexts(row.texts, shown)) {
            update(row, shown);
        }
        const ticked = state.selected.has(session.id);
        if (row.ticked !== ticked) {
            row.ticked = ticked;
            row.tr.classList.toggle("cf-selected", ticked);
            if (row.box) row.box.checked = ticked;
        }
        wanted.push(row.tr);
    }
    if (built > wanted.length / 2) {
        // Mostly new (the first render, another filter): one fragment in one go.
        const fragment = document.createDocumentFragment();
        fragment.append(...wanted);
        body.replaceChildren(fragment);
    } else {
        // Mostly kept: walk the table once, putting each wanted row in place; what is left after them goes.
        let cursor = body.firstElementChild;
        for (const tr of wanted) {
            if (tr === cursor) cursor = cursor.nextElementSibling;
            else body.insertBefore(tr, cursor);
        }
        while (cursor) {
            const next = cursor.nextElementSibling;
            cursor.remove();
            cursor = next;
        }
    }
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
    // A hidden table is not rendered: it is once shown again.
    let behind = false;
    subscribe("sessions", () => {
        if (state.view === "sessions") render();
        else behind = true;
    });
    subscribe("view", () => {
        if (state.view === "sessions" && behind) {
            behind = false;
            render();
        }
    });
    subscribe("queue", () => {
        if (state.viewer && !state.viewer.admin) renderMine();
    });
}
