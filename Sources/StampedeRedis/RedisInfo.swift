import NIOCore

/// The server's `INFO` reply, as `field: value` pairs.
public struct RedisInfo: Sendable, Hashable {
    public var fields: [String: String]

    /// Parses `INFO` text: `# Section` headers, `field:value` lines, CRLF line ends.
    public init(parsing text: String) {
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        self.fields = fields
    }

    /// Reads the named sections (`stats`, `keyspace`, `persistence`, `server`, …) from the server.
    public static func read(_ client: RedisClient, sections: [String]) async throws(RedisError) -> RedisInfo {
        let reply = try await client.send(RedisCommand("INFO", sections.map { .string($0) }))
        guard let text = reply.string else { throw RedisError(.protocolViolation, "INFO answered \(reply)") }
        return RedisInfo(parsing: text)
    }

    public func integer(_ field: String) -> Int? { fields[field].flatMap { Int($0) } }

    /// Keys in `database` (`db0:keys=12,expires=3,avg_ttl=0`); 0 when the database is empty.
    public func keys(database: Int) -> Int {
        guard let line = fields["db\(database)"] else { return 0 }
        for part in line.split(separator: ",") where part.hasPrefix("keys=") {
            return Int(part.dropFirst(5)) ?? 0
        }
        return 0
    }
}
