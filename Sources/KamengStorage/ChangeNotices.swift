import Foundation

/// One change seen by the engine: another connection or process committed since the previous notice.
public struct ChangeNotice: Sendable, Equatable {
    /// The engine's change counter (SQLite's `data_version`); only its changes mean anything.
    public var version: Int

    public init(version: Int) { self.version = version }
}

/// Live change notices as an `AsyncSequence`: the first element is the baseline, then one element each
/// time the counter moves. Ends when the consumer stops iterating (its task is cancelled) or the
/// engine can no longer be asked.
public struct ChangeNotices: AsyncSequence, Sendable {
    public typealias Element = ChangeNotice
    private let stream: AsyncStream<ChangeNotice>

    public init(_ stream: AsyncStream<ChangeNotice>) { self.stream = stream }

    /// Notices from asking `probe` every `interval`: a counter the engine reads (nil ends the sequence).
    /// With `skippingFailures`, nil skips that tick instead (an engine whose probe can recover).
    public static func polling(every interval: Duration, skippingFailures: Bool = false,
                               probe: @escaping @Sendable () async -> Int?) -> ChangeNotices {
        let (stream, continuation) = AsyncStream.makeStream(of: ChangeNotice.self, bufferingPolicy: .bufferingNewest(1))
        let task = Task {
            var last: Int?
            while !Task.isCancelled {
                guard let version = await probe() else {
                    if !skippingFailures { break }
                    try? await Task.sleep(for: interval)
                    continue
                }
                if version != last {
                    last = version
                    continuation.yield(ChangeNotice(version: version))
                }
                try? await Task.sleep(for: interval)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return ChangeNotices(stream)
    }

    public func makeAsyncIterator() -> AsyncStream<ChangeNotice>.AsyncIterator { stream.makeAsyncIterator() }
}
