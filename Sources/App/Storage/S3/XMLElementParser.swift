/// A purpose-built reader for the small XML bodies S3 answers with (listings, upload ids,
/// errors). It keeps elements and text, decodes the five named entities and numeric character
/// references, skips the declaration, comments, processing instructions, DOCTYPE and attributes,
/// and reads CDATA as text. It is not a validating parser: it never fetches anything, expands
/// no custom entities and bounds input size and depth, so a hostile endpoint cannot make it
/// allocate without limit. (FoundationXML would pull libxml2 into the runtime image for this.)
struct XMLElementParser {
    /// Why a body could not be read.
    struct Failure: Error, CustomStringConvertible, Equatable {
        let reason: String
        var description: String { "malformed XML: \(reason)" }
    }

    /// Largest document accepted, in bytes; default 8 MiB (a 1000-key listing is ~300 KB).
    var maxBytes = 8 << 20
    /// Deepest element nesting accepted; default 32 (S3's documents nest 3 deep).
    var maxDepth = 32

    /// The document's root element.
    /// - Throws: `Failure` for unbalanced tags, an unterminated construct, or a limit passed.
    func parse(_ bytes: [UInt8]) throws -> XMLElement {
        guard bytes.count <= maxBytes else { throw Failure(reason: "document larger than \(maxBytes) bytes") }
        var stack: [XMLElement] = []
        var root: XMLElement?
        var i = 0
        while i < bytes.count {
            if bytes[i] != UInt8(ascii: "<") {
                let end = bytes[i...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                if !stack.isEmpty { stack[stack.count - 1].text += try Self.decodeEntities(bytes[i..<end]) }
                i = end
                continue
            }
            if Self.starts(bytes, at: i, with: "<!--") {
                i = try Self.skip(bytes, from: i + 4, past: "-->")
            } else if Self.starts(bytes, at: i, with: "<![CDATA[") {
                let end = try Self.skip(bytes, from: i + 9, past: "]]>")
                if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: bytes[(i + 9)..<(end - 3)], as: UTF8.self) }
                i = end
            } else if Self.starts(bytes, at: i, with: "<?") {
                i = try Self.skip(bytes, from: i + 2, past: "?>")
            } else if Self.starts(bytes, at: i, with: "<!") {
                i = try Self.skip(bytes, from: i + 2, past: ">")
            } else if Self.starts(bytes, at: i, with: "</") {
                let end = try Self.skip(bytes, from: i + 2, past: ">")
                let name = Self.localName(String(decoding: bytes[(i + 2)..<(end - 1)], as: UTF8.self).trimmingOWSAndNewlines())
                guard let open = stack.popLast(), open.name == name else { throw Failure(reason: "unexpected </\(name)>") }
                try attach(open, to: &stack, root: &root)
                i = end
            } else {
                let (end, name, selfClosing) = try Self.openTag(bytes, from: i + 1)
                let element = XMLElement(name: name, text: "", children: [])
                if selfClosing {
                    try attach(element, to: &stack, root: &root)
                } else {
                    guard stack.count < maxDepth else { throw Failure(reason: "nesting deeper than \(maxDepth)") }
                    stack.append(element)
                }
                i = end
            }
        }
        guard stack.isEmpty, let root else { throw Failure(reason: stack.isEmpty ? "no root element" : "unclosed <\(stack[0].name)>") }
        return root
    }

    private func attach(_ element: XMLElement, to stack: inout [XMLElement], root: inout XMLElement?) throws {
        if stack.isEmpty {
            guard root == nil else { throw Failure(reason: "more than one root element") }
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    /// Reads `name attr="…" …>` or `…/>` from just after `<`; quoted values may hold `>`.
    private static func openTag(_ bytes: [UInt8], from start: Int) throws -> (end: Int, name: String, selfClosing: Bool) {
        var i = start
        var quote: UInt8?
        var nameEnd: Int?
        while i < bytes.count {
            let byte = bytes[i]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                let selfClosing = i > start && bytes[i - 1] == UInt8(ascii: "/")
                let last = nameEnd ?? (selfClosing ? i - 1 : i)
                let name = localName(String(decoding: bytes[start..<last], as: UTF8.self))
                guard !name.isEmpty else { throw Failure(reason: "empty tag name") }
                return (i + 1, name, selfClosing)
            }
            if nameEnd == nil, quote == nil, [UInt8(ascii: " "), 9, 10, 13].contains(byte) { nameEnd = i }
            i += 1
        }
        throw Failure(reason: "unterminated tag")
    }

    private static func localName(_ name: some StringProtocol) -> String {
        String(name.split(separator: ":").last ?? "")
    }

    private static func starts(_ bytes: [UInt8], at index: Int, with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { Array($0) == Array(bytes[index..<(index + count)]) }
    }

    /// The index just past the first `terminator` at or after `start`.
    private static func skip(_ bytes: [UInt8], from start: Int, past terminator: StaticString) throws -> Int {
        let pattern = terminator.withUTF8Buffer { Array($0) }
        var i = start
        while i + pattern.count <= bytes.count {
            if bytes[i] == pattern[0], Array(bytes[i..<(i + pattern.count)]) == pattern { return i + pattern.count }
            i += 1
        }
        throw Failure(reason: "unterminated construct")
    }

    /// `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&#NN;` `&#xHH;`; anything else is malformed.
    static func decodeEntities(_ bytes: ArraySlice<UInt8>) throws -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var out = ""
        var i = bytes.startIndex
        while i < bytes.endIndex {
            guard bytes[i] == UInt8(ascii: "&") else {
                let end = bytes[i...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.endIndex
                out += String(decoding: bytes[i..<end], as: UTF8.self)
                i = end
                continue
            }
            guard let semicolon = bytes[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw Failure(reason: "unterminated entity")
            }
            out += try entity(String(decoding: bytes[(i + 1)..<semicolon], as: UTF8.self))
            i = semicolon + 1
        }
        return out
    }

    private static func entity(_ name: String) throws -> String {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            let number: UInt32? =
                name.hasPrefix("#x")
                ? UInt32(name.dropFirst(2), radix: 16)
                : name.hasPrefix("#") ? UInt32(name.dropFirst(), radix: 10) : nil
            guard let number, let scalar = Unicode.Scalar(number) else { throw Failure(reason: "unknown entity &\(name);") }
            return String(Character(scalar))
        }
    }
}
