// The Queue view: terminations with their time left; details, reschedule and cancel (each confirmed).
import * as api from "./api.js";
import { $, absolute, el, relative, replace, short } from "./dom.js";
import { confirm, form, show } from "./dialogs.js";
import { jobDetail, stateBadge } from "./job.js";
import { refresher } from "./refresher.js";
import { whenFields, whenValue } from "./schedule.js";
import { state, subscribe, setQueue, setError } from "./state.js";

const LIMIT = 200;

export async function load() {
    const stateFilter = $("queue-state").value;
    const page = await api.get("/v1/terminations", { state: stateFilter, limit: String(LIMIT) });
    // Soonest first: what happens next is at the top.
    const jobs = page.terminations.sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at));
    setQueue(jobs);
    replace($("queue-count"), page.total > jobs.length ? `${jobs.length} of ${page.total}` : `${jobs.length} termination${jobs.length === 1 ? "" : "s"}`);
}

const reload = refresher("queue", load);

export function refresh() {
    if (state.viewer && state.viewer.admin) reload();
}

function actions(job) {
    const buttons = [el("button", { className: "cf-btn cf-link", type: "button", dataset: { action: "detail", id: job.id } }, "Details")];
    if (job.state === "scheduled") {
        buttons.push(el("button", { className: "cf-btn cf-secondary", type: "button", dataset: { action: "reschedule", id: job.id } }, "Reschedule"));
        buttons.push(el("button", { className: "cf-btn cf-danger-outline", type: "button", dataset: { action: "cancel", id: job.id } }, "Cancel"));
    }
    return el("div", { className: "cf-actions" }, buttons);
}

export function render() {
    if (!state.viewer || !state.viewer.admin) return;
    const jobs = [...state.queue.values()];
    const rows = jobs.map(job =>
        el(
            "tr",
            { dataset: { id: job.id } },
            el("td", { dataset: { label: "ID" } }, String(job.id)),
            el("td", { dataset: { label: "State" } }, stateBadge(job)),
            el("td", { dataset: { label: "Target" } }, job.target_summary),
            el("td", { dataset: { label: "Due" } }, short(job.due_at)),
            el("td", { dataset: { label: "Time left", due: job.due_at }, className: "cf-left" }, relative(job.due_at)),
            el("td", { dataset: { label: "Reason" } }, job.reason),
            el("td", { dataset: { label: "By" } }, job.actor.name),
            el("td", { className: "cf-row-actions" }, actions(job)),
        ),
    );
    $("queue-body").replaceChildren(...rows);
    $("queue-empty").hidden = jobs.length > 0;
}

// Time left moves every second; only those cells are touched.
function tick() {
    if (state.view !== "queue") return;
    for (const cell of document.querySelectorAll("#queue-body td.cf-left")) cell.textContent = relative(cell.dataset.due);
}

async function detail(id) {
    try {
        show("Details", jobDetail(await api.get(`/v1/terminations/${id}`)));
    } catch (e) {
        setError(e);
    }
}

function reschedule(job) {
    const within = el("input", { type: "text", name: "in", id: "reschedule-in", placeholder: "or a duration from now: 30m, 1h30m" });
    const current = new Date(Math.max(Date.parse(job.due_at), Date.now() + 60000));
    form({
        title: `Reschedule termination ${job.id}`,
        submit: "Reschedule",
        fields: [
            el("p", null, `${job.target_summary}, now due ${absolute(job.due_at)} (${relative(job.due_at)}).`),
            whenFields(current),
            el("label", { className: "cf-field" }, "In", within),
        ],
        onSubmit: async f => {
            const body = within.value.trim() ? { in: within.value.trim() } : { at: whenValue(f) };
            const updated = await api.request("PATCH", `/v1/terminations/${job.id}`, { body });
            show("Rescheduled", jobDetail(updated));
            refresh();
        },
    });
}

async function cancel(job) {
    const ok = await confirm({
        title: `Cancel termination ${job.id}?`,
        body: [
            el("p", null, `${job.target_summary}, due ${absolute(job.due_at)} (${relative(job.due_at)}).`),
            el("p", null, "The sessions it would end get a notice that it is cancelled."),
        ],
        action: "Cancel termination",
        danger: true,
    });
    if (!ok) return;
    try {
        show("Cancelled", jobDetail(await api.request("DELETE", `/v1/terminations/${job.id}`)));
    } catch (e) {
        show("Not cancelled", el("p", { className: "cf-alert cf-inline", role: "alert" }, e.describe()));
    }
    refresh();
}

export function init() {
    $("queue-state").addEventListener("change", refresh);
    $("queue-body").addEventListener("click", e => {
        const button = e.target.closest("button[data-action]");
        if (!button) return;
        const id = Number(button.dataset.id);
        const job = state.queue.get(id);
        if (button.dataset.action === "detail") detail(id);
        else if (button.dataset.action === "reschedule" && job) reschedule(job);
        else if (button.dataset.action === "cancel" && job) cancel(job);
    });
    subscribe("queue", render);
    window.setInterval(tick, 1000);
}
