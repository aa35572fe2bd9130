import Foundation
import Synchronization

/// Set by the SIGINT handler; the run loop polls it and stops, keeping what it measured.
let interruptRequested = Atomic<Bool>(false)

/// Whether a second Ctrl-C exits at once. Not in a child run of `run --jobs`: Ctrl-C at a
/// terminal reaches it twice (from the terminal and passed on by its parent), and it must
/// still write what it measured.
private let secondInterruptExits = Atomic<Bool>(true)

/// The environment variable that marks a child run of `run --jobs`.
let childRunVariable = "STAMPEDE_CHILD_RUN"

/// On Ctrl-C, ask the run to stop; a second Ctrl-C exits at once.
func installInterruptHandler() {
    secondInterruptExits.store(ProcessInfo.processInfo.environment[childRunVariable] == nil, ordering: .relaxed)
    // A child started by Foundation's Process may inherit a blocked SIGINT from the thread that
    // spawned it; a run in a child process (`run --jobs`) must still stop on Ctrl-C.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    signal(SIGINT) { _ in
        if interruptRequested.load(ordering: .relaxed) && secondInterruptExits.load(ordering: .relaxed) { _exit(130) }
        interruptRequested.store(true, ordering: .relaxed)
    }
}

/// Polls the Ctrl-C flag while child processes run (capacity probes, `run --jobs`) and calls
/// `onInterrupt` once when it is set.
final class InterruptWatcher: Sendable {
    private let stopped = Atomic<Bool>(false)

    init(_ onInterrupt: @escaping @Sendable () -> Void) {
        // wall-clock: a plain thread, so the poll never waits behind the parent's tasks
        Thread.detachNewThread { [self] in
            while !stopped.load(ordering: .relaxed) {
                if interruptRequested.load(ordering: .relaxed) { onInterrupt(); return }
                usleep(50_000)
            }
        }
    }

    func stop() { stopped.store(true, ordering: .relaxed) }
}
