/// One component /health/ reports on.
protocol HealthCheck: Sendable {
    /// Key under `checks`.
    var name: String { get }
    /// Runs the check; must finish promptly (apply its own timeout).
    func run() async -> HealthResult
}

/// What a check found.
struct HealthResult: Sendable, Encodable, Equatable {
    /// Whether the component works.
    let healthy: Bool
    /// What is shown: a word ("healthy", "writable", "ok"), "unhealthy: <reason>", or figures.
    let value: Value

    /// How a result is shown under `checks`.
    enum Value: Sendable, Equatable {
        case text(String)
        case figures([String: Int])
    }

    /// A passing check shown as `word`.
    static func ok(_ word: String) -> HealthResult { HealthResult(healthy: true, value: .text(word)) }
    /// A passing check shown as figures.
    static func figures(_ figures: [String: Int]) -> HealthResult { HealthResult(healthy: true, value: .figures(figures)) }
    /// A failing check; `reason` must hold no secrets.
    static func unhealthy(_ reason: String) -> HealthResult {
        HealthResult(healthy: false, value: .text("unhealthy: \(reason)"))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .text(let text): try container.encode(text)
        case .figures(let figures): try container.encode(figures)
        }
    }
}
