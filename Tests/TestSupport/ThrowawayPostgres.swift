package import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A private Postgres cluster the test can stop and start, for recovery tests.
///
/// Made with initdb in a temporary folder and reached through a Unix socket
/// there (no port to clash with). initdb refuses root, so as root the server
/// runs as the `postgres` user.
package final class ThrowawayPostgres: Sendable {
    package let folder: URL
    package let url: String
    private let binaries: URL

    /// The folder of initdb and pg_ctl, or nil when the server package is not installed.
    package static let binaryFolder: URL? = {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return versions.compactMap(Int.init).sorted().reversed()
            .map { root.appendingPathComponent("\($0)/bin") }
            .first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("initdb").path) }
    }()

    package static let isAvailable = binaryFolder != nil

    package init() async throws {
        guard let binaries = Self.binaryFolder else { throw ThrowawayError("no Postgres server binaries") }
        self.binaries = binaries
        // /tmp rather than TMPDIR: a Unix socket path must stay under 108 bytes.
        folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("pgrestart-\(UUID().uuidString.prefix(8))")
        url = "postgres://postgres@/postgres?host=\(folder.path)"
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if getuid() == 0 { try Self.run(["/bin/chown", "postgres", folder.path], asOwner: false) }
        let data = folder.appendingPathComponent("data").path
        try await Self.runOffPool(
            binaries.appendingPathComponent("initdb").path,
            ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"])
        let settings = "listen_addresses = ''\nunix_socket_directories = '\(folder.path)'\nfsync = off\n"
        let conf = URL(fileURLWithPath: data).appendingPathComponent("postgresql.conf")
        let handle = try FileHandle(forWritingTo: conf)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
        try handle.close()
        try await start()
    }

    package func start() async throws {
        try await Self.runOffPool(
            binaries.appendingPathComponent("pg_ctl").path,
            [
                "-D", folder.appendingPathComponent("data").path,
                "-l", folder.appendingPathComponent("log").path, "-w", "start",
            ])
    }

    package func stop() async throws {
        try await Self.runOffPool(
            binaries.appendingPathComponent("pg_ctl").path,
            ["-D", folder.appendingPathComponent("data").path, "-m", "fast", "-w", "stop"])
    }

    package func destroy() async {
        try? await stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Process.waitUntilExit blocks, so it runs on a Dispatch thread.
    private static func runOffPool(_ tool: String, _ arguments: [String]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue(label: "process-wait").async {  // its own thread: never the shared pool
                continuation.resume(with: Result { try run([tool] + arguments, asOwner: true) })
            }
        }
    }

    /// posix_spawn + waitpid: Foundation's Process did not reap pg_ctl's child reliably here.
    private static func run(_ command: [String], asOwner: Bool) throws {
        let full = (asOwner && getuid() == 0) ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + command : command
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = full.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, full[0], &actions, nil, arguments, environ)
        guard spawned == 0 else { throw ThrowawayError("cannot start \(full[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else { throw ThrowawayError("\(command[0]) failed with status \(status)") }
    }
}

package struct ThrowawayError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
