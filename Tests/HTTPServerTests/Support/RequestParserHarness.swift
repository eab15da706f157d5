import TestSupport

@testable import HTTPServer

/// An `HTTPRequestParser` with the cumulation buffer a connection keeps.
struct RequestParserHarness {
    var parser: HTTPRequestParser
    var buffer: [UInt8] = []

    init(limits: HTTPLimits = HTTPLimits()) { parser = HTTPRequestParser(limits: limits) }

    /// Appends `chunk` and returns every part it completes.
    mutating func feed(_ chunk: ArraySlice<UInt8>) throws -> [HTTPRequestPart] {
        buffer += chunk
        var parts: [HTTPRequestPart] = []
        while true {
            let step = try buffer.withUnsafeBytes { try parser.next($0) }
            buffer.removeFirst(step.consumed)
            if let part = step.part {
                parts.append(part)
            } else if step.consumed == 0 {
                return parts
            }
        }
    }

    /// A verifier for request streams parsed with `limits`.
    static func verifier(limits: HTTPLimits = HTTPLimits()) -> ParserVerifier<RequestParserHarness, HTTPRequestPart> {
        var verifier = ParserVerifier<RequestParserHarness, HTTPRequestPart>(
            makeParser: { RequestParserHarness(limits: limits) },
            feed: { harness, chunk in try harness.feed(chunk) })
        verifier.normalize = mergeBodies
        return verifier
    }

    /// Adjacent body pieces merged: how a body is cut depends on how it arrived.
    static func mergeBodies(_ parts: [HTTPRequestPart]) -> [HTTPRequestPart] {
        var merged: [HTTPRequestPart] = []
        for part in parts {
            if case .body(let more) = part, case .body(let previous)? = merged.last {
                merged[merged.count - 1] = .body(previous + more)
            } else {
                merged.append(part)
            }
        }
        return merged
    }
}

extension String {
    /// The UTF-8 bytes of a test message.
    var bytes: [UInt8] { Array(utf8) }
}
