/// How a pane's whole reload follows other connections' commits: at most one in flight, and a commit
/// seen while one runs is not dropped but followed by one more reload when it answers, so a pane is
/// never left behind the data, nor reloads more often than one reload's time.
enum LiveReload {
    /// A commit was seen: true when a reload starts now (`loading` set); when one is running, false
    /// and `stale` set.
    static func committed(loading: inout Bool, stale: inout Bool) -> Bool {
        guard !loading else { stale = true; return false }
        loading = true
        return true
    }

    /// The reload answered (the pane has cleared `loading`): true when one more starts now.
    static func answered(loading: inout Bool, stale: inout Bool) -> Bool {
        guard stale, !loading else { return false }
        stale = false
        loading = true
        return true
    }
}
