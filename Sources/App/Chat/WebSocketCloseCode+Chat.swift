import HTTPServer

extension WebSocketCloseCode {
    /// 4001: the credentials in the query were missing or invalid (API.md).
    static let unauthorized = WebSocketCloseCode(rawValue: 4001)
    /// 4004: the track does not exist, the id is malformed, or it belongs to someone else (API.md).
    static let trackNotFound = WebSocketCloseCode(rawValue: 4004)
    /// 4029: the user already holds CHAT_MAX_SOCKETS_PER_USER open chat sockets (429's meaning,
    /// in the 4000–4999 range RFC 6455 §7.4.2 leaves to applications).
    static let tooManySockets = WebSocketCloseCode(rawValue: 4029)
}
