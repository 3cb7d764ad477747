import BootConfig
import Credentials
import Foundation
import Testing

/// LUKS volumes written by Debian's cryptsetup 2.6.1 in the builder VM (tests/fixtures/luks,
/// remade by its make-fixtures): header, keyslot areas and the first 4 KiB of data holding
/// "SWIFTBOOT-LUKS-PAYLOAD" lines; the expected values are cryptsetup luksDump's
/// (tests/fixtures/luks/dump.txt, with the volume key).
struct LUKSTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tests/fixtures/luks")
    /// Fixture name -> the VM's disk in dump.txt.
    static let disks = ["luks1-xts": "vda", "luks1-cbc": "vdb", "luks2-pbkdf2": "vdc", "luks2-argon2id": "vdd",
                        "luks2-argon2i": "vde"]

    static func image(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).img")))
    }

    /// The section of dump.txt for a fixture.
    static func dump(_ name: String) throws -> String {
        let text = try String(contentsOf: directory.appendingPathComponent("dump.txt"), encoding: .utf8)
        let sections = text.components(separatedBy: "=== /dev/")
        return try #require(sections.first { $0.hasPrefix(disks[name]! + "\n") })
    }

    /// The volume key cryptsetup dumped (the hex bytes after "MK dump:").
    static func volumeKey(_ name: String) throws -> [UInt8] {
        let section = try dump(name)
        let lines = section.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("MK dump:") })
        var hex = lines[start].dropFirst("MK dump:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var i = start + 1
        while i < lines.count, lines[i].hasPrefix("\t\t") {
            hex += lines[i].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            i += 1
        }
        return hex.map { UInt8($0, radix: 16)! }
    }

    static func reader(_ bytes: [UInt8]) -> (UInt64, Int) -> [UInt8]? {
        { offset, count in
            guard offset <= UInt64(bytes.count), Int(offset) + count <= bytes.count else { return nil }
            return Array(bytes[Int(offset)..<(Int(offset) + count)])
        }
    }

    static func parse(_ bytes: [UInt8]) throws -> LUKSHeader {
        switch LUKSHeader.version(of: bytes) {
        case 1?: return try LUKSHeader.parseLUKS1(bytes)
        case 2?: return try LUKSHeader.parseLUKS2(read: reader(bytes))
        default: throw LUKSHeader.ParseError.badMagic
        }
    }

    static func passphrase(_ text: String) -> SecretBytes { SecretBytes(copying: Array(text.utf8)) }

    static func uuid(_ name: String) throws -> String {
        let line = try #require(try dump(name).components(separatedBy: "\n").first { $0.hasPrefix("UUID:") })
        return line.dropFirst("UUID:".count).trimmingCharacters(in: .whitespaces)
    }

    @Test(arguments: ["luks1-xts", "luks1-cbc", "luks2-pbkdf2", "luks2-argon2id", "luks2-argon2i"])
    func headerFieldsMatchLuksDump(name: String) throws {
        let header = try Self.parse(try Self.image(name))
        #expect(header.version == (name.hasPrefix("luks1") ? 1 : 2))
        #expect(header.uuid == (try Self.uuid(name)))
        #expect(header.segments.count == 1)
        let segment = try #require(header.segments.first)
        #expect(segment.size == nil)
        #expect(segment.ivTweak == 0)
        #expect(segment.cipher == (name == "luks1-cbc" ? "aes-cbc-essiv:sha256" : "aes-xts-plain64"))
        #expect(segment.offset == (name.hasPrefix("luks1") ? 4096 * 512 : 524288))
        #expect(segment.sectorSize == (name == "luks2-argon2id" ? 4096 : 512))
        #expect(header.keyslots.count == (name == "luks1-xts" ? 2 : 1))
        #expect(header.digests.count == 1)
        let slot = header.keyslots[0]
        #expect(slot.stripes == 4000)
        #expect(slot.keyBytes == (try Self.volumeKey(name)).count)
    }

    @Test func kdfParametersAreRead() throws {
        let argon2id = try Self.parse(try Self.image("luks2-argon2id"))
        guard case let .argon2(id, time, memory, lanes, salt) = argon2id.keyslots[0].kdf else {
            Issue.record("not argon2: \(argon2id.keyslots[0].kdf)"); return
        }
        #expect(id && time == 4 && memory == 32768 && lanes == 1 && salt.count == 32)
        #expect(argon2id.keyslots[0].areaOffset == 32768)
        #expect(argon2id.keyslots[0].areaSize == 258048)
        #expect(argon2id.keyslots[0].afHash == "sha256")
        #expect(argon2id.digests[0].iterations == 1000)
        #expect(argon2id.digests[0].keyslots == [0] && argon2id.digests[0].segments == [0])
        let argon2i = try Self.parse(try Self.image("luks2-argon2i"))
        guard case let .argon2(id2, _, memory2, lanes2, _) = argon2i.keyslots[0].kdf else {
            Issue.record("not argon2"); return
        }
        #expect(!id2 && memory2 == 16384 && lanes2 == 1)  // --pbkdf-parallel 2, capped by cryptsetup to the VM's 1 CPU
        let pbkdf2 = try Self.parse(try Self.image("luks2-pbkdf2"))
        #expect(pbkdf2.keyslots[0].kdf == .pbkdf2(hash: "sha256", iterations: 1000, salt: {
            if case let .pbkdf2(_, _, s) = pbkdf2.keyslots[0].kdf { return s } else { return [] } }()))
        let luks1 = try Self.parse(try Self.image("luks1-xts"))
        #expect(luks1.keyslots.map(\.index) == [0, 1])
        #expect(luks1.keyslots.map(\.areaOffset) == [8 * 512, 512 * 512])
        let cbc = try Self.parse(try Self.image("luks1-cbc"))
        #expect(cbc.digests[0].hash == "sha1")
    }

    /// The passphrase gives cryptsetup's volume key, and that key decrypts the data written
    /// through dm-crypt.
    @Test(arguments: ["luks1-xts", "luks1-cbc", "luks2-pbkdf2", "luks2-argon2id", "luks2-argon2i"])
    func unlocksWithThePassphrase(name: String) throws {
        let bytes = try Self.image(name)
        let header = try Self.parse(bytes)
        let unlocked = try LUKSUnlock.unlock(header, passphrase: Self.passphrase("swiftboot-test"), read: Self.reader(bytes)).get()
        #expect(unlocked.keyslot == 0)
        #expect(unlocked.key.matches(try Self.volumeKey(name)))
        let segment = unlocked.segment
        let data = Array(bytes[Int(segment.offset)..<(Int(segment.offset) + 4096)])
        let plain = try #require(LUKSUnlock.decrypt(cipher: segment.cipher, key: unlocked.key, firstIV: segment.ivTweak,
                                                    ivStep: UInt64(segment.sectorSize / 512),
                                                    sectorSize: segment.sectorSize, data))
        let expected = Array(String(repeating: "SWIFTBOOT-LUKS-PAYLOAD\n", count: 179).utf8.prefix(4096))
        #expect(plain == expected)
    }

    @Test func secondKeyslotOpensWithItsPassphrase() throws {
        let bytes = try Self.image("luks1-xts")
        let unlocked = try LUKSUnlock.unlock(try Self.parse(bytes), passphrase: Self.passphrase("second key"),
                                             read: Self.reader(bytes)).get()
        #expect(unlocked.keyslot == 1)
        #expect(unlocked.key.matches(try Self.volumeKey("luks1-xts")))
    }

    @Test(arguments: ["luks1-xts", "luks1-cbc", "luks2-pbkdf2", "luks2-argon2id"])
    func wrongPassphraseIsRefused(name: String) throws {
        let bytes = try Self.image(name)
        let result = LUKSUnlock.unlock(try Self.parse(bytes), passphrase: Self.passphrase("swiftboot-tesT"),
                                       read: Self.reader(bytes))
        #expect(throws: LUKSUnlock.Failure.wrongPassphrase) { try result.get() }
    }

    /// LUKS2 keeps working from the second binary header when the first is damaged, and
    /// refuses a volume whose two headers are both damaged.
    @Test func luks2FallsBackToTheSecondHeader() throws {
        var bytes = try Self.image("luks2-pbkdf2")
        let uuid = try Self.uuid("luks2-pbkdf2")
        bytes[4096 + 10] ^= 0x20  // inside the first JSON area
        let header = try Self.parse(bytes)
        #expect(header.uuid == uuid)
        #expect(header.keyslots.count == 1)
        #expect(throws: Never.self) {
            try LUKSUnlock.unlock(header, passphrase: Self.passphrase("swiftboot-test"), read: Self.reader(bytes)).get()
        }
        bytes[16384 + 4096 + 10] ^= 0x20
        #expect(throws: LUKSHeader.ParseError.checksum(offset: 0)) { try Self.parse(bytes) }
    }

    /// A keyslot of priority 0 ("ignore") is never tried; with none left there is no keyslot.
    @Test func ignoredKeyslotIsNotTried() throws {
        let bytes = try Self.image("luks1-xts")
        var header = try Self.parse(bytes)
        #expect(header.keyslots.map(\.priority) == [1, 1])
        header.keyslots[1].priority = 0
        #expect(throws: LUKSUnlock.Failure.wrongPassphrase) {
            try LUKSUnlock.unlock(header, passphrase: Self.passphrase("second key"), read: Self.reader(bytes)).get()
        }
        header.keyslots[1].priority = 2
        let unlocked = try LUKSUnlock.unlock(header, passphrase: Self.passphrase("second key"), read: Self.reader(bytes)).get()
        #expect(unlocked.keyslot == 1)
        header.keyslots[0].priority = 0
        header.keyslots[1].priority = 0
        #expect(throws: LUKSUnlock.Failure.noKeyslot) {
            try LUKSUnlock.unlock(header, passphrase: Self.passphrase("swiftboot-test"), read: Self.reader(bytes)).get()
        }
    }

    @Test func luks1RejectsGarbage() throws {
        var bytes = try Self.image("luks1-xts")
        bytes[0] = 0
        #expect(LUKSHeader.version(of: bytes) == nil)
        #expect(throws: LUKSHeader.ParseError.badMagic) { try LUKSHeader.parseLUKS1(bytes) }
        #expect(throws: LUKSHeader.ParseError.tooShort(needed: 592, have: 100)) { try LUKSHeader.parseLUKS1(Array(bytes[0..<100])) }
    }
}
