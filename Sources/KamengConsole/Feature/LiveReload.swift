/// How a pane's whole reload follows other connections' commits: the pane in front reloads, at most
/// one reload in flight, and a commit seen while one runs is not dropped but followed by one more
/// when it answers; a pane behind others only notes that it is stale and reloads when it is shown.
/// So the pane in front is never left behind the data, and live traffic costs one pane's reloads.
enum LiveReload {
    /// A commit was seen: true when a reload starts now (`loading` set); when the pane is not in front
    /// or one is running, false and `stale` set.
    static func committed(_ change: DataChange, loading: inout Bool, stale: inout Bool) -> Bool {
        guard change.inFront, !loading else { stale = true; return false }
        loading = true
        return true
    }

    /// The pane came to the front: true when it is stale and a reload starts now.
    static func shown(loading: inout Bool, stale: inout Bool) -> Bool { answered(loading: &loading, stale: &stale) }

    /// The reload answered (the pane has cleared `loading`): true when one more starts now.
    static func answered(loading: inout Bool, stale: inout Bool) -> Bool {
        guard stale, !loading else { return false }
        stale = false
        loading = true
        return true
    }
}
