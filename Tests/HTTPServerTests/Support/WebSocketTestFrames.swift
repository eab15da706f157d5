import TestSupport

@testable import HTTPServer

/// Builds the bytes a browser would send, for feeding the server-side decoder.
enum ClientFrame {
    /// The masking key tests use unless they say otherwise.
    static let key: UInt32 = 0x37FA_213D

    /// A masked frame written by the encoder.
    static func bytes(
        _ opcode: WebSocketOpcode, _ payload: [UInt8] = [], fin: Bool = true,
        rsv: (Bool, Bool, Bool) = (false, false, false), key: UInt32 = key
    ) -> [UInt8] {
        WebSocketFrameEncoder().encode(frame(opcode, payload, fin: fin, rsv: rsv, key: key))
    }

    /// A text frame whose payload is the UTF-8 of `text`.
    static func text(_ text: String, fin: Bool = true) -> [UInt8] {
        bytes(.text, Array(text.utf8), fin: fin)
    }

    /// A close frame with a code and raw reason bytes.
    static func close(_ code: UInt16, reason: [UInt8] = []) -> [UInt8] {
        bytes(.close, [UInt8(code >> 8), UInt8(code & 0xFF)] + reason)
    }

    /// The frame value the decoder should yield for `bytes(...)`.
    static func frame(
        _ opcode: WebSocketOpcode, _ payload: [UInt8] = [], fin: Bool = true,
        rsv: (Bool, Bool, Bool) = (false, false, false), key: UInt32 = key
    ) -> WebSocketFrame {
        WebSocketFrame(fin: fin, rsv1: rsv.0, rsv2: rsv.1, rsv3: rsv.2, opcode: opcode, maskingKey: key, payload: payload)
    }

    /// A hand-written header: first byte, then the 7-bit length field (mask bit
    /// set unless `masked` is false), then any extended length bytes, then the key.
    static func rawHeader(first: UInt8, lengthField: UInt8, extended: [UInt8] = [], masked: Bool = true) -> [UInt8] {
        [first, lengthField | (masked ? 0x80 : 0)] + extended + (masked ? [0x37, 0xFA, 0x21, 0x3D] : [])
    }
}

/// A decoder followed by an assembler, as a connection runs them.
struct WebSocketPipeline {
    var decoder: WebSocketFrameDecoder
    var assembler: WebSocketMessageAssembler

    init(
        maxFrameSize: Int = WebSocketFrameDecoder.defaultMaxFrameSize,
        configuration: WebSocketMessageAssembler.Configuration = .init(acceptsBinaryMessages: true)
    ) {
        decoder = WebSocketFrameDecoder(maxFrameSize: maxFrameSize)
        assembler = WebSocketMessageAssembler(configuration: configuration)
    }

    mutating func feed(_ bytes: ArraySlice<UInt8>) throws -> [WebSocketMessage] {
        decoder.append(bytes)
        var messages: [WebSocketMessage] = []
        while let frame = try decoder.nextFrame() {
            if let message = try assembler.receive(frame) { messages.append(message) }
        }
        return messages
    }

    /// A verifier over the whole pipeline.
    static func verifier(
        maxFrameSize: Int = WebSocketFrameDecoder.defaultMaxFrameSize,
        configuration: WebSocketMessageAssembler.Configuration = .init(acceptsBinaryMessages: true)
    ) -> ParserVerifier<WebSocketPipeline, WebSocketMessage> {
        ParserVerifier(
            makeParser: { WebSocketPipeline(maxFrameSize: maxFrameSize, configuration: configuration) },
            feed: { pipeline, bytes in try pipeline.feed(bytes) })
    }
}
