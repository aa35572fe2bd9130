import PostgresNIO

/// The SQL of one statement the store prepares once per connection and then only binds and
/// executes: the calls on every request's path (lookups, touch, a login's counter and insert),
/// where parsing and planning each time cost a third of the server's time on this machine.
protocol PreparedSQL {
    static var sql: String { get }
}

/// A prepared statement named after its `SQL` type, with its binds and its row's column types.
struct Prepared<SQL: PreparedSQL, each Column: PostgresDecodable & Sendable>: PostgresPreparedStatement {
    typealias Row = (repeat each Column)
    static var name: String { String(reflecting: SQL.self) }
    static var sql: String { SQL.sql }
    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

extension PostgresStore {
    /// The rows of the prepared statement `sql` with `binds`, decoded as `columns`.
    func rows<SQL: PreparedSQL, each Bind: PostgresEncodable & Sendable, each Column: PostgresDecodable & Sendable>(
        _ sql: SQL.Type, _ binds: (repeat each Bind), as columns: (repeat each Column).Type, on connection: PostgresConnection
    ) async throws -> [(repeat each Column)] {
        var bindings = PostgresBindings()
        repeat try bindings.append(each binds)
        var out: [(repeat each Column)] = []
        for try await row in try await connection.execute(Prepared<SQL, repeat each Column>(bindings: bindings), logger: logger) {
            out.append(row)
        }
        return out
    }
}
