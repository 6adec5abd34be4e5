import Foundation
import Hummingbird
import KamengDomain
import KamengStorage

/// `POST /v1/events`: the request's signature, then each line through the one intake run, answered once
/// every line's group is durable.
extension ServerContext {
    func postEvents(_ request: Request, traffic tally: inout RequestTally) async throws(APIError) -> Response {
        let limit = settings.maxBodyBytes
        if let length = request.header("content-length").flatMap({ Int($0) }), length > limit { throw .tooLarge(limit) }
        let headers = try SignedHeaders.read(request, now: now(), skewSeconds: settings.clockSkewSeconds)
        var credentials = try await knownSubstation(headers)
        tally.substation = headers.code
        let body = try await Self.collect(request, limit: limit)
        credentials = try await verify(headers, credentials) { RequestSigning.events(secret: $0, timestamp: headers.timestamp, body: body) }
        try charge(headers.code)

        guard String(validating: body, as: UTF8.self) != nil else { throw .badRequest("the body is not UTF-8") }
        let lines = try Self.split(body, contentType: request.header("content-type"), maxLines: settings.maxLinesPerRequest)
        let examined = lines.map { examine($0.bytes, code: headers.code, credentials: credentials) }
        let submitted = examined.indices.filter { examined[$0].localRejection == nil }
        var outcomes: [IntakeOutcome] = []
        if !submitted.isEmpty {
            guard let waiter = pump.submit(submitted.map { lines[$0].bytes }, auditActor: "api:\(headers.code)") else { throw .overloaded }
            defer { pump.feed.complete(submitted.count) }
            metrics.queue(pump.feed.inFlight)
            guard let reported = await pump.outcomes(of: waiter) else { throw .storeFailed }
            outcomes = reported
            return try await answer(lines: lines, examined: examined, submitted: submitted, outcomes: outcomes, code: headers.code, tally: &tally)
        }
        return try await answer(lines: lines, examined: examined, submitted: [], outcomes: [], code: headers.code, tally: &tally)
    }

    private func answer(lines: [BodyLine], examined: [ExaminedLine], submitted: [Int], outcomes: [IntakeOutcome],
                        code: String, tally: inout RequestTally) async throws(APIError) -> Response {
        var outcomeAt: [Int: IntakeOutcome] = [:]
        for (position, index) in submitted.enumerated() { outcomeAt[index] = outcomes[position] }
        var results: [(status: String, reason: String?, orderNo: String?)] = []
        for index in lines.indices {
            if let rejection = examined[index].localRejection {
                results.append(("rejected", rejection.rawValue, nil))
                continue
            }
            switch outcomeAt[index]! {
            case .orderAccepted, .paymentAccepted, .heartbeatAccepted: results.append(("accepted", nil, examined[index].orderNo))
            case .orderDuplicate, .paymentDuplicate, .heartbeatDuplicate: results.append(("duplicate", nil, examined[index].orderNo))
            // A rejected line still shows its order when Kameng knows it (a second payment, say).
            case let .rejected(problem): results.append(("rejected", problem.reason.rawValue, examined[index].orderNo))
            }
        }
        let orderNos = Array(Set(results.compactMap(\.orderNo)))
        var orders: [String: OrderAnswer] = [:]
        if !orderNos.isEmpty {
            let states: [String: APIOrderState]
            do {
                states = try await engine.apiOrderStates(substation: code, orderNos: orderNos)
            } catch {
                throw .storeFailed
            }
            var secret: String?
            if states.values.contains(where: { $0.status == .delivered && $0.keys != nil }) { secret = try await sealingSecret(code) }
            for (orderNo, state) in states {
                var keys: SealedKeys?
                if state.status == .delivered, let delivered = state.keys, let secret {
                    keys = DeliverySeal.seal(delivered, secret: secret, substation: code, orderNo: orderNo)
                }
                orders[orderNo] = OrderAnswer(orderNo: orderNo, status: state.status.rawValue, keys: keys)
            }
        }
        let answer = EventsAnswer(results: lines.indices.map { index in
            let result = results[index]
            return LineResult(line: lines[index].number, status: result.status, reason: result.reason,
                              order: result.orderNo.flatMap { orders[$0] })
        })
        let rejected = results.filter { $0.status == "rejected" }.count
        tally.rejectedLines = rejected
        metrics.lines(status: "accepted", count: results.filter { $0.status == "accepted" }.count)
        metrics.lines(status: "duplicate", count: results.filter { $0.status == "duplicate" }.count)
        metrics.lines(status: "rejected", count: rejected)
        return .json(APIJSON.encode(answer))
    }

