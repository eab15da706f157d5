import HTTPServer

/// `http_requests_total{method,route,status}` and `http_request_duration_seconds{route}`.
///
/// Every label comes from a list fixed at start (the route patterns, the methods, the statuses this
/// server answers), so the series are bounded whatever paths clients send, and a request costs
/// a dictionary lookup and four relaxed atomic adds.
struct HTTPMetrics: Sendable {
    /// Route labels: the registered patterns, then `static` (files under Public/) and `none` (no route).
    let routes: [String]
    private let routeIndex: [String: Int]
    static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"]
    /// Statuses counted by value; anything else is counted as `other`.
    static let statuses = [
        101, 200, 201, 202, 204, 206, 301, 302, 304, 400, 401, 403, 404, 405, 408, 409, 413, 414, 415,
        422, 429, 431, 499, 500, 501, 503, 507,
    ]
    private let requests: AtomicCounters
    private let durations: Histograms

    /// - Parameter routePatterns: the router's patterns (`/api/tracks/:id/`), duplicates allowed.
    init(routePatterns: [String]) {
        var unique: [String] = []
        for pattern in routePatterns where !unique.contains(pattern) { unique.append(pattern) }
        routes = unique + ["static", "none"]
        routeIndex = Dictionary(uniqueKeysWithValues: routes.enumerated().map { ($1, $0) })
        requests = AtomicCounters(count: routes.count * Self.methods.count * (Self.statuses.count + 1))
        durations = Histograms(series: routes, bounds: Histograms.latencyBounds)
    }

    /// Records one finished exchange (called on the event loop by the access-log hook).
    func record(_ record: AccessRecord) {
        let route = routeIndex[record.route ?? "none"] ?? routes.count - 1
        let method = Self.methods.firstIndex(of: record.method) ?? Self.methods.count - 1
        let status = Self.statuses.firstIndex(of: record.status) ?? Self.statuses.count
        requests.add((route * Self.methods.count + method) * (Self.statuses.count + 1) + status)
        durations.observe(route, seconds: record.durationMilliseconds / 1000)
    }

    /// Appends both families.
    func write(into text: inout PrometheusText) {
        text.family("http_requests_total", "counter", "HTTP requests answered, by method, route pattern and status.")
        for (r, route) in routes.enumerated() {
            for (m, method) in Self.methods.enumerated() {
                for s in 0...Self.statuses.count {
                    let value = requests.value((r * Self.methods.count + m) * (Self.statuses.count + 1) + s)
                    guard value > 0 else { continue }
                    let status = s < Self.statuses.count ? String(Self.statuses[s]) : "other"
                    text.sample("http_requests_total", value, labels: [("method", method), ("route", route), ("status", status)])
                }
            }
        }
        text.family("http_request_duration_seconds", "histogram", "Time from request head to the end of the response, by route pattern.")
        durations.write("http_request_duration_seconds", label: "route", into: &text)
    }
}
