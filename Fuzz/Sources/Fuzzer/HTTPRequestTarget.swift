import HTTPServer

/// Feeds the input to the request parser twice: whole, and split at a point
/// chosen by the input's first byte; both runs must agree on the parts
/// produced before any error (the parser accepts any split of a stream).
func fuzzHTTPRequest(_ bytes: [UInt8]) {
    let limits = HTTPLimits(maxRequestLineBytes: 512, maxHeaderBytes: 1024, maxHeaderCount: 16)
    let whole = run([bytes[...]], limits: limits)
    if let first = bytes.first, bytes.count > 1 {
        let cut = Int(first) % bytes.count
        let split = run([bytes[..<cut], bytes[cut...]], limits: limits)
        precondition(merged(whole.parts) == merged(split.parts) && whole.failed == split.failed, "split changed the result")
    }
}

private func run(_ chunks: [ArraySlice<UInt8>], limits: HTTPLimits) -> (parts: [HTTPRequestPart], failed: Bool) {
    var parser = HTTPRequestParser(limits: limits)
    var buffer: [UInt8] = []
    var parts: [HTTPRequestPart] = []
    for chunk in chunks {
        buffer += chunk
        while true {
            let step: (consumed: Int, part: HTTPRequestPart?)
            do {
                step = try buffer.withUnsafeBytes { try parser.next($0) }
            } catch {
                return (parts, true)
            }
            precondition(step.consumed <= buffer.count, "consumed more than offered")
            buffer.removeFirst(step.consumed)
            if let part = step.part { parts.append(part) } else if step.consumed == 0 { break }
        }
    }
    return (parts, false)
}

private func merged(_ parts: [HTTPRequestPart]) -> [HTTPRequestPart] {
    var result: [HTTPRequestPart] = []
    for part in parts {
        if case .body(let more) = part, case .body(let previous)? = result.last {
            result[result.count - 1] = .body(previous + more)
        } else {
            result.append(part)
        }
    }
    return result
}
