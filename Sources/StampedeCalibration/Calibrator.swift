import Foundation
import StampedeLanguage

/// `stampede calibrate`: measures the CPU costs, then each backend's mix and each of its calls
/// over a concurrency sweep, writing the calibration file after every sweep, so an interrupted
/// or failed calibration still leaves what it measured.
///
/// Backends are opened (and managed servers started) before anything is measured, so a URL
/// that does not answer fails at once; every server started here is stopped whatever happens.
public struct Calibrator: Sendable {
    public var options: CalibrationOptions
    /// One line per step and per finished sweep.
    public var progress: @Sendable (String) -> Void
    /// Polled between calls; true stops the calibration, which still writes what it measured.
    public var shouldStop: @Sendable () -> Bool

    public init(options: CalibrationOptions, progress: @escaping @Sendable (String) -> Void = { _ in },
                shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.options = options; self.progress = progress; self.shouldStop = shouldStop
    }

    public struct Outcome: Sendable {
        public var document: CalibrationDocument
        public var interrupted: Bool { document.meta.interrupted }
    }

    public func run() async throws(CalibrationError) -> Outcome {
        let options = try options.validated()
        let meta = MachineDescription.meta(command: options.command)
        var document = CalibrationDocument(
            meta: .init(date: meta.date, host: meta.host, machine: meta.machine, os: meta.os, command: options.command),
            settings: .init(secondsPerStep: options.secondsPerStep, maxConcurrency: options.maxConcurrency,
                            growth: options.growth, hashIterations: options.hashIterations))
        // Before any work: an --out that cannot be written is the user's to fix. Checked beside
        // it, so a calibration that fails to connect leaves an earlier file in place.
        do { try Self.write(document, to: options.out + ".check") } catch {
            throw CalibrationError(.badArgument, "--out \(options.out): cannot write the calibration file: \(error.message)")
        }
        try? FileManager.default.removeItem(atPath: options.out + ".check")
        let cache = try await CalibrationBackends.openCache(options.cache, connections: options.maxConcurrency)
        let store: OpenedStore?
        do {
            store = try await CalibrationBackends.openStore(options.store, connections: options.maxConcurrency)
        } catch {
            await cache?.close()
            throw error
        }
        let measured = await measure(into: &document, cache: cache, store: store, options: options)
        await cache?.close()
        await store?.close()
        document.meta.interrupted = !measured
        // Interrupted before anything was measured: an earlier file stays as it was.
        if !document.backends.isEmpty || !FileManager.default.fileExists(atPath: options.out) {
            do { try Self.write(document, to: options.out) } catch { throw error }
        }
        return Outcome(document: document)
    }

    /// Measures everything in turn; false when interrupted.
    private func measure(into document: inout CalibrationDocument, cache: OpenedCache?, store: OpenedStore?,
                         options: CalibrationOptions) async -> Bool {
        let sweep = Sweep(rule: SweepRule(maxConcurrency: options.maxConcurrency, growth: options.growth),
                          seconds: options.secondsPerStep, shouldStop: shouldStop, progress: progress)
        func save() { try? Self.write(document, to: options.out) }
        if options.measureCPU {
            progress("cpu    PBKDF2-HMAC-SHA256 at \(options.hashIterations) iterations, then token sign and verify")
            let cpu = CPUCalibration.measure(iterations: options.hashIterations, seconds: options.secondsPerStep, shouldStop: shouldStop)
            if !cpu.calls.isEmpty {
                document.cpu = cpu.figures
                document.backends.append(.init(role: "cpu", kind: "pbkdf2-sha256 + hmac-sha256 (swift-crypto)",
                                               version: "Swift \(Self.swiftVersion)", target: "this process, one thread",
                                               calls: cpu.calls))
                for line in CPUCalibration.summary(cpu.figures) { progress("cpu  " + line) }
                save()
            }
            if cpu.interrupted { return false }
        }
        if let cache {
            progress("cache  \(cache.kind) \(cache.version), \(cache.target)")
            let probes = CacheProbes(cache: cache.cache)
            let prepared = (try? await probes.prepare(shouldStop: shouldStop)) == true
            if shouldStop() { return false }
            if prepared {
                var backend = CalibrationDocument.Backend(role: "cache", kind: cache.kind, version: cache.version, target: cache.target)
                guard await sweepBackend(&backend, mix: probes.mix, calls: probes.calls, sweep: sweep, into: &document) else { return false }
            } else {
                progress("cache  could not put the prepared keys in place: not measured")
            }
        }
        if let store {
            progress("store  \(store.kind) \(store.version), \(store.target)")
            let probes = StoreProbes(store: store.store)
            let prepared = (try? await probes.prepare(seeding: store.seeding, shouldStop: shouldStop)) == true
            if shouldStop() { return false }
            guard prepared else {
                progress("store  could not put the prepared users and sessions in place: not measured")
                return true
            }
            var backend = CalibrationDocument.Backend(role: "store", kind: store.kind, version: store.version, target: store.target)
            guard await sweepBackend(&backend, mix: probes.mix, calls: probes.calls, sweep: sweep, into: &document) else { return false }
        }
        return true
    }

    /// The mix first (the backend's saturation), then each call, each swept on its own; the
    /// file is written after each. False when interrupted.
    private func sweepBackend(_ backend: inout CalibrationDocument.Backend, mix: Probe, calls: [Probe], sweep: Sweep,
                              into document: inout CalibrationDocument) async -> Bool {
        let index = document.backends.count
        document.backends.append(backend)
        func save() {
            document.backends[index] = backend
            try? Self.write(document, to: options.out)
        }
        let mixed = await sweep.run(mix, role: backend.role)
        backend.calls += mixed.calls
        backend.saturation = mixed.calls.first?.saturation
        save()
        if mixed.interrupted { return false }
        for probe in calls {
            let outcome = await sweep.run(probe, role: backend.role)
            backend.calls += outcome.calls
            save()
            if outcome.interrupted { return false }
        }
        return true
    }

    /// Writes the document (making its folder), replacing the file in one step.
    static func write(_ document: CalibrationDocument, to path: String) throws(CalibrationError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try document.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CalibrationError(.internalError, "cannot write \(path): \(error.localizedDescription)")
        }
    }

    static var swiftVersion: String {
        #if compiler(>=6.3)
        return "6.3+"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6"
        #endif
    }
}
