import Foundation

/// The folder a command writes its reports to, made sure of before any work starts.
enum OutputFolder {
    /// Creates `path` (and its parents) or ends with exit code 2 and one plain sentence naming
    /// what is in the way: an empty argument, a file where a folder must be, a folder that is
    /// not writable. `option` is how the user gave it (`--out`, or a default), for the message.
    static func prepare(_ path: String, option: String) throws {
        if let problem = problem(with: path, option: option) { throw badArgument(problem) }
    }

    /// What stops `path` from being a writable folder, or nil once it is one.
    static func problem(with path: String, option: String) -> String? {
        guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
            return "\(option) is empty; give the folder the reports should go to, e.g. \(option) reports/run1"
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var missing: [String] = []
        var probe = absolute
        while !exists(probe) {
            missing.append(probe)
            let parent = (probe as NSString).deletingLastPathComponent
            guard parent != probe else { break }
            probe = parent
        }
        guard isDirectory(probe) else {
            return probe == absolute
                ? "\(option) \(path) is a file, not a folder; name a folder for the reports"
                : "\(option) \(path) cannot be created: \(probe) is a file, not a folder"
        }
        guard access(probe, W_OK | X_OK) == 0 else {
            return probe == absolute
                ? "\(option) \(path) is not writable by this user"
                : "\(option) \(path) cannot be created: \(probe) is not writable by this user"
        }
        for folder in missing.reversed() where mkdir(folder, 0o755) != 0 && errno != EEXIST {
            return "\(option) \(path) cannot be created: \(folder): \(String(cString: strerror(errno)))"
        }
        return nil
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}

/// The plain reason behind a file-system error: the POSIX message where there is one, rather
/// than Foundation's `NSCocoaErrorDomain` dump.
func plainReason(_ error: any Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    return ns.localizedDescription
}
