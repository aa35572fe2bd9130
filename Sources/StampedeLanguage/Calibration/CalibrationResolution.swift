import Foundation
import StampedeKernel

/// The calibration files one load has read, and every place the scenario took a table from one.
///
/// A file is read once per load however often the scenario names it; what is read is only ever
/// the file's text, so the same file gives the same run.
final class CalibrationUses {
    struct Use {
        var path: String
        var mark: SourcePosition?
        var reference: CalibrationReference
        /// The file as the messages name it (relative to where the scenario was loaded from).
        var file: String
        var document: CalibrationDocument
        var call: CalibrationDocument.Call
    }

    var documents: [String: Result<CalibrationDocument, ScenarioError>] = [:]
    var uses: [Use] = []
}

extension LoadContext {
    /// The table `reference` names, as a distribution.
    ///
    /// With `concurrency` it is that level's table. Without, it is the lowest level's for now;
    /// once the whole scenario is read, `ScenarioLoader.resolveCalibrationDefaults` replaces it
    /// for `system.store.latency` and `system.cache.latency` by the level closest to the pool.
    func calibrated(_ reference: CalibrationReference, at value: Located) throws(ScenarioError) -> Distribution {
        let file = Self.resolve(reference.file, besides: self.file)
        let document = try calibrationDocument(file, at: value)
        guard let call = document.call(reference.call) else {
            let names = document.calls.map(\.name)
            let role = String(reference.call.prefix { $0 != "." })
            let measured = document.backends.map(\.role)
            let detail = CalibrationDocument.roles.contains(role) && !measured.contains(role)
                ? "\(file) measured no \(role) (it has \(measured.isEmpty ? "nothing" : measured.joined(separator: ", ")))" : nil
            throw error(.invalidValue, "no call '\(reference.call)' in calibration file \(file)", at: value, detail: detail,
                        expected: names.isEmpty ? "a file with measured calls" : oneOf(names), found: quoted(reference.call),
                        suggestion: nearest(to: reference.call, among: names))
        }
        let levels = call.levels.map { String($0.concurrency) }
        guard let lowest = call.levels.first else {
            throw error(.invalidValue, "calibration file \(file) has no measured level for \(call.name)", at: value,
                        expected: "a call with at least one level (an interrupted calibration may have none)")
        }
        var level = lowest
        if let concurrency = reference.concurrency {
            guard let exact = call.level(concurrency) else {
                throw error(.invalidValue, "\(call.name) was not measured at concurrency \(concurrency) in \(file)", at: value,
                            expected: "one of the measured levels " + levels.joined(separator: ", "), found: String(concurrency))
            }
            level = exact
        }
        calibrations.uses.append(.init(path: value.path, mark: value.mark, reference: reference, file: file,
                                       document: document, call: call))
        return level.distribution
    }

    /// The document at `file`, read and checked once per load.
    private func calibrationDocument(_ file: String, at value: Located) throws(ScenarioError) -> CalibrationDocument {
        let result: Result<CalibrationDocument, ScenarioError>
        if let known = calibrations.documents[file] {
            result = known
        } else {
            guard calibrations.documents.count < ScenarioLimits.calibrationFiles.value else {
                throw error(.invalidValue, "too many calibration files", at: value, detail: ScenarioLimits.calibrationFiles.reason,
                            expected: "at most \(ScenarioLimits.calibrationFiles.value) different files")
            }
            do {
                result = .success(try CalibrationDocument.parse(yaml: try Self.readCalibrationFile(file), path: file))
            } catch {
                result = .failure(error)
            }
            calibrations.documents[file] = result
        }
        switch result {
        case .success(let document):
            return document
        case .failure(let problem):
            let all = problem.all
            let shown = all.prefix(3).map(\.summary).joined(separator: "; ")
            let more = all.count > 3 ? " (and \(all.count - 3) more)" : ""
            throw error(problem.code == .unreadableFile ? .unreadableFile : .invalidValue,
                        "unusable calibration file \(file)", at: value, detail: shown + more,
                        expected: "a file written by stampede calibrate")
        }
    }

