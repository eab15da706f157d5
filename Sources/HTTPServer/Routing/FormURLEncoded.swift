/// `application/x-www-form-urlencoded` (the URL Standard's form encoding): `name=value` pairs
/// joined by `&`, `+` for a space, percent-escapes decoded. Used for query strings and form bodies.
public enum FormURLEncoded {
    /// The pairs of `text`, in order; a malformed escape is kept as written rather than dropped.
    /// - Parameter text: the encoded form, without a leading `?`.
    /// - Returns: `(name, value)` pairs; a pair without `=` has an empty value.
    public static func decode(_ text: Substring) -> [(name: String, value: String)] {
        text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in
                let spaced = String(s.map { $0 == "+" ? " " : $0 })
                return RequestTarget.percentDecode(Substring(spaced)) ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
