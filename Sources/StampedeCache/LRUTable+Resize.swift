/// Changing what a table may hold while it runs: the cache's part of chaos faults.
extension LRUTable {
    /// Sets the capacity; a smaller one evicts least-recently-used entries at once
    /// (counted as evictions), as Redis does when `maxmemory` shrinks.
    mutating func resize(capacity newCapacity: Int) {
        precondition(newCapacity >= 1)
        capacity = newCapacity
        while count > capacity, oldest >= 0 {
            remove(at: oldest)
            evictions += 1
        }
    }

    /// Drops every entry (a flush or a crash); not counted as evictions or expirations.
    mutating func removeAll() {
        while oldest >= 0 { remove(at: oldest) }
    }
}
