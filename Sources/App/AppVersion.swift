/// The server's version, reported by /health/, `audio-server version` and as `model_version`.
public enum AppVersion {
    public static let current = "0.1.0"
}
