#!/usr/bin/python3
"""The curfew Cockpit page in a real browser: headless Chromium driven by Selenium, against cockpit-ws and a real
curfewd in a lab container (lab/e2e.d/console.sh starts both and opens the ssh sessions).

Usage: browser.py admin URL SHOTS ALICE1 ALICE2 BOB1     carol (group curfew) at URL
       browser.py user URL SHOTS DAVE1                   dave, an ordinary user
       browser.py perf URL                               rendering and event-following figures

Each check prints "ok   WHAT" or "FAIL WHAT", as lab/e2e's checks do; figures print as "     WHAT".
"""

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import traceback

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SOCK = "/run/curfew/curfewd.sock"
# The browser's zone differs from the machine's (UTC), so the page must send the admin's zone, not assume it.
BROWSER_ZONE = "Europe/Berlin"
failures = 0


def check(what, ok):
    global failures
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures += 1
    return ok


def note(text):
    print("     " + text, flush=True)


class UnixConnection(http.client.HTTPConnection):
    def __init__(self):
        super().__init__("curfew", timeout=15)

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(SOCK)


def api(method, path, body=None, conn=None):
    """curfewd's API as root, as the test's own view of the truth."""
    conn = conn or UnixConnection()
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    reply = conn.getresponse()
    data = reply.read()
    return reply.status, (json.loads(data) if data else None)


def alive(session_id):
    out = subprocess.run(["loginctl", "show-session", session_id, "-p", "State", "--value"],
                         capture_output=True, text=True)
    return out.returncode == 0 and out.stdout.strip() in ("active", "online")


def viewport(driver, width, height):
    """Exactly this many CSS pixels to lay out in, whatever the window's own decorations take."""
    driver.set_window_size(width + 50, height + 150)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def browser(width=1280, height=800):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--lang=en-GB", "--hide-scrollbars"):
        options.add_argument(arg)
    # The page's console, for when a check fails (printed by dump_console).
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path="/usr/bin/chromedriver", env={**os.environ, "TZ": BROWSER_ZONE})
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    viewport(driver, width, height)
    return driver


def wait(driver, what, condition, seconds=15):
    # A table re-rendered while the condition reads it leaves stale elements: read it again.
    try:
        WebDriverWait(driver, seconds, poll_frequency=0.1,
                      ignored_exceptions=[StaleElementReferenceException]).until(lambda d: condition(d))
        return check(what, True)
    except Exception as e:
        check(what, False)
        note(f"{type(e).__name__}; the page says: {driver.find_element(By.TAG_NAME, 'main').text[:600]!r}")
        return False


def by_id(driver, id_):
    return driver.find_element(By.ID, id_)


def text(driver, id_):
    return by_id(driver, id_).text


def rows(driver, body):
    return driver.find_elements(By.CSS_SELECTOR, f"#{body} tr")


def row_ids(driver, body):
    return [r.get_attribute("data-id") for r in rows(driver, body)]


def shot(driver, shots, name):
    driver.save_screenshot(os.path.join(shots, name + ".png"))


FRAME = "cockpit1:localhost/curfew"


def open_page(driver, url):
    """Cockpit's shell at URL (.../curfew), then into the page's frame: checks and clicks work in there, while
    screenshots show the whole window, Cockpit's menu and all."""
    driver.get(url)
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"iframe[name='{FRAME}']"))
    driver.switch_to.frame(driver.find_element(By.CSS_SELECTOR, f"iframe[name='{FRAME}']"))
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.body.classList.contains('cf-ready')"))


def set_value(driver, element, value):
    driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        element, value)


def tab(driver, view):
    by_id(driver, f"tab-{view}").click()


def dialog_text(driver):
    return by_id(driver, "cf-dialog").text


def close_dialog(driver):
    driver.execute_script("document.getElementById('cf-dialog').close()")


