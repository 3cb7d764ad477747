import Testing
@testable import NetProtocols

@Suite struct ResumePolicyTests {
    @Test func aDropMidBodyResumesAtOnceUpToTheLimit() {
        var policy = ResumePolicy(limit: 2)
        #expect(policy.next(after: .dropped, received: 100, rangesAllowed: true) == .resume(afterMs: 0))
        #expect(policy.next(after: .dropped, received: 200, rangesAllowed: true) == .resume(afterMs: 0))
        #expect(policy.resumes == 2)
        #expect(policy.next(after: .dropped, received: 300, rangesAllowed: true) == .fail)
    }

    @Test func nothingReceivedOrRangesRefusedIsFinal() {
        var policy = ResumePolicy()
        #expect(policy.next(after: .dropped, received: 0, rangesAllowed: true) == .fail)
        #expect(policy.next(after: .dropped, received: 10, rangesAllowed: false) == .fail)
        #expect(policy.resumes == 0)
    }

    @Test func theFirstConnectionIsNotRetried() {
        // A dead server: one connect timeout, then a clear error.
        var policy = ResumePolicy()
        #expect(policy.next(after: .connectFailed, received: 0, rangesAllowed: true) == .fail)
    }

    @Test func aFailedReconnectionIsTriedAgainWithGrowingPauses() {
        // The link went away mid-body (read timeout), and the first reconnections fail
        // while it is still down: each is tried again, 1 s, 2 s, 4 s later.
        var policy = ResumePolicy(limit: 5)
        #expect(policy.next(after: .dropped, received: 4096, rangesAllowed: true) == .resume(afterMs: 0))
        #expect(policy.next(after: .connectFailed, received: 4096, rangesAllowed: true) == .resume(afterMs: 1000))
        #expect(policy.next(after: .connectFailed, received: 4096, rangesAllowed: true) == .resume(afterMs: 2000))
        #expect(policy.next(after: .connectFailed, received: 4096, rangesAllowed: true) == .resume(afterMs: 4000))
        #expect(policy.resumes == 4)
        // Connected again: a later failed reconnection pauses 1 s again.
        policy.connected()
        #expect(policy.next(after: .connectFailed, received: 8192, rangesAllowed: true) == .resume(afterMs: 1000))
        // The limit covers drops and reconnections together.
        #expect(policy.next(after: .connectFailed, received: 8192, rangesAllowed: true) == .fail)
        #expect(policy.next(after: .dropped, received: 8192, rangesAllowed: true) == .fail)
    }

    @Test func pausesStopGrowingAtTheMaximum() {
        var policy = ResumePolicy(limit: 10)
        _ = policy.next(after: .dropped, received: 1, rangesAllowed: true)
        var pauses: [Int] = []
        for _ in 0..<6 {
            if case .resume(let ms) = policy.next(after: .connectFailed, received: 1, rangesAllowed: true) { pauses.append(ms) }
        }
        #expect(pauses == [1000, 2000, 4000, 8000, 8000, 8000])
    }

    @Test func otherFailuresAreFinal() {
        var policy = ResumePolicy()
        _ = policy.next(after: .dropped, received: 1, rangesAllowed: true)
        #expect(policy.next(after: .other, received: 1, rangesAllowed: true) == .fail)
    }
}
