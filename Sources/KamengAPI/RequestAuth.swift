import Foundation
import Hummingbird
import KamengDomain
import KamengStorage

/// The three headers every shop request carries, checked before anything else is read.
struct SignedHeaders: Sendable {
    var code: String
    var timestamp: Int
    var signature: String

    /// The headers, when present and well formed and the timestamp within the allowed skew; else `401`.
    static func read(_ request: Request, now: Date, skewSeconds: Int) throws(APIError) -> SignedHeaders {
        guard let code = request.header("x-kameng-substation"), (1...64).contains(code.utf8.count),
              let stamp = request.header("x-kameng-timestamp"), (1...12).contains(stamp.utf8.count),
              stamp.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let timestamp = Int(stamp),
              let signature = request.header("x-kameng-signature"), signature.utf8.count == 64
        else { throw .unauthorized }
        guard abs(Int(now.timeIntervalSince1970.rounded(.down)) - timestamp) <= skewSeconds else { throw .unauthorized }
        return SignedHeaders(code: code, timestamp: timestamp, signature: signature)
    }
}

extension ServerContext {
    /// The substation the headers name, when it may trade; `401` otherwise (one answer for every cause).
    func knownSubstation(_ headers: SignedHeaders) async throws(APIError) -> SubstationCredentials {
        let found: SubstationCredentials?
        do {
            found = try await credentials.cached(headers.code)
        } catch {
            throw .storeFailed
        }
        guard let found, found.status == .active else { throw .unauthorized }
        return found
    }

    /// Checks `expected(secret)` against the signature for each secret that verifies now; a miss on the
    /// cached credentials is checked again on a fresh read (a rotation just made). `401` when none matches.
    func verify(_ headers: SignedHeaders, _ credentials: SubstationCredentials,
                expected: (String) -> String) async throws(APIError) -> SubstationCredentials {
        let now = self.now()
        if credentials.verifyingSecrets(at: now).contains(where: { RequestSigning.matches(headers.signature, expected($0)) }) {
            return credentials
        }
        let fresh: SubstationCredentials?
        do {
            fresh = try await self.credentials.fresh(headers.code)
        } catch {
            throw .storeFailed
        }
        guard let fresh, fresh.status == .active, fresh != credentials,
              fresh.verifyingSecrets(at: now).contains(where: { RequestSigning.matches(headers.signature, expected($0)) })
        else { throw .unauthorized }
        return fresh
    }

    /// The secret that seals now: always read afresh, so a rotation seals with the new secret at once.
    func sealingSecret(_ code: String) async throws(APIError) -> String {
        do {
            guard let found = try await self.credentials.fresh(code) else { throw APIError.unauthorized }
            return found.secret
        } catch let error as APIError {
            throw error
        } catch {
            throw .storeFailed
        }
    }

    /// A token from the substation's bucket, or `429`.
    func charge(_ code: String) throws(APIError) {
        if let seconds = limiter.take(code) { throw .rateLimited(seconds) }
    }
}
