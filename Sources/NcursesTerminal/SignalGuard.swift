import CNcurses
import Glibc
import Synchronization

/// Keeps the terminal usable when the process is interrupted or crashes.
///
/// The choice, and why:
/// - SIGINT, SIGTERM and SIGHUP only record the signal. `endwin` is not async-signal-safe (it
///   allocates, flushes stdio and walks ncurses state the interrupted code may be mutating), so the
///   handler never calls it. It is installed without SA_RESTART, so a waiting `wget_wch` returns at
///   once; `readKey` then returns nil and `NcursesTerminal.pendingSignal` names the signal, and the
///   app loop calls `stop()` on its own thread. Installing these before `newterm` also stops ncurses
///   from installing its own SIGINT/SIGTERM cleanup, which calls exit from the handler.
/// - SIGSEGV, SIGBUS, SIGILL (Swift traps), SIGFPE, SIGABRT and SIGTRAP cannot wait for the loop.
///   Their handler uses only async-signal-safe calls: `write(2)` of a byte string precomputed from
///   terminfo at start (leave the alternate screen, show the cursor, reset attributes, keypad off) and
///   `tcsetattr` with the modes saved before ncurses started. It then reinstalls the previous handler
///   (Swift's backtracer, or the default) and re-raises, so the crash is reported as before.
/// - A normal `exit()` without `stop()` is covered by an atexit hook doing the same restoration.
/// SIGWINCH and SIGTSTP are left to ncurses, which handles them correctly.
enum SignalGuard {
    static let interruptSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Arms the handlers for a terminal on `fd`. Call before `newterm` (see above), then `setRestoreSequence`.
    static func install(terminalFD fd: Int32) {
        // Touch every global now: lazy global initialisation inside a signal handler could deadlock.
        _ = pending.load(ordering: .relaxed)
        _ = armed.load(ordering: .relaxed)
        _ = restoreLength.load(ordering: .relaxed)
        _ = (restoreBytes, savedModes, previousActions)
        terminalFD.store(fd, ordering: .relaxed)
        if tcgetattr(fd, savedModes) == 0 { armed.store(true, ordering: .releasing) }
        for signal in interruptSignals {
            _ = kameng_install_signal(signal, interruptHandler, previousActions + Int(signal))
        }
        for signal in fatalSignals {
            _ = kameng_install_signal(signal, fatalHandler, previousActions + Int(signal))
        }
        if !atexitRegistered.exchange(true, ordering: .relaxed) {
            atexit { restoreTerminalNow() }
        }
    }

    /// The bytes a crash writes to leave the terminal as ncurses found it.
    static func setRestoreSequence(_ bytes: [UInt8]) {
        let count = min(bytes.count, restoreCapacity)
        for index in 0..<count { restoreBytes[index] = bytes[index] }
        restoreLength.store(count, ordering: .releasing)
    }

    /// Disarms the crash path (the caller is about to `endwin`) and puts the previous handlers back.
    static func uninstall() {
        armed.store(false, ordering: .releasing)
        for signal in interruptSignals + fatalSignals {
            _ = kameng_restore_signal(signal, previousActions + Int(signal))
        }
    }

    /// The interrupt signal received since the last call, if any.
    static func takePending() -> Int32? {
        let signal = pending.exchange(0, ordering: .acquiringAndReleasing)
        return signal == 0 ? nil : signal
    }
}

private let restoreCapacity = 256
private let pending = Atomic<Int32>(0)
private let armed = Atomic<Bool>(false)
private let atexitRegistered = Atomic<Bool>(false)
private let terminalFD = Atomic<Int32>(-1)
private let restoreLength = Atomic<Int>(0)
nonisolated(unsafe) private let restoreBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: restoreCapacity)
nonisolated(unsafe) private let savedModes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
nonisolated(unsafe) private let previousActions: UnsafeMutablePointer<sigaction> = {
    let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    actions.initialize(repeating: sigaction(), count: 65)
    return actions
}()

private func interruptHandler(_ signal: Int32) {
    pending.store(signal, ordering: .releasing)
}

private func fatalHandler(_ signal: Int32) {
    restoreTerminalNow()
    _ = kameng_restore_signal(signal, previousActions + Int(signal))
    // Blocked while this handler runs, so it is delivered (to the previous handler) on return.
    raise(signal)
}

/// Async-signal-safe: atomics, write(2) and tcsetattr only.
private func restoreTerminalNow() {
    guard armed.exchange(false, ordering: .acquiringAndReleasing) else { return }
    let fd = terminalFD.load(ordering: .relaxed)
    var offset = 0
    let length = restoreLength.load(ordering: .acquiring)
    while offset < length {
        let written = write(fd, restoreBytes + offset, length - offset)
        if written <= 0 { break }
        offset += written
    }
    _ = tcsetattr(fd, TCSANOW, savedModes)
}
