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

export function render() {
    const status = $("events-status");
    replace(status, streamLine());
    status.className = `cf-stream cf-stream-${state.stream.state}`;
    if (state.view !== "events") return;
    const type = $("events-type").value;
    const shown = [];
    for (let i = state.events.length - 1; i >= 0 && shown.length < SHOWN; i--) {
        const event = state.events[i];
        if (!type || event.type === type) shown.push(event);
    }
    $("events-body").replaceChildren(
        ...shown.map(event =>
            el(
                "tr",
                { dataset: { id: event.id } },
                el("td", { dataset: { label: "ID" } }, String(event.id)),
                el("td", { dataset: { label: "At" }, title: event.at }, short(event.at)),
                el("td", { dataset: { label: "Type" } }, el("span", { className: "cf-badge" }, event.type)),
                el("td", { dataset: { label: "Summary" } }, event.summary),
            ),
        ),
    );
    $("events-empty").hidden = shown.length > 0;
}

export function init() {
    $("events-type").addEventListener("change", render);
    subscribe("events", render);
    subscribe("view", render);
}
