internal import CFFTW
import Synchronization

/// A single-precision FFTW plan of one kind and length, shared by all threads.
///
/// FFTW's planner is not thread-safe, its executor is: plans are created and
/// destroyed only under `FFTPlan.planner`, then executed concurrently with the
/// new-array interface (`fftwf_execute_dft_r2c`) on buffers from `FFTBuffer`,
/// which have the alignment the plan was made with. Planning uses
/// FFTW_ESTIMATE so the chosen algorithm (and the instruction count) repeats.
// @unchecked Sendable: the fftwf_plan handle; immutable after init, planned/destroyed under `planner`; checked by the concurrency tests.
final class FFTPlan: @unchecked Sendable {
    /// Transform direction: real → half complex, or half complex → real.
    enum Kind: Hashable, Sendable {
        case realToComplex
        case complexToReal
    }

    private struct Key: Hashable {
        let kind: Kind
        let n: Int
    }

    /// The process-wide planner lock; the cache it guards is FFTW's own planner state.
    private static let planner = Mutex<[Key: FFTPlan]>([:])

    /// Transform length in real samples.
    let n: Int
    let kind: Kind
    private let plan: OpaquePointer

    private init(kind: Kind, n: Int, plan: OpaquePointer) {
        self.kind = kind
        self.n = n
        self.plan = plan
    }

    /// The shared plan for `kind` and `n`, created once.
    static func shared(_ kind: Kind, n: Int) -> FFTPlan {
        planner.withLock { cache in
            if let plan = cache[Key(kind: kind, n: n)] { return plan }
            let plan = make(kind, n: n)
            cache[Key(kind: kind, n: n)] = plan
            return plan
        }
    }

    /// Runs `body` with an in-place real-to-complex plan for a length used once
    /// (the whole-signal FFT), destroying the plan afterwards.
    static func withInPlaceRealToComplex<R>(
        _ buffer: FFTBuffer, n: Int, _ body: (FFTPlan) -> R
    ) -> R {
        let plan = planner.withLock { _ -> FFTPlan? in
            let raw = buffer.floats
            let complex = UnsafeMutableRawPointer(raw).assumingMemoryBound(to: fftwf_complex.self)
            return fftwf_plan_dft_r2c_1d(Int32(n), raw, complex, UInt32(FFTW_ESTIMATE))
                .map { FFTPlan(kind: .realToComplex, n: n, plan: $0) }
        }
        guard let plan else { preconditionFailure("FFTW could not plan length \(n)") }
        defer { planner.withLock { _ in fftwf_destroy_plan(plan.plan) } }
        return body(plan)
    }

    private static func make(_ kind: Kind, n: Int) -> FFTPlan {
        let real = FFTBuffer(floats: n)
        let complex = FFTBuffer(floats: 2 * (n / 2 + 1))
        let flags = UInt32(FFTW_ESTIMATE)
        let plan: OpaquePointer? = switch kind {
        case .realToComplex:
            fftwf_plan_dft_r2c_1d(Int32(n), real.floats, complex.complex, flags)
        case .complexToReal:
            fftwf_plan_dft_c2r_1d(Int32(n), complex.complex, real.floats, flags)
        }
        guard let plan else { preconditionFailure("FFTW could not plan length \(n)") }
        return FFTPlan(kind: kind, n: n, plan: plan)
    }

    /// Forward transform of `input` (`n` reals) into `output` (`n/2+1` complex).
    func forward(_ input: FFTBuffer, _ output: FFTBuffer) {
        precondition(kind == .realToComplex && input.count >= n && output.count >= 2 * (n / 2 + 1))
        fftwf_execute_dft_r2c(plan, input.floats, output.complex)
    }

    /// Unnormalised inverse of `input` (`n/2+1` complex) into `output` (`n` reals).
    /// FFTW's c2r overwrites its input.
    func inverse(_ input: FFTBuffer, _ output: FFTBuffer) {
        precondition(kind == .complexToReal && output.count >= n && input.count >= 2 * (n / 2 + 1))
        fftwf_execute_dft_c2r(plan, input.complex, output.floats)
    }

    /// In-place forward transform for plans from `withInPlaceRealToComplex`.
    func forwardInPlace(_ buffer: FFTBuffer) {
        fftwf_execute_dft_r2c(plan, buffer.floats, buffer.complex)
    }
}

/// SIMD-aligned float storage from `fftwf_malloc`, owned by one analysis.
final class FFTBuffer {
    /// Capacity in floats.
    let count: Int
    /// The storage as reals.
    let floats: UnsafeMutablePointer<Float>

    /// Allocates `floats` zeroed floats.
    init(floats count: Int) {
        self.count = count
        let bytes = max(1, count) * MemoryLayout<Float>.stride
        guard let raw = fftwf_malloc(bytes) else {
            preconditionFailure("fftwf_malloc failed for \(bytes) bytes")
        }
        floats = raw.bindMemory(to: Float.self, capacity: max(1, count))
        floats.initialize(repeating: 0, count: max(1, count))
    }

    deinit { fftwf_free(floats) }

    /// The storage as interleaved complex numbers (re, im).
    var complex: UnsafeMutablePointer<fftwf_complex> {
        UnsafeMutableRawPointer(floats).assumingMemoryBound(to: fftwf_complex.self)
    }
}

@available(*, unavailable, message: "an FFTBuffer belongs to one analysis on one thread")
extension FFTBuffer: Sendable {}
