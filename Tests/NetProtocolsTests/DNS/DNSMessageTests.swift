import Testing
@testable import NetProtocols

@Suite struct DNSMessageTests {
    @Test func queryBytesAreWhatDigSends() throws {
        // The captured queries were made by a test script in the same form: RD set, one question.
        #expect(try DNSMessage.query(id: 0x1234, name: "boot.lab.example", type: .a).bytes() == DNSCapture.aQuery)
        #expect(try DNSMessage.query(id: 0x2345, name: "boot.lab.example.", type: .aaaa).bytes() == DNSCapture.aaaaQuery)
    }

    @Test func aResponseWithCompressedName() throws {
        let m = try DNSMessage(parsing: DNSCapture.aResponse)
        #expect(m.id == 0x1234 && m.isResponse && !m.isTruncated && m.responseCode == 0)
        #expect(m.questions == [.init(name: "boot.lab.example", type: 1)])
        #expect(m.answers == [.init(name: "boot.lab.example", type: 1, rclass: 1, ttl: 0, data: .address([10, 77, 8, 10]))])
        #expect(DNSAnswer(m, name: "Boot.Lab.Example.", type: .a)
                == .addresses([[10, 77, 8, 10]], canonicalName: "boot.lab.example", ttl: 0))
    }

    @Test func aaaaResponse() throws {
        let m = try DNSMessage(parsing: DNSCapture.aaaaResponse)
        let want: [UInt8] = [0xfd, 0x77, 0, 8] + [UInt8](repeating: 0, count: 11) + [0x10]
        #expect(DNSAnswer(m, name: "boot.lab.example", type: .aaaa)
                == .addresses([want], canonicalName: "boot.lab.example", ttl: 0))
        // The same response does not answer an A question.
        #expect(DNSAnswer(m, name: "boot.lab.example", type: .a) == .noData)
    }

    @Test func cnameChainIsFollowed() throws {
        let one = try DNSMessage(parsing: DNSCapture.cnameResponse)
        #expect(one.answers.first?.data == .canonicalName("boot.lab.example"))
        #expect(DNSAnswer(one, name: "provision.lab.example", type: .a)
                == .addresses([[10, 77, 8, 10]], canonicalName: "boot.lab.example", ttl: 0))
        let two = try DNSMessage(parsing: DNSCapture.cname2Response)
        #expect(two.answers.map(\.type) == [5, 5, 1])
        #expect(DNSAnswer(two, name: "www.lab.example", type: .a)
                == .addresses([[10, 77, 8, 10]], canonicalName: "boot.lab.example", ttl: 0))
    }

    @Test func aliasWithoutItsRecordsAsksAgain() throws {
        // Only the CNAME record of the captured chain: the resolver must ask for the target.
        var m = try DNSMessage(parsing: DNSCapture.cnameResponse)
        m.answers.removeLast()
        #expect(DNSAnswer(m, name: "provision.lab.example", type: .a) == .alias(target: "boot.lab.example", ttl: 0))
    }

    @Test func cnameLoopEndsAsServerFailure() {
        let loop = DNSMessage(id: 1, isResponse: true, questions: [.init(name: "a", type: 1)], answers: [
            .init(name: "a", type: 5, rclass: 1, ttl: 9, data: .canonicalName("b")),
            .init(name: "b", type: 5, rclass: 1, ttl: 9, data: .canonicalName("a")),
        ])
        #expect(DNSAnswer(loop, name: "a", type: .a) == .serverError(2))
    }

    @Test func responseCodes() throws {
        let nx = try DNSMessage(parsing: DNSCapture.nxResponse)
        #expect(nx.responseCode == 3)
        #expect(DNSAnswer(nx, name: "missing.lab.example", type: .a) == .nameError)
        let nodata = try DNSMessage(parsing: DNSCapture.nodataResponse)
        #expect(DNSAnswer(nodata, name: "v4only.lab.example", type: .aaaa) == .noData)
        var refused = nodata
        refused.responseCode = 5
        #expect(DNSAnswer(refused, name: "v4only.lab.example", type: .aaaa) == .serverError(5))
    }

    @Test func truncatedResponseIsNotedAndItsRecordsKept() throws {
        let m = try DNSMessage(parsing: DNSCapture.truncatedResponse)
        #expect(m.isTruncated)
        #expect(m.answers.count == 29)
        guard case .addresses(let a, _, let ttl) = DNSAnswer(m, name: "many.lab.example", type: .a) else {
            Issue.record("no addresses")
            return
        }
        #expect(a.count == 29 && a.first == [10, 77, 7, 3] && ttl == 300)
        // Cut inside a record: the whole records before it stay.
        let cut = try DNSMessage(parsing: Array(DNSCapture.truncatedResponse.dropLast(3)))
        #expect(cut.answers.count == 28)
    }

    @Test func malformedMessagesThrow() {
        #expect(throws: DNSMessage.Failure.truncated) { try DNSMessage(parsing: [0, 1, 2]) }
        #expect(throws: DNSMessage.Failure.truncated) { try DNSMessage(parsing: Array(DNSCapture.aResponse.dropLast(3))) }
        // A pointer to itself (a loop) in the question.
        #expect(throws: DNSMessage.Failure.name(.badPointer(12))) {
            try DNSMessage(parsing: [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1])
        }
        // An A record with 3 bytes of data.
        let bad = Array(DNSCapture.aResponse.dropLast(6)) + [0, 3, 10, 77, 8]
        #expect(throws: DNSMessage.Failure.badRecord("boot.lab.example: type 1 with 3 bytes")) {
            try DNSMessage(parsing: bad)
        }
    }

    @Test func namesOnTheWire() throws {
        #expect(try DNSName.encode("boot.lab") == [4] + Array("boot".utf8) + [3] + Array("lab".utf8) + [0])
        #expect(try DNSName.encode("") == [0])
        #expect(throws: DNSName.Failure.badLabel("")) { try DNSName.encode("a..b") }
        #expect(throws: DNSName.Failure.badLabel(String(repeating: "x", count: 64))) {
            try DNSName.encode(String(repeating: "x", count: 64) + ".lab")
        }
        #expect(throws: DNSName.Failure.tooLong) {
            try DNSName.encode(Array(repeating: String(repeating: "x", count: 60), count: 5).joined(separator: "."))
        }
        #expect(try DNSName.decode(DNSCapture.aResponse, at: 34) == ("boot.lab.example", 36))
        #expect(DNSName.isSingleLabel("provision") && !DNSName.isSingleLabel("boot.lab") && !DNSName.isSingleLabel("x."))
    }
}

