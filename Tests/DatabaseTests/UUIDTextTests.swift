import Database
import Foundation
import Testing

@Suite struct UUIDTextTests {
    @Test func formatsLowercaseCanonicalText() {
        for _ in 0..<200 {
            let uuid = UUID()
            #expect(uuid.lowercasedString == uuid.uuidString.lowercased())
        }
        #expect(
            UUID(uuid: (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255)).lowercasedString
                == "00010203-0405-0607-0809-0a0b0c0d0eff")
    }

    @Test func parsesWhatFoundationParses() {
        for _ in 0..<200 {
            let uuid = UUID()
            #expect(UUID(text: uuid.lowercasedString) == uuid)
            #expect(UUID(text: uuid.uuidString) == uuid)
            #expect(UUID(text: uuid.uuidString[...]) == uuid)
        }
    }

    @Test(arguments: [
        "", "x", "00010203-0405-0607-0809-0a0b0c0d0ef", "00010203-0405-0607-0809-0a0b0c0d0eff0",
        "000102030405-0607-0809-0a0b0c0d0eff-", "00010203-0405-0607-0809_0a0b0c0d0eff", "0001020g-0405-0607-0809-0a0b0c0d0eff",
        "{00010203-0405-0607-0809-0a0b0c0d0ef}", "00010203-0405-0607-0809-0a0b0c0d0eé", "../../etc/passwd-0607-0809-0a0b0c0d",
    ])
    func rejectsEverythingElse(_ text: String) {
        #expect(UUID(text: text) == nil)
        #expect(UUID(uuidString: text) == nil)
    }
}
