import Foundation
import Testing

/// The corpus harness must be able to fail: it sees a crash, a hang and a memory peak, and
/// the address-space cap holds.
@Suite struct ChildProcessTests {
    let scratch = NSTemporaryDirectory() + "stampede-child-\(getpid())"
    let hog = "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo ${#x}"

    @Test func seesACrash() {
        let r = ChildProcess.run("/bin/sh", ["-c", "kill -SEGV $$"], seconds: 10, addressSpaceBytes: 1 << 30, scratch: scratch + "-a")
        #expect(r.signal == 11 && r.exitCode == nil && !r.timedOut, "\(r)")
    }

    @Test func stopsAHang() {
        let r = ChildProcess.run("/bin/sleep", ["20"], seconds: 0.3, addressSpaceBytes: 1 << 30, scratch: scratch + "-b")
        #expect(r.timedOut && r.signal == 9 && r.seconds < 5, "\(r)")
    }

    @Test func measuresThePeakAndCapsTheAddressSpace() {
        let free = ChildProcess.run("/bin/sh", ["-c", hog], seconds: 20, addressSpaceBytes: 2 << 30, scratch: scratch + "-c")
        #expect(free.exitCode == 0 && free.stdout.contains("200000000"), "\(free)")
        #expect(free.peakBytes > 200_000_000, "peak \(free.peakBytes)")
        let capped = ChildProcess.run("/bin/sh", ["-c", hog], seconds: 20, addressSpaceBytes: 100 << 20, scratch: scratch + "-d")
        #expect(capped.exitCode != 0 || capped.signal != nil, "the cap holds: \(capped)")
        #expect(capped.peakBytes < 100 << 20, "the peak is the child's own, not the test process's: \(capped.peakBytes)")
    }
}
