/// A header value of the form `token *( ";" name "=" ( token / quoted-string ) )`,
/// as in Content-Type and Content-Disposition (RFC 9110 §5.6.6, RFC 6266 §4.1).
struct MultipartHeaderValue: Sendable, Hashable {
    /// The leading value, lower-cased, e.g. `multipart/form-data` or `form-data`.
    let value: String
    /// Parameters in order; names lower-cased, values unquoted.
    let parameters: [Parameter]

    struct Parameter: Sendable, Hashable {
        let name: String
        let value: String
    }

    /// The first parameter called `name` (lower-case).
    func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// Parses `text`, or returns nil for an unterminated quoted string, a
    /// parameter without `=`, or text after a quoted value.
    init?(_ text: String) {
        var scanner = Scanner(Array(text.utf8))
        self.value = scanner.token(until: [UInt8(ascii: ";")]).lowercased()
        var parameters: [Parameter] = []
        while scanner.skip(UInt8(ascii: ";")) {
            scanner.skipWhitespace()
            if scanner.atEnd { break }  // a trailing ";" is harmless
            let name = scanner.token(until: [UInt8(ascii: "="), UInt8(ascii: ";")]).lowercased()
            guard !name.isEmpty, scanner.skip(UInt8(ascii: "=")) else { return nil }
            scanner.skipWhitespace()
            let value: String
            if scanner.peek == UInt8(ascii: "\"") {
                guard let quoted = scanner.quotedString() else { return nil }
                value = quoted
                scanner.skipWhitespace()
                guard scanner.atEnd || scanner.peek == UInt8(ascii: ";") else { return nil }
            } else {
                value = scanner.token(until: [UInt8(ascii: ";")])
            }
            parameters.append(Parameter(name: name, value: value))
        }
        self.parameters = parameters
    }

    /// A cursor over the UTF-8 bytes of a header value.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        mutating func skipWhitespace() {
            while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
        }

        /// Reads up to a stop byte or the end, trimming surrounding whitespace.
        mutating func token(until stops: Set<UInt8>) -> String {
            let start = index
            while let byte = peek, !stops.contains(byte) { index += 1 }
            var slice = bytes[start..<index]
            while let first = slice.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { slice.removeFirst() }
            while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { slice.removeLast() }
            return String(decoding: slice, as: UTF8.self)
        }

        /// Reads a quoted string starting at `"`. A backslash escapes only `"`
        /// and `\`; before any other character it is kept, because old browsers
        /// send Windows paths (`C:\music\a.wav`) without escaping them.
        mutating func quotedString() -> String? {
            index += 1
            var output: [UInt8] = []
            while let byte = peek {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: output, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    if let next = peek, next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") {
                        output.append(next)
                        index += 1
                    } else {
                        output.append(byte)
                    }
                default:
                    output.append(byte)
                }
            }
            return nil
        }
    }
}
