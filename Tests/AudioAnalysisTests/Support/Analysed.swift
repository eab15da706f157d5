import AudioAnalysis
import Foundation

/// A fixture decoded and analysed by our code, with its JSON as librosa's reference lays it out.
struct Analysed {
    let decoded: DecodedAudio
    let report: AnalysisReport
    let json: [String: Any]

    init(_ entry: ManifestEntry, decoder: SndFileDecoder = SndFileDecoder()) throws {
        decoded = try decoder.decode(url: Fixtures.url(entry.file))
        report = AnalysisRunner().run(decoded)
        json = try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any] ?? [:]
    }

    /// A double inside `agent`, by key path (`rhythm`, `tempo_bpm`).
    func number(_ agent: String, _ keys: String...) -> Double? {
        var value: Any? = json[agent]
        for key in keys { value = (value as? [String: Any])?[key] }
        return (value as? NSNumber)?.doubleValue
    }

    /// An array of doubles inside `agent`.
    func numbers(_ agent: String, _ key: String) -> [Double] {
        ((json[agent] as? [String: Any])?[key] as? [NSNumber])?.map(\.doubleValue) ?? []
    }
}

/// Reads values out of a reference JSON object.
extension Dictionary where Key == String, Value == Any {
    func number(_ keys: String...) -> Double? {
        var value: Any? = self
        for key in keys { value = (value as? [String: Any])?[key] }
        return (value as? NSNumber)?.doubleValue
    }

    func numbers(_ keys: String...) -> [Double] {
        var value: Any? = self
        for key in keys { value = (value as? [String: Any])?[key] }
        return (value as? [NSNumber])?.map(\.doubleValue) ?? []
    }

    func string(_ keys: String...) -> String {
        var value: Any? = self
        for key in keys { value = (value as? [String: Any])?[key] }
        return "\(value ?? "nil")"
    }
}
