import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A shop's notice endpoint on loopback (the demo's and the tests'): `POST /notify/CODE`, the signature
/// checked with CODE's secret (`401` when it does not verify), then `200`. Run it in a ServiceGroup.
public struct NoticeReceiver: Service {
    private let host: String
    private let port: Int
    private let secretFor: @Sendable (String) -> String?
    private let onNotice: @Sendable (ReceivedNotice) -> Void
    private let onListening: @Sendable (Int) -> Void
    private let answer: @Sendable (ReceivedNotice) -> Int

    public init(host: String = "127.0.0.1", port: Int = 0, secretFor: @escaping @Sendable (String) -> String?,
                onNotice: @escaping @Sendable (ReceivedNotice) -> Void, onListening: @escaping @Sendable (Int) -> Void) {
        self.init(host: host, port: port, secretFor: secretFor, answer: { _ in 200 }, onNotice: onNotice, onListening: onListening)
    }

    /// `answer` picks the status for each verified notice (tests make a shop that fails, then accepts);
    /// `onNotice` hears only the notices answered 2xx.
    public init(host: String = "127.0.0.1", port: Int = 0, secretFor: @escaping @Sendable (String) -> String?,
                answer: @escaping @Sendable (ReceivedNotice) -> Int,
                onNotice: @escaping @Sendable (ReceivedNotice) -> Void, onListening: @escaping @Sendable (Int) -> Void) {
        self.host = host
        self.port = port
        self.secretFor = secretFor
        self.answer = answer
        self.onNotice = onNotice
        self.onListening = onListening
    }

    public func run() async throws {
        var logger = Logger(label: "kameng.notice-receiver")
        logger.logLevel = .warning
        let onListening = onListening
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in try await self.respond(request) },
            configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.run()
    }

    private func respond(_ request: Request) async throws -> Response {
        let parts = request.uri.path.split(separator: "/", omittingEmptySubsequences: false)
        guard request.method == .post, parts.count == 3, parts[1] == "notify" else { return Self.status(.notFound) }
        let code = String(parts[2])
        let body = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
        guard let secret = secretFor(code),
              let timestamp = request.header("x-kameng-timestamp").flatMap({ Int($0) }),
              let signature = request.header("x-kameng-signature"),
              RequestSigning.matches(signature, RequestSigning.notice(secret: secret, timestamp: timestamp, body: body)),
              let notice = try? JSONDecoder().decode(NoticeBody.self, from: Data(body)),
              request.header("x-kameng-notice-id") == String(notice.id)
        else { return Self.status(.unauthorized) }
        let received = ReceivedNotice(id: notice.id, type: notice.type, orderNo: notice.orderNo, status: notice.status,
                                      keys: notice.keys, substation: code)
        let status = answer(received)
        if (200..<300).contains(status) { onNotice(received) }
        return Self.status(HTTPResponse.Status(code: status))
    }

    private static func status(_ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{}")))
    }
}
