@preconcurrency import Crypto
import Foundation
import KamengDomain

extension SSHPublicKey {
    /// `SHA256:` and the unpadded base64 of SHA-256 over the blob: what `ssh-keygen -lf` and sshd's log
    /// print, so an admin can match a key in Kameng against the one a person holds. Here and not in the
    /// domain because KamengDomain has Foundation only, and Foundation on Linux has no SHA-256.
    public var fingerprint: String {
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }
}
