import HTTPServer

/// A split point chosen by the input itself, so libFuzzer explores splits as it explores bytes.
func splitPoint(_ bytes: [UInt8]) -> Int {
    guard let first = bytes.first, bytes.count > 1 else { return 0 }
    return Int(first) % bytes.count
}

/// Host field values and absolute-form authorities: parsing never traps, and what parses
/// prints back to something that parses to the same host.
func fuzzHTTPHost(_ bytes: [UInt8]) {
    guard let host = HTTPHost(bytes: bytes) else { return }
    precondition(HTTPHost(host.description) == host, "a parsed host did not round-trip")
}

/// A multipart body fed whole and in two pieces: the same events, or the same failure.
func fuzzMultipart(_ bytes: [UInt8]) {
    guard let boundary = try? MultipartBoundary(contentType: "multipart/form-data; boundary=XyZ") else { return }
    let limits = MultipartParser.Limits(maxParts: 8, maxHeaderSectionSize: 512, maxHeaderCount: 8)
    func run(_ chunks: [ArraySlice<UInt8>]) -> (events: [MultipartEvent], failed: Bool) {
        var parser = MultipartParser(boundary: boundary, limits: limits)
        var events: [MultipartEvent] = []
        do {
            for chunk in chunks { events += try parser.parse(chunk) }
            try parser.finish()
            return (joiningBodies(events), false)
        } catch {
            return (joiningBodies(events), true)
        }
    }
    let cut = splitPoint(bytes)
    let whole = run([bytes[...]])
    let split = run([bytes[..<cut], bytes[cut...]])
    precondition(whole.failed == split.failed, "a split changed whether the body parsed")
    if !whole.failed { precondition(whole.events == split.events, "a split changed the events") }
}

/// Consecutive body pieces joined: chunking may cut a body anywhere.
private func joiningBodies(_ events: [MultipartEvent]) -> [MultipartEvent] {
    var out: [MultipartEvent] = []
    for event in events {
        if case .body(let more) = event, case .body(let previous)? = out.last {
            out[out.count - 1] = .body(ArraySlice(Array(previous) + Array(more)))
        } else {
            out.append(event)
        }
    }
    return out
}

/// WebSocket frames through the decoder, the message assembler and the UTF-8 check, as a
/// connection feeds them: never a trap, and a limit is never exceeded.
func fuzzWebSocket(_ bytes: [UInt8]) {
    var decoder = WebSocketFrameDecoder(maxFrameSize: 4096)
    var assembler = WebSocketMessageAssembler(configuration: .init(maxMessageSize: 8192, acceptsBinaryMessages: true))
    let cut = splitPoint(bytes)
    for chunk in [bytes[..<cut], bytes[cut...]] {
        guard let frames = try? decoder.decode(chunk) else { return }
        for frame in frames {
            precondition(frame.payload.count <= 4096, "a frame over the limit got through")
            let message: WebSocketMessage?
            do { message = try assembler.receive(frame) } catch { return }
            if case .text(let text)? = message {
                precondition(UTF8Validator.isValid(Array(text.utf8)), "invalid UTF-8 assembled into text")
            }
        }
    }
    _ = UTF8Validator.isValid(bytes)
}
