// Modal dialogs: a confirmation that resolves true or false, and a dialog that shows what came back.
import { $, el, replace } from "./dom.js";

/**
 * Asks before acting. body: nodes describing exactly what will happen. Resolves true only on the action button;
 * Escape, Cancel and a click outside resolve false.
 */
export function confirm({ title, body, action, danger = false }) {
    const dialog = $("cf-dialog");
    return new Promise(resolve => {
        const ok = el("button", { className: danger ? "cf-btn cf-danger" : "cf-btn cf-primary", id: "cf-dialog-ok", type: "button" }, action);
        const cancel = el("button", { className: "cf-btn cf-link", id: "cf-dialog-cancel", type: "button" }, "Cancel");
        replace(
            dialog,
            el("h2", null, title),
            el("div", { className: "cf-dialog-body" }, body),
            el("div", { className: "cf-dialog-actions" }, ok, cancel),
        );
        const done = answer => {
            dialog.removeEventListener("close", onClose);
            dialog.close();
            resolve(answer);
        };
        const onClose = () => done(false);
        ok.addEventListener("click", () => done(true));
        cancel.addEventListener("click", () => done(false));
        dialog.addEventListener("close", onClose);
        dialog.showModal();
        cancel.focus();
    });
}

/** Shows content (nodes) with a Close button. */
export function show(title, content) {
    const dialog = $("cf-dialog");
    const close = el("button", { className: "cf-btn cf-secondary", id: "cf-dialog-close", type: "button" }, "Close");
    replace(dialog, el("h2", null, title), el("div", { className: "cf-dialog-body" }, content), el("div", { className: "cf-dialog-actions" }, close));
    close.addEventListener("click", () => dialog.close());
    if (!dialog.open) dialog.showModal();
}

/** A form in the dialog: fields (nodes), a submit label; onSubmit(form) returns a promise; its error is shown inside. */
export function form({ title, fields, submit, onSubmit }) {
    const dialog = $("cf-dialog");
    const error = el("div", { className: "cf-alert cf-inline", role: "alert", hidden: true, id: "cf-form-error" });
    const ok = el("button", { className: "cf-btn cf-primary", type: "submit", id: "cf-form-submit" }, submit);
    const cancel = el("button", { className: "cf-btn cf-link", type: "button", id: "cf-dialog-cancel" }, "Cancel");
    const f = el("form", { className: "cf-form", method: "dialog", noValidate: false }, fields, error, el("div", { className: "cf-dialog-actions" }, ok, cancel));
    replace(dialog, el("h2", null, title), f);
    cancel.addEventListener("click", () => dialog.close());
    f.addEventListener("submit", event => {
        event.preventDefault();
        ok.disabled = true;
        error.hidden = true;
        onSubmit(f)
                .catch(e => {
                    replace(error, e.describe ? e.describe() : String(e.message || e));
                    error.hidden = false;
                })
                .finally(() => {
                    ok.disabled = false;
                });
    });
    if (!dialog.open) dialog.showModal();
}
