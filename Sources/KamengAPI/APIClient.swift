import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A non-200 answer, with its error body when it had one; `retryAfter` from the header, in seconds.
public enum APIClientError: Error, Sendable, Equatable {
    case status(Int, APIErrorBody?, retryAfter: Int? = nil)
    /// A 200 whose body was not the documented JSON.
    case badAnswer(String)
}

/// A shop's signing client: what `kameng simulate --url`, the demo, the tests and the benchmark use to
/// talk to the API as a substation does.
public struct APIClient: Sendable {
    public let baseURL: String
    public let substation: String
    private let secret: String
    private let httpClient: HTTPClient
    /// The clock timestamps are read from; tests move it to be stale.
    public var now: @Sendable () -> Date = { Date() }
    /// Longest an answer may take; a group answers within milliseconds, a loaded machine within seconds.
    public var timeout: TimeAmount = .seconds(60)

    public init(baseURL: String, substation: String, secret: String, httpClient: HTTPClient) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.substation = substation
        self.secret = secret
        self.httpClient = httpClient
    }

    /// Sends intake lines (envelopes, each signed as Docs/Intake.md says): one line as
    /// `application/json`, more as `application/x-ndjson`.
    public func postEvents(_ lines: [String]) async throws -> EventsAnswer {
        let body = Array(lines.joined(separator: "\n").utf8)
        let (status, bytes, retryAfter) = try await send(eventsRequest(body: body, json: lines.count == 1))
        guard status == 200 else { throw APIClientError.status(status, try? JSONDecoder().decode(APIErrorBody.self, from: bytes), retryAfter: retryAfter) }
        do {
            return try JSONDecoder().decode(EventsAnswer.self, from: bytes)
        } catch {
            throw APIClientError.badAnswer("\(error)")
        }
    }

    /// An order of this substation; nil on `404`.
    public func fetchOrder(_ orderNo: String) async throws -> OrderAnswer? {
        let timestamp = Int(now().timeIntervalSince1970)
        var request = HTTPClientRequest(url: "\(baseURL)/v1/orders/\(orderNo)")
        request.method = .GET
        request.headers.add(name: "X-Kameng-Substation", value: substation)
        request.headers.add(name: "X-Kameng-Timestamp", value: String(timestamp))
        request.headers.add(name: "X-Kameng-Signature", value: RequestSigning.order(secret: secret, timestamp: timestamp, orderNo: orderNo))
        let (status, bytes, retryAfter) = try await send(request)
        if status == 404 { return nil }
        guard status == 200 else { throw APIClientError.status(status, try? JSONDecoder().decode(APIErrorBody.self, from: bytes), retryAfter: retryAfter) }
        do {
            return try JSONDecoder().decode(OrderAnswer.self, from: bytes)
        } catch {
            throw APIClientError.badAnswer("\(error)")
        }
    }

    /// The signed request for a body as given (the benchmark pre-signs them; tests alter them).
    public func eventsRequest(body: [UInt8], json: Bool) -> HTTPClientRequest {
        let timestamp = Int(now().timeIntervalSince1970)
        var request = HTTPClientRequest(url: "\(baseURL)/v1/events")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: json ? "application/json" : "application/x-ndjson")
        request.headers.add(name: "X-Kameng-Substation", value: substation)
        request.headers.add(name: "X-Kameng-Timestamp", value: String(timestamp))
        request.headers.add(name: "X-Kameng-Signature", value: RequestSigning.events(secret: secret, timestamp: timestamp, body: body))
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    /// Sends any request; the status, the body (up to 8 MiB) and `Retry-After`.
    public func send(_ request: HTTPClientRequest) async throws -> (status: Int, body: Data, retryAfter: Int?) {
        let response = try await httpClient.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: 8 << 20)
        return (Int(response.status.code), Data(buffer.readableBytesView), response.headers.first(name: "Retry-After").flatMap { Int($0) })
    }
}
