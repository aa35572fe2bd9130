import PostgresNIO
import StampedeModel

extension PostgresStore {
    /// The server's `SELECT version()`, e.g. `PostgreSQL 15.8 (Debian 15.8-0+deb12u1) on x86_64-pc-linux-gnu, …`,
    /// for the header of a calibration. Not traffic: nothing is reported to the observer.
    public func serverVersion() async throws(BackendError) -> String {
        try await call(nil) { [self] c in
            try await rows(PostgresQuery(unsafeSQL: "SELECT version()"), on: c, as: String.self).first ?? "unknown"
        }
    }
}
