import Foundation

/// A deterministic model of a live platform: an endless, time-ordered stream of orders, payments and
/// heartbeats, the same for the same settings and seed. It reads no clock: event times are simulated,
/// starting at `settings.start`, and whoever drives it decides how fast to replay them.
///
/// Besides normal traffic following the daily rhythm, it stages the troubles the console must show:
/// an IP that bursts, a buyer farm on one device, a substation whose callbacks start failing, and a
/// product that sells out.
public struct TrafficSimulator: Sendable, Sequence, IteratorProtocol {
    public let settings: SimulationSettings
    var rng: SeededRandom
    /// Events already decided but not yet emitted, sorted by time then by when they were scheduled.
    var pending: [Scheduled] = []
    var scheduledCount = 0
    var orderCount = 0
    var paymentCount = 0
    var nextOrderAt: Date
    var nextBurstAt: Date?
    var nextFarmAt: Date?
    var burstEpisodes = 0
    var farmEpisodes = 0
    var stations: [String: StationState] = [:]
    let runTag: String

    /// What is scheduled: an event to emit as is, a heartbeat to compute when its time comes, or a
    /// scenario order (emitted like a normal one, and paid or not by its own rule).
    enum Job: Hashable, Sendable {
        case event(SimulatedEvent)
        case heartbeat(String)
        case order(SimulatedEvent, payment: PaymentPlan)
    }

    struct Scheduled: Hashable, Sendable {
        var at: Date
        var sequence: Int
        var job: Job
    }

    /// How a scenario order gets paid.
    enum PaymentPlan: Hashable, Sendable { case normal, cardTesting }

    /// Per substation: recent order times (for orders in the last hour) and callbacks since the last heartbeat.
    struct StationState: Hashable, Sendable {
        var orderTimes: [Date] = []
        var callbacks = 0
    }

    public init(settings: SimulationSettings) {
        self.settings = settings
        rng = SeededRandom(seed: settings.seed)
        runTag = String(Int64(settings.start.timeIntervalSince1970.rounded(.down)))
        nextOrderAt = settings.start
        nextBurstAt = settings.burstIP.map { _ in settings.start.addingTimeInterval(settings.burstFirstAfterSeconds) }
        nextFarmAt = settings.farmDevice.map { _ in settings.start.addingTimeInterval(settings.farmFirstAfterSeconds) }
        for station in settings.substations {
            stations[station.code] = StationState()
            schedule(.heartbeat(station.code), at: settings.start.addingTimeInterval(Double(rng.below(30_000)) / 1_000))
        }
        nextOrderAt = nextOrderTime(after: settings.start)
    }

    /// The next event; times never go backwards. The stream is endless; nil only without substations.
    public mutating func next() -> SimulatedEvent? {
        while true {
            let pendingAt = pending.first?.at ?? .distantFuture
            if let burst = nextBurstAt, burst < pendingAt, burst <= nextOrderAt, burst <= (nextFarmAt ?? .distantFuture) {
                stageBurst(at: burst)
                continue
            }
            if let farm = nextFarmAt, farm < pendingAt, farm <= nextOrderAt {
                stageFarm(at: farm)
                continue
            }
            if nextOrderAt < pendingAt {
                let at = nextOrderAt
                nextOrderAt = nextOrderTime(after: at)
                return placeNormalOrder(at: at)
            }
            // Heartbeats always stay scheduled, so the queue is empty only without substations.
            guard !pending.isEmpty else { return nil }
            let item = pending.removeFirst()
            switch item.job {
            case .event(let event):
                if case .payment(let code, _, _, _, _, _) = event { stations[code]?.callbacks += 1 }
                return event
            case .order(let event, let plan):
                return place(event, payment: plan)
            case .heartbeat(let code):
                return heartbeat(code, at: item.at)
            }
        }
    }

    /// Every event before `end`, in order. Consumes them: the next call continues where this one stopped.
    public mutating func events(until end: Date) -> [SimulatedEvent] {
        var out: [SimulatedEvent] = []
        while earliest < end, let event = next() { out.append(event) }
        return out
    }

    /// When the next event will happen (scenario staging emits nothing itself, so it does not count).
    var earliest: Date {
        Swift.min(pending.first?.at ?? .distantFuture, nextOrderAt,
            Swift.min(nextBurstAt ?? .distantFuture, nextFarmAt ?? .distantFuture))
    }

    mutating func schedule(_ job: Job, at: Date) {
        let item = Scheduled(at: at, sequence: scheduledCount, job: job)
        scheduledCount += 1
        // Binary search for the first later item: equal times keep scheduling order, so runs repeat exactly.
        var low = 0, high = pending.count
        while low < high {
            let mid = (low + high) / 2
            if pending[mid].at <= at { low = mid + 1 } else { high = mid }
        }
        pending.insert(item, at: low)
    }

    /// When the next normal order comes: an exponential gap at the rate the daily rhythm sets for the
    /// hour. An hour the rhythm leaves empty is skipped; with no rate, products or substations, never.
    mutating func nextOrderTime(after time: Date) -> Date {
        guard settings.ordersPerSecond > 0, !settings.products.isEmpty, !settings.substations.isEmpty else { return .distantFuture }
        var t = time
        for _ in 0..<25 {
            let rate = settings.ordersPerSecond * rhythmFactor(at: t)
            if rate > 0 {
                let uniform = Swift.max(Double(rng.next() >> 11) / Double(1 << 53), 1e-12)
                return t.addingTimeInterval(-log(uniform) / rate)
            }
            t = Date(timeIntervalSince1970: ((t.timeIntervalSince1970 / 3_600).rounded(.down) + 1) * 3_600)
        }
        return .distantFuture
    }

    /// This local hour's share of the rhythm relative to the day's mean (1 = an average hour).
    public func rhythmFactor(at time: Date) -> Double {
        let rhythm = settings.hourlyRhythm
        guard rhythm.count == 24 else { return 1 }
        let mean = rhythm.reduce(0, +) / 24
        guard mean > 0 else { return 1 }
        let local = Int64(time.timeIntervalSince1970.rounded(.down)) + Int64(settings.utcOffsetHours) * 3_600
        let hour = Int(((local / 3_600) % 24 + 24) % 24)
        return rhythm[hour] / mean
    }
}
