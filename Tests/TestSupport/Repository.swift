package import Foundation

/// Paths in the repository, found from this source file, so every test target reads the same
/// folders from any working directory.
package enum Repository {
    /// The repository's root folder.
    package static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// FIXTURES_DIR when set, else the repository's own Tests/Fixtures.
    package static var fixtures: URL {
        if let path = ProcessInfo.processInfo.environment["FIXTURES_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        return root.appendingPathComponent("Tests/Fixtures", isDirectory: true)
    }

    /// The SQL migrations (Migrations/).
    package static let migrations = root.appendingPathComponent("Migrations", isDirectory: true)

    /// The fake LLM provider server (Tests/Fakes/fake_providers.py).
    package static let fakeProviders = root.appendingPathComponent("Tests/Fakes/fake_providers.py")
}
