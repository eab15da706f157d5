/// An incremental UTF-8 validator: a deterministic finite automaton over byte classes.
///
/// Bytes may arrive in any number of pieces; a code point split across two
/// pieces is carried in the state. The automaton follows Unicode's table of
/// well-formed byte sequences (Unicode 15, Table 3-7), so overlong forms,
/// surrogates (U+D800–U+DFFF) and values above U+10FFFF are rejected at the
/// first byte that makes them impossible — the "fail fast" behaviour the
/// Autobahn suite checks. Runs of ASCII are skipped eight bytes at a time.
public struct UTF8Validator: Hashable, Sendable {
    /// The automaton's state: 0 accept, 1 reject, 2–8 inside a code point.
    private var state: UInt8 = Self.accept

    /// Creates a validator at a character boundary.
    public init() {}

    /// Whether the bytes so far are a complete, valid UTF-8 sequence.
    public var isComplete: Bool { state == Self.accept }

    /// Whether the bytes so far can no longer become valid UTF-8, whatever follows.
    public var isInvalid: Bool { state == Self.reject }

    /// Feeds more bytes.
    /// - Parameter bytes: the next piece of the text, of any length.
    /// - Returns: false once the text is invalid (and for every call after that).
    @discardableResult
    public mutating func consume(_ bytes: UnsafeRawBufferPointer) -> Bool {
        state = Self.transitions.withUnsafeBufferPointer { Self.run(from: state, over: bytes, transitions: $0) }
        return state != Self.reject
    }

    /// The automaton's inner loop: one table load per byte, on raw pointers so it
    /// has no bounds checks (every `state << 8 | byte` is inside the table).
    private static func run(from start: UInt8, over bytes: UnsafeRawBufferPointer, transitions: UnsafeBufferPointer<UInt8>) -> UInt8 {
        guard let table = transitions.baseAddress else { return start }
        var state = start
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            index &+= 1
            if byte < 0x80 && state == accept {
                // ASCII at a character boundary: skip whole words of it.
                while index + 8 <= count,
                    bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index &+= 8
                }
                continue
            }
            state = table[Int(state) << 8 | Int(byte)]
            if state == reject { break }
        }
        return state
    }

    /// Feeds more bytes from any collection.
    /// - Parameter bytes: the next piece of the text.
    /// - Returns: false once the text is invalid.
    @discardableResult
    public mutating func consume(_ bytes: some Collection<UInt8>) -> Bool {
        if let result = bytes.withContiguousStorageIfAvailable({ consume(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return consume(Array(bytes))
    }

    /// Whether `bytes` on their own are complete, valid UTF-8.
    /// - Parameter bytes: the whole text.
    /// - Returns: true for valid UTF-8 (including empty input).
    public static func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        var validator = UTF8Validator()
        return validator.consume(bytes) && validator.isComplete
    }

    // MARK: - Tables

    private static let accept: UInt8 = 0
    private static let reject: UInt8 = 1

    /// Byte → class: 0 ASCII, 1 80–8F, 2 90–9F, 3 A0–BF, 4 never valid (C0, C1, F5–FF),
    /// 5 two-byte lead C2–DF, 6 E0, 7 E1–EC and EE–EF, 8 ED, 9 F0, 10 F1–F3, 11 F4.
    private static func byteClass(_ byte: Int) -> Int {
        switch byte {
        case 0x00...0x7F: 0
        case 0x80...0x8F: 1
        case 0x90...0x9F: 2
        case 0xA0...0xBF: 3
        case 0xC2...0xDF: 5
        case 0xE0: 6
        case 0xE1...0xEC, 0xEE...0xEF: 7
        case 0xED: 8
        case 0xF0: 9
        case 0xF1...0xF3: 10
        case 0xF4: 11
        default: 4
        }
    }

    /// `state << 8 | byte` → next state, built from a (state × byte class) table.
    ///
    /// States: 0 accept, 1 reject, 2 one continuation left, 3 two left,
    /// 4 after E0 (A0–BF next: no overlongs), 5 after ED (80–9F next: no
    /// surrogates), 6 after F0 (90–BF next: no overlongs), 7 after F1–F3,
    /// 8 after F4 (80–8F next: nothing above U+10FFFF).
    private static let transitions: [UInt8] = {
        let byClass: [(from: Int, classes: [Int], to: UInt8)] = [
            (0, [0], 0), (0, [5], 2), (0, [6], 4), (0, [7], 3), (0, [8], 5), (0, [9], 6), (0, [10], 7), (0, [11], 8),
            (2, [1, 2, 3], 0), (3, [1, 2, 3], 2), (4, [3], 2), (5, [1, 2], 2),
            (6, [2, 3], 3), (7, [1, 2, 3], 3), (8, [1], 3),
        ]
        var table = [UInt8](repeating: reject, count: 9 << 8)
        for rule in byClass {
            for byte in 0..<256 where rule.classes.contains(byteClass(byte)) { table[rule.from << 8 | byte] = rule.to }
        }
        return table
    }()
}
