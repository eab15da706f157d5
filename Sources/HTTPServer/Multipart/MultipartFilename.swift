/// Turns a client-supplied filename into something safe to show or to use as
/// the display name of a stored file.
public enum MultipartFilename {
    /// The last path component of `raw`, with control characters removed.
    ///
    /// Both `/` and `\` count as separators, whatever the server's platform,
    /// since the client's may differ; NUL and other C0/DEL control characters
    /// are dropped; surrounding whitespace is trimmed; `.` and `..` become
    /// empty. Never use the result as a path on its own: store files under
    /// names the server chooses.
    /// - Parameter raw: the filename as sent (`MultipartPartHead.filename`).
    /// - Returns: the display name; empty when nothing usable is left.
    public static func displayName(_ raw: String) -> String {
        var component: [Unicode.Scalar] = []
        for scalar in raw.unicodeScalars {
            if scalar == "/" || scalar == "\\" {
                component.removeAll()
            } else if scalar.value >= 0x20 && scalar.value != 0x7F {
                component.append(scalar)
            }
        }
        while let first = component.first, first.properties.isWhitespace { component.removeFirst() }
        while let last = component.last, last.properties.isWhitespace { component.removeLast() }
        let name = String(String.UnicodeScalarView(component))
        return name == "." || name == ".." ? "" : name
    }
}
