/// What the multipart parser found in the bytes it was given.
///
/// A body arrives as any number of `.body` pieces, cut wherever the input
/// chunks were cut; join or stream them, never assume one per part.
public enum MultipartEvent: Sendable, Equatable {
    /// A part starts; its body follows.
    case partHead(MultipartPartHead)
    /// The next bytes of the current part's body; never empty.
    case body(ArraySlice<UInt8>)
    /// The current part's body is complete.
    case partEnd
    /// The close delimiter was reached; anything after it is epilogue and ignored.
    case end
}
