import Testing

@testable import App

@Suite struct MemoryTuningTests {
    @Test func theAllocatorTakesTheFixedMmapThreshold() {
        #if os(Linux)
        #expect(MemoryTuning.apply())
        #endif
    }
}
