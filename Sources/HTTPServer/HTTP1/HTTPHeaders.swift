/// An ordered list of header fields with case-insensitive lookup.
///
/// Request headers arrive with lower-cased names (the parser folds them once);
/// response headers keep the case they were given.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// One field line.
    public typealias Field = (name: String, value: String)
    private var fields: [Field]

    /// Empty headers.
    public init() { fields = [] }
    /// Headers from field lines, in order.
    public init(_ fields: [Field]) { self.fields = fields }
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
    /// Number of field lines.
    public var count: Int { fields.count }

    /// The first value of `name`, or nil.
    public subscript(_ name: String) -> String? {
        for field in fields where field.name.equalsIgnoringASCIICase(name) { return field.value }
        return nil
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.equalsIgnoringASCIICase(name) }.map(\.value)
    }

    /// Whether a comma-separated header `name` contains `token` (case-insensitive).
    public func containsToken(_ token: String, in name: String) -> Bool {
        values(name).contains { value in
            value.split(separator: ",").contains { $0.trimmingOWS().equalsIgnoringASCIICase(token) }
        }
    }

    /// Appends a field line.
    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    /// Replaces every field `name` by one with `value`.
    public mutating func replaceOrAdd(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    /// Removes every field `name`.
    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// Whether a field `name` exists.
    public func contains(_ name: String) -> Bool { self[name] != nil }
}

extension StringProtocol {
    /// ASCII case-insensitive equality, as header names and tokens need.
    func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        let a = utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A) }
    }

    /// The text without leading and trailing spaces and tabs (RFC 9110 OWS).
    func trimmingOWS() -> Substring {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return Substring(s)
    }
}
