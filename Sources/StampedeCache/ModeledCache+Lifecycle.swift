import StampedeKernel

/// The modeled cache has no persistence yet: a crash loses everything and a restart
/// comes back empty.
extension ModeledCache: CacheLifecycle {
    public func flushAll() {
        table.withLock { $0.removeAll() }
    }

    public func setMaxEntries(_ maxEntries: Int) {
        table.withLock { $0.resize(capacity: maxEntries) }
    }

    public var configuredMaxEntries: Int { maxEntries }

    public func crash() {
        flushAll()
    }

    @discardableResult
    public func restart() -> Int {
        table.withLock { $0.count }
    }
}
