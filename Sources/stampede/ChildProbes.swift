import Foundation
import StampedeCapacity
import StampedeResult
import Synchronization

/// Runs each probe in a child process (`stampede capacity-probe`), at most `jobs` at once.
///
/// All of it is wall-clock orchestration: each child is a deterministic virtual-time run,
/// so how they are scheduled never changes what they measure.
final class ChildProbes: ProbeExecuting {
    private let folder: String
    private let slots: JobSlots
    private let children = ChildProcesses()
    private let counter = Atomic<Int>(0)

    init(jobs: Int, folder: String) {
        self.folder = folder
        slots = JobSlots(jobs)
    }

    func measure(_ request: ProbeRequest, context: CapacityContext,
                 skip: @escaping @Sendable () -> Bool) async throws(CapacityStop) -> ProbeMeasurement? {
        await slots.acquire()
        let outcome: Result<ProbeMeasurement?, CapacityStop>
        do throws(CapacityStop) {
            outcome = .success(skip() ? nil : try await runChild(request, context: context))
        } catch {
            outcome = .failure(error)
        }
        await slots.release()
        return try outcome.get()
    }

    func reserveIdleSlot() async -> Bool { await slots.tryAcquire() }

    func measureReserved(_ request: ProbeRequest, context: CapacityContext) async throws(CapacityStop) -> ProbeMeasurement {
        let outcome: Result<ProbeMeasurement, CapacityStop>
        do throws(CapacityStop) {
            outcome = .success(try await runChild(request, context: context))
        } catch {
            outcome = .failure(error)
        }
        await slots.release()
        return try outcome.get()
    }

    private func runChild(_ request: ProbeRequest, context: CapacityContext) async throws(CapacityStop) -> ProbeMeasurement {
        if interruptRequested.load(ordering: .relaxed) { throw .interrupted }
        let n = counter.add(1, ordering: .relaxed).newValue
        let output = (folder as NSString).appendingPathComponent("probe-\(n).json")
        let errors = (folder as NSString).appendingPathComponent("probe-\(n).err")
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: output); try? FileManager.default.removeItem(atPath: errors) }
        let status = await children.run(Self.arguments(request, context: context, output: output), errors: errors)
        if interruptRequested.load(ordering: .relaxed) { throw .interrupted }
        guard status == 0, let data = FileManager.default.contents(atPath: output),
              let m = try? JSONDecoder().decode(ProbeMeasurement.self, from: data) else {
            let why = (try? String(contentsOfFile: errors, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            throw .failed("the probe at factor \(request.factor), seed \(request.seed) failed (exit \(status))"
                          + (why.isEmpty ? "" : ": \(why)"))
        }
        if m.interrupted { throw .interrupted }
        return m
    }

    /// Stops every child still running (Ctrl-C): their half-done runs are not kept.
    func stopAll() { children.signalAll(SIGKILL) }

    static func arguments(_ r: ProbeRequest, context: CapacityContext, output: String) -> [String] {
        var words = ["capacity-probe", context.file, "--factor", String(r.factor), "--seed", String(r.seed), "--output", output]
        if let phase = context.phase { words += ["--phase", phase] }
        for slo in context.slos { words += ["--slo", slo] }
        for o in context.overrides + r.knobOverrides { words += ["--set", o] }
        return words
    }
}

/// A counting semaphore for the child processes (wall-clock).
actor JobSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ n: Int) { free = max(1, n) }

    func acquire() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Takes a slot only if one is free now.
    func tryAcquire() -> Bool {
        guard free > 0 else { return false }
        free -= 1
        return true
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
