import KamengDomain
import Testing

/// The one gate for key lines headed into the service account's authorized_keys.
@Suite("SSH public key lines")
struct SSHPublicKeyTests {
    static let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGRppkve/2U37LjpXhmAzcc6/dJBeshVsZOJeD/KkrLy alice@laptop"
    static let ecdsa256 = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOZDN/GPxR+esM72ie0XFEpzH5knLbwBtlHbg1aFbtvwg/Eeecw9uh0Ih3jej02ePbg1aG4BjGjB8ucYuL5CnQE= alice@laptop"
    static let ecdsa384 = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBM70ThWP1EVkmTu/jziHlWm9y8nWO18djhpcXvmovFrOH1cmntZQpkRSfSyLq8AACp4wTJQPn2fEUg1DLa162OFGf9HoU3RcchsgDEDBlp89x90vFC01tF0tjy04KjQ9HA== x"

    @Test("a .pub line (with its newline) parses into type, canonical base64, blob and comment")
    func parses() throws {
        let key = try SSHPublicKey.parse(Self.ed25519 + "\n")
        #expect(key.type == "ssh-ed25519")
        #expect(key.base64 == "AAAAC3NzaC1lZDI1NTE5AAAAIGRppkve/2U37LjpXhmAzcc6/dJBeshVsZOJeD/KkrLy")
        #expect(key.blob.count == 51 && key.comment == "alice@laptop")
        #expect(key.keyPart == "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGRppkve/2U37LjpXhmAzcc6/dJBeshVsZOJeD/KkrLy")
        #expect(try SSHPublicKey.parse(Self.ecdsa256).type == "ecdsa-sha2-nistp256")
        #expect(try SSHPublicKey.parse(Self.ecdsa384 + "\r\n").comment == "x")
        #expect(try SSHPublicKey.parse("ssh-ed25519\tAAAAC3NzaC1lZDI1NTE5AAAAIGRppkve/2U37LjpXhmAzcc6/dJBeshVsZOJeD/KkrLy").comment == "")
    }

    @Test("leading authorized_keys options are refused, with or without a value")
    func options() {
        for line in ["command=\"/bin/sh\" " + Self.ed25519, "no-pty " + Self.ed25519, "environment=\"LD_PRELOAD=/tmp/x\" " + Self.ed25519,
                     "restrict,pty " + Self.ed25519, "from=\"*\",permitopen=\"1.2.3.4:22\" " + Self.ed25519] {
            #expect(throws: SSHPublicKey.Problem.options, "\(line)") { try SSHPublicKey.parse(line) }
        }
    }

    @Test("a second line, an escape or any other control character is refused")
    func controls() {
        #expect(throws: SSHPublicKey.Problem.controlCharacter(0x0A)) { try SSHPublicKey.parse(Self.ed25519 + "\n" + Self.ecdsa256) }
        #expect(throws: SSHPublicKey.Problem.controlCharacter(0x0A)) { try SSHPublicKey.parse(Self.ed25519 + "\n\n") }
        #expect(throws: SSHPublicKey.Problem.controlCharacter(0x0D)) { try SSHPublicKey.parse(Self.ed25519 + "\rcommand=x") }
        #expect(throws: SSHPublicKey.Problem.controlCharacter(0x1B)) { try SSHPublicKey.parse(Self.ed25519 + "\u{1B}]52;c;eA==\u{07}") }
        #expect(throws: SSHPublicKey.Problem.controlCharacter(0x9B)) { try SSHPublicKey.parse(Self.ed25519 + " \u{9B}2J") }
        #expect(throws: SSHPublicKey.Problem.unsafeComment) { try SSHPublicKey.parse(Self.ed25519 + " \u{202E}evil") }
    }

    @Test("empty, unknown types, bad base64 and a blob of another type are refused")
    func malformed() {
        #expect(throws: SSHPublicKey.Problem.empty) { try SSHPublicKey.parse("") }
        #expect(throws: SSHPublicKey.Problem.empty) { try SSHPublicKey.parse("  \n") }
        #expect(throws: SSHPublicKey.Problem.unknownType("ssh-dss")) { try SSHPublicKey.parse("ssh-dss AAAAB3NzaC1kc3MAAACBAP") }
        #expect(throws: SSHPublicKey.Problem.malformedBase64) { try SSHPublicKey.parse("ssh-ed25519") }
        #expect(throws: SSHPublicKey.Problem.malformedBase64) { try SSHPublicKey.parse("ssh-ed25519 not*base64") }
        // An ed25519 blob declared as RSA: the blob's own first field says what it is.
        #expect(throws: SSHPublicKey.Problem.typeMismatch(declared: "ssh-rsa")) {
            try SSHPublicKey.parse("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIGRppkve/2U37LjpXhmAzcc6/dJBeshVsZOJeD/KkrLy")
        }
        // A length prefix longer than the blob.
        #expect(throws: SSHPublicKey.Problem.typeMismatch(declared: "ssh-ed25519")) { try SSHPublicKey.parse("ssh-ed25519 AAAA/3Nz") }
        #expect(throws: SSHPublicKey.Problem.tooLong) {
            try SSHPublicKey.parse("ssh-ed25519 " + String(repeating: "A", count: SSHPublicKey.maxBase64Length + 4))
        }
    }
}
