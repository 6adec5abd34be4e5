import Foundation
import Hummingbird
import KamengStorage

/// The admin listener (loopback by default): `GET /healthz` and `GET /metrics`, nothing else.
struct AdminResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let server: ServerContext

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        switch request.uri.path {
        case "/healthz":
            guard request.method == .get else { return APIError.methodNotAllowed("GET").response }
            return await health()
        case "/metrics":
            guard request.method == .get else { return APIError.methodNotAllowed("GET").response }
            server.metrics.queue(server.pump.feed.inFlight)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: server.metrics.text())))
        default:
            return APIError.notFound.response
        }
    }

    /// Writable: the intake run is alive and the store answers a read. Queue depth against capacity.
    private func health() async -> Response {
        let pumpAlive = server.pump.isRunning
        var storeAnswers = true
        do {
            _ = try await server.engine.owner()
        } catch {
            storeAnswers = false
        }
        let writable = pumpAlive && storeAnswers && !server.engine.isReadOnly
        let body = Health(status: writable ? "ok" : "failing", storeWritable: writable, intakeRunning: pumpAlive,
                          queueLines: server.pump.feed.inFlight, queueCapacity: server.pump.feed.capacity)
        return Response(status: writable ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: APIJSON.encode(body))))
    }

    private struct Health: Encodable {
        var status: String
        var storeWritable: Bool
        var intakeRunning: Bool
        var queueLines: Int
        var queueCapacity: Int
    }
}
