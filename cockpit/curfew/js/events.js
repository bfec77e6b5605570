// The Events view: curfewd's event stream, live, newest first; and what a new event means for the other views.
import * as api from "./api.js";
import { $, el, replace, short } from "./dom.js";
import { state, subscribe, setStream, setError } from "./state.js";

const SHOWN = 200;

/** Follows the stream from `since` (null: from now); each event goes to receive(event). */
export function start(since, receive) {
    return api.followEvents(since, {
        onEvent: receive,
        onGap: gap => setError(new api.ApiError(0, "gap", gap.message)),
        onState: (s, error) => setStream(s, error),
    });
}

function streamLine() {
    const s = state.stream;
    const parts = [s.state === "live" ? "live" : s.state];
    if (s.error) parts.push(`(${s.error.describe()})`);
    parts.push(`· ${s.received} received`);
    if (s.lastId !== null) parts.push(`· last id ${s.lastId}`);
    return parts.join(" ");
}

function eventRow(event) {
    return el(
        "tr",
        { dataset: { id: event.id } },
        el("td", { dataset: { label: "ID" } }, String(event.id)),
        el("td", { dataset: { label: "At" }, title: event.at }, short(event.at)),
        el("td", { dataset: { label: "Type" } }, el("span", { className: "cf-badge" }, event.type)),
        el("td", { dataset: { label: "Summary" } }, event.summary),
    );
}

// What the table shows: the type it was built for and the newest event in it. New events are put on top and the
// oldest dropped, so a busy stream costs a few rows a frame, not the whole table.
let shownType = null;
let shownUpTo = null;

export function render() {
    const status = $("events-status");
    replace(status, streamLine());
    status.className = `cf-stream cf-stream-${state.stream.state}`;
    if (state.view !== "events") return;
    const type = $("events-type").value;
    const body = $("events-body");
    const events = state.events;
    let start = 0;
    if (type === shownType && shownUpTo !== null) {
        start = events.length;
        while (start > 0 && events[start - 1] !== shownUpTo) start--;
        if (start === 0) body.replaceChildren(); // the one shown last was trimmed away: build it all again
    } else {
        body.replaceChildren();
        start = Math.max(0, events.length - SHOWN);
    }
    const fresh = document.createDocumentFragment();
    for (let i = events.length - 1; i >= start; i--) {
        if (!type || events[i].type === type) fresh.append(eventRow(events[i]));
    }
    body.prepend(fresh);
    while (body.childElementCount > SHOWN) body.lastElementChild.remove();
    shownType = type;
    shownUpTo = events.length ? events[events.length - 1] : null;
    $("events-empty").hidden = body.childElementCount > 0;
}

// A busy stream (100 events a second) is drawn at most this often: each draw puts every new event on top at once,
// so the page keeps up whatever the rate, and an event is on screen at most this much later than without.
const DRAW_EVERY_MS = 200;
let drawnAt = -Infinity;
let timer = 0;

function draw() {
    window.clearTimeout(timer);
    timer = 0;
    drawnAt = performance.now();
    render();
}

function soon() {
    if (timer) return;
    const wait = drawnAt + DRAW_EVERY_MS - performance.now();
    if (wait <= 0) draw();
    else timer = window.setTimeout(draw, wait);
}

export function init() {
    $("events-type").addEventListener("change", draw);
    subscribe("events", soon);
    subscribe("view", draw);
}
