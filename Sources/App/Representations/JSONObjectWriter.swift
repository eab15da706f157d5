import Chat
import Foundation

/// Writes one JSON object straight into bytes, members in the order they are
/// added (the order API.md shows them in).
///
/// For the responses and events sent most often (a track, a chat token): an
/// encoder per response cost more than everything else in answering it.
/// ```swift
/// var json = JSONObjectWriter()
/// json.add("status", "ready")
/// json.add("duration", 12.5)
/// json.add("analysis", json: storedAnalysis)
/// let bytes = json.finish()  // {"status":"ready","duration":12.5,"analysis":{…}}
/// ```
struct JSONObjectWriter {
    private var bytes: [UInt8]

    /// - Parameter capacity: bytes to reserve, for a caller that knows roughly how long the object gets.
    init(capacity: Int = 128) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// A string member; nil writes `null`.
    mutating func add(_ key: StaticString, _ value: String?) {
        addKey(key)
        guard let value else {
            bytes += Self.null
            return
        }
        JSONText.appendQuoted(value, to: &bytes)
    }

    /// An integer member; nil writes `null`.
    mutating func add(_ key: StaticString, _ value: (some BinaryInteger)?) {
        addKey(key)
        guard let value else {
            bytes += Self.null
            return
        }
        bytes += String(value).utf8
    }

    /// A number member in its shortest round-trip form (`12.5`, `5.0`, `1e-05`);
    /// nil, NaN and infinities write `null`, since JSON has no spelling for them.
    mutating func add(_ key: StaticString, _ value: Double?) {
        addKey(key)
        guard let value, value.isFinite else {
            bytes += Self.null
            return
        }
        bytes += value.description.utf8
    }

    /// A boolean member.
    mutating func add(_ key: StaticString, _ value: Bool) {
        addKey(key)
        bytes += value ? Array("true".utf8) : Array("false".utf8)
    }

    /// A member whose value is JSON text already (a stored document), written as it is.
    mutating func add(_ key: StaticString, json value: some Collection<UInt8>) {
        addKey(key)
        bytes += value
    }

    /// The object's bytes, closed.
    consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// `[o1,o2,…]` from finished objects.
    static func array(_ objects: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(objects.reduce(2) { $0 + $1.count + 1 })
        for (index, object) in objects.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += object
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    private static let null = Array("null".utf8)

    private mutating func addKey(_ key: StaticString) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        // Keys are our own literals, plain ASCII: no escaping needed.
        key.withUTF8Buffer { bytes += $0 }
        bytes += [UInt8(ascii: "\""), UInt8(ascii: ":")]
    }
}

extension String {
    /// This text as a JSON string literal (see `JSONText.appendQuoted`).
    var jsonQuoted: String {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 2)
        JSONText.appendQuoted(self, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
