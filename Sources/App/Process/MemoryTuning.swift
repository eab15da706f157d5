/// Allocator settings for a long-running server process.
public enum MemoryTuning {
    /// Largest allocation served from the heap; bigger ones are mapped and unmapped on their own.
    static let mmapThreshold: Int32 = 4 << 20
    /// glibc's `M_MMAP_THRESHOLD` option of `mallopt` (malloc.h).
    private static let mmapThresholdOption: Int32 = -3

    /// Fixes glibc's mmap threshold at 4 MiB. Left dynamic, freeing one 8 MiB buffer (an
    /// upload part sent to the bucket) raises the threshold to 8 MiB, so later buffers that
    /// size come from heap arenas that keep the pages after `free`: every thread that ever
    /// touched such a buffer then holds its high-water mark of resident memory. Below 4 MiB
    /// (a 15 s signal's arrays) the heap serves as before, without a page fault per buffer.
    /// - Returns: whether the allocator took the setting (false on a libc without it).
    @discardableResult
    public static func apply() -> Bool {
        #if os(Linux)
        return glibcMallopt(mmapThresholdOption, mmapThreshold) == 1
        #else
        return false
        #endif
    }
}

#if os(Linux)
// malloc.h is not part of the Glibc module; `mallopt` has had this C signature since glibc 2.0.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
