public import Foundation

/// The results of one analysis, encoded as `{"spectral": {...}, "temporal": {...}, "rhythm": {...}}`
/// with `{"error": "..."}` in place of a failed agent's data.
public struct AnalysisReport: Sendable, Encodable, Equatable {
    /// Per-agent results in the order the agents ran.
    public let results: [AgentResult]

    /// The result of the agent called `name`.
    public func result(_ name: String) -> AgentResult? {
        results.first { $0.agent == name }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct Failure: Encodable {
        let error: String
    }

    /// Encodes each agent under its name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for result in results {
            if let data = result.data {
                try container.encode(data, forKey: Key(stringValue: result.agent))
            } else {
                try container.encode(Failure(error: result.error ?? "failed"), forKey: Key(stringValue: result.agent))
            }
        }
    }

    /// The JSON encoding as UTF-8 bytes.
    /// - Parameter pretty: indent and sort keys for people; default false.
    /// - Throws: `EncodingError` if a value is not finite (never for agent output).
    public func jsonData(pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
