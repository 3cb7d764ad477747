import Testing
@testable import Cpio

@Suite struct DigestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256KnownAnswers(input: String, expected: String) {
        #expect(SHA256.hex(of: Array(input.utf8)) == expected)
    }

    @Test func sha256OfAMillionAs() {
        #expect(SHA256.hex(of: [UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func digestIgnoresOrderAndLeadingSlash() {
        let a = ContentDigest.hex(files: [("init", [1]), ("etc/a", [2])])
        let b = ContentDigest.hex(files: [("/etc/a", [2]), ("/init", [1])])
        #expect(a == b)
    }

    @Test func digestChangesWhenAFileMoves() {
        let a = ContentDigest.hex(files: [("ab", [1]), ("c", [])])
        let b = ContentDigest.hex(files: [("a", [0x62, 1]), ("c", [])])
        #expect(a != b)
    }

    @Test func digestMatchesItsDocumentedDefinition() {
        // path, NUL, size as 8 bytes little-endian, contents.
        let framed = Array("init".utf8) + [0] + [3, 0, 0, 0, 0, 0, 0, 0] + [7, 8, 9]
        #expect(ContentDigest.hex(files: [("init", [7, 8, 9])]) == SHA256.hex(of: framed))
    }

    @Test func digestFileLeavesItselfOut() throws {
        var archive = Archive()
        try archive.addFile("init", contents: [1, 2])
        try archive.addContentDigest()
        let stored = try #require(archive[ContentDigest.path])
        guard case .file(let bytes) = stored.kind else {
            Issue.record("digest is not a regular file")
            return
        }
        #expect(String(decoding: bytes, as: UTF8.self) == ContentDigest.line(files: archive.files))
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("sha256:"))
    }
}
