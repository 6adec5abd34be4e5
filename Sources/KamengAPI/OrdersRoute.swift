import Foundation
import Hummingbird
import KamengDomain
import KamengStorage

/// `GET /v1/orders/{orderNo}`: one order of the caller's own; another substation's is as unknown as one
/// that does not exist. A fetch that returns keys is audited by the store and limited per hour.
extension ServerContext {
    func getOrder(_ request: Request, orderNo: String, traffic tally: inout RequestTally) async throws(APIError) -> Response {
        let headers = try SignedHeaders.read(request, now: now(), skewSeconds: settings.clockSkewSeconds)
        let credentials = try await knownSubstation(headers)
        tally.substation = headers.code
        _ = try await verify(headers, credentials) { RequestSigning.order(secret: $0, timestamp: headers.timestamp, orderNo: orderNo) }
        try charge(headers.code)
        guard Order.isValidOrderNo(orderNo) else { throw .notFound }
        let state: APIOrderState?
        do {
            state = try await engine.apiFetchOrder(substation: headers.code, orderNo: orderNo, limit: settings.keyFetchesPerHour, now: now())
        } catch .tooManyFetches(_, let limit) {
            throw APIError(.tooManyRequests, "too_many_fetches",
                           "this order's keys were fetched \(limit) times in the last hour; try again later", retryAfter: 3600)
        } catch {
            throw .storeFailed
        }
        guard let state else { throw .notFound }
        var keys: SealedKeys?
        if state.status == .delivered, let delivered = state.keys {
            let secret = try await sealingSecret(headers.code)
            keys = DeliverySeal.seal(delivered, secret: secret, substation: headers.code, orderNo: orderNo)
        }
        return .json(APIJSON.encode(OrderAnswer(orderNo: orderNo, status: state.status.rawValue, keys: keys)))
    }
}