def click(driver, css, seconds=10):
    """Clicks what CSS selects; tables re-render as events come, so an element gone stale is found again."""
    deadline = time.time() + seconds
    while True:
        try:
            driver.find_element(By.CSS_SELECTOR, css).click()
            return
        except StaleElementReferenceException:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def tick(driver, session_id):
    click(driver, f"#sessions-body input[data-id='{session_id}']")


# --- the admin --------------------------------------------------------------------------------------------------

def admin(url, shots, alice1, alice2, bob1):
    d = browser()
    try:
        open_page(d, url)
        wait(d, "the Sessions page lists alice's two sessions and bob's",
             lambda d: {alice1, alice2, bob1} <= set(row_ids(d, "sessions-body")))
        first = d.find_element(By.CSS_SELECTOR, f"#sessions-body tr[data-id='{alice1}']").text
        check("a row shows user, address, service and terminal", all(w in first for w in ("alice", "127.0.0.1", "sshd", "pts/")))
        check("admin controls are there (End now, Schedule, Queue, Audit)",
              all(by_id(d, i).is_displayed() for i in ("sessions-end", "sessions-schedule", "tab-queue", "tab-audit")))
        set_value(d, by_id(d, "sessions-filter"), "bob")
        wait(d, "the filter box keeps only bob's session", lambda d: row_ids(d, "sessions-body") == [bob1])
        set_value(d, by_id(d, "sessions-filter"), "")
        wait(d, "clearing the filter shows every session again", lambda d: len(row_ids(d, "sessions-body")) >= 3)
        shot(d, shots, "sessions")

        # End now: the confirmation names the session and its address; nothing ends before it is confirmed.
        tick(d, alice1)
        by_id(d, "sessions-end").click()
        wait(d, "End now asks first, naming the session and its address",
             lambda d: f"session {alice1} of alice from 127.0.0.1" in dialog_text(d))
        shot(d, shots, "end-now-confirm")
        by_id(d, "cf-dialog-cancel").click()
        time.sleep(0.5)
        check("Cancel in the confirmation ends nothing", alive(alice1))
        by_id(d, "sessions-end").click()
        wait(d, "the confirmation opens again", lambda d: by_id(d, "cf-dialog").is_displayed())
        set_value(d, by_id(d, "end-reason"), "incident 42")
        by_id(d, "cf-form-submit").click()
        wait(d, "after confirming, the result shows the job as curfewctl show does: terminated",
             lambda d: "terminated" in dialog_text(d) and "History" in dialog_text(d), seconds=20)
        check("the ssh session is gone in logind", not alive(alice1))
        check("alice's other session is untouched", alive(alice2))
        _, trail = api("GET", "/v1/audit?action=terminated-now")
        check("the reason reaches curfewd as typed ('incident 42')", trail["entries"][0]["reason"] == "incident 42")
        close_dialog(d)
        wait(d, "the ended session leaves the table", lambda d: alice1 not in row_ids(d, "sessions-body"))

        # Refused input is shown as curfewd words it.
        tick(d, bob1)
        by_id(d, "sessions-schedule").click()
        wait(d, "Schedule opens with date and time pickers", lambda d: by_id(d, "when-date").is_displayed())
        set_value(d, by_id(d, "schedule-notices"), "soon")
        by_id(d, "cf-form-submit").click()
        wait(d, "a bad notice plan is refused in curfewd's words (422 invalid)",
             lambda d: text(d, "cf-form-error").startswith("422 invalid:"))
        note("shown: " + text(d, "cf-form-error"))

        # Schedule bob's session in the admin's zone, an hour and a half from now to the second.
        due = time.time() + 5400
        local = time.localtime(due)  # TZ is the browser's zone (set below for this process)
        set_value(d, by_id(d, "when-date"), time.strftime("%Y-%m-%d", local))
        set_value(d, by_id(d, "when-time"), time.strftime("%H:%M:%S", local))
        set_value(d, by_id(d, "schedule-notices"), "30m,5m")
        set_value(d, by_id(d, "schedule-reason"), "kernel update")
        by_id(d, "cf-form-submit").click()
        wait(d, "the scheduled job is shown as curfewctl show does",
             lambda d: "Termination" in dialog_text(d) and "scheduled" in dialog_text(d) and "kernel update" in dialog_text(d))
        status, page = api("GET", "/v1/terminations?state=scheduled")
        job = next((j for j in page["terminations"] if j["reason"] == "kernel update"), None)
        check("curfewd has the job for bob's session", job is not None and job["target"].get("sessions", [{}])[0].get("id") == bob1)
        if job:
            got = time.mktime(time.strptime(job["due_at"][:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone
            check(f"its due time is the picked {BROWSER_ZONE} time ({job['due_at']})", abs(got - int(due)) < 1.5)
            check("with the notice plan given", job["notices"] == ["30m", "5m"])
        close_dialog(d)
        wait(d, "bob's row now says what will end it", lambda d: "termination" in d.find_element(
            By.CSS_SELECTOR, f"#sessions-body tr[data-id='{bob1}']").text, seconds=20)
        shot(d, shots, "sessions-scheduled")

        # The queue: the job with its time left; details; reschedule; cancel.
        tab(d, "queue")
        jid = str(job["id"]) if job else "none"
        wait(d, "the Queue lists the job with its time left",
             lambda d: jid in row_ids(d, "queue-body") and "in 1h" in d.find_element(
                 By.CSS_SELECTOR, f"#queue-body tr[data-id='{jid}']").text)
        shot(d, shots, "queue")
        click(d, f"#queue-body button[data-action='detail'][data-id='{jid}']")
        wait(d, "a job's detail shows its history and notices sent",
             lambda d: "History" in dialog_text(d) and "Notices sent" in dialog_text(d))
        shot(d, shots, "job-detail")
        close_dialog(d)
        click(d, f"#queue-body button[data-action='reschedule'][data-id='{jid}']")
        wait(d, "Reschedule opens", lambda d: by_id(d, "reschedule-in").is_displayed())
        set_value(d, by_id(d, "reschedule-in"), "2h")
        by_id(d, "cf-form-submit").click()
        wait(d, "rescheduled: shown, and curfewd has the new time",
             lambda d: "Rescheduled" in dialog_text(d))
        status, moved = api("GET", f"/v1/terminations/{jid}")
        check("the job is now due in about 2 h", status == 200 and 7100 < moved["due_in_seconds"] <= 7200)
        close_dialog(d)
        click(d, f"#queue-body button[data-action='cancel'][data-id='{jid}']")
        wait(d, "Cancel asks first", lambda d: f"Cancel termination {jid}?" in dialog_text(d))
        by_id(d, "cf-dialog-ok").click()
        wait(d, "the cancelled job is shown", lambda d: "cancelled" in dialog_text(d))
        status, cancelled = api("GET", f"/v1/terminations/{jid}")
        check("curfewd has it cancelled", cancelled["state"] == "cancelled")
        close_dialog(d)
        wait(d, "it leaves the list of scheduled jobs", lambda d: jid not in row_ids(d, "queue-body"))
        check("bob's session is still there", alive(bob1))

        # Another admin cancels a job while this one reschedules it: curfewd's 409, in its words, in the dialog.
        status, other = api("POST", "/v1/terminations", {"target": {"user": "bob"}, "in": "4h", "reason": "race"})
        oid = str(other["id"])
        wait(d, "a job scheduled elsewhere appears in the queue", lambda d: oid in row_ids(d, "queue-body"))
        click(d, f"#queue-body button[data-action='reschedule'][data-id='{oid}']")
        wait(d, "Reschedule opens", lambda d: by_id(d, "reschedule-in").is_displayed())
        api("DELETE", f"/v1/terminations/{oid}")
        set_value(d, by_id(d, "reschedule-in"), "5h")
        by_id(d, "cf-form-submit").click()
        wait(d, "rescheduling a job cancelled meanwhile shows curfewd's 409 conflict",
             lambda d: text(d, "cf-form-error").startswith("409 conflict:"))
        note("shown: " + text(d, "cf-form-error"))
        close_dialog(d)

        # The audit: keyword "terminate" finds the termination of alice's session.
        tab(d, "audit")
        set_value(d, by_id(d, "audit-action"), "terminate")
        by_id(d, "audit-apply").click()
        wait(d, "the audit filter 'terminate' finds the End now of alice's session",
             lambda d: any("terminated-now" in r.text and alice1 in r.text or
                           "session-terminated" in r.text and alice1 in r.text for r in rows(d, "audit-body")))
        check("and only terminations", rows(d, "audit-body") and all(
            ("terminated-now" in r.text or "session-terminated" in r.text) for r in rows(d, "audit-body")))
        shot(d, shots, "audit")
        set_value(d, by_id(d, "audit-action"), "cancel")
        set_value(d, by_id(d, "audit-user"), "bob")
        by_id(d, "audit-apply").click()
        wait(d, "action 'cancel' and user bob find the cancel of the job on user bob", lambda d: any(
            "cancelled" in r.text and f"user bob" in r.text and oid in r.text for r in rows(d, "audit-body")))
        set_value(d, by_id(d, "audit-user"), "")
        set_value(d, by_id(d, "audit-action"), "")
        d.execute_script("document.getElementById('audit-until').value = '2000-01-01T00:00:00'")
        by_id(d, "audit-apply").click()
        wait(d, "a time range that ends in 2000 finds nothing", lambda d: text(d, "audit-status") == "no entries match")
        set_value(d, by_id(d, "audit-action"), "bogus")
        by_id(d, "audit-apply").click()
        wait(d, "a keyword that names no action says which there are", lambda d: "they are:" in text(d, "audit-status"))

        tab(d, "events")
        wait(d, "the Events page shows the stream live, with the termination",
             lambda d: "live" in text(d, "events-status") and any(
                 "session.terminated" in r.text for r in rows(d, "events-body")))
        shot(d, shots, "events")

        # A narrow window: rows become cards, nothing runs off the side.
        viewport(d, 420, 800)
        tab(d, "sessions")
        wait(d, "on a narrow window the sessions are still listed", lambda d: bob1 in row_ids(d, "sessions-body"))
        check("nothing is wider than the narrow window", d.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth"))
        check("the table's heading row gives way to labelled cards", not by_id(d, "sessions-table").find_element(
            By.TAG_NAME, "thead").is_displayed())
        shot(d, shots, "sessions-narrow")
    finally:
        d.quit()


# --- an ordinary user ---------------------------------------------------------------------------------------------

def user(url, shots, dave1):
    status, job = api("POST", "/v1/terminations", {"target": {"user": "dave"}, "in": "3h", "reason": "account expires"})
    check("(setup) a job on dave's sessions", status == 201)
    d = browser()
    try:
        open_page(d, url)
        wait(d, "dave sees his own session", lambda d: row_ids(d, "sessions-body") == [dave1])
        check("and no one else's", all(r.get_attribute("data-id") == dave1 for r in rows(d, "sessions-body")))
        check("no admin controls: no End now, Schedule, Queue or Audit, no checkboxes", not any(
            by_id(d, i).is_displayed() for i in ("sessions-end", "sessions-schedule", "tab-queue", "tab-audit"))
            and not d.find_elements(By.CSS_SELECTOR, "#sessions-body input[type=checkbox]"))
        wait(d, "he sees what will end his sessions, and when", lambda d: "account expires" in text(d, "sessions-mine")
             and f"Termination {job['id']}" in text(d, "sessions-mine"))
        shot(d, shots, "user")
        d.execute_script("location.hash = '#/audit'")
        time.sleep(1)
        check("asking for the Audit page by its address still shows only his sessions",
              by_id(d, "view-sessions").is_displayed() and not by_id(d, "view-audit").is_displayed())
    finally:
        d.quit()
        api("DELETE", f"/v1/terminations/{job['id']}")


# --- figures ------------------------------------------------------------------------------------------------------

# 1,000 sessions as GET /v1/sessions gives them, with ids new to the page on each call (RUN), so that each call
# builds every row: what the first render of a large machine costs, not a re-render of rows already shown.
FAKE = """
const [n, run] = arguments;
const base = Date.now();
const due = (84 * 60 + 30) * 60000;  // "in 3d 12h" for the next half hour: what the rows show stays the same
const list = [];
for (let i = 0; i < n; i++) {
    list.push({id: String(run * 100000 + i), user: 'user' + (i % 97), uid: 2000 + (i % 97), remote_host: '10.1.' + (i >> 8) + '.' + (i & 255),
        remote_user: null, tty: 'pts/' + i, service: 'sshd', type: 'tty', class: 'user', state: 'active', seat: null,
        leader: 1000 + i, created_at: new Date(base - i * 60000).toISOString(), idle: i % 3 === 0,
        idle_since: i % 3 === 0 ? new Date(base - i * 1000).toISOString() : null,
        terminations: i % 5 === 0 ? [{id: i, due_at: new Date(base + due).toISOString(), seconds_left: due / 1000, reason: 'window <b>&amp;</b>'}] : []});
}
const page = window.curfewConsole;
page.state.sessions = new Map(list.map(x => [x.id, x]));
const t0 = performance.now();
page.renderSessions();
void document.getElementById('sessions-body').offsetHeight;  // the layout belongs to the cost
return performance.now() - t0;
"""


# One session of the 1,000 shown gets a termination, as after an event: only its row is touched, in place. The 1,000
# are put in by FAKE in the same script: between two scripts the live page may refresh and put its real sessions back
# (CI, 2026-12-03: "3 of 3 rows kept").
ONE_CHANGED = "(function () {" + FAKE + "}).apply(null, arguments);\n" + """
const page = window.curfewConsole;
const body = document.getElementById('sessions-body');
const before = new Set(body.children);
const changed = [...page.state.sessions.values()][1];
page.state.sessions.set(changed.id, {...changed, terminations: [{id: 7, due_at: new Date(Date.now() + 600000).toISOString(),
    seconds_left: 600, reason: '<img src=x onerror=alert(1)>'}]});
const touched = new Set();
const watch = new MutationObserver(list => {
    for (const m of list) touched.add(m.target === body ? body : (m.target.parentElement || m.target).closest('tr'));
});
watch.observe(body, {childList: true, subtree: true, characterData: true, attributes: true});
const t0 = performance.now();
page.renderSessions();
void body.offsetHeight;
const took = performance.now() - t0;
for (const m of watch.takeRecords()) touched.add(m.target === body ? body : (m.target.parentElement || m.target).closest('tr'));
watch.disconnect();
const after = [...body.children];
const row = body.querySelector(`tr[data-id='${changed.id}']`);
return {took, rows: after.length, kept: after.filter(tr => before.has(tr)).length,
        touched: [...touched].map(n => n === body ? 'tbody' : n && n.dataset.id), changed: changed.id, text: row.textContent,
        markup: row.querySelectorAll('img').length};
"""


BARE = """
const t0 = performance.now();
const body = document.getElementById('sessions-body');
const rows = document.createDocumentFragment();
for (let i = 0; i < 1000; i++) {
    const tr = document.createElement('tr');
    for (let j = 0; j < 9; j++) { const td = document.createElement('td'); td.textContent = 'cell ' + i; tr.append(td); }
    rows.append(tr);
}
body.replaceChildren(rows);
void body.offsetHeight;
return performance.now() - t0;
"""


# N events at one every EVERY ms by the clock, each through what the stream calls for an event; then how long until
# the view shows the last one (SHOWN, a JavaScript expression of lastId; null: not looked at). With BARE, each event
# goes nowhere: the same feed's timing with no page work, what the browser itself manages on this machine now.
SYNTHETIC = """
const [n, every, shown, bare] = arguments;
const page = bare ? {receive() {}, state: {reads: {}}} : window.curfewConsole;
const isShown = shown ? new Function('lastId', 'return ' + shown) : null;
const run = window.curfewSynthetic = {i: 0, worst: 0, took: null, shownAfter: null, gaveUp: false, error: null,
                                      reads: Object.assign({}, page.state.reads)};
const t0 = performance.now();
const first = 1000000000 + Math.floor(Math.random() * 1000000) * 1000;
function look() {
    if (isShown(first + n - 1)) run.shownAfter = performance.now() - (t0 + run.took);
    else if (performance.now() - t0 - run.took < 5000) setTimeout(look, 5);
    else run.gaveUp = true;
}
function tick() {
    try {
        run.worst = Math.max(run.worst, performance.now() - (t0 + run.i * every));
        page.receive({id: first + run.i, type: 'notice.sent', at: new Date().toISOString(), termination_id: null,
                      session_id: null, user: 'carol', users: ['carol'], all_users: false,
                      summary: 'synthetic event ' + run.i + ' <script>alert(1)</script>', details: {}});
        run.i += 1;
        if (run.i < n) setTimeout(tick, Math.max(0, t0 + run.i * every - performance.now()));
        else {
            run.took = performance.now() - t0;
            if (isShown) look();
        }
    } catch (e) {
        run.error = String(e);
    }
}
tick();
"""


def feed(d, where, shown=None, bare=False):
    """1,000 events at 100/s for 10 s through the page, on the view WHERE; returns the run's figures. BARE: to
    nothing, the baseline of a loaded machine."""
    d.execute_script(SYNTHETIC, 1000, 10, shown, bare)
    done = lambda run: run["error"] or (run["took"] is not None and (not shown or run["shownAfter"] is not None or run["gaveUp"]))
    deadline = time.time() + 40
    run = d.execute_script("return window.curfewSynthetic")
    while not done(run) and time.time() < deadline:
        time.sleep(0.1)
        run = d.execute_script("return window.curfewSynthetic")
    reads = {} if bare else d.execute_script("return window.curfewConsole.state.reads")
    run["sessionReads"] = reads.get("sessions", 0) - run["reads"].get("sessions", 0)
    shown_after = ""
    if shown:
        shown_after = " the view showed the last one " + (
            "%.0f ms after it;" % run["shownAfter"] if run["shownAfter"] is not None else "not within 5 s;")
    note(f"1,000 events fed {'to nothing' if bare else 'to the page'} at 100/s on the {where} page: done in {(run['took'] or 0) / 1000:.2f} s, "
         f"worst lateness of an event {run['worst']:.0f} ms;{shown_after} {run['sessionReads']} reads of the "
         f"sessions" + (f"; error {run['error']}" if run["error"] else ""))
    return run


def perf(url):
    d = browser()
    try:
        open_page(d, url)
        # Wall time as the page measures it (DOM built and laid out), and the renderer's main-thread CPU time for the
        # same call (Chrome's ThreadTime metric): on a loaded machine the first includes waiting for a CPU.
        d.execute_cdp_cmd("Performance.enable", {})

        def thread_time():
            metrics = d.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
            return next(m["value"] for m in metrics if m["name"] == "ThreadTime")

        def measure(script, *args):
            before = thread_time()
            wall = d.execute_script(script, *args)
            return wall, (thread_time() - before) * 1000

        # Interleaved with a bare table of the same size (1,000 rows of 9 text cells) as the yardstick, so the printed
        # figures say how busy the machine was.
        page, bare = [], []
        for run in range(1, 8):
            page.append(measure(FAKE, 1000, run))
            bare.append(measure(BARE))
        med = lambda runs, i: statistics.median(r[i] for r in runs)
        note(f"render 1,000 sessions (DOM built and laid out), median of 7: {med(page, 0):.0f} ms wall "
             f"({min(r[0] for r in page):.0f}-{max(r[0] for r in page):.0f}), {med(page, 1):.0f} ms main-thread CPU; "
             f"a bare 1,000x9 table: {med(bare, 0):.0f} ms wall, {med(bare, 1):.0f} ms CPU")
        # The target is 300 ms. Wall time on a loaded machine includes waiting for a CPU (2 cores at a load of 10
        # gave medians of 110-310 ms for 90-140 ms of CPU), so the target is checked on the page's own work
        # (main-thread CPU), and the wall time against a looser bound.
        check("1,000 sessions render in at most 300 ms of main-thread CPU (median of 7)", med(page, 1) <= 300)
        check("... and in at most 1 s of wall time on this machine, however busy (median of 7)", med(page, 0) <= 1000)
        check("the Sessions page costs at most 3x a bare table of the same size (main-thread CPU)",
              med(page, 1) <= 3 * med(bare, 1))
        # For comparison only: the same render with every row laid out, none skipped for being off screen.
        d.execute_script("const s = document.createElement('style'); s.id = 'every-row'; "
                         "s.textContent = '#sessions-body tr {content-visibility: visible}'; document.head.append(s)")
        every = [measure(FAKE, 1000, run) for run in range(8, 11)]
        d.execute_script("document.getElementById('every-row').remove()")
        note(f"... with every row laid out, none skipped off screen (median of 3): {med(every, 0):.0f} ms wall, "
             f"{med(every, 1):.0f} ms CPU")
        one = d.execute_script(ONE_CHANGED, 1000, 11)
        note(f"one session of 1,000 changed: {one['took']:.1f} ms wall, {one['kept']} of {one['rows']} rows kept, "
             f"rows touched: {one['touched']}")
        check("a change to one session of 1,000 touches only its row, in place",
              one["rows"] == 1000 and one["kept"] == 1000 and one["touched"] == [one["changed"]])
        check("text from the API reaches the table as text, never as markup",
              "<img src=x onerror=alert(1)>" in one["text"] and one["markup"] == 0)
        WebDriverWait(d, 30).until(lambda d: d.execute_script("return window.curfewConsole.state.stream.state === 'live'"))

        # 100 events a second for 10 s, from real requests: dry-run jobs on a live session's user, as many a second
        # as make 100 events, while the Sessions page is shown; then the row of that session must show the last of
        # them, as curfewd has it, within a second of the last request.
        _, live = api("GET", "/v1/sessions")
        watched = live["sessions"][0]
        body = {"target": {"user": watched["user"]}, "in": "6h", "dry_run": True, "reason": "perf"}
        _, st = api("GET", "/v1/status")
        before = st["events"]["newest_id"]
        api("POST", "/v1/terminations", body)
        _, st = api("GET", "/v1/status")
        per_job = max(1, st["events"]["newest_id"] - before)
        start_id = st["events"]["newest_id"]
        WebDriverWait(d, 30).until(lambda d: (d.execute_script(
            "return window.curfewConsole.state.stream.lastId") or 0) >= start_id)
        rate, seconds, workers = 100, 10, 8
        total_jobs = rate * seconds // per_job
        d.execute_script("window.curfewConsole.state.stream.maxLagMs = 0")
        reads_before = d.execute_script("return window.curfewConsole.state.reads.sessions || 0")
        refused = []
        t0 = time.time()

        def send(worker):
            conn = UnixConnection()
            for n in range(worker, total_jobs, workers):
                delay = t0 + n * per_job / rate - time.time()
                if delay > 0:
                    time.sleep(delay)
                status, job = api("POST", "/v1/terminations", body, conn)
                if status != 201:
                    refused.append(status)

        threads = [threading.Thread(target=send, args=(w,)) for w in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        sent_for = time.time() - t0
        check("every job of the event load was accepted", not refused)
        conn = UnixConnection()
        _, st = api("GET", "/v1/status", conn=conn)
        newest = st["events"]["newest_id"]
        made_events = newest - start_id
        _, now = api("GET", "/v1/sessions", conn=conn)
        jobs = next(s for s in now["sessions"] if s["id"] == watched["id"])["terminations"]
        first = min(jobs, key=lambda j: j["due_at"])
        expected = [f"termination {first['id']} at", f"(+{len(jobs) - 1} more)"]
        row_text = f"return (document.querySelector(\"#sessions-body tr[data-id='{watched['id']}']\") || {{}}).textContent || ''"
        try:
            WebDriverWait(d, 30, poll_frequency=0.02).until(
                lambda d: all(e in d.execute_script(row_text) for e in expected))
            caught_up = time.time() - t0 - sent_for
        except Exception:
            caught_up = None
        lag = d.execute_script("return window.curfewConsole.state.stream.maxLagMs")
        reads = d.execute_script("return window.curfewConsole.state.reads.sessions || 0") - reads_before
        read_for = time.time() - t0
        note(f"events: {made_events} in {sent_for:.1f} s ({made_events / sent_for:.0f}/s); page's worst lag behind "
             f"an event's commit {lag} ms; session {watched['id']}'s row showed all {len(jobs)} jobs "
             f"{'%.0f ms' % (caught_up * 1000) if caught_up is not None else 'never'} after the last request; "
             f"{reads} reads of the sessions")
        # What is judged is the page: every event received within a second of its commit, and the view showing the
        # final state a second after the last. How many events a second curfewd made here is printed above; on a
        # busy machine the requests, not the page, are what falls short of 100.
        check("the page keeps up with the event stream (each event within 1 s, the view as curfewd has it within "
              "1 s of the last)", lag <= 1000 and caught_up is not None and caught_up <= 1.0)
        check("a burst of events costs one read of the sessions per 250 ms at most, not one per event",
              0 < reads <= read_for / 0.25 + 2)
        if made_events / sent_for < 100:
            note("fewer than 100 events a second were made: curfewd's POSTs were the limit on this machine")

        # The page alone at 100 events a second for 10 s, one event per task, by the clock: on the Sessions page
        # with its table (reads of the sessions coalesced), and on the Events page (its busiest view), which must
        # show the last event within a second.
        # Each is held to the same feed to nothing, timed just before: a browser starved of CPU (the lab's groups
        # share 2 cores) is late by itself, and what counts is the lateness the page adds, at most 1 s.
        def keeps_up(run, bare):
            return (not run["error"] and run["took"] is not None and bare["took"] is not None
                    and run["took"] <= max(11000, bare["took"] + 1000) and run["worst"] <= bare["worst"] + 1000)
        bare = feed(d, "Sessions", bare=True)
        run = feed(d, "Sessions")
        check("at 100 events/s on the Sessions page no event waits more than 1 s and 10 s of events take at most "
              "11 s (beyond the same feed to nothing)", keeps_up(run, bare))
        check("... and they cost one read of the sessions per 250 ms at most", run["sessionReads"] <= 10 / 0.25 + 2)
        d.find_element(By.ID, "tab-events").click()
        bare = feed(d, "Events", bare=True)
        run = feed(d, "Events", "(document.querySelector('#events-body tr') || {dataset: {}}).dataset.id === "
                                "String(lastId) && document.getElementById('events-status').textContent.includes('last id ' + lastId)")
        check("at 100 events/s on the Events page no event waits more than 1 s and 10 s of events take at most 11 s "
              "(beyond the same feed to nothing)", keeps_up(run, bare))
        check("the Events page shows the last event within 1 s of it",
              run["shownAfter"] is not None and run["shownAfter"] <= 1000)
        check("no event's text became markup", d.execute_script(
            "return document.querySelectorAll('#events-body script').length === 0 && "
            "document.getElementById('events-body').textContent.includes('<script>alert(1)</script>')"))
        check("no read of the sessions while they are not shown", run["sessionReads"] == 0)
    finally:
        d.quit()


def main():
    os.environ["TZ"] = BROWSER_ZONE
    time.tzset()
    mode = sys.argv[1]
    try:
        if mode == "admin":
            admin(*sys.argv[2:])
        elif mode == "user":
            user(*sys.argv[2:])
        elif mode == "perf":
            perf(*sys.argv[2:])
        else:
            sys.exit(__doc__)
    except Exception:
        traceback.print_exc()
        check(f"{mode}: the browser test ran to its end", False)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
