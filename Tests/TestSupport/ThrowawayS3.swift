package import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An S3-compatible server on loopback for the object-storage tests: the one `TEST_S3_ENDPOINT`
/// names (scripts/with-s3.sh starts one per test run), else a private `moto_server` (the
/// executable `MOTO_SERVER` names) on a free port, stopped by `destroy()`. Tests skip without both.
///
/// Each test makes its own bucket, so tests sharing one server never see each other's objects.
package final class ThrowawayS3: Sendable {
    /// `http://127.0.0.1:<port>`.
    package let endpoint: URL
    private let pid: pid_t?

    /// Credentials the server accepts (moto accepts any; these are the ones tests use).
    package static let accessKeyID = "testing-access-key"
    package static let secretAccessKey = "testing-secret-key"

    /// Whether a server can be had.
    package static var isAvailable: Bool {
        let env = ProcessInfo.processInfo.environment
        if let endpoint = env["TEST_S3_ENDPOINT"], !endpoint.isEmpty { return true }
        guard let binary = env["MOTO_SERVER"], !binary.isEmpty else { return false }
        return FileManager.default.isExecutableFile(atPath: binary)
    }

    package init() async throws {
        let env = ProcessInfo.processInfo.environment
        if let shared = env["TEST_S3_ENDPOINT"], !shared.isEmpty, let url = URL(string: shared) {
            endpoint = url
            pid = nil
            return
        }
        guard let binary = env["MOTO_SERVER"], FileManager.default.isExecutableFile(atPath: binary) else {
            throw ThrowawayError("neither TEST_S3_ENDPOINT nor MOTO_SERVER is set")
        }
        let port = try Self.freePort()
        var spawned: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let command = [binary, "-H", "127.0.0.1", "-p", String(port)]
        let arguments = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw ThrowawayError("no URL for port \(port)") }
        // The spawning thread may block signals (Dispatch's threads do), and a child inherits the
        // mask: moto would then never see the SIGTERM that stops it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let status = posix_spawn(&spawned, binary, &actions, &attributes, arguments, environ)
        guard status == 0 else { throw ThrowawayError("cannot start moto_server: error \(status)") }
        pid = spawned
        endpoint = url
        try await waitUntilAccepting(port: port)
    }

    /// Stops a server this instance started.
    package func destroy() async {
        guard let pid else { return }
        kill(pid, SIGTERM)
        // A server that ignores SIGTERM for 10 s is killed: a test run must never hang on it.
        let exited = await Self.offPool { () -> Bool in
            var status: Int32 = 0
            for _ in 0..<100 {
                if waitpid(pid, &status, WNOHANG) == pid { return true }
                usleep(100_000)
            }
            return false
        }
        if !exited {
            kill(pid, SIGKILL)
            await Self.offPool {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            }
        }
    }

    /// moto reports readiness only in its log, so the port is tried until it accepts (at most 60 s:
    /// moto's imports take a few seconds on a loaded machine).
    private func waitUntilAccepting(port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if await Self.offPool({ Self.accepts(port: port) }) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        await destroy()
        throw ThrowawayError("moto_server did not accept connections within 60 s")
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// A port the kernel just handed out and released.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ThrowawayError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Blocking calls run on a Dispatch thread of their own, never the shared pool.
    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue(label: "throwaway-s3").async { continuation.resume(returning: work()) }
        }
    }
}
