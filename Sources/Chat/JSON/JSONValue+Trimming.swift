extension JSONValue {
    /// The value with every array longer than `limit` cut to its first `limit` elements; in an object,
    /// a cut array `key` gains a sibling `key_total` holding its full length, so the model still sees the count.
    ///
    /// Beat and onset times run to thousands of entries on long tracks; the model needs a sample, not all.
    /// - Parameter limit: the most elements kept per array, ≥ 0; the conversation uses 64.
    /// - Returns: the shortened value; unchanged when no array is longer than `limit`.
    public func trimmingArrays(to limit: Int) -> JSONValue {
        switch self {
        case .array(let elements):
            return .array(elements.prefix(limit).map { $0.trimmingArrays(to: limit) })
        case .object(let members):
            var trimmed: [String: JSONValue] = [:]
            for (key, value) in members {
                trimmed[key] = value.trimmingArrays(to: limit)
                if let elements = value.arrayValue, elements.count > limit, members["\(key)_total"] == nil {
                    trimmed["\(key)_total"] = .number(Double(elements.count))
                }
            }
            return .object(trimmed)
        case .null, .bool, .number, .string:
            return self
        }
    }
}
