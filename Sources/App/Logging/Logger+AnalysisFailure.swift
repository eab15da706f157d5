import AudioAnalysis
import Logging

extension Logger {
    /// Logs why an analysis failed. A file the decoder refused (`AnalysisError`) or whose content
    /// gave no result is the client's problem and its message is safe (no paths): a warning.
    /// Anything else is ours: an error.
    func analysisFailed(_ error: any Error, metadata: Metadata) {
        var metadata = metadata
        if let refusal = error as? AnalysisError {
            metadata["error"] = "\(refusal.description)"
            metadata["code"] = "\(refusal.code)"
            warning("analysis failed", metadata: metadata)
        } else if let missing = error as? FragmentResult.Missing {
            metadata["error"] = "\(missing.description)"
            warning("analysis failed", metadata: metadata)
        } else {
            metadata["error"] = "\(type(of: error)): \(error)"
            self.error("analysis failed", metadata: metadata)
        }
    }
}
