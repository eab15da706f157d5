/// Whose rows a lookup may see: one user's, or everyone's (the API key acts as administrator).
enum OwnerScope: Sendable, Hashable {
    /// Every row, whoever owns it.
    case all
    /// Only rows owned by this user id.
    case user(Int64)
}
