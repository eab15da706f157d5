import Foundation

/// libFuzzer's driver (LLVM >= 11); SwiftPM links an executable's entry point
/// as `<Module>_main`, so we provide that and hand control to the driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// Every target, by the name FUZZ_TARGET gives (and its corpus folder under Fuzz/Corpus).
let targets: [String: @Sendable ([UInt8]) -> Void] = [
    "http-request": fuzzHTTPRequest,
    "http-host": fuzzHTTPHost,
    "multipart": fuzzMultipart,
    "websocket": fuzzWebSocket,
    "sse": fuzzSSE,
    "provider-stream": fuzzProviderStreams,
    "json-body": fuzzJSONBodies,
    "database-url": fuzzDatabaseURL,
    "audio": fuzzAudioDecoding,
]

@_cdecl("Fuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard targets[name] != nil else {
        FileHandle.standardError.write(Data("set FUZZ_TARGET to one of: \(targets.keys.sorted().joined(separator: ", "))\n".utf8))
        return 2
    }
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { start, count in fuzz(start, count) }
}

/// One input for the selected target (libFuzzer also requires this symbol to exist).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    selectedTarget?(Array(UnsafeBufferPointer(start: start, count: count)))
    return 0
}

/// The target this run exercises (read once).
let selectedTarget = targets[ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""]