    /// `file` relative to the folder of `scenario`, unless it is absolute.
    static func resolve(_ file: String, besides scenario: String) -> String {
        if file.hasPrefix("/") { return file }
        let folder = (scenario as NSString).deletingLastPathComponent
        return folder.isEmpty ? file : (folder as NSString).appendingPathComponent(file)
    }

    /// The file's text, at most `ScenarioLimits.fileBytes`, as UTF-8.
    static func readCalibrationFile(_ path: String) throws(ScenarioError) -> String {
        func unreadable(_ problem: String, found: String? = nil) -> ScenarioError {
            ScenarioError(.unreadableFile, problem, file: path, line: nil, column: nil, keyPath: "",
                          expected: "a calibration file written by stampede calibrate", found: found)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw unreadable("calibration file not found", found: "no file at '\(path)' (a relative file: is read beside the scenario)")
        }
        guard !isFolder.boolValue else { throw unreadable("'\(path)' is a folder, not a calibration file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw unreadable("cannot read the calibration file") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: ScenarioLimits.fileBytes.value + 1)) ?? Data()
        guard data.count <= ScenarioLimits.fileBytes.value else {
            throw unreadable("calibration file larger than 1 MiB", found: "more than \(grouped(ScenarioLimits.fileBytes.value)) bytes")
        }
        guard let text = String(data: data, encoding: .utf8), !text.isEmpty else {
            throw unreadable("the calibration file is empty or not UTF-8 text")
        }
        return text
    }
}

extension ScenarioLoader {
    /// What a table taken without `concurrency` means once the whole scenario is known, and the
    /// password-hash table scaled to the scenario's iterations.
    ///
    /// - `system.store.latency`, `system.cache.latency`: the level closest to that backend's
    ///   `pool` (on a tie the lower). The model holds a connection for the drawn latency, so
    ///   with the table measured at `pool` callers a full pool serves what the real backend
    ///   served with that many; a pool above the highest level measured gets the highest and a
    ///   note that the model will then serve more than the backend did.
    /// - anywhere else: the lowest level (for a CPU cost, the only one).
    /// - `cpu.password_hash` as `system.service.password_hash.cost`: PBKDF2 costs grow linearly
    ///   with iterations, so a scenario whose `iterations` differs from the calibration's gets the
    ///   table scaled by the ratio, and a note.
    static func resolveCalibrationDefaults(_ spec: inout ScenarioSpec, in context: LoadContext) {
        for use in context.calibrations.uses {
            switch use.path {
            case "system.store.latency" where use.reference.concurrency == nil:
                if let level = poolLevel(use, pool: spec.system.store.pool, in: context) { spec.system.store.latency = level.distribution }
            case "system.cache.latency" where use.reference.concurrency == nil:
                if let level = poolLevel(use, pool: spec.system.cache.pool, in: context) { spec.system.cache.latency = level.distribution }
            case "system.service.password_hash.cost" where use.call.name == "cpu.password_hash":
                let measured = use.document.settings.hashIterations
                let wanted = spec.system.service.hashIterations
                guard measured != wanted, case .empirical(let points)? = spec.system.service.hashCost else { continue }
                let ratio = Double(wanted) / Double(measured)
                spec.system.service.hashCost = .empirical(points.map {
                    .init(percentile: $0.percentile, value: SimDuration(nanoseconds: Int64((Double($0.value.nanoseconds) * ratio).rounded())))
                })
                context.note("cpu.password_hash in \(use.file) was measured at \(grouped(measured)) iterations; scaled to this "
                             + "scenario's \(grouped(wanted)) (×\(formatNumber((ratio * 1000).rounded() / 1000)))",
                             path: use.path, mark: use.mark)
            default:
                continue
            }
        }
    }

    private static func poolLevel(_ use: CalibrationUses.Use, pool: Int, in context: LoadContext) -> CalibrationDocument.Level? {
        guard let level = use.call.level(closestTo: pool) else { return nil }
        if let highest = use.call.levels.last, pool > highest.concurrency {
            context.note("\(use.call.name) in \(use.file) was measured up to concurrency \(highest.concurrency), below this "
                         + "pool of \(pool): the table at \(highest.concurrency) is used, so a full pool may serve more calls per "
                         + "second than the backend can (give concurrency: to choose a level yourself)",
                         path: use.path, mark: use.mark)
        }
        return level
    }
}
