import Hummingbird
import KamengDomain

/// An error answer: the status, `{"error": CODE, "message": TEXT}`, and `Retry-After` when waiting helps.
/// Messages are fixed text or made visible outside text; never a secret, key or signature.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var retryAfter: Int?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    /// One text for every authentication failure, so a caller cannot tell which check failed (and so
    /// whether a substation code exists).
    static let unauthorized = APIError(.unauthorized, "unauthorized",
                                       "missing or wrong signature, stale timestamp, or unknown or suspended substation")
    static let notFound = APIError(.notFound, "not_found", "no such resource")
    static func methodNotAllowed(_ allowed: String) -> APIError {
        APIError(.methodNotAllowed, "method_not_allowed", "use \(allowed)")
    }
    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "payload_too_large", "the body is larger than \(limit) bytes")
    }
    static func rateLimited(_ seconds: Int) -> APIError {
        APIError(.tooManyRequests, "rate_limited", "too many requests from this substation; retry after \(seconds) s", retryAfter: seconds)
    }
    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    static let overloaded = APIError(.serviceUnavailable, "overloaded", "the intake queue is full; retry shortly", retryAfter: 1)
    static let storeFailed = APIError(.internalServerError, "internal", "the store failed; the request may be sent again")

    var response: Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: APIJSON.encode(APIErrorBody(error: code, message: message)))))
    }
}

extension Response {
    /// A `200` with a JSON body.
    static func json(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
