import AudioAnalysis
import Database
import Foundation

/// DATABASE_URL values: a clear error or a URL, never a trap, and the description never shows a password.
func fuzzDatabaseURL(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    do {
        let url = try DatabaseURL(parsing: text)
        // The authority runs from "://" to the first "/" or "?" (RFC 3986 §3.2); its userinfo ends at
        // the authority's last "@", and the password follows the userinfo's first ":".
        if case .postgres = url, let scheme = text.range(of: "://") {
            let authority = text[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                let password = String(authority[authority.index(after: colon)..<at])
                // Only a password that appears nowhere else in the URL (a query value may repeat its text).
                if password.count >= 8, text.components(separatedBy: password).count == 2 {
                    precondition(!url.description.contains(password), "the description shows the password")
                }
            }
        }
    } catch {
        _ = "\(error)"
    }
}

/// Audio files with malformed headers through the decoder API (libsndfile, libsoxr, the loudness
/// meter): every outcome is a decoded signal or an AnalysisError, within the limits.
func fuzzAudioDecoding(_ bytes: [UInt8]) {
    guard bytes.count >= 4 else { return }
    // The first byte picks the container libsndfile is offered, as an upload's extension would.
    let extensions = ["wav", "flac", "ogg", "mp3", "aiff", "opus"]
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("fuzz-\(getpid()).\(extensions[Int(bytes[0]) % extensions.count])")
    defer { try? FileManager.default.removeItem(at: url) }
    guard (try? Data(bytes.dropFirst()).write(to: url)) != nil else { return }
    let decoder = SndFileDecoder(options: DecoderOptions(maxSeconds: 30))
    do {
        _ = try decoder.probe(url: url)
        let decoded = try decoder.decode(url: url)
        precondition(decoded.signal.samples.count <= 30 * 22_050 + 4 * 8192, "decoded past the duration limit")
        precondition(decoded.signal.samples.allSatisfy(\.isFinite), "a non-finite sample got through")
    } catch is AnalysisError {
        // The expected outcome for most inputs: a clear, typed refusal.
    } catch {
        preconditionFailure("decoding threw something other than AnalysisError: \(error)")
    }
}
