internal import Foundation

/// The standard `process_*` metrics, read from /proc/self when scraped (Linux).
struct ProcessMetrics {
    /// Seconds since the epoch at which the process started.
    let startTimeSeconds: Double

    /// Appends resident memory, CPU seconds, open and maximum file descriptors and the start time.
    func write(into text: inout PrometheusText) {
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let fields = statm.split(separator: " ")
            if fields.count > 1, let resident = Double(fields[1]), let virtual = Double(fields[0]) {
                text.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.")
                text.sample("process_resident_memory_bytes", resident * pageSize)
                text.family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.")
                text.sample("process_virtual_memory_bytes", virtual * pageSize)
            }
        }
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        {
            // Fields after the command name: state is field 3, utime 14, stime 15 (1-based, proc(5)).
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]), ticks > 0 {
                text.family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.")
                text.sample("process_cpu_seconds_total", (user + system) / ticks)
            }
        }
        if let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            text.family("process_open_fds", "gauge", "Number of open file descriptors.")
            text.sample("process_open_fds", UInt64(descriptors.count))
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            text.family("process_max_fds", "gauge", "Maximum number of open file descriptors.")
            text.sample("process_max_fds", UInt64(limit.rlim_cur))
        }
        text.family("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.")
        text.sample("process_start_time_seconds", startTimeSeconds)
    }
}
