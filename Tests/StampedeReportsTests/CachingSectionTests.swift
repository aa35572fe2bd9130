import Foundation
import StampedeResult
import Testing
@testable import StampedeReports

/// The caching section appears when a result has caching data, flags what went wrong, and
/// leaves results without it untouched.
@Suite struct CachingSectionTests {
    static let caching = """
        {"classes": {
          "sessions": {"strategy": "write-behind", "ttl_s": 43200, "when_unavailable": "fail-closed", "critical": true,
            "reads": 1000, "hits": 900, "misses": 100, "hit_ratio": 0.9, "fallbacks": 5, "failed_closed": 5,
            "evictions": 3, "expirations": 4, "stale_reads": 7, "stale_authorizations": 2, "resurrections": 1,
            "store_reads": 100, "store_writes": 50, "fills": 90, "fills_refused": 1, "keys_at_end": 80, "bytes_at_end": 9000,
            "write_behind": {"enqueued": 60, "flushed": 50, "lost": 8, "unflushed_at_end": 2, "queue_max": 12,
                             "flush_lag_max_ms": 1000, "flush_lag_mean_ms": 500}}},
         "memory": {"maxmemory_bytes": 67108864, "max_entries": 200000, "policy": "allkeys-lru", "used_bytes_peak": 2048,
                    "used_bytes_at_end": 1024, "keys_at_end": 80, "evictions": 3, "out_of_memory": 0},
         "persistence": {"snapshot_every_s": 300, "fsync": "everysec", "critical": ["sessions"], "snapshots": 2,
                         "snapshot_ms_max": 12, "snapshot_ms_mean": 10, "last_snapshot_bytes": 2048, "log_bytes_total": 4096,
                         "log_bytes_at_end": 512, "crashes": [{"at_s": 150, "restarted_at_s": 155, "recovered_at_s": 155.1,
                         "recovery_ms": 100, "from_snapshot": true, "keys_recovered": 70, "bytes_loaded": 2560,
                         "writes_lost": {"sessions": 8}, "writes_lost_total": 8}]},
         "warm": "top-users(10)", "keys_warmed": 20,
         "warnings": ["sessions is write-behind: a cache crash loses a revocation"]}
        """

    func result() throws -> RunResult {
        var r = Fixture.result()
        r.caching = try JSONDecoder().decode(CachingResult.self, from: Data(Self.caching.utf8))
        return r
    }

    @Test func rendersThePerClassTableTheQueueAndTheCrash() throws {
        let html = HTMLReport.render(try result())
        #expect(html.contains("<section id=\"caching\">") && html.contains("href=\"#caching\""))
        #expect(html.contains("<strong>Warning:</strong> sessions is write-behind: a cache crash loses a revocation"))
        #expect(html.contains("write-behind, 12h 00m 00s TTL, fail-closed, critical"))
        #expect(html.contains("Write-behind queues") && html.contains("Cache crashes"))
        #expect(html.contains("sessions 8"))
        #expect(html.contains("64.0 MB"))
    }

    @Test func aResultWithoutCachingRendersAsBefore() {
        let html = HTMLReport.render(Fixture.result())
        #expect(!html.contains("id=\"caching\"") && !html.contains("#caching"))
    }
}
