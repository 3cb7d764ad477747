import BootConfig
import Foundation
import Testing

struct JSONParserTests {
    static func parse(_ text: String) throws -> JSON { try JSONParser.parse(Array(text.utf8)) }

    @Test func readsLuks2LikeMetadata() throws {
        let json = try Self.parse(#"{"keyslots":{"0":{"type":"luks2","key_size":64,"af":{"stripes":4000}}},"#
            + #""segments":{"0":{"offset":"16777216","size":"dynamic"}},"digests":{"0":{"keyslots":["0","1"]}},"#
            + #""flag":true,"none":null,"neg":-12}"# + "\0\0\0")
        #expect(json["keyslots"]?["0"]?["key_size"]?.intValue == 64)
        #expect(json["keyslots"]?["0"]?["af"]?["stripes"]?.intValue == 4000)
        #expect(json["segments"]?["0"]?["offset"]?.stringValue == "16777216")
        #expect(json["digests"]?["0"]?["keyslots"]?.arrayValue == [.string("0"), .string("1")])
        #expect(json["flag"] == .bool(true) && json["none"] == .null && json["neg"]?.intValue == -12)
        #expect(json["missing"] == nil)
    }

    /// The JSON area of a LUKS2 header cryptsetup wrote (tests/fixtures/luks), read, written
    /// by `JSON.rendered` and read again to the same value.
    @Test func luks2MetadataRoundTrips() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("tests/fixtures/luks/luks2-argon2id.img")
        let area = Array([UInt8](try Data(contentsOf: url))[4096..<16384])
        let json = try JSONParser.parse(area)
        #expect(json["keyslots"]?["0"]?["kdf"]?["type"]?.stringValue == "argon2id")
        #expect(json["config"]?["json_size"]?.stringValue == "12288")
        #expect(try JSONParser.parse(Array(json.rendered().utf8)) == json)
    }

    @Test func decodesEscapes() throws {
        #expect(try Self.parse(#" "a\"b\\c\/\n\u00e9\ud83d\ude00" "#) == .string("a\"b\\c/\né😀"))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.5", "1e3", "\"\\ud800\"", "\"a", "\"\u{1}\"", "tru",
                      "{} x", "99999999999999999999", "[\"\\q\"]"])
    func refusesInvalidInput(_ text: String) {
        #expect(throws: JSONParser.ParseError.self) { try Self.parse(text) }
    }

    @Test func limitsNesting() throws {
        let ok = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect(throws: Never.self) { try Self.parse(ok) }
        #expect(throws: JSONParser.ParseError.self) { try Self.parse("[" + ok + "]") }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: JSONParser.ParseError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func base64() {
        #expect(Base64.decode("") == [])
        #expect(Base64.decode("Zg==") == Array("f".utf8))
        #expect(Base64.decode("Zm8=") == Array("fo".utf8))
        #expect(Base64.decode("Zm9vYmFy") == Array("foobar".utf8))
        #expect(Base64.decode("+/+/") == [0xFB, 0xFF, 0xBF])
        for bad in ["Zg=", "Zg=a", "Zh==", "Z===", "Zm9v!mFy", "=Zg="] { #expect(Base64.decode(bad) == nil, "\(bad)") }
    }
}