@Suite struct DNSSearchListTests {
    @Test func singleLabelTriesTheDomainsFirst() {
        #expect(DNSSearchList.candidates(for: "provision", domains: ["lab.example", "example"])
                == ["provision.lab.example", "provision.example", "provision"])
    }

    @Test func dottedNameAsIsFirst() {
        #expect(DNSSearchList.candidates(for: "boot.lab", domains: ["example."]) == ["boot.lab", "boot.lab.example"])
        #expect(DNSSearchList.candidates(for: "boot.lab", domains: []) == ["boot.lab"])
    }

    @Test func absoluteNameOnlyAsIs() {
        #expect(DNSSearchList.candidates(for: "provision.", domains: ["lab.example"]) == ["provision"])
    }
}

@Suite struct DNSCacheTests {
    @Test func entriesExpireAfterTheirTTL() {
        var cache = DNSCache()
        cache.store("Boot.Lab", addresses: [[10, 77, 0, 1]], ttl: 60, now: 100)
        #expect(cache.lookup("boot.lab", now: 159.5) == [[10, 77, 0, 1]])
        #expect(cache.lookup("boot.lab", now: 160) == nil)
    }

    @Test func ttlZeroIsNotCached() {
        var cache = DNSCache()
        cache.store("boot.lab", addresses: [[10, 77, 0, 1]], ttl: 0, now: 1)
        #expect(cache.count == 0 && cache.lookup("boot.lab", now: 1) == nil)
    }

    @Test func fullCacheDropsTheOldest() {
        var cache = DNSCache(capacity: 2)
        cache.store("a", addresses: [[1, 1, 1, 1]], ttl: 99, now: 1)
        cache.store("b", addresses: [[2, 2, 2, 2]], ttl: 99, now: 2)
        cache.store("c", addresses: [[3, 3, 3, 3]], ttl: 99, now: 3)
        #expect(cache.count == 2 && cache.lookup("a", now: 3) == nil && cache.lookup("c", now: 3) != nil)
    }
}
