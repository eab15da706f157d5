extension SQL {
    /// Counts the `?` placeholders and, for Postgres, rewrites them as `$1`, `$2`, ….
    ///
    /// Question marks inside string literals, quoted identifiers and comments
    /// are left alone, so `'why?'` stays text.
    /// - Parameter dialect: the target dialect.
    /// - Returns: the text to send.
    /// - Throws: `DatabaseError` when the placeholders do not match the bound values.
    func prepared(for dialect: SQLDialect) throws(DatabaseError) -> String {
        var scanner = PlaceholderScanner(text: text, numbered: dialect == .postgres)
        let output = scanner.run()
        guard scanner.count == values.count else {
            throw DatabaseError(
                kind: .binding, driver: dialect, code: nil,
                message: "statement has \(scanner.count) placeholders but \(values.count) bound values",
                sql: text)
        }
        return output
    }
}

/// Walks SQL text once, skipping literals and comments, counting `?`.
private struct PlaceholderScanner {
    private let bytes: [UInt8]
    private let numbered: Bool
    private var index = 0
    private var output: [UInt8] = []
    private(set) var count = 0

    init(text: String, numbered: Bool) {
        self.bytes = Array(text.utf8)
        self.numbered = numbered
        output.reserveCapacity(bytes.count + 16)
    }

    mutating func run() -> String {
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""): copyQuoted(until: byte)
            case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"): copyLineComment()
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"): copyBlockComment()
            case UInt8(ascii: "?"):
                count += 1
                output += numbered ? Array("$\(count)".utf8) : [byte]
                index += 1
            default:
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private func peek(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    /// Copies a quoted run; a doubled quote is an escaped quote inside it.
    private mutating func copyQuoted(until quote: UInt8) {
        output.append(bytes[index])
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            output.append(byte)
            index += 1
            if byte == quote {
                guard peek(0) == quote else { return }
                output.append(quote)
                index += 1
            }
        }
    }

    private mutating func copyLineComment() {
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
            output.append(bytes[index])
            index += 1
        }
    }

    private mutating func copyBlockComment() {
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                output += [bytes[index], bytes[index + 1]]
                index += 2
                return
            }
            output.append(bytes[index])
            index += 1
        }
    }
}
