/// Checks `condition` until it holds; `timeout` only bounds a failure.
/// - Throws: `ThrowawayError` when it still does not hold after `timeout`.
package func waitUntil(timeout: Duration = .seconds(30), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { throw ThrowawayError("condition not met within \(timeout)") }
        try await Task.sleep(for: .milliseconds(10))
    }
}
