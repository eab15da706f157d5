import TestSupport

@testable import HTTPServer

/// Builds multipart bodies and runs the parser over them for tests.
enum MultipartTestBody {
    static let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"

    /// A part: its header lines and body, framed by the caller.
    static func part(_ headers: [String], _ body: [UInt8]) -> [UInt8] {
        Array("--\(boundary)\r\n".utf8) + headers.flatMap { Array("\($0)\r\n".utf8) } + Array("\r\n".utf8) + body + Array("\r\n".utf8)
    }

    /// A field part with a Content-Disposition for `name` (and `filename`).
    static func field(_ name: String, filename: String? = nil, contentType: String? = nil, _ body: [UInt8]) -> [UInt8] {
        var disposition = "Content-Disposition: form-data; name=\"\(name)\""
        if let filename { disposition += "; filename=\"\(filename)\"" }
        return part([disposition] + (contentType.map { ["Content-Type: \($0)"] } ?? []), body)
    }

    static var close: [UInt8] { Array("--\(boundary)--\r\n".utf8) }

    /// The head the parser should report for `field(...)`.
    static func head(_ name: String, filename: String? = nil, contentType: String? = nil) throws -> MultipartPartHead {
        var disposition = "form-data; name=\"\(name)\""
        if let filename { disposition += "; filename=\"\(filename)\"" }
        var headers: [(name: String, value: String)] = [("content-disposition", disposition)]
        if let contentType { headers.append(("content-type", contentType)) }
        return try MultipartPartHead(headers: headers)
    }

    /// Events with adjacent body pieces merged, since chunking decides how a body is cut.
    static func normalize(_ events: [MultipartEvent]) -> [MultipartEvent] {
        var merged: [MultipartEvent] = []
        for event in events {
            if case .body(let more) = event, case .body(let sofar)? = merged.last {
                merged[merged.count - 1] = .body(ArraySlice(Array(sofar) + Array(more)))
            } else {
                merged.append(event)
            }
        }
        return merged
    }

    static func verifier(
        boundary: String = boundary, limits: MultipartParser.Limits = .init()
    ) throws -> ParserVerifier<MultipartParser, MultipartEvent> {
        let parsed = try MultipartBoundary(boundary)
        return ParserVerifier(
            makeParser: { MultipartParser(boundary: parsed, limits: limits) },
            feed: { parser, bytes in try parser.parse(bytes) },
            normalize: normalize)
    }
}
