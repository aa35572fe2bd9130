import Foundation
import Testing

/// The browser check's install branch, run on a PATH that has no chromium, with stub `apt-get`,
/// `sudo` and `id` that record how they were called: the install line must work as root (CI,
/// where there is no sudo) and as a developer, and must not run when chromium is there.
@Suite struct InstallHelperTests {
    /// A folder that stands in for PATH: the few real tools the scripts use, and the stubs.
    struct StubPath {
        let dir: URL
        var log: URL { dir.appendingPathComponent("calls.log") }

        init(uid: Int, chromiumInstalled: Bool = false) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-install-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for tool in ["bash", "env", "dirname"] {
                let real = try #require(Self.locate(tool), "\(tool) not found on this machine")
                try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent(tool).path, withDestinationPath: real)
            }
            // Each stub writes one line per call: who ran it, DEBIAN_FRONTEND as it saw it, its arguments.
            try stub("id", #"[ "$1" = -u ] && echo \#(uid)"#)
            try stub("sudo", #"echo "sudo $*" >>"\#(log.path)"; exec "$@""#)
            let chmod = try #require(Self.locate("chmod"))
            try stub("apt-get", """
                echo "apt-get DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-unset} $*" >>"\(log.path)"
                if [ "$1" = install ]; then echo 'echo Chromium 0' >"\(dir.path)/chromium"; \(chmod) +x "\(dir.path)/chromium"; fi
                """)
            if chromiumInstalled { try stub("chromium", "echo Chromium 0") }
        }

        /// Writes an executable stub. The file is opened close-on-exec: a child that another
        /// test forks while it is open must not keep it open for writing, or running the stub
        /// fails with "Text file busy" (seen in a full `swift test`).
        func stub(_ name: String, _ body: String) throws {
            let path = dir.appendingPathComponent(name).path
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
            guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
            let text = Array("#!/usr/bin/env bash\n\(body)\n".utf8)
            let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            guard written == text.count else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }

        static func locate(_ tool: String) -> String? {
            ["/usr/bin", "/bin", "/usr/local/bin"].map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }

        func calls() -> [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    /// Runs `Tests/browser/check-report.sh --install-only` with PATH set to the stub folder only.
    func installOnly(_ path: StubPath) throws -> (status: Int32, output: String) {
        try script(path, ["Tests/browser/check-report.sh", "--install-only"])
    }

    /// Runs the script and arguments `command` with bash, PATH set to the stub folder only.
    func script(_ path: StubPath, _ command: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(StubPath.locate("bash")))
        p.arguments = command
        p.currentDirectoryURL = root
        p.environment = ["PATH": path.dir.path, "HOME": path.dir.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func asRootItRunsAptGetDirectlyWithANoninteractiveFrontend() throws {
        let path = try StubPath(uid: 0)
        defer { path.remove() }
        let r = try installOnly(path)
        #expect(r.status == 0, "install branch failed as root: \(r.output)")
        #expect(path.calls() == [
            "apt-get DEBIAN_FRONTEND=noninteractive update -qq",
            "apt-get DEBIAN_FRONTEND=noninteractive install -y -qq chromium",
        ], "\(r.output)")
    }

    @Test func asAnotherUserItGoesThroughSudo() throws {
        let path = try StubPath(uid: 1000)
        defer { path.remove() }
        let r = try installOnly(path)
        #expect(r.status == 0, "install branch failed as a user: \(r.output)")
        #expect(path.calls() == [
            "sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
            "apt-get DEBIAN_FRONTEND=noninteractive update -qq",
            "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
            "apt-get DEBIAN_FRONTEND=noninteractive install -y -qq chromium",
        ], "\(r.output)")
    }

    @Test func nothingIsInstalledWhenChromiumIsThere() throws {
        let path = try StubPath(uid: 0, chromiumInstalled: true)
        defer { path.remove() }
        let r = try installOnly(path)
        #expect(r.status == 0, "\(r.output)")
        #expect(path.calls().isEmpty)
    }

    /// Runs `.ci/install-packages.sh` itself with `arguments`, PATH set to the stub folder only.
    func installPackages(_ path: StubPath, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try script(path, [".ci/install-packages.sh"] + arguments)
    }

    /// A library puts no command on PATH: it is named by a file it installs.
    @Test func aPackageNamedByAFileIsInstalledOnlyWhenTheFileIsMissing() throws {
        let path = try StubPath(uid: 0)
        defer { path.remove() }
        let present = path.log.path  // any file that exists
        try "".write(toFile: present, atomically: true, encoding: .utf8)
        let there = try installPackages(path, ["\(present)=libthere-dev"])
        #expect(there.status == 0, "\(there.output)")
        #expect(path.calls().isEmpty, "nothing installed for a file that exists")

        let missing = path.dir.appendingPathComponent("include/missing.h").path
        let r = try installPackages(path, ["\(missing)=libmissing-dev"])
        #expect(path.calls().contains("apt-get DEBIAN_FRONTEND=noninteractive install -y -qq libmissing-dev"), "\(path.calls())")
        #expect(r.status != 0, "the stub installs no such file, so the helper must fail")
        #expect(r.output.contains("\(missing) is still missing after installing libmissing-dev"), "\(r.output)")
    }

    @Test func anInstallThatLeavesNoCommandFailsNamingIt() throws {
        let path = try StubPath(uid: 0)
        defer { path.remove() }
        // An apt-get that "succeeds" without installing anything.
        try path.stub("apt-get", #"echo "apt-get $*" >>"\#(path.log.path)""#)
        let r = try installOnly(path)
        #expect(r.status != 0)
        #expect(r.output.contains("chromium"), "\(r.output)")
    }
}
