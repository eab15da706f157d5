import Foundation
import HTTPServer
import Testing

@testable import App

@Suite struct MetricsTests {
    @Test func labelValuesAreEscapedAndNumbersWrittenAsTheFormatWants() {
        var text = PrometheusText()
        text.family("x_total", "counter", "An example.")
        text.sample("x_total", UInt64(3), labels: [("path", "a\"b\\c\nd")])
        text.sample("y", 0.25)
        text.sample("z", Double.infinity)
        #expect(text.text == "# HELP x_total An example.\n# TYPE x_total counter\nx_total{path=\"a\\\"b\\\\c\\nd\"} 3\ny 0.25\nz +Inf\n")
    }

    @Test func histogramBucketsAreCumulativeAndEndAtTheCount() {
        let histograms = Histograms(series: ["a", "b"], bounds: [0.1, 1])
        for seconds in [0.05, 0.5, 0.5, 7] { histograms.observe(0, seconds: seconds) }
        var text = PrometheusText()
        histograms.write("t", label: "k", into: &text)
        #expect(
            text.text == """
                t_bucket{k="a",le="0.1"} 1
                t_bucket{k="a",le="1"} 3
                t_bucket{k="a",le="+Inf"} 4
                t_sum{k="a"} 8.05
                t_count{k="a"} 4

                """)
    }

    /// Many threads add at once: nothing is lost, and no lock is taken.
    @Test func countersAddFromManyThreadsWithoutLosingAny() {
        let counters = AtomicCounters(count: 4)
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            for _ in 0..<10_000 { counters.add(i % 4) }
        }
        #expect((0..<4).map(counters.value) == [20_000, 20_000, 20_000, 20_000])
        counters.add(99)  // out of range: ignored
    }

    @Test func requestsAreCountedByRoutePatternMethodAndStatus() {
        let metrics = HTTPMetrics(routePatterns: ["/api/tracks/:id/", "/api/health/"])
        var record = AccessRecord(
            method: "GET", path: "/api/tracks/123/", status: 404, bytes: 10,
            durationMilliseconds: 3, requestID: "r", remoteAddress: "127.0.0.1")
        record.route = "/api/tracks/:id/"
        metrics.record(record)
        var unrouted = AccessRecord(
            method: "BREW", path: "/x", status: 418, bytes: 0, durationMilliseconds: 1,
            requestID: "s", remoteAddress: "127.0.0.1")
        unrouted.route = nil
        metrics.record(unrouted)
        var text = PrometheusText()
        metrics.write(into: &text)
        #expect(text.text.contains(#"http_requests_total{method="GET",route="/api/tracks/:id/",status="404"} 1"#))
        #expect(text.text.contains(#"http_requests_total{method="other",route="none",status="other"} 1"#))
        #expect(!text.text.contains("/api/tracks/123/"))
        #expect(text.text.contains(#"http_request_duration_seconds_bucket{route="/api/tracks/:id/",le="0.005"} 1"#))
    }

    @Test func metricsNeedTheAPIKeyOrTheMetricsToken() async throws {
        let harness = try await AppHarness(["METRICS_TOKEN": "scrape-secret"])
        #expect(await harness.request(.get, "/metrics").status == .unauthorized)
        let bearer = await harness.request(.get, "/metrics", headers: [("host", "localhost"), ("authorization", "Bearer scrape-secret")])
        #expect(bearer.status == .ok)
        #expect(bearer.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        let admin = await harness.request(.get, "/metrics", headers: [("host", "localhost"), ("x-api-key", "dev-api-key")])
        #expect(admin.status == .ok)
        guard case .bytes(let body) = admin.body else {
            Issue.record("expected an in-memory body")
            return
        }
        let text = String(decoding: body, as: UTF8.self)
        for family in [
            "http_requests_total", "http_connections_open", "websocket_connections_open", "chat_questions_total",
            "analysis_jobs", "analysis_duration_seconds", "analysis_failures_total", "upload_bytes_total",
            "process_resident_memory_bytes", "process_cpu_seconds_total", "process_open_fds", "process_start_time_seconds",
        ] {
            #expect(text.contains("# TYPE \(family) "), "\(family)")
        }
    }

    @Test func chatQuestionsAndFailuresAreCountedByTheirLabels() {
        let metrics = ServiceMetrics()
        metrics.questionAnswered(provider: "local", .answered)
        metrics.questionAnswered(provider: "mystery", .error)
        metrics.analysisFailed(reason: "truncated")
        metrics.agentFinished("tonal", seconds: 0.002)
        var text = PrometheusText()
        metrics.write(into: &text)
        #expect(text.text.contains(#"chat_questions_total{provider="local",outcome="answered"} 1"#))
        #expect(text.text.contains(#"chat_questions_total{provider="other",outcome="error"} 1"#))
        #expect(text.text.contains(#"analysis_failures_total{reason="truncated"} 1"#))
        #expect(text.text.contains(#"analysis_duration_seconds_count{agent="tonal"} 1"#))
    }
}
