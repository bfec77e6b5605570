// Building DOM from data: text always goes in as textContent, never as markup.

/** el("td", { className: "x", dataset: { id } }, "text", child...) */
export function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
        for (const [key, value] of Object.entries(props)) {
            if (value === undefined || value === null || value === false) continue;
            if (key === "dataset") Object.assign(node.dataset, value);
            else if (key === "on") for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
            else if (key in node) node[key] = value;
            else node.setAttribute(key, value);
        }
    }
    append(node, children);
    return node;
}

function append(node, children) {
    for (const child of children) {
        if (child === undefined || child === null || child === false) continue;
        if (Array.isArray(child)) append(node, child);
        else if (child instanceof Node) node.append(child);
        else node.append(document.createTextNode(String(child)));
    }
}

export function replace(node, ...children) {
    node.replaceChildren();
    append(node, children);
}

export const $ = id => document.getElementById(id);

// --- time, in the viewer's own zone ----------------------------------------------------------------

export const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "local time";

const partsFormat = new Intl.DateTimeFormat("en-US", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
});

function parts(iso) {
    const out = {};
    for (const { type, value } of partsFormat.formatToParts(new Date(iso))) out[type] = value;
    return out;
}

/** "2026-12-02 18:00:00 GMT+1" in the viewer's zone, as curfewctl writes times; "-" for null. */
export function absolute(iso) {
    if (!iso) return "-";
    const p = parts(iso);
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
}

export const pad = n => String(n).padStart(2, "0");

/** "2026-12-02 18:00" for a table cell (the zone is said once, in the page's header). The browser's own zone is
 * the viewer's, so Date's local getters do it (Intl's formatToParts costs ~30 us a call, too much for 1,000 rows). */
export function short(iso) {
    if (!iso) return "-";
    const d = new Date(iso);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "in 2h 5m", "3m ago", "now". */
export function relative(iso, now = Date.now()) {
    if (!iso) return "";
    const seconds = Math.round((Date.parse(iso) - now) / 1000);
    if (Math.abs(seconds) < 1) return "now";
    const text = spoken(Math.abs(seconds));
    return seconds > 0 ? `in ${text}` : `${text} ago`;
}

/** 3725 -> "1h 2m", 59 -> "59s", 90061 -> "1d 1h". */
export function spoken(seconds) {
    const units = [
        ["d", 86400],
        ["h", 3600],
        ["m", 60],
        ["s", 1],
    ];
    const parts = [];
    let left = Math.round(seconds);
    for (const [name, size] of units) {
        if (left >= size || (name === "s" && parts.length === 0)) {
            parts.push(`${Math.floor(left / size)}${name}`);
            left %= size;
        }
        if (parts.length === 2) break;
    }
    return parts.join(" ");
}

/** A plain table: headings, then rows of cells (strings or nodes). */
export function table(headings, rows, className = "cf-table") {
    return el(
        "table",
        { className },
        el("thead", null, el("tr", null, headings.map(h => el("th", { scope: "col" }, h)))),
        el(
            "tbody",
            null,
            rows.map(cells => el("tr", null, cells.map((c, i) => el("td", { dataset: { label: headings[i] } }, c)))),
        ),
    );
}
