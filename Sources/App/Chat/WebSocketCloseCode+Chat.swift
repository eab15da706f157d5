import HTTPServer

extension WebSocketCloseCode {
    /// 4001: the credentials in the query were missing or invalid (API.md).
    static let unauthorized = WebSocketCloseCode(rawValue: 4001)
    /// 4004: the track does not exist, the id is malformed, or it belongs to someone else (API.md).
    static let trackNotFound = WebSocketCloseCode(rawValue: 4004)
}
