import Testing
@testable import LinuxSystem

@Suite struct RestartPolicyTests {
    @Test func threeQuickFailuresAskTheUser() {
        var policy = RestartPolicy()
        #expect(policy.failed(afterSeconds: 1) == .restart)
        #expect(policy.failed(afterSeconds: 2) == .restart)
        #expect(policy.failed(afterSeconds: 0) == .askUser)
    }

    @Test func aLongRunStartsTheCountAgain() {
        var policy = RestartPolicy()
        _ = policy.failed(afterSeconds: 1)
        _ = policy.failed(afterSeconds: 1)
        #expect(policy.failed(afterSeconds: 600) == .restart)
        #expect(policy.failed(afterSeconds: 1) == .restart)
        #expect(policy.failed(afterSeconds: 1) == .restart)
        #expect(policy.failed(afterSeconds: 1) == .askUser)
    }
}

@Suite struct TerminationTests {
    @Test func decodesExitStatus() {
        #expect(ChildProcess.Termination(waitStatus: 42 << 8) == .exited(42))
    }

    @Test func decodesSignal() {
        #expect(ChildProcess.Termination(waitStatus: 9) == .signaled(9))
    }
}
