import Testing
@testable import NetProtocols

@Suite struct HTTPTests {
    @Test func requestBytes() throws {
        let url = try #require(NetURL("http://[fd77::1]:8080/a/b?c"))
        let r = HTTPRequest(url: url, rangeStart: 1000, ifRange: "\"etag\"")
        #expect(String(decoding: r.bytes, as: UTF8.self) == """
            GET /a/b?c HTTP/1.1\r
            Host: [fd77::1]:8080\r
            User-Agent: swiftboot\r
            Accept: */*\r
            Accept-Encoding: identity\r
            Range: bytes=1000-\r
            If-Range: "etag"\r
            Connection: close\r
            \r

            """)
    }

    @Test func headAndBodyStartSplitAcrossFeeds() throws {
        var reader = HTTPHeadReader()
        let text = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A:  b \r\n\r\nhel".utf8)
        #expect(try reader.feed(Array(text[..<20])) == nil)
        let got = try #require(try reader.feed(Array(text[20...])))
        #expect(got.head.status == 200)
        #expect(got.head.reason == "OK")
        #expect(got.head.header("content-length") == "5")
        #expect(got.head.header("X-A") == "b")
        #expect(got.rest == Array("hel".utf8))
        #expect(try got.head.bodyFraming() == .length(5))
    }

    @Test func interimResponseIsSkipped() throws {
        var reader = HTTPHeadReader()
        let got = try #require(try reader.feed(Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\n\r\n".utf8)))
        #expect(got.head.status == 404)
        #expect(got.head.reason == "Not Found")
    }

    @Test func framing() throws {
        func head(_ s: String) throws -> HTTPResponseHead { try HTTPResponseHead(parsing: Array(s.utf8)) }
        #expect(try head("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 3").bodyFraming() == .chunked)
        #expect(try head("HTTP/1.0 200 OK").bodyFraming() == .untilClose)
        #expect(try head("HTTP/1.1 204 No Content").bodyFraming() == .length(0))
        #expect(try head("HTTP/1.1 200 OK\r\nContent-Length: 7, 7").bodyFraming() == .length(7))
        #expect(throws: HTTPParseError.badContentLength("7,8")) {
            try head("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nContent-Length: 8").bodyFraming()
        }
    }

    @Test(arguments: ["HTTP/2 200 OK", "ICY 200 OK", "HTTP/1.1 20 OK", "HTTP/1.1 abc OK"])
    func badStatusLines(_ line: String) {
        #expect(throws: HTTPParseError.badStatusLine(line)) { try HTTPResponseHead(parsing: Array(line.utf8)) }
    }

    @Test func badHeaderLine() {
        #expect(throws: HTTPParseError.badHeader("No colon here")) {
            try HTTPResponseHead(parsing: Array("HTTP/1.1 200 OK\r\nNo colon here".utf8))
        }
    }

    @Test func headTooLong() {
        var reader = HTTPHeadReader(limit: 16)
        #expect(throws: HTTPParseError.headTooLong(30)) {
            try reader.feed(Array("HTTP/1.1 200 OK\r\nX: 0123456789".utf8))
        }
    }

    @Test func chunkedWithExtensionsAndTrailers() throws {
        let wire = Array("4;name=x\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\nGARBAGE".utf8)
        // Every split point gives the same body.
        for split in 0...wire.count {
            var d = ChunkedDecoder()
            var body = try d.feed(Array(wire[..<split]))
            body += try d.feed(Array(wire[split...]))
            #expect(String(decoding: body, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
            #expect(d.isDone)
            #expect(d.trailers.count == 1)
            #expect(d.trailers.first?.name == "Expires")
            #expect(d.trailers.first?.value == "never")
        }
    }

    @Test func chunkedErrors() {
        var d = ChunkedDecoder()
        #expect(throws: HTTPParseError.badChunkSize("zz")) { try d.feed(Array("zz\r\n".utf8)) }
        var e = ChunkedDecoder()
        #expect(throws: HTTPParseError.badChunkEnd) { try e.feed(Array("2\r\nabX\r\n".utf8)) }
    }

    @Test func contentRange() throws {
        #expect(try ContentRange(parsing: "bytes 100-199/1000") == ContentRange(first: 100, last: 199, total: 1000))
        #expect(try ContentRange(parsing: "bytes 0-9/*") == ContentRange(first: 0, last: 9, total: nil))
        for bad in ["bytes 9-1/10", "items 0-1/2", "bytes 0-9/5", "bytes */100"] {
            #expect(throws: HTTPParseError.badContentRange(bad)) { try ContentRange(parsing: bad) }
        }
    }

    @Test func redirectsResolveAndStopAtTheLimit() throws {
        var policy = RedirectPolicy(limit: 2)
        let start = try #require(NetURL("http://10.0.0.1/boot/a"))
        let moved = try HTTPResponseHead(parsing: Array("HTTP/1.1 302 Found\r\nLocation: ../img/b".utf8))
        #expect(moved.isRedirect)
        let second = try policy.next(after: moved, from: start)
        #expect(second.description == "http://10.0.0.1/img/b")
        let third = try policy.next(after: moved, from: second)
        #expect(third.description == "http://10.0.0.1/img/b")
        #expect(throws: RedirectError.tooMany(limit: 2)) { try policy.next(after: moved, from: third) }
        var p2 = RedirectPolicy()
        let ftp = try HTTPResponseHead(parsing: Array("HTTP/1.1 301 Moved\r\nLocation: ftp://x/y".utf8))
        #expect(throws: RedirectError.unsupportedScheme("ftp")) { try p2.next(after: ftp, from: start) }
        let none = try HTTPResponseHead(parsing: Array("HTTP/1.1 308 Moved".utf8))
        #expect(throws: RedirectError.badLocation(nil)) { try p2.next(after: none, from: start) }
    }
}
