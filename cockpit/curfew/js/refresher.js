// Reading a view's data again, one read at a time.
import { state, setError } from "./state.js";

/**
 * A refresh of `load` (a function returning a promise): a call while a read runs asks for exactly one more after
 * it, so a burst of events costs two reads, not one per event. A failure is shown as the page's error, and the
 * next success of the same source clears it. state.reads counts the reads by source (the browser test's figure).
 */
export function refresher(source, load) {
    let loading = null;
    let again = false;
    return function refresh() {
        if (loading) {
            again = true;
            return loading;
        }
        state.reads[source] = (state.reads[source] || 0) + 1;
        loading = load()
                .then(() => {
                    if (state.error && state.error.source === source) setError(null);
                })
                .catch(e => setError(Object.assign(e, { source })))
                .finally(() => {
                    loading = null;
                    if (again) {
                        again = false;
                        refresh();
                    }
                });
        return loading;
    };
}
