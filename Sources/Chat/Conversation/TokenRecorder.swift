internal import Synchronization

/// Counts and collects the tokens sent to the client during one answer; shared with the provider's
/// streaming callback, which may run on any thread.
final class TokenRecorder: Sendable {
    private let state = Mutex<(text: String, pieces: Int)>(("", 0))

    /// Records one piece sent to the client.
    func record(_ piece: String) {
        state.withLock {
            $0.text += piece
            $0.pieces += 1
        }
    }

    /// How many pieces have been sent so far.
    var pieces: Int { state.withLock { $0.pieces } }

    /// Everything sent so far, joined.
    var text: String { state.withLock { $0.text } }
}
