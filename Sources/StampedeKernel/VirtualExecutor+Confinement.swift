#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks that a virtual executor is used as its confinement requires, in every build.
///
/// A job enqueued or a timer set from another thread races the run loop and silently
/// corrupts a run; a run that completes while a task is still parked on a continuation
/// nobody will resume (a pool's queue) hides lost work. Both are reported through
/// `confinementViolation`, which stops the program. They are on in release builds too: each is
/// a thread-id compare or a counter (no measurable cost in `stampede bench`), and the tests
/// run optimized.
extension VirtualExecutor {
    /// Reports a violation if the caller is not on the thread that created the executor.
    @inline(__always)
    func checkThread(_ operation: StaticString) {
        if !isCurrentThread(owner) {
            confinementViolation("""
                VirtualExecutor.\(operation) called on a thread other than the one that created the executor. \
                Every simulated task runs on that thread: create the executor, spawn its tasks and call run() \
                there, and never resume one of its continuations from another thread.
                """)
        }
    }

    /// Reports a violation if a task is still parked where the executor cannot see it.
    @inline(__always)
    func checkNothingParked() {
        if parks != 0 {
            confinementViolation("""
                VirtualExecutor.run() completed with \(parks) task(s) still parked outside the executor \
                (a pool's queue or another continuation): no job or timer is left that could resume them.
                """)
        }
    }

    /// Notes that the calling task is about to suspend on something other than this
    /// executor's timers (a pool's queue, a waiter list); pair with `endPark()` after it
    /// resumes, so a completed run can check none is left.
    @inline(__always)
    package func beginPark() {
        checkThread("beginPark()")
        parks += 1
    }

    /// Notes that a task counted by `beginPark()` has resumed.
    @inline(__always)
    package func endPark() {
        checkThread("endPark()")
        parks -= 1
        if parks < 0 { confinementViolation("VirtualExecutor.endPark() called without a matching beginPark()") }
    }

    /// Tasks parked outside the executor right now.
    package var outstandingParks: Int { parks }
}

extension SimClock {
    /// `VirtualExecutor.beginPark()` on this clock's executor; nothing on the wall clock.
    @inline(__always)
    package func beginPark() {
        virtualExecutor?.beginPark()
    }

    /// `VirtualExecutor.endPark()` on this clock's executor; nothing on the wall clock.
    @inline(__always)
    package func endPark() {
        virtualExecutor?.endPark()
    }
}

/// The calling thread's identity, cheap to read and compare.
func currentThread() -> pthread_t { pthread_self() }

func isCurrentThread(_ thread: pthread_t) -> Bool { pthread_equal(thread, pthread_self()) != 0 }
