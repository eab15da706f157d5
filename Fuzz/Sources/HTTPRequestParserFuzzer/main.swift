import HTTPServer

/// libFuzzer's driver (LLVM >= 11); SwiftPM links an executable's entry point
/// as `<Module>_main`, so we provide that and hand control to the driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("HTTPRequestParserFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { start, count in fuzz(start, count) }
}

/// Feeds the input to the request parser twice: whole, and split at a point
/// chosen by the input's first byte; both runs must agree on the parts
/// produced before any error (the parser accepts any split of a stream).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    let limits = HTTPLimits(maxRequestLineBytes: 512, maxHeaderBytes: 1024, maxHeaderCount: 16)
    let whole = run([bytes[...]], limits: limits)
    if let first = bytes.first, bytes.count > 1 {
        let cut = Int(first) % bytes.count
        let split = run([bytes[..<cut], bytes[cut...]], limits: limits)
        precondition(merged(whole.parts) == merged(split.parts) && whole.failed == split.failed, "split changed the result")
    }
    return 0
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
