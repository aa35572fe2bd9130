@testable import StampedeStore
import StampedeModel
import Testing

/// The model store's e-mail index: exact matches only, and addresses whose hashes collide
/// (all of them, with no hash bits kept) still find their own user.
@Suite struct EmailIndexTests {
    @Test(arguments: [UInt64.max, 0])
    func everyAddressFindsItsOwnUserAndNoOther(hashMask: UInt64) {
        var index = EmailIndex(capacity: 4, hashMask: hashMask)
        var addresses: [UserID: EmailIndex.Address] = [:]
        let emails = ["alice@example.com", "bob@example.com", "a@b.c", "ünïcödé@example.com",
                      String(repeating: "long", count: 60) + "@example.com"]
        for (i, e) in emails.enumerated() { addresses[UserID(i)] = index.add(e, of: UserID(i)) }
        for (i, e) in emails.enumerated() {
            #expect(index.user(e) { addresses[$0] } == UserID(i), "\(e)")
            #expect(index.string(addresses[UserID(i)]!) == e)
        }
        for other in ["ALICE@example.com", "alice@example.co", "alice@example.comm", "", "bob@example.com "] {
            #expect(index.user(other) { addresses[$0] } == nil, "\(other)")
        }
    }
}
