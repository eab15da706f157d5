import AudioAnalysis

/// What the services record: chat questions, analysis runs and failures, uploads and open chat sockets.
/// Shared by the route groups and workers through `AppServices`; every update is an atomic add.
struct ServiceMetrics: Sendable {
    /// Chat providers by name, as `chat_questions_total`'s `provider` label.
    static let providers = ["local", "gemini", "anthropic", "openai", "other"]
    /// How a question ended.
    enum ChatOutcome: Int, CaseIterable, Sendable {
        case answered, error, rejected
        var label: String { ["answered", "error", "rejected"][rawValue] }
    }
    /// `analysis_failures_total`'s reasons: AnalysisError codes, then `other`.
    static let failureReasons = [
        "unsupported_format", "too_short", "truncated", "too_long", "invalid_parameter",
        "decode_failed", "transcode_failed", "unavailable", "non_finite_sample",
        "unsupported_sample_rate", "other",
    ]

    private let chat = AtomicCounters(count: providers.count * ChatOutcome.allCases.count)
    private let failures = AtomicCounters(count: failureReasons.count)
    /// 0: upload bytes received; 1: chat sockets open.
    private let scalars = AtomicCounters(count: 2)
    let analysisDurations = Histograms(series: AnalysisAgents.all.map(\.name), bounds: Histograms.analysisBounds)

    /// Counts a question asked of `provider` that ended with `outcome`.
    func questionAnswered(provider: String, _ outcome: ChatOutcome) {
        let p = Self.providers.firstIndex(of: provider) ?? Self.providers.count - 1
        chat.add(p * ChatOutcome.allCases.count + outcome.rawValue)
    }

    /// Counts a failed analysis by its error code (`AnalysisError.code`).
    func analysisFailed(reason: String) {
        failures.add(Self.failureReasons.firstIndex(of: reason) ?? Self.failureReasons.count - 1)
    }

    /// Times one agent's run.
    func agentFinished(_ agent: String, seconds: Double) {
        guard let index = analysisDurations.series.firstIndex(of: agent) else { return }
        analysisDurations.observe(index, seconds: seconds)
    }

    /// Counts body bytes of an upload as they arrive.
    func uploaded(bytes: Int) { scalars.add(0, UInt64(max(0, bytes))) }

    /// A chat socket opened (+1) or closed (−1).
    func chatSocketOpened() { scalars.add(1) }
    func chatSocketClosed() { scalars.subtract(1) }

    /// Appends every family.
    func write(into text: inout PrometheusText) {
        text.family("websocket_connections_open", "gauge", "Chat WebSocket connections open.")
        text.sample("websocket_connections_open", scalars.value(1))
        text.family("upload_bytes_total", "counter", "Bytes of uploaded audio received.")
        text.sample("upload_bytes_total", scalars.value(0))
        text.family("chat_questions_total", "counter", "Chat questions, by provider and outcome.")
        for (p, provider) in Self.providers.enumerated() {
            for outcome in ChatOutcome.allCases {
                let value = chat.value(p * ChatOutcome.allCases.count + outcome.rawValue)
                if value > 0 { text.sample("chat_questions_total", value, labels: [("provider", provider), ("outcome", outcome.label)]) }
            }
        }
        text.family("analysis_failures_total", "counter", "Analyses that failed, by reason.")
        for (i, reason) in Self.failureReasons.enumerated() where failures.value(i) > 0 {
            text.sample("analysis_failures_total", failures.value(i), labels: [("reason", reason)])
        }
        text.family("analysis_duration_seconds", "histogram", "Time each analysis agent took, by agent.")
        analysisDurations.write("analysis_duration_seconds", label: "agent", into: &text)
    }
}
