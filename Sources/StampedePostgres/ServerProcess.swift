import Foundation
import StampedeServers
import StampedeStore
#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL programs a managed server needs, and the user they run as.
struct PostgresBinaries: Sendable {
    var initdb: String
    var postgres: String
    /// Set when we are root: PostgreSQL refuses to run as root, so its programs run as this
    /// user (through setpriv, which execs in place, so the pid we hold is the server's own).
    var runAs: (name: String, uid: uid_t, gid: gid_t)?

    /// Finds `initdb` and `postgres` on PATH, else in the newest `/usr/lib/postgresql/*/bin`
    /// (where Debian puts them).
    static func locate(
        searchPath: [String] = LocalServer.searchPath,
        versionsRoot: String = "/usr/lib/postgresql"
    ) throws(StoreStartError) -> PostgresBinaries {
        let debian = ((try? FileManager.default.contentsOfDirectory(atPath: versionsRoot)) ?? [])
            .compactMap { v in Int(v).map { (v, $0) } }.sorted { $0.1 > $1.1 }.map { "\(versionsRoot)/\($0.0)/bin" }
        func find(_ name: String) throws(StoreStartError) -> String {
            if let found = LocalServer.findExecutable(name, in: searchPath + debian) { return found }
            throw StoreStartError(.missingBinary, target: name, message:
                "PostgreSQL's \(name) was not found on PATH nor in /usr/lib/postgresql/*/bin; install PostgreSQL "
                + "(on Debian: .ci/install-packages.sh /usr/lib/postgresql/15/bin/postgres=postgresql-15)")
        }
        var found = PostgresBinaries(initdb: try find("initdb"), postgres: try find("postgres"), runAs: nil)
        if geteuid() == 0 {
            guard let pw = getpwnam("postgres") else {
                throw StoreStartError(.missingBinary, target: "postgres", message:
                    "running as root, and PostgreSQL refuses to run as root, but there is no 'postgres' user to run it as")
            }
            found.runAs = ("postgres", pw.pointee.pw_uid, pw.pointee.pw_gid)
        }
        return found
    }

    /// The executable and arguments that run `program` as the right user.
    func command(_ program: String, _ arguments: [String]) -> (executable: String, arguments: [String]) {
        guard let user = runAs else { return (program, arguments) }
        return ("/usr/bin/setpriv", ["--reuid=\(user.uid)", "--regid=\(user.gid)", "--init-groups", "--", program] + arguments)
    }

    /// Hands `path` to the server's user (nothing to do when we are not root).
    func giveAway(_ path: String) throws(StoreStartError) {
        guard let user = runAs else { return }
        guard chown(path, user.uid, user.gid) == 0 else {
            throw StoreStartError(.serverFailed, target: path, message: "cannot hand the folder to user \(user.name): \(String(cString: strerror(errno)))")
        }
    }
}

/// What is PostgreSQL's own in a managed server's processes: its folders, and reaping the
/// servers a crashed run left (the generic steps are `LocalServer`'s; wall-clock).
enum ServerLaunch {
    /// Managed servers' folders are `<tmp>/stampede-pg-XXXXXX`, holding the pid of the process
    /// that started the server in `owner.pid`.
    static let folderPrefix = "stampede-pg-"
    static let ownerFile = "owner.pid"

    /// Shuts down and removes the servers whose starting process has died. Only folders with
    /// an owner file are considered, and a postmaster is signalled only if its command line
    /// names that folder, so nothing else on the machine is touched.
    static func reapOrphans(in temporary: String = NSTemporaryDirectory()) async {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for name in names.sorted() where name.hasPrefix(folderPrefix) {
            let dir = temporary + "/" + name
            guard let owner = pid(in: dir + "/" + ownerFile), owner != getpid(), kill(owner, 0) != 0, errno == ESRCH else { continue }
            if let server = pid(in: dir + "/data/postmaster.pid"), commandLine(of: server).contains(dir) {
                kill(server, SIGQUIT)
                for _ in 0..<100 where kill(server, 0) == 0 { try? await Task.sleep(for: .milliseconds(20)) } // wall-clock
            }
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    /// The number on the first line of the file at `path`.
    static func pid(in path: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first.flatMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The process's arguments joined by spaces ("" if it is gone or unreadable).
    static func commandLine(of pid: pid_t) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }
}
