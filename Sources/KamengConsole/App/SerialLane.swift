import Foundation

/// One of the console's ordered lanes of effects: async jobs run one after another, each to its end
/// (awaits included) before the next starts, in the order they were enqueued.
///
/// The lane's task runs on a serial dispatch queue of its own (a task executor preference), not on
/// Swift's cooperative pool: an engine may do blocking work inside its async operations (SQLite does),
/// and a blocked lane must not starve the other lanes, the change notices, or anything else sharing the
/// pool, which is as wide as the machine has cores (two here).
final class SerialLane: Sendable {
    typealias Job = @Sendable () async -> Void

    let label: String
    private let jobs: AsyncStream<Job>.Continuation
    private let task: Task<Void, Never>

    init(label: String, qos: DispatchQoS = .userInitiated) {
        self.label = label
        let (stream, jobs) = AsyncStream.makeStream(of: Job.self)
        self.jobs = jobs
        task = Task(executorPreference: QueueTaskExecutor(label: label, qos: qos)) {
            for await job in stream { await job() }
        }
    }

    /// Queues `job` behind everything queued on this lane before it.
    func run(_ job: @escaping Job) { jobs.yield(job) }

    /// Calls `reached` once every job queued before this call has finished (a frame-trace marker).
    func mark(_ reached: @escaping @Sendable () -> Void) { jobs.yield { reached() } }

    /// Runs what is queued, then ends; nothing queued afterwards runs.
    func finish() { jobs.finish() }

    deinit { jobs.finish() }
}

/// A task executor on one serial dispatch queue: a task preferring it runs its nonisolated code there.
final class QueueTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    init(label: String, qos: DispatchQoS) {
        queue = DispatchQueue(label: label, qos: qos)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// A gate tasks wait at until it opens once (the change notices' baseline); it never closes again.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func open() {
        let woken: [CheckedContinuation<Void, Never>] = lock.withLock {
            isOpen = true
            defer { waiting = [] }
            return waiting
        }
        for continuation in woken { continuation.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let passes: Bool = lock.withLock {
                if isOpen { return true }
                waiting.append(continuation)
                return false
            }
            if passes { continuation.resume() }
        }
    }
}
