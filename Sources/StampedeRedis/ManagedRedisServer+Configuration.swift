import Foundation
import StampedeCache

extension ManagedRedisServer {
    /// What the generated `redis.conf` says besides the port and the directory.
    public struct Configuration: Sendable, Hashable {
        /// `maxmemory` in bytes; 0 for no limit. Redis counts its own overhead (about 1 MB
        /// when empty) against it.
        public var maxMemoryBytes: Int = 0
        public var maxMemoryPolicy: EvictionPolicy = .noeviction
        /// `maxmemory-samples`: keys sampled per eviction by the approximate policies.
        public var maxMemorySamples: Int = 5
        /// `appendonly`: the append-only log, for every key (Redis has no per-class log).
        public var appendOnly = false
        public var appendFsync: FsyncPolicy = .everysec
        /// `save <seconds> 1`: a snapshot when anything changed in that long; nil for no snapshots.
        public var snapshotEvery: Duration?
        /// Longest wait for the server to answer PING after a start or a restart (a restart
        /// loads its files first).
        public var startTimeout: Duration = .seconds(10)
        /// The `redis-server` to run; nil looks it up on `PATH`.
        public var executable: String?
        /// More `redis.conf` lines, appended as written.
        public var extraDirectives: [String] = []

        public init() {}

        /// The server a scenario's cache configuration describes: memory limit, eviction
        /// policy, snapshots and the log's fsync policy.
        ///
        /// `maxEntries` has no Redis counterpart (Redis bounds bytes, not keys) and is not
        /// carried over; the log is on when any data class is critical, because Redis logs
        /// every key or none.
        public init(cache: RedisCacheConfig) {
            maxMemoryBytes = cache.maxMemory
            maxMemoryPolicy = cache.policy
            maxMemorySamples = cache.samples
            appendOnly = !cache.persistence.critical.isEmpty
            appendFsync = cache.persistence.fsync
            let every = cache.persistence.snapshotEvery
            snapshotEvery = every.nanoseconds > 0 ? .nanoseconds(every.nanoseconds) : nil
        }

        /// The `redis.conf` text for a server on `port` keeping its files in `directory`.
        public func redisConf(port: Int, directory: String) -> String {
            var lines = [
                "# Written by Stampede's ManagedRedisServer; the server is started and stopped by it.",
                "bind 127.0.0.1",
                "port \(port)",
                "protected-mode yes",
                "daemonize no",
                "supervised no",
                "dir \(quoted(directory))",
                "logfile \(quoted(directory + "/redis.log"))",
                "dbfilename dump.rdb",
                "maxmemory \(maxMemoryBytes)",
                "maxmemory-policy \(maxMemoryPolicy.rawValue)",
                "maxmemory-samples \(maxMemorySamples)",
                "appendonly \(appendOnly ? "yes" : "no")",
                "appendfsync \(appendFsync.rawValue)",
            ]
            if let every = snapshotEvery {
                lines.append("save \(max(1, Int(every.components.seconds))) 1")
            } else {
                lines.append("save \"\"")
            }
            lines += extraDirectives
            return lines.joined(separator: "\n") + "\n"
        }

        private func quoted(_ path: String) -> String {
            "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
    }
}
