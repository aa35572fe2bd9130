import Foundation
import Testing

/// `stampede --help` and each command's help, as a newcomer reads them at 80 columns, against
/// the texts under Snapshots/. Regenerate one with `COLUMNS=80 stampede CMD --help >
/// Tests/StampedeCLITests/Snapshots/help-CMD.txt` after a deliberate change, and read the diff.
@Suite struct HelpSnapshotTests {
    static let commands = ["stampede", "run", "validate", "report", "compare", "predict", "capacity", "bench", "calibrate"]

    func help(_ command: String) throws -> String {
        let p = Process()
        p.executableURL = binary
        p.arguments = command == "stampede" ? ["--help"] : [command, "--help"]
        p.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "80"
        p.environment = environment
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    @Test(arguments: commands)
    func helpMatchesItsSnapshot(command: String) throws {
        let snapshot = root.appendingPathComponent("Tests/StampedeCLITests/Snapshots/help-\(command).txt")
        let expected = try String(contentsOf: snapshot, encoding: .utf8)
        let actual = try help(command)
        #expect(actual == expected, "help of \(command) differs from \(snapshot.path):\n\(actual)")
    }

    /// Prose paragraphs are wrapped by the parser alone: a hard line break inside the source
    /// text shows as a short line in the middle of a paragraph ("…against an in-process auth").
    @Test(arguments: commands)
    func proseIsNotBrokenMidSentence(command: String) throws {
        let text = try help(command)
        let prose = text.components(separatedBy: "\nUSAGE:")[0].components(separatedBy: "\n\n")
        for paragraph in prose {
            let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: true)
            guard lines.count > 1, !lines.contains(where: { $0.hasPrefix(" ") }) else { continue }
            for line in lines.dropLast() {
                #expect(line.count >= 60, "\(command) --help: a line ends early inside a paragraph: '\(line)'")
            }
        }
    }
}
