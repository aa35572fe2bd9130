import ArgumentParser
import Foundation

/// Exit codes, as documented in the README and in `stampede --help`.
enum ExitCode32: Int32 {
    case ok = 0
    case sloFailed = 1
    case badInput = 2
    case violation = 3
    case internalError = 4
    case interrupted = 130
}

/// Thrown by a command to end the process with a documented exit code.
struct Exit: Error {
    var code: ExitCode32
}

struct Stampede: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stampede",
        abstract: "Does your authentication system stay fast and secure when traffic surges, the cache fails, and users change passwords mid-storm?",
        discussion: """
        Replays registration and login traffic from a scenario file against an in-process auth system \
        (service, cache, store) in deterministic virtual time, injects cache faults and security events, \
        checks that sessions, tokens and permissions are invalidated correctly, and writes index.html, \
        result.json, junit.xml and summary.md.

        EXIT CODES
          0    every SLO and every invariant held
          1    an SLO failed, or a metric regressed against --baseline
          2    bad input (scenario file or arguments)
          3    a correctness invariant was violated
          4    internal error
          130  interrupted (Ctrl-C); what was measured so far is written
        """,
        subcommands: [RunCommand.self, ValidateCommand.self, ReportCommand.self, CompareCommand.self, PredictCommand.self,
                      CapacityCommand.self, CapacityProbeCommand.self, BenchCommand.self, CalibrateCommand.self],
        defaultSubcommand: nil
    )
}

@main
enum Main {
    static func main() async {
        installInterruptHandler()
        do {
            var command = try Stampede.parseAsRoot()
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            exit(ExitCode32.ok.rawValue)
        } catch let e as Exit {
            exit(e.code.rawValue)
        } catch {
            let code = Stampede.exitCode(for: error)
            if code == .success {
                Stampede.exit(withError: error)
            }
            FileHandle.standardError.write(Data((Stampede.fullMessage(for: error) + "\n").utf8))
            exit(ExitCode32.badInput.rawValue)
        }
    }
}

/// Writes a line to standard error.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
