/// What changed among logind's sessions, as the session watcher saw it.
public enum SessionChange: Sendable, Equatable {
    /// A session appeared, or one of its properties changed (e.g. its idle hint).
    case updated(Session)
    case closed(id: String)
    /// The whole list, read after (re)connecting to logind: everything else is gone.
    case listed([Session])
}
