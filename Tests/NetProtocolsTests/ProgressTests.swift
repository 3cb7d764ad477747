import Testing
@testable import NetProtocols

@Suite struct ProgressTests {
    @Test func rateEtaAndLine() {
        let p = TransferProgress(bytes: 100 << 20, total: 200 << 20, elapsed: 4)
        #expect(p.rate == Double(25 << 20))
        #expect(p.eta == 4)
        let line = p.line(width: 80)
        #expect(line.count == 80)
        #expect(line.hasSuffix(" 50%  100.0 MiB/200.0 MiB  25.0 MiB/s  ETA 0:04"))
        #expect(line.hasPrefix("[#"))
    }

    @Test func exactLineAtWidth60() {
        let p = TransferProgress(bytes: 1 << 20, total: 4 << 20, elapsed: 1)
        // text: " 25%  1.0 MiB/4.0 MiB  1.0 MiB/s  ETA 0:03" = 42 columns; bar 60-42-2 = 16 wide.
        #expect(p.line(width: 60) == "[###-----------]   25%  1.0 MiB/4.0 MiB  1.0 MiB/s  ETA 0:03")
        #expect(p.line(width: 60).count == 60)
    }

    @Test func narrowWidthsDropFieldsFromTheRight() {
        let p = TransferProgress(bytes: 1 << 20, total: 4 << 20, elapsed: 1)
        #expect(p.line(width: 33) == " 25%  1.0 MiB/4.0 MiB  1.0 MiB/s")
        #expect(p.line(width: 20) == "[###---------]   25%")
        #expect(p.line(width: 3) == " 25")
    }

    @Test func unknownTotal() {
        let p = TransferProgress(bytes: 1536, total: nil, elapsed: 2)
        #expect(p.eta == nil)
        #expect(p.line(width: 80) == "1.5 KiB  768 B/s")
        #expect(TransferProgress(bytes: 0, total: nil, elapsed: 0).line(width: 80) == "0 B")
    }

    @Test func units() {
        #expect(TransferProgress.size(512) == "512 B")
        #expect(TransferProgress.size(200 << 20) == "200.0 MiB")
        #expect(TransferProgress.size(3 << 30) == "3.0 GiB")
        #expect(TransferProgress.clock(3725) == "1:02:05")
        #expect(TransferProgress.clock(59.2) == "1:00")
    }
}
