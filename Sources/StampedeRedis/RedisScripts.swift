/// The Lua scripts behind the cache operations Redis has no single command for.
///
/// Each runs atomically on the server (`EVAL`), which is what makes a lease check and its
/// fill, or a compare and its set, one step. They mirror `RedisCache`'s semantics line for
/// line: a lease lives beside its key, a delete cancels it, only a current lease fills.
///
/// A lease's stored value is `<epoch>:<token>`: a lease taken before the cache crashed
/// neither blocks a new one nor fills after the restart, as the model's leases die with its
/// process, even though Redis's own files may bring the lease key back.
enum RedisScripts {
    /// KEYS: counter. ARGV: ttl ms. Creates the counter at 1 with the TTL when it is absent
    /// (or holds something that is not a number); otherwise increments it, keeping its expiry.
    static let increment = """
        local v = redis.call('GET', KEYS[1])
        if v and string.match(v, '^%-?%d+$') then return redis.call('INCR', KEYS[1]) end
        redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
        return 1
        """

    /// KEYS: key, lease. ARGV: lease ttl ms, epoch, fresh token.
    /// Returns {1, value} on a hit, {0} on a miss while a current lease is held, {2} when the
    /// fresh token was granted.
    static let getLeased = """
        local v = redis.call('GET', KEYS[1])
        if v then return {1, v} end
        local held = redis.call('GET', KEYS[2])
        if held and string.sub(held, 1, #ARGV[2] + 1) == ARGV[2] .. ':' then return {0} end
        redis.call('SET', KEYS[2], ARGV[2] .. ':' .. ARGV[3], 'PX', ARGV[1])
        return {2}
        """

    /// KEYS: key, lease. ARGV: `<epoch>:<token>`, value, ttl ms or ''.
    /// Fills the key and spends the lease if it is the one held; 1 if it did.
    static let setLeased = """
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[2])
        if ARGV[3] == '' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
        return 1
        """

    /// KEYS: key, lease. ARGV: expected present ('1'/'0'), expected, new present, new, ttl ms or ''.
    /// Replaces the value if it is the expected one (absent for '0'); no new value deletes the
    /// key and cancels its lease, as a delete does. 1 if it did.
    static let compareAndSet = """
        local v = redis.call('GET', KEYS[1])
        if ARGV[1] == '1' then
          if v ~= ARGV[2] then return 0 end
        elseif v then
          return 0
        end
        if ARGV[3] == '1' then
          if ARGV[5] == '' then redis.call('SET', KEYS[1], ARGV[4]) else redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5]) end
        else
          redis.call('DEL', KEYS[1], KEYS[2])
        end
        return 1
        """
}
