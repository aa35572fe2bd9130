import StampedeTestSupport
import Foundation
import Testing
@testable import StampedeKernel

/// The executor's confinement checks: used as intended nothing is reported; enqueueing or running
/// from a foreign thread, or completing with a task parked for ever, is.
@Suite struct ConfinementTests {
    /// Installs a hook that records violations instead of stopping the program.
    func recording(_ executor: VirtualExecutor) -> Locked<[String]> {
        let problems = Locked<[String]>([])
        executor.confinementViolation = { message in problems.withLock { $0.append(message) } }
        return problems
    }

    /// An executor created on a thread that has ended by the time this returns.
    func executorFromAnotherThread() -> VirtualExecutor {
        let made = Locked<VirtualExecutor?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            made.withLock { $0 = VirtualExecutor() }
            done.signal()
        }
        thread.start()
        done.wait()
        return made.value!
    }

    @Test func correctUseReportsNothing() {
        let executor = VirtualExecutor()
        let problems = recording(executor)
        let clock = VirtualClock(executor: executor)
        let pool = ResourcePool(name: "one", capacity: 1, clock: clock)
        let spawner = TaskSpawner(executor: executor)
        let outcomes = Locked([0, 0]) // served, timed out
        for i in 0..<20 {
            spawner.spawn {
                // Half queue as long as it takes, half give up at a deadline they all miss.
                let deadline: SimInstant? = i % 2 == 0 ? nil : SimInstant.zero + .milliseconds(Double(5 * i))
                let usage = await pool.use(for: .milliseconds(10), deadline: deadline)
                outcomes.withLock { $0[usage.timedOut ? 1 : 0] += 1 }
            }
        }
        #expect(executor.run())
        #expect(problems.value.isEmpty)
        #expect(executor.outstandingParks == 0)
        #expect(outcomes.value == [10, 10])
        #expect(pool.statistics().maxQueue > 1)
    }

    @Test func enqueueAndRunFromAnotherThreadAreReported() {
        let executor = executorFromAnotherThread()
        let problems = recording(executor)
        let ran = Locked(false)
        TaskSpawner(executor: executor).spawn { ran.withLock { $0 = true } }
        #expect(problems.value.count == 1)
        #expect(problems.value.first?.contains("VirtualExecutor.enqueue(_:)") == true)
        executor.run()
        #expect(problems.value.count == 2)
        #expect(problems.value.last?.contains("VirtualExecutor.run(until:shouldStop:)") == true)
        #expect(ran.value) // the hook reports; it does not stop the run
    }

    @Test func scheduleFromAnotherThreadIsReported() async {
        let executor = executorFromAnotherThread()
        let problems = recording(executor)
        // A continuation parked on the heap from a thread the executor does not own.
        await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
            executor.schedule(c, at: SimInstant.zero + .seconds(1))
            #expect(problems.value.count == 1)
            #expect(problems.value.first?.contains("VirtualExecutor.schedule(_:at:)") == true)
            c.resume()
        }
    }

    @Test func aRunThatCompletesWithATaskParkedOnAPoolIsReported() {
        let executor = VirtualExecutor()
        let problems = recording(executor)
        let clock = VirtualClock(executor: executor)
        let pool = ResourcePool(name: "held", capacity: 1, clock: clock)
        #expect(pool.tryAcquire()) // a server nobody releases during the run
        let finished = Locked(false)
        TaskSpawner(executor: executor).spawn {
            _ = await pool.use(for: .milliseconds(1))
            finished.withLock { $0 = true }
        }
        #expect(executor.run())
        #expect(problems.value.count == 1)
        #expect(problems.value.first?.contains("1 task(s) still parked") == true)
        #expect(executor.outstandingParks == 1)
        #expect(!finished.value)

        // Releasing the server lets the waiter finish; that run completes cleanly. Outside a
        // run, the executor claims the resumed task only when asked to.
        executor.claimingGlobalEnqueues { pool.release() }
        #expect(executor.run())
        #expect(finished.value)
        #expect(executor.outstandingParks == 0)
        #expect(problems.value.count == 1)
    }

    @Test func aStoppedRunMayLeaveTasksParked() {
        let executor = VirtualExecutor()
        let problems = recording(executor)
        let clock = VirtualClock(executor: executor)
        let pool = ResourcePool(name: "held", capacity: 1, clock: clock)
        #expect(pool.tryAcquire())
        TaskSpawner(executor: executor).spawn { _ = await pool.use(for: .milliseconds(1)) }
        TaskSpawner(executor: executor).spawn { while true { await clock.park(for: .milliseconds(1)) } }
        #expect(!executor.run(shouldStop: { clock.now > SimInstant.zero + .seconds(1) }))
        #expect(problems.value.isEmpty)
        #expect(executor.outstandingParks == 1)
    }

    @Test func unbalancedEndParkIsReported() {
        let executor = VirtualExecutor()
        let problems = recording(executor)
        executor.endPark()
        #expect(problems.value == ["VirtualExecutor.endPark() called without a matching beginPark()"])
    }
}
