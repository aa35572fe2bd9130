import Foundation
import Synchronization

/// Set by the SIGINT handler; the run loop polls it and stops, keeping what it measured.
let interruptRequested = Atomic<Bool>(false)

/// On Ctrl-C, ask the run to stop; a second Ctrl-C exits at once.
func installInterruptHandler() {
    signal(SIGINT) { _ in
        if interruptRequested.load(ordering: .relaxed) { _exit(130) }
        interruptRequested.store(true, ordering: .relaxed)
    }
}
