/// Who is making a request, once authenticated.
enum Identity: Sendable, Equatable {
    /// The API key: an administrator that sees every track.
    case apiKey
    /// A user holding an access token.
    case user(id: Int64, isDemo: Bool)

    /// The tracks and fragments this identity may see (API.md "Ownership").
    var scope: OwnerScope {
        switch self {
        case .apiKey: .all
        case .user(let id, _): .user(id)
        }
    }

    /// The owner recorded on what this identity creates; nil for the API key.
    var ownerID: Int64? {
        if case .user(let id, _) = self { return id }
        return nil
    }
}
