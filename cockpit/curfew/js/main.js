/* global cockpit */
// The page: who is looking, which view is shown, and how the views stay current (the event stream, plus a slow
// refresh for sessions that come and go without an event).
import * as api from "./api.js";
import { $, replace, zone } from "./dom.js";
import * as audit from "./audit.js";
import * as events from "./events.js";
import * as queue from "./queue.js";
import * as sessions from "./sessions.js";
import { state, subscribe, addEvent, setError, setView, setViewer } from "./state.js";

const VIEWS = ["sessions", "queue", "audit", "events"];
const ADMIN_VIEWS = new Set(["queue", "audit"]);
// Logins and logouts make no event; the session list is read again this often while shown.
const SESSIONS_REFRESH_MS = 10000;
// A burst of events costs one read of the sessions and of the queue per this many ms.
const COALESCE_MS = 250;

function route() {
    const wanted = cockpit.location.path[0];
    let view = VIEWS.includes(wanted) ? wanted : "sessions";
    if (ADMIN_VIEWS.has(view) && !(state.viewer && state.viewer.admin)) view = "sessions";
    setView(view);
}

function renderView() {
    for (const view of VIEWS) $(`view-${view}`).hidden = view !== state.view;
    for (const tab of document.querySelectorAll("#tabs [data-view]")) {
        const on = tab.dataset.view === state.view;
        tab.classList.toggle("cf-active", on);
        tab.setAttribute("aria-selected", on ? "true" : "false");
    }
    if (state.view === "queue") queue.refresh();
    if (state.view === "audit") audit.refresh();
    const old = state.sessionsLoadedAt !== null && Date.now() - state.sessionsLoadedAt > SESSIONS_REFRESH_MS;
    if (state.view === "sessions" && (sessionsStale || old)) {
        sessionsStale = false;
        sessions.refresh();
    }
}

function renderViewer() {
    const viewer = state.viewer;
    document.body.classList.toggle("cf-admin", viewer.admin);
    for (const node of document.querySelectorAll("[data-admin]")) node.hidden = !viewer.admin;
    const who = viewer.admin ? `${viewer.user}, curfew admin` : `${viewer.user}, your own sessions`;
    replace($("whoami"), `${who} · times in ${zone}`);
    route();
}

function renderError() {
    const box = $("alert");
    box.hidden = !state.error;
    if (state.error) replace(box, state.error.describe ? state.error.describe() : String(state.error));
}

/** What an event does: it is listed, and the views it may change are read again (coalesced). */
function receive(event) {
    addEvent(event);
    onEvent();
}

// Events change the sessions and the queue: the view shown is read again (once per COALESCE_MS however many events
// came, and never twice at once: see refresher.js); a hidden one is read when it is shown.
let pending = 0;
let sessionsStale = false;
function onEvent() {
    if (pending) return;
    pending = window.setTimeout(() => {
        pending = 0;
        if (state.view === "sessions") sessions.refresh();
        else sessionsStale = true;
        if (state.view === "queue") queue.refresh();
    }, COALESCE_MS);
}

/** Who curfewd says is looking (GET /v1/me: open to everyone, and it says whether they are an admin). */
async function whoIsLooking() {
    const me = await api.get("/v1/me");
    if (!me.admin) return { user: me.user, admin: false, newestEvent: null };
    const status = await api.get("/v1/status");
    return { user: me.user, admin: true, newestEvent: status.events.newest_id };
}

async function start() {
    sessions.init();
    queue.init();
    audit.init();
    events.init();
    subscribe("view", renderView);
    subscribe("viewer", renderViewer);
    subscribe("error", renderError);
    for (const tab of document.querySelectorAll("#tabs [data-view]")) {
        tab.addEventListener("click", () => cockpit.location.go([tab.dataset.view]));
    }
    cockpit.addEventListener("locationchanged", route);
    route();
    try {
        const viewer = await whoIsLooking();
        setViewer(viewer);
        // Admins see the last 100 events at once; others from now on.
        const since = viewer.newestEvent === null ? null : Math.max(0, viewer.newestEvent - 100);
        events.start(since, receive);
        await sessions.refresh();
        window.setInterval(() => {
            if (state.view === "sessions") sessions.refresh();
        }, SESSIONS_REFRESH_MS);
    } catch (e) {
        setError(e);
    }
    document.body.classList.add("cf-ready");
}

// For the browser tests and for the curious: the state, the Sessions renderer and what the stream calls per event.
window.curfewConsole = { state, renderSessions: sessions.render, receive };

start();
