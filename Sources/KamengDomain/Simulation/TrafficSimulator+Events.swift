import Foundation

extension TrafficSimulator {
    static let methods: [PaymentMethod] = [.balance, .alipay, .wechat, .unionpay]
    static let methodWeights: [Double] = [0.15, 0.45, 0.35, 0.05]
    /// Normal buyers are drawn from this many; each keeps one device and one IP.
    static let buyerPool = 20_000

    mutating func nextOrderNo() -> String {
        orderCount += 1
        // The start time keeps a second run (a restarted demo) from reusing the first run's numbers;
        // "SIM" marks simulated orders wherever they are shown.
        return "SIM\(runTag)-\(orderCount)"
    }

    mutating func placeNormalOrder(at time: Date) -> SimulatedEvent {
        let station = settings.substations[rng.weighted(settings.substations.map(\.traffic))].code
        let product: SimulationSettings.Product
        if let hot = settings.hotSKU, let found = settings.products.first(where: { $0.sku == hot }), rng.chance(settings.hotShare) {
            product = found
        } else {
            product = settings.products[rng.weighted(settings.products.map(\.popularity))]
        }
        let roll = rng.below(100)
        let quantity = roll < 80 ? 1 : roll < 97 ? 2 + rng.below(4) : 6 + rng.below(5)
        let buyer = rng.below(Self.buyerPool)
        let order = SimulatedEvent.order(substation: station, orderNo: nextOrderNo(), sku: product.sku, quantity: quantity,
                                         amountFen: product.priceFen * Int64(quantity), buyer: "u\(buyer)",
                                         ip: Self.ip(for: buyer, seed: settings.seed), device: Self.device(for: buyer, seed: settings.seed), at: time)
        return place(order, payment: .normal)
    }

    /// Books an order for its substation's hour count and schedules its payment, if it gets one.
    mutating func place(_ order: SimulatedEvent, payment plan: PaymentPlan) -> SimulatedEvent {
        guard case .order(let code, let orderNo, _, _, let amount, _, _, _, let at) = order else { return order }
        stations[code]?.orderTimes.append(at)
        let (unpaid, wrong) = plan == .cardTesting ? (0.2, 0.4) : (settings.unpaidShare, settings.wrongAmountShare)
        let draw = Double(rng.next() >> 11) / Double(1 << 53)
        guard draw >= unpaid else { return order }
        var paid = amount
        if draw < unpaid + wrong {
            // The two tamperings seen in the wild: a token amount, or a little short.
            paid = rng.chance(0.5) ? Swift.max(1, amount / 100) : Swift.max(1, amount - 100)
        }
        paymentCount += 1
        let delay = 2 + Double(rng.below(18_000)) / 1_000
        let payment = SimulatedEvent.payment(substation: code, orderNo: orderNo, amountFen: paid,
                                             method: Self.methods[rng.weighted(Self.methodWeights)],
                                             txn: "SIMT\(runTag)-\(paymentCount)", at: at.addingTimeInterval(delay))
        schedule(.event(payment), at: payment.at)
        return order
    }

    /// The substation's heartbeat: callbacks since the last one (failing at its scenario's rate), latency,
    /// and orders over the trailing hour. In the first hour that hour began before the run: its unseen
    /// part counts at the rate the model gives this substation then, so a fresh run reads as the shop it
    /// models, not as a collapse against the history the demo seeded (a count scaled up from the first
    /// minute was 0 for most substations).
    mutating func heartbeat(_ code: String, at time: Date) -> SimulatedEvent {
        var state = stations[code] ?? StationState()
        let failRate = failureRate(code, at: time)
        var failures = 0
        for _ in 0..<state.callbacks where rng.chance(failRate) { failures += 1 }
        let hourAgo = time.addingTimeInterval(-3_600)
        let fresh = state.orderTimes.firstIndex { $0 > hourAgo } ?? state.orderTimes.count
        state.orderTimes.removeFirst(fresh)
        let elapsed = time.timeIntervalSince(settings.start)
        var perHour = state.orderTimes.count
        if elapsed < 3_600 { perHour += Int((expectedOrdersPerHour(code, at: time) * (3_600 - Swift.max(elapsed, 0)) / 3_600).rounded()) }
        let slowdown = settings.failingPeakRate > 0 ? failRate / settings.failingPeakRate : 0
        let p95 = 600 + rng.below(900) + (code == settings.failingSubstation ? Int(slowdown * 9_000) : 0)
        let event = SimulatedEvent.heartbeat(substation: code, at: time, callbacks: state.callbacks, callbackFailures: failures,
                                             deliveryP95Ms: p95, ordersLastHour: perHour)
        state.callbacks = 0
        stations[code] = state
        schedule(.heartbeat(code), at: time.addingTimeInterval(30 + Double(rng.below(30_000)) / 1_000))
        return event
    }

    /// Normal orders an hour the model sends this substation at this time of day.
    func expectedOrdersPerHour(_ code: String, at time: Date) -> Double {
        let total = settings.substations.reduce(0) { $0 + $1.traffic }
        guard total > 0, let share = settings.substations.first(where: { $0.code == code })?.traffic else { return 0 }
        return settings.ordersPerSecond * rhythmFactor(at: time) * 3_600 * share / total
    }

    /// The chance a callback fails: a trickle everywhere, climbing on the failing substation.
    func failureRate(_ code: String, at time: Date) -> Double {
        guard code == settings.failingSubstation, settings.failingRampSeconds > 0 else { return 0.005 }
        let since = time.timeIntervalSince(settings.start) - settings.failingAfterSeconds
        let progress = Swift.min(1, Swift.max(0, since / settings.failingRampSeconds))
        return Swift.max(0.005, settings.failingPeakRate * progress)
    }

    /// A stable IP and device per buyer: a hash of the buyer and the seed, so normal buyers do not share.
    static func ip(for buyer: Int, seed: UInt64) -> String {
        var mix = SeededRandom(seed: seed ^ (UInt64(buyer) &* 0x9E37_79B9))
        let v = mix.next()
        return "\(36 + v % 180).\((v >> 8) % 256).\((v >> 16) % 256).\(1 + (v >> 24) % 254)"
    }

    static func device(for buyer: Int, seed: UInt64) -> String {
        var mix = SeededRandom(seed: seed ^ (UInt64(buyer) &* 0xC2B2_AE3D))
        return "dev-" + String(mix.next() & 0xFFFF_FFFF_FFFF, radix: 16)
    }
}
