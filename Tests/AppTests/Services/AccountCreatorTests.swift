import Foundation
import TestSupport
import Testing

@testable import App

@Suite struct AccountCreatorTests {
    @Test(arguments: DatabaseDriver.available)
    func createsAPersonWithAFullStrengthHash(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { database in
            let user = try await AccountCreator(database: database).create(email: "  Grace@Example.com\n", password: "hopper1906")
            #expect(user.email == "grace@example.com" && !user.isDemo && user.requestLimit == nil)
            #expect(user.passwordHash.hasPrefix("pbkdf2_sha256$\(PasswordHasher().iterations)$"))
            #expect(PasswordHasher().verify("hopper1906", against: user.passwordHash))
            #expect(!user.passwordHash.contains("hopper1906"))
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func duplicateAddressFailsWithOneLine(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { database in
            let creator = AccountCreator(database: database, hasher: AuthFixtures.fastHasher)
            _ = try await creator.create(email: "ada@example.com", password: "password1")
            await #expect(throws: AccountCreator.Failure.duplicate("ada@example.com")) {
                try await creator.create(email: "ADA@example.com", password: "password2")
            }
            #expect(AccountCreator.Failure.duplicate("ada@example.com").description == "a user with e-mail ada@example.com already exists")
        }
    }

    @Test(arguments: [
        "", "ada", "@example.com", "ada@", "ada@example", "ada@@example.com", "a da@example.com",
        "ada@example..com", "ada@-example.com", "ada@example.com\u{7}", String(repeating: "a", count: 250) + "@x.io",
    ])
    func badAddressesAreRefused(_ email: String) async throws {
        try await StoreTestDatabase.with(.sqlite) { database in
            let creator = AccountCreator(database: database, hasher: AuthFixtures.fastHasher)
            await #expect(throws: AccountCreator.Failure.invalidEmail) { try await creator.create(email: email, password: "password1") }
        }
    }

    @Test func passwordLengthIsChecked() async throws {
        try await StoreTestDatabase.with(.sqlite) { database in
            let creator = AccountCreator(database: database, hasher: AuthFixtures.fastHasher)
            await #expect(throws: AccountCreator.Failure.shortPassword) { try await creator.create(email: "a@b.io", password: "1234567") }
            await #expect(throws: AccountCreator.Failure.longPassword) {
                try await creator.create(email: "a@b.io", password: String(repeating: "x", count: 4097))
            }
            let user = try await creator.create(email: "a@b.io", password: "12345678")
            #expect(user.email == "a@b.io")
        }
    }

    @Test func passwordFromStandardInputDropsOneLineBreak() {
        #expect(AccountCreator.password(fromStandardInput: Data("secret12\n".utf8)) == "secret12")
        #expect(AccountCreator.password(fromStandardInput: Data("secret12\r\n".utf8)) == "secret12")
        #expect(AccountCreator.password(fromStandardInput: Data("secret12\n\n".utf8)) == "secret12\n")
        #expect(AccountCreator.password(fromStandardInput: Data(" secret12 ".utf8)) == " secret12 ")
        #expect(AccountCreator.password(fromStandardInput: Data([0xff, 0xfe])) == nil)
    }
}
