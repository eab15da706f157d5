/// Collects one part's header section byte by byte and splits it into fields
/// (RFC 2046 §5.1.1, RFC 5322 header syntax with CRLF line ends).
struct MultipartHeaderSection: Sendable {
    private let maxSize: Int
    private let maxCount: Int
    private var bytes: [UInt8] = []
    private var lineStart = 0
    private var fields: [(name: String, value: String)] = []

    init(maxSize: Int, maxCount: Int) {
        self.maxSize = maxSize
        self.maxCount = maxCount
    }

    /// Consumes bytes from `chunk[index...]` until the blank line that ends the section.
    /// - Returns: the fields and the index after the blank line, or nil when the chunk ran out first.
    mutating func consume(
        _ chunk: ArraySlice<UInt8>, from index: inout Int
    ) throws(MultipartError) -> [(name: String, value: String)]? {
        while index < chunk.endIndex {
            let byte = chunk[index]
            index += 1
            bytes.append(byte)
            guard bytes.count <= maxSize else { throw .headersTooLarge(limit: maxSize) }
            if let previous = bytes.dropLast().last, previous == UInt8(ascii: "\r"), byte != UInt8(ascii: "\n") {
                throw .invalidHeader  // bare CR
            }
            guard byte == UInt8(ascii: "\n") else { continue }
            guard bytes.count >= 2, bytes[bytes.count - 2] == UInt8(ascii: "\r") else { throw .invalidHeader }
            let line = bytes[lineStart..<bytes.count - 2]
            lineStart = bytes.count
            if line.isEmpty { return fields }
            guard fields.count < maxCount else { throw .tooManyHeaders(limit: maxCount) }
            fields.append(try Self.parseField(line))
        }
        return nil
    }

    /// Parses `name ":" OWS value OWS`; folded lines (obs-fold) are refused.
    private static func parseField(_ line: ArraySlice<UInt8>) throws(MultipartError) -> (name: String, value: String) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .invalidHeader }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(isTokenCharacter) else { throw .invalidHeader }
        var value = line[(colon + 1)...]
        while let first = value.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { value.removeFirst() }
        while let last = value.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { value.removeLast() }
        // Browsers send filenames as raw UTF-8; anything else is decoded lossily,
        // since the filename is only ever displayed.
        return (String(decoding: name, as: UTF8.self).lowercased(), String(decoding: value, as: UTF8.self))
    }

    /// RFC 9110 §5.6.2 `tchar`.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
