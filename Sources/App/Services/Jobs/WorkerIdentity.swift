import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a process names itself as a lease owner: `host/pid-namespace/pid/random`.
///
/// Operators read it in `analysis_jobs.lease_owner`; the process itself uses
/// it at start to spot leases its own crashed predecessor left on this host
/// (same host and process-id namespace, a process id that is gone or is now
/// its own), so a restart need not wait out the lease. The random part tells
/// incarnations apart, since process ids repeat (PID 1 in every container).
struct WorkerIdentity: Sendable, Equatable, CustomStringConvertible {
    /// The host name.
    let host: String
    /// The process-id namespace's inode on Linux; nil where unknown (then no lease is judged abandoned).
    let pidNamespace: String?
    /// The process id.
    let pid: Int32
    /// Random per process.
    let instance: String

    /// This process.
    static func current() -> WorkerIdentity {
        WorkerIdentity(
            host: hostName(), pidNamespace: currentPIDNamespace(),
            pid: ProcessInfo.processInfo.processIdentifier, instance: UUID().uuidString.prefix(8).lowercased())
    }

    init(host: String, pidNamespace: String?, pid: Int32, instance: String) {
        self.host = host
        self.pidNamespace = pidNamespace
        self.pid = pid
        self.instance = instance
    }

    /// Parses an owner string; nil for one in another format.
    init?(parsing text: String) {
        // The host name may hold '/' only in theory; the last three fields never do.
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 4, let pid = Int32(parts[parts.count - 2]) else { return nil }
        let namespace = String(parts[parts.count - 3])
        self.init(
            host: parts.dropLast(3).joined(separator: "/"), pidNamespace: namespace == "-" ? nil : namespace,
            pid: pid, instance: String(parts[parts.count - 1]))
    }

    var description: String { "\(host)/\(pidNamespace ?? "-")/\(pid)/\(instance)" }

    /// The owner-string prefix shared by every process in this host's process-id namespace.
    var localPrefix: String? { pidNamespace.map { "\(host)/\($0)/" } }

    /// Whether `owner` was a process in this namespace that no longer runs.
    /// - Parameter isRunning: whether a process id is in use here (`kill(pid, 0)`).
    func hasOutlived(_ owner: WorkerIdentity, isRunning: (Int32) -> Bool = WorkerIdentity.isRunning) -> Bool {
        guard let namespace = pidNamespace, owner.pidNamespace == namespace, owner.host == host, owner.instance != instance
        else { return false }
        // Our own id under another instance: our predecessor, gone since we hold the id.
        return owner.pid == pid || !isRunning(owner.pid)
    }

    /// Whether a process with this id exists (one we may not signal still counts).
    static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno != ESRCH
    }

    /// The kernel's host name. Not `ProcessInfo.hostName`, which may resolve it through DNS (and block).
    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown-host" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func currentPIDNamespace() -> String? {
        #if os(Linux)
        let target: String
        do {
            target = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")
        } catch {
            return nil  // no /proc (a sandbox): leases are then only ever taken over when they lapse
        }
        // "pid:[4026531836]": the inode, digits only, so the owner string stays easy to split.
        let digits = target.filter(\.isNumber)
        return digits.isEmpty ? nil : digits
        #else
        return nil
        #endif
    }
}
