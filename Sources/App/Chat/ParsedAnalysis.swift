import Chat
import Foundation
import Synchronization

/// The last stored analysis a socket parsed, kept while the stored bytes stay the same: parsing the
/// JSON on every question was the largest cost of answering one.
final class ParsedAnalysis: Sendable {
    private let last = Mutex<(data: Data, value: JSONValue?)?>(nil)

    /// `data` parsed as JSON, or nil when it is not valid JSON; reuses the previous parse for equal bytes.
    func value(of data: Data) -> JSONValue? {
        if let cached = last.withLock({ $0 }), cached.data == data { return cached.value }
        let value: JSONValue?
        do {
            value = try JSONValue(parsing: data)
        } catch {
            value = nil  // The tools report the unreadable analysis to the model.
        }
        last.withLock { $0 = (data, value) }
        return value
    }
}
