#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Debug-build checks that a virtual executor is used as its confinement requires.
///
/// A job enqueued or a timer set from another thread races the run loop and silently
/// corrupts a run; a run that completes while a task is still parked on a continuation
/// nobody will resume (a pool's queue) hides lost work. Both are reported through
/// `confinementViolation`, which stops the program. In release builds every check here
/// compiles to nothing.
extension VirtualExecutor {
    /// Reports a violation if the caller is not on the thread that created the executor.
    @inline(__always)
    func checkThread(_ operation: StaticString) {
        #if DEBUG
        if !isCurrentThread(owner) {
            confinementViolation("""
                VirtualExecutor.\(operation) called on a thread other than the one that created the executor. \
                Every simulated task runs on that thread: create the executor, spawn its tasks and call run() \
                there, and never resume one of its continuations from another thread.
                """)
        }
        #endif
    }

    /// Reports a violation if a task is still parked where the executor cannot see it.
    @inline(__always)
    func checkNothingParked() {
        #if DEBUG
        if parks != 0 {
            confinementViolation("""
                VirtualExecutor.run() completed with \(parks) task(s) still parked outside the executor \
                (a pool's queue or another continuation): no job or timer is left that could resume them.
                """)
        }
        #endif
    }

    /// Notes that the calling task is about to suspend on something other than this
    /// executor's timers (a pool's queue, a waiter list); pair with `endPark()` after it
    /// resumes. Counted in debug builds only, so a completed run can check none is left.
    @inline(__always)
    package func beginPark() {
        #if DEBUG
        checkThread("beginPark()")
        parks += 1
        #endif
    }

    /// Notes that a task counted by `beginPark()` has resumed.
    @inline(__always)
    package func endPark() {
        #if DEBUG
        checkThread("endPark()")
        parks -= 1
        if parks < 0 { confinementViolation("VirtualExecutor.endPark() called without a matching beginPark()") }
        #endif
    }

    #if DEBUG
    /// Tasks parked outside the executor right now (debug builds only).
    package var outstandingParks: Int { parks }
    #endif
}

extension SimClock {
    /// `VirtualExecutor.beginPark()` on this clock's executor; nothing on the wall clock or
    /// in release builds.
    @inline(__always)
    package func beginPark() {
        #if DEBUG
        virtualExecutor?.beginPark()
        #endif
    }

    /// `VirtualExecutor.endPark()` on this clock's executor; nothing on the wall clock or in
    /// release builds.
    @inline(__always)
    package func endPark() {
        #if DEBUG
        virtualExecutor?.endPark()
        #endif
    }
}

#if DEBUG
/// The calling thread's identity, cheap to read and compare.
func currentThread() -> pthread_t { pthread_self() }

func isCurrentThread(_ thread: pthread_t) -> Bool { pthread_equal(thread, pthread_self()) != 0 }
#endif
