/* global cockpit */
// curfewd's API over its Unix socket, through Cockpit's bridge. With superuser "try" the request goes through the
// admin's escalated bridge when there is one, so curfewd's SO_PEERCRED sees root; otherwise the logged-in user.

export const SOCKET = "/run/curfew/curfewd.sock";

let client = null;

function http() {
    if (!client) client = cockpit.http(SOCKET, { superuser: "try" });
    return client;
}

/** An error as curfewd words it: the HTTP status, curfewd's code and message; status 0 when curfewd was not reached. */
export class ApiError extends Error {
    constructor(status, code, message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** "403 forbidden: ..." as shown to the admin. */
    describe() {
        return this.status ? `${this.status} ${this.code}: ${this.message}` : this.message;
    }
}

// What the bridge's channel problems mean here.
const PROBLEMS = {
    "not-found": `curfewd is not running: there is no socket at ${SOCKET}`,
    "access-denied": `this account may not use curfewd's socket ${SOCKET} (root or group curfew may)`,
    "connection-closed": "curfewd closed the connection",
    disconnected: "the connection to this machine was lost",
    terminated: "the request was stopped",
};

function toError(ex, body) {
    if (ex && ex.status) {
        let code = String(ex.reason || "").toLowerCase().replace(/ /g, "_");
        let message = ex.reason || String(ex);
        try {
            const parsed = JSON.parse(body);
            if (parsed && parsed.error) ({ code, message } = parsed.error);
        } catch (_) {
            if (body) message = String(body).slice(0, 500);
        }
        return new ApiError(ex.status, code, message);
    }
    const problem = (ex && (ex.problem || ex.message)) || String(ex);
    return new ApiError(0, problem, PROBLEMS[problem] || `curfewd could not be reached: ${problem}`);
}

/** Sends one request; resolves with the parsed JSON body, rejects with an ApiError. */
export function request(method, path, { params, body, headers: extra } = {}) {
    const headers = { Accept: "application/json", ...extra };
    // The query is encoded here, spaces as %20: Cockpit's own params turn them into "+", which curfewd reads as is.
    const req = { method, path: path + query(params), headers, body: "" };
    if (body !== undefined) {
        req.body = JSON.stringify(body);
        headers["Content-Type"] = "application/json";
    }
    return new Promise((resolve, reject) => {
        // Cockpit's own promise passes the body to the rejection as a second argument: use its then().
        http().request(req).then(
            data => {
                try {
                    resolve(data ? JSON.parse(data) : null);
                } catch (e) {
                    reject(new ApiError(0, "bad_reply", `curfewd's reply was not JSON: ${e.message}`));
                }
            },
            (ex, data) => reject(toError(ex, data)),
        );
    });
}

export const get = (path, params) => request("GET", path, { params });

function query(params) {
    if (!params) return "";
    const pairs = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "");
    return pairs.length ? "?" + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&") : "";
}

/**
 * Follows GET /v1/events (Server-Sent Events) from the event after `since`, calling onEvent(event) for each and
 * onGap(gap) for a gap frame. Reconnects after 2 s with the last id seen, so nothing is missed across a curfewd
 * restart; onState("live" | "reconnecting", error) says which. Returns a function that stops it.
 */
export function followEvents(since, { onEvent, onGap, onState }) {
    let last = since;
    let stopped = false;
    let current = null;
    let timer = null;

    function connect() {
        let buffer = "";
        current = http().request({
            method: "GET",
            path: "/v1/events" + query(last === null ? undefined : { since: String(last) }),
            headers: { Accept: "text/event-stream" },
            body: "",
        });
        current.response(status => {
            if (status >= 200 && status < 300) onState("live");
        });
        current.stream(chunk => {
            buffer += chunk;
            let end;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
                const frame = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                dispatch(frame);
            }
        });
        current.then(retry, (ex, data) => retry(toError(ex, data)));
    }

    function dispatch(frame) {
        let type = "message";
        let data = "";
        let id = null;
        for (const line of frame.split("\n")) {
            if (line.startsWith(":")) continue;
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "event") type = value;
            else if (field === "data") data += (data ? "\n" : "") + value;
            else if (field === "id") id = Number(value);
        }
        if (!data) return;
        const parsed = JSON.parse(data);
        if (type === "gap") onGap(parsed);
        else {
            if (id !== null) last = id;
            onEvent(parsed);
        }
    }

    function retry(error) {
        if (stopped) return;
        onState("reconnecting", error instanceof ApiError ? error : null);
        timer = window.setTimeout(connect, 2000);
    }

    connect();
    return () => {
        stopped = true;
        window.clearTimeout(timer);
        if (current) current.close();
    };
}