    /// What the server learns of a line before the store sees it: whether it names the request's own
    /// substation, and, only once its signature verifies, its kind and order number.
    struct ExaminedLine {
        var localRejection: IntakeReason?
        var orderNo: String?
    }

    private func examine(_ bytes: [UInt8], code: String, credentials: SubstationCredentials) -> ExaminedLine {
        // A line the envelope reader refuses goes to the store as is: it records the rejection.
        guard let envelope = try? IntakeEnvelope.parse(bytes) else { return ExaminedLine() }
        // A line for another substation inside this one's request: the request's signature vouches for
        // the sender, not for the line, so it is refused here and never reaches the store.
        guard envelope.substation == code else { return ExaminedLine(localRejection: .unknownSubstation) }
        let now = self.now()
        guard let signature = envelope.signature,
              credentials.verifyingSecrets(at: now).contains(where: {
                  RequestSigning.matches(signature, IntakeSignature.hex(payload: envelope.payload, secret: $0))
              }),
              let payload = try? IntakePayload.parse(envelope.payload)
        else { return ExaminedLine() }
        switch payload {
        case let .order(order): return ExaminedLine(orderNo: order.orderNo)
        case let .payment(payment): return ExaminedLine(orderNo: payment.orderNo)
        case .heartbeat: return ExaminedLine()
        }
    }

    /// The body, refused with `413` as soon as it passes `limit` (never buffered beyond it).
    static func collect(_ request: Request, limit: Int) async throws(APIError) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            for try await buffer in request.body {
                guard bytes.count + buffer.readableBytes <= limit else { throw APIError.tooLarge(limit) }
                bytes.append(contentsOf: buffer.readableBytesView)
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badRequest("the body could not be read")
        }
        return bytes
    }

    /// One line of a body and its number (every line counts, blank ones too, as an editor counts).
    struct BodyLine {
        var number: Int
        var bytes: [UInt8]
    }

    /// `application/json`: the body is one envelope. `application/x-ndjson`: one envelope a line, blank
    /// lines skipped, at most `maxLines`.
    static func split(_ body: [UInt8], contentType: String?, maxLines: Int) throws(APIError) -> [BodyLine] {
        let type = (contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        var content = body[...]
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
        let lines: [BodyLine]
        switch type {
        case "application/json":
            let trimmed = trim(content)
            lines = trimmed.isEmpty ? [] : [BodyLine(number: 1, bytes: Array(trimmed))]
        case "application/x-ndjson":
            var out: [BodyLine] = []
            for (index, raw) in content.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
                let line = trim(raw)
                guard !line.isEmpty else { continue }
                guard out.count < maxLines else { throw .badRequest("a body may hold at most \(maxLines) lines") }
                out.append(BodyLine(number: index + 1, bytes: Array(line)))
            }
            lines = out
        default:
            throw .badRequest("send application/json (one envelope) or application/x-ndjson (JSON Lines)")
        }
        guard !lines.isEmpty else { throw .badRequest("the body holds no envelope") }
        return lines
    }

    private static func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let space: Set<UInt8> = [0x20, 0x09, 0x0D, 0x0A]
        guard let first = bytes.firstIndex(where: { !space.contains($0) }), let last = bytes.lastIndex(where: { !space.contains($0) })
        else { return [] }
        return bytes[first...last]
    }
}

/// What the access log and the traffic counts learn of one request as it is handled.
struct RequestTally: Sendable {
    var substation: String?
    var rejectedLines = 0
}
