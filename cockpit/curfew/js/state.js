// The page's one state. Views read it and re-render when told it changed; only the functions here write it.

export const state = {
    // Who is looking: { user, uid, admin } once known.
    viewer: null,
    // The view shown: "sessions" | "queue" | "audit" | "events".
    view: "sessions",
    // Live sessions by id, as GET /v1/sessions (admins) or GET /v1/me (others) gave them last.
    sessions: new Map(),
    sessionsLoadedAt: null,
    // Session ids ticked in the Sessions table.
    selected: new Set(),
    filter: "",
    // The queue: scheduled and firing terminations by id (admins), or those that would end my sessions.
    queue: new Map(),
    // Events received on the stream, newest last, at most EVENT_LIMIT.
    events: [],
    stream: { state: "connecting", error: null, lastId: null, received: 0, maxLagMs: 0 },
    // How many reads of each view's data (GET) were made: a burst of events must not cost one each.
    reads: {},
    // The error to show above the views, as curfewd worded it.
    error: null,
};

export const EVENT_LIMIT = 500;

const listeners = new Map();

/** Calls fn whenever `topic` changes ("sessions", "queue", "events", "view", "viewer", "error", "selection"). */
export function subscribe(topic, fn) {
    if (!listeners.has(topic)) listeners.set(topic, []);
    listeners.get(topic).push(fn);
}

// Many changes within one frame (a burst of events) cost one render per topic.
const dirty = new Set();
let frame = 0;

export function changed(topic) {
    dirty.add(topic);
    if (!frame) frame = window.requestAnimationFrame(flush);
}

function flush() {
    frame = 0;
    const topics = [...dirty];
    dirty.clear();
    for (const topic of topics) for (const fn of listeners.get(topic) || []) fn();
}

export function setViewer(viewer) {
    state.viewer = viewer;
    changed("viewer");
}

export function setView(view) {
    state.view = view;
    changed("view");
}

export function setError(error) {
    state.error = error;
    changed("error");
}

export function setSessions(list) {
    state.sessions = new Map(list.map(s => [s.id, s]));
    state.sessionsLoadedAt = Date.now();
    for (const id of [...state.selected]) if (!state.sessions.has(id)) state.selected.delete(id);
    changed("sessions");
}

export function setFilter(text) {
    state.filter = text;
    changed("sessions");
}

export function select(ids, on) {
    for (const id of ids) {
        if (on) state.selected.add(id);
        else state.selected.delete(id);
    }
    changed("sessions");
}

export function setQueue(list) {
    state.queue = new Map(list.map(job => [job.id, job]));
    changed("queue");
}

export function addEvent(event) {
    state.events.push(event);
    if (state.events.length > EVENT_LIMIT) state.events.splice(0, state.events.length - EVENT_LIMIT);
    const stream = state.stream;
    stream.lastId = event.id;
    stream.received += 1;
    const lag = Date.now() - Date.parse(event.at);
    if (lag > stream.maxLagMs) stream.maxLagMs = lag;
    changed("events");
}

export function setStream(streamState, error) {
    state.stream.state = streamState;
    state.stream.error = error || null;
    changed("events");
}
