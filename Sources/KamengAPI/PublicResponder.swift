import Foundation
import Hummingbird
import KamengDomain
import Logging

/// The shops' listener: the two routes, `404` and `405` for the rest, every error as JSON, and one
/// access-log line per request (method, route, status, substation, time; never a body, signature or key).
struct PublicResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let server: ServerContext

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = Self.newRequestID()
        var tally = RequestTally()
        let path = request.uri.path
        var response: Response
        do throws(APIError) {
            if path == "/v1/events" {
                guard request.method == .post else { throw .methodNotAllowed("POST") }
                response = try await server.postEvents(request, traffic: &tally)
            } else if path.hasPrefix("/v1/orders/"), !path.dropFirst("/v1/orders/".count).contains("/") {
                guard request.method == .get else { throw .methodNotAllowed("GET") }
                response = try await server.getOrder(request, orderNo: String(path.dropFirst("/v1/orders/".count)), traffic: &tally)
            } else {
                throw .notFound
            }
        } catch {
            response = error.response
            if error.status == .methodNotAllowed { response.headers[.allow] = error.message.replacingOccurrences(of: "use ", with: "") }
        }
        response.headers[.init("X-Request-Id")!] = requestID
        let status = Int(response.status.code)
        let elapsed = ContinuousClock.now - started
        if let code = tally.substation {
            server.traffic.count(code, rejects: status == 200 ? tally.rejectedLines : 1)
        }
        server.metrics.request(route: route(for: path), status: status, duration: elapsed)
        server.logger.info("request", metadata: [
            "request_id": .string(requestID), "method": .string(request.method.rawValue), "route": .string(route(for: path)),
            "status": .stringConvertible(status), "substation": .string(tally.substation.map { TerminalSafe.visible($0) } ?? "-"),
            "ms": .stringConvertible(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
        ])
        return response
    }

    private func route(for path: String) -> String {
        path == "/v1/events" ? "events" : path.hasPrefix("/v1/orders/") ? "order" : "other"
    }

    static func newRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
