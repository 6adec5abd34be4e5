import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

// Hummingbird's idle timeout runs from a connection's start (or the last answer) to the next complete
// request head, so one timer would have to serve both a slow head (a slowloris, which should get
// seconds) and a keep-alive pause (which deserves a minute). This adds the first: once a request's
// first byte arrives, its head must be complete within `headerTimeoutSeconds` or the connection closes.

/// Wraps a child channel so the header timer sees the bytes before the HTTP decoder does.
struct HeaderTimeoutChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let timeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(HeaderTimeoutHandler(timeout: timeout))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// What the part-level watcher tells the byte-level timer.
enum RequestProgress {
    case headComplete
    case answered
}

/// Before the decoder: arms the timer on the first byte of a request, closes the connection when it fires.
final class HeaderTimeoutHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    private let timeout: TimeAmount
    private var waitingForHead = true
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if waitingForHead, timer == nil {
            let loop = context.eventLoop.assumeIsolated()
            timer = loop.scheduleTask(in: timeout) { context.close(promise: nil) }
        }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let progress = event as? RequestProgress else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch progress {
        case .headComplete:
            waitingForHead = false
            timer?.cancel()
            timer = nil
        case .answered:
            waitingForHead = true
        }
        promise?.succeed()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }
}

/// After the decoder: tells the timer when a head is complete and when its answer has ended.
final class RequestHeadWatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { context.triggerUserOutboundEvent(RequestProgress.headComplete, promise: nil) }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let isEnd: Bool
        if case .end = unwrapOutboundIn(data) { isEnd = true } else { isEnd = false }
        context.write(data, promise: promise)
        if isEnd { context.triggerUserOutboundEvent(RequestProgress.answered, promise: nil) }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with the idle timeout and the header timeout.
    static func http1(idleTimeout: TimeAmount, headerTimeout: TimeAmount) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            HeaderTimeoutChannel(
                base: HTTP1Channel(responder: responder,
                                   configuration: .init(additionalChannelHandlers: [RequestHeadWatcher()], idleTimeout: idleTimeout)),
                timeout: headerTimeout)
        }
    }
}
