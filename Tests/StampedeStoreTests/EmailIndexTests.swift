@testable import StampedeStore
import StampedeModel
import Testing

/// The model store's e-mail index: exact matches only, and addresses whose hashes collide
/// (all of them, with no hash bits kept) still find their own user.
@Suite struct EmailIndexTests {
    @Test(arguments: [UInt64.max, 0])
    func everyAddressFindsItsOwnUserAndNoOther(hashMask: UInt64) throws {
        var index = EmailIndex(capacity: 4, hashMask: hashMask)
        let known = Known()
        let emails = ["alice@example.com", "bob@example.com", "a@b.c", "ünïcödé@example.com",
                      String(repeating: "long", count: 60) + "@example.com"]
        for (i, e) in emails.enumerated() {
            let added = index.add(e, of: UserID(i)) { known.addresses[$0] }
            let address = try #require(added) // a let: assigned into a dictionary, #require warns wrongly (swift-testing#1062)
            known.addresses[UserID(i)] = address
        }
        let addresses = known.addresses
        for (i, e) in emails.enumerated() {
            #expect(index.user(e) { addresses[$0] } == UserID(i), "\(e)")
            #expect(index.string(addresses[UserID(i)]!) == e)
        }
        for other in ["ALICE@example.com", "alice@example.co", "alice@example.comm", "", "bob@example.com "] {
            #expect(index.user(other) { addresses[$0] } == nil, "\(other)")
        }
    }

    /// An address another user has is refused, and the refusal adds nothing.
    @Test(arguments: [UInt64.max, 0])
    func anAddressAnotherUserHasIsRefused(hashMask: UInt64) throws {
        var index = EmailIndex(capacity: 4, hashMask: hashMask)
        let first = index.add("alice@example.com", of: UserID(0)) { _ in nil }
        let alice = try #require(first)
        let known = [UserID(0): alice]
        #expect(index.add("alice@example.com", of: UserID(1)) { known[$0] } == nil)
        #expect(index.user("alice@example.com") { known[$0] } == UserID(0))
        let second = index.add("bob@example.com", of: UserID(1)) { known[$0] }
        let bob = try #require(second)
        #expect(bob.offset == alice.offset + alice.length, "the refused address took no room in the arena")
    }

    /// Past the capacity it was sized for, the table grows and every address still finds its user.
    @Test(arguments: [UInt64.max, 0])
    func theTableGrowsPastItsCapacity(hashMask: UInt64) throws {
        var index = EmailIndex(capacity: 1, hashMask: hashMask)
        let known = Known()
        let count = hashMask == 0 ? 200 : 5_000
        for i in 0..<count {
            let added = index.add("user\(i)@example.com", of: UserID(i)) { known.addresses[$0] }
            let address = try #require(added) // a let: assigned into a dictionary, #require warns wrongly (swift-testing#1062)
            known.addresses[UserID(i)] = address
        }
        let addresses = known.addresses
        for i in 0..<count {
            #expect(index.user("user\(i)@example.com") { addresses[$0] } == UserID(i))
        }
        #expect(index.user("user\(count)@example.com") { addresses[$0] } == nil)
        #expect(index.user("user0@example.co") { addresses[$0] } == nil)
    }
}

/// The addresses added so far, read by the index while the next one is added.
private final class Known {
    var addresses: [UserID: EmailIndex.Address] = [:]
}
