import Foundation

/// The calibration file's `meta`: which machine measured it, and when.
enum MachineDescription {
    static func meta(command: String, now: Date = Date()) -> (date: String, host: String, machine: String, os: String) { // wall-clock: the file's meta only
        let info = ProcessInfo.processInfo
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var parts = [architecture, "\(info.activeProcessorCount) cores"]
        if let model = processorModel { parts.append(model) }
        parts.append(String(format: "%.1f GB", Double(info.physicalMemory) / 1_073_741_824))
        return (formatter.string(from: now), info.hostName, parts.joined(separator: ", "), info.operatingSystemVersionString)
    }

    static var architecture: String {
        #if arch(x86_64)
        return "x86_64"
        #elseif arch(arm64)
        return "arm64"
        #else
        return "unknown architecture"
        #endif
    }

    /// `model name` from /proc/cpuinfo, where there is one.
    static var processorModel: String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}
