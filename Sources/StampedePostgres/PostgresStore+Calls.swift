import PostgresNIO
import StampedeKernel
import StampedeModel
import Synchronization

/// How every call reaches the server: a pooled connection, the observer's report, and the
/// mapping of failures to `BackendError`.
extension PostgresStore {
    /// Runs `body` on a pooled connection, reporting the wait and the hold to the observer as a
    /// `kind` call (nothing for seeding, which is not traffic), and maps failures to `BackendError`.
    /// A deadlock or serialization failure is retried (the server rolled the statement back, so
    /// it had no effect).
    func call<T: Sendable>(_ kind: BackendCall?, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(BackendError) -> T {
        let start = clock.now
        // Seeding (no kind) is not traffic: it passes no gate.
        if let kind {
            guard await gate.enter() else {
                observer?.backendCall(kind, wait: clock.now - start, service: .zero, failed: true, at: clock.now)
                throw .timeout
            }
        }
        defer { if kind != nil { gate.leave() } }
        var attempts = 0
        while true {
            attempts += 1
            let lease = Lease()
            do {
                let result = try await leased(lease, body)
                let end = clock.now, began = lease.began ?? start
                if let kind { observer?.backendCall(kind, wait: began - start, service: end - began, failed: false, at: end) }
                return result
            } catch let error as PSQLError where attempts < 4 && Self.isTransient(error) {
                continue
            } catch {
                let end = clock.now, began = lease.began ?? end
                failure.withLock { $0 = Self.describe(error) }
                if let kind { observer?.backendCall(kind, wait: began - start, service: end - began, failed: true, at: end) }
                throw error is LeaseTimeout ? .unavailable : Self.backendError(error)
            }
        }
    }

    /// `body` on a connection from the pool, waiting at most `connectionWait` for one. The pool
    /// itself would queue a call for up to a minute while it cannot connect; past the limit the
    /// call fails without having reached the server, so `.unavailable` is the honest answer.
    private func leased<T: Sendable>(_ lease: Lease, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let clock = self.clock, client = self.client
        guard let limit = connectionWait else {
            return try await client.withConnection { c in
                lease.markBegun(at: clock.now)
                return try await body(c)
            }
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.withConnection { c in
                    guard lease.markBegun(at: clock.now) else { throw LeaseTimeout() }
                    return try await body(c)
                }
            }
            group.addTask {
                try? await Task.sleep(for: limit) // wall-clock: the real pool's wait
                if lease.markTimedOut() { throw LeaseTimeout() }
                return nil
            }
            while let next = try await group.next() {
                if let value = next {
                    group.cancelAll()
                    return value
                }
            }
            throw LeaseTimeout()  // unreachable: the call's child returns a value or throws
        }
    }

    /// Rows of `query` decoded as `T`, all of them.
    func rows<each Column: PostgresDecodable & Sendable>(
        _ query: PostgresQuery, on connection: PostgresConnection, as: (repeat each Column).Type
    ) async throws -> [(repeat each Column)] {
        var out: [(repeat each Column)] = []
        for try await row in try await connection.query(query, logger: logger).decode((repeat each Column).self) {
            out.append(row)
        }
        return out
    }

    /// Runs a statement that returns no rows, to its end.
    func execute(_ query: PostgresQuery, on connection: PostgresConnection) async throws {
        for try await _ in try await connection.query(query, logger: logger) {}
    }

    static func isTransient(_ error: PSQLError) -> Bool {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01"  // serialization_failure, deadlock_detected
    }

    static func backendError(_ error: any Error) -> BackendError {
        if error is CancellationError { return .timeout }
        if let e = error as? PSQLError, e.code == .queryCancelled { return .timeout }
        return .unavailable
    }

    /// The server's message when there is one (PSQLError's own description hides it).
    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] {
                let state = e.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return message + state
            }
            if let underlying = e.underlying { return "\(e.code): \(underlying)" }
            return "\(e.code)"
        }
        return "\(error)"
    }
}

/// A call's claim on a connection: it either begins on one, or times out waiting, never both.
final class Lease: Sendable {
    private enum State { case waiting, begun(SimInstant), timedOut }
    private let state = Mutex(State.waiting)

    /// True if the call may go ahead (it had not timed out).
    @discardableResult
    func markBegun(at now: SimInstant) -> Bool {
        state.withLock { s in
            guard case .waiting = s else { return false }
            s = .begun(now)
            return true
        }
    }

    /// True if the call had not begun, and now never will.
    func markTimedOut() -> Bool {
        state.withLock { s in
            guard case .waiting = s else { return false }
            s = .timedOut
            return true
        }
    }

    var began: SimInstant? { state.withLock { s in if case .begun(let t) = s { return t } else { return nil } } }
}

/// No pooled connection came within the store's `connectionWait`.
struct LeaseTimeout: Error {}
