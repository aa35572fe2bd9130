import StampedeChecker
import StampedeKernel
import StampedeModel
import Testing

@Suite struct MemoryTests {
    /// 100k sessions, one a second for ~28 simulated hours, each used and logged out: the
    /// checker remembers only those within their absolute timeout (60 s) plus the in-flight
    /// allowance (5 s).
    @Test func trackedStateStaysBoundedOverALongRun() {
        let checker = Checker(config: testConfig())
        var peakSessions = 0
        var peakUsers = 0
        for i in 0..<100_000 {
            let t = Int64(i) * 1_000
            let user = UserID(i % 1_000)
            let session = token(UInt64(i))
            checker.observe(issued(user, session, at: t))
            checker.observe(validate(user, session, read, t + 100, t + 101))
            checker.observe(logout(user, session, t + 200, t + 210))
            peakSessions = max(peakSessions, checker.liveSessionsTracked)
            peakUsers = max(peakUsers, checker.usersTracked)
        }
        #expect(checker.violationCount == 0)
        #expect(peakSessions <= 67)
        #expect(peakUsers <= 67)
    }
}
