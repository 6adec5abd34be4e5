import AsyncHTTPClient
import Foundation
import KamengAPI
import KamengDomain
import KamengStorage
import NIOCore
import NIOHTTP1
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("API: limits, routes and the admin listener", .serialized)
struct ProtectionTests {
    static func get(_ world: APIWorld, _ url: String, method: HTTPMethod = .GET) async throws -> (status: Int, body: String, headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        let response = try await world.httpClient.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 8 << 20)
        return (Int(response.status.code), String(buffer: body), response.headers)
    }

    @Test("a 2 MiB body gets 413 and nothing is applied")
    func tooLarge() async throws {
        let world = try await APIWorld.start()
        do {
            let line = world.line(world.order("SH-L1"), from: "sh-a")
            let body = Array((line + "\n" + String(repeating: " ", count: 2 << 20)).utf8)
            let answer = try await world.client("sh-a").send(world.client("sh-a").eventsRequest(body: body, json: false))
            #expect(answer.status == 413)
            #expect(try JSONDecoder().decode(APIErrorBody.self, from: answer.body).error == "payload_too_large")
            #expect(try await world.engine.orders(orderNo: "SH-L1").isEmpty)
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }

    @Test("one substation flooding gets 429 with Retry-After while another is served")
    func flood() async throws {
        var settings = APISettings.defaults
        settings.requestsPerSecond = 0.01
        settings.burst = 3
        let world = try await APIWorld.start(settings: settings)
        do {
            let flooder = world.client("sh-a")
            for i in 0..<3 { _ = try await flooder.postEvents([world.line(world.heartbeat(at: Double(i)), from: "sh-a")]) }
            do {
                _ = try await flooder.postEvents([world.line(world.heartbeat(at: 10), from: "sh-a")])
                Issue.record("the fourth request within the burst was served")
            } catch let APIClientError.status(code, error, retryAfter) {
                #expect(code == 429 && error?.error == "rate_limited")
                #expect((retryAfter ?? 0) >= 1)
            }
            let other = try await world.client("sh-b").postEvents([world.line(world.heartbeat(at: 1), from: "sh-b")])
            #expect(other.results.first?.status == "accepted")
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }

    @Test("more lines than the queue holds get 503 with Retry-After, and nothing is applied")
    func queueFull() async throws {
        var settings = APISettings.defaults
        settings.queueLines = 2
        let world = try await APIWorld.start(settings: settings)
        do {
            let lines = (1...3).map { world.line(world.order("SH-Q\($0)"), from: "sh-a") }
            do {
                _ = try await world.client("sh-a").postEvents(lines)
                Issue.record("a request past the queue was served")
            } catch let APIClientError.status(code, error, retryAfter) {
                #expect(code == 503 && error?.error == "overloaded" && retryAfter != nil)
            }
            #expect(try await world.engine.orders(orderNo: "SH-Q1").isEmpty)
            // Within the queue, served.
            _ = try await world.client("sh-a").postEvents(Array(lines.prefix(2)))
            #expect(try await world.engine.orders(orderNo: "SH-Q1").count == 1)
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }

    @Test("unknown route 404, wrong method 405, errors as {error, message}")
    func routes() async throws {
        let world = try await APIWorld.start()
        do {
            let unknown = try await Self.get(world, world.baseURL + "/v1/nothing")
            #expect(unknown.status == 404 && unknown.body.contains("\"error\":\"not_found\""))
            let wrongMethod = try await Self.get(world, world.baseURL + "/v1/events")
            #expect(wrongMethod.status == 405 && wrongMethod.body.contains("\"error\":\"method_not_allowed\""))
            #expect(wrongMethod.headers.first(name: "Allow") == "POST")
            let postOrder = try await Self.get(world, world.baseURL + "/v1/orders/SH-1", method: .POST)
            #expect(postOrder.status == 405)
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }

    @Test("/metrics and /healthz on the admin listener only")
    func adminListener() async throws {
        let world = try await APIWorld.start()
        do {
            _ = try await world.client("sh-a").postEvents([world.line(world.heartbeat(at: 1), from: "sh-a")])
            #expect(try await Self.get(world, world.baseURL + "/metrics").status == 404)
            #expect(try await Self.get(world, world.baseURL + "/healthz").status == 404)
            let metrics = try await Self.get(world, world.adminURL + "/metrics")
            #expect(metrics.status == 200)
            for name in ["kameng_api_requests_total", "kameng_api_request_duration_seconds", "kameng_api_lines_total", "kameng_api_group_lines",
                         "kameng_api_queue_lines", "kameng_outbox_backlog", "kameng_api_deliveries_total"] {
                #expect(metrics.body.contains(name), "\(name) missing from /metrics")
            }
            #expect(metrics.body.contains("kameng_api_requests_total{route=\"events\",status=\"200\"} 1"))
            let health = try await Self.get(world, world.adminURL + "/healthz")
            #expect(health.status == 200 && health.body.contains("\"storeWritable\":true") && health.body.contains("\"queueLines\":0"))
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }
}

@Suite("API: connection timeouts", .serialized)
struct TimeoutTests {
    /// A raw TCP connection to 127.0.0.1:`port`.
    static func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw WorldError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw WorldError("connect failed") }
        return fd
    }

    /// Seconds until the server closes `fd` (a read returns end of file or an error), at most `limit`.
    static func secondsUntilClosed(_ fd: Int32, limit: Double) -> Double? {
        let start = ContinuousClock.now
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now - start < .seconds(limit) {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 200) > 0, read(fd, &buffer, buffer.count) <= 0 {
                let elapsed = ContinuousClock.now - start
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
        }
        return nil
    }

    @Test("a request head that never completes is cut off after header_timeout_seconds, well before the idle timeout")
    func slowHead() async throws {
        var settings = APISettings.defaults
        settings.headerTimeoutSeconds = 1
        settings.idleTimeoutSeconds = 120
        let world = try await APIWorld.start(settings: settings)
        do {
            let fd = try Self.connect(world.listening.port)
            defer { close(fd) }
            let partial = Array("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Kameng-Substation: sh-a\r\n".utf8)
            _ = partial.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            let closedAfter = Self.secondsUntilClosed(fd, limit: 30)
            #expect(closedAfter != nil, "the connection was still open after 30 s")
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }
}
