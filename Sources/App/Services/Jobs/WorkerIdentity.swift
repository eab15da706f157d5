import Foundation

/// How a process names itself as a lease owner: host, process id and a
/// random suffix (process ids repeat across restarts and containers), so an
/// operator reading `analysis_jobs.lease_owner` knows where a job runs.
enum WorkerIdentity {
    /// `host/pid/xxxxxxxx`, new for every process.
    static func make() -> String {
        let host = ProcessInfo.processInfo.hostName
        let suffix = UUID().uuidString.prefix(8).lowercased()
        return "\(host)/\(ProcessInfo.processInfo.processIdentifier)/\(suffix)"
    }
}
