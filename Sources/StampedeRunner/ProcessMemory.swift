import Foundation

/// The process's own memory use, from /proc (Linux); 0 where unavailable.
public enum ProcessMemory {
    /// Peak resident set size (VmHWM) in MB.
    public static func peakMB() -> Double { field("VmHWM:") }

    private static func field(_ name: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let kb = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
            return kb / 1024
        }
        return 0
    }

    /// The host name, for `meta`.
    public static var host: String { ProcessInfo.processInfo.hostName }
}
