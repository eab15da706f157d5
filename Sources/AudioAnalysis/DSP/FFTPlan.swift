internal import CFFTW
import Synchronization

/// An FFTW plan of one kind, precision and length, shared by all threads.
///
/// FFTW's planner is not thread-safe, its executor is: plans are created and
/// destroyed only under `FFTPlan.planner` (one lock for both precisions;
/// planning is rare), then executed concurrently with the
/// new-array interface (`fftwf_execute_dft_r2c`, `fftw_execute_dft`) on
/// buffers from `FFTBuffer` or `DoubleFFTBuffer`, which have the alignment the
/// plan was made with. Planning uses FFTW_ESTIMATE so the chosen algorithm
/// (and the instruction count) repeats.
// @unchecked Sendable: the fftwf_plan/fftw_plan handle; immutable after init, planned/destroyed under `planner`; checked by the concurrency tests.
final class FFTPlan: @unchecked Sendable {
    /// Transform direction: real → half complex, or half complex → real.
    enum Kind: Hashable, Sendable {
        case realToComplex
        case complexToReal
        /// In-place complex transform, forward (e^−iωt).
        case complexForward
        /// In-place complex transform, backward (e^+iωt), unnormalised.
        case complexBackward
        /// In-place real-to-complex transform of a whole signal.
        case realToComplexInPlace
    }

    /// Sample type: float32 (`fftwf_*`) for spectra, float64 (`fftw_*`) for
    /// sums that cancel (the tempogram's correlations). Float64 plans are of
    /// the complex kinds only, in place on `DoubleFFTBuffer`.
    enum Precision: Hashable, Sendable {
        case single
        case double
    }

    private struct Key: Hashable {
        let kind: Kind
        let precision: Precision
        let n: Int
    }

    /// Plans kept across analyses: fixed sizes for good, signal-dependent
    /// lengths in a short most-recently-used list.
    private struct Cache {
        var fixed: [Key: FFTPlan] = [:]
        var recent: [FFTPlan] = []
    }

    /// The process-wide planner lock; the cache it guards is FFTW's own planner state.
    private static let planner = Mutex(Cache())
    /// Signal-dependent lengths whose plans are kept (repeated analyses of one file reuse them).
    static let recentPlanLimit = 4

    /// Transform length in real samples.
    let n: Int
    let kind: Kind
    let precision: Precision
    private let plan: OpaquePointer

    private init(_ key: Key, plan: OpaquePointer) {
        kind = key.kind
        precision = key.precision
        n = key.n
        self.plan = plan
    }

    // The last reference can go on any thread, after its last execution; never
    // inside the planner lock (evicted plans are released after unlocking).
    deinit {
        Self.planner.withLock { _ in
            switch precision {
            case .single: fftwf_destroy_plan(plan)
            case .double: fftw_destroy_plan(plan)
            }
        }
    }

    /// The shared plan for `kind`, `precision` and `n`, created once.
    static func shared(_ kind: Kind, n: Int, precision: Precision = .single) -> FFTPlan {
        let key = Key(kind: kind, precision: precision, n: n)
        return planner.withLock { cache in
            if let plan = cache.fixed[key] { return plan }
            let plan = make(key)
            cache.fixed[key] = plan
            return plan
        }
    }

    /// Plans for one-off lengths (whole-signal FFTs) are kept only when their
    /// tables are small; a long recording's plan would pin its twiddle tables.
    static let cachedLengthLimit = 1 << 21

    /// Runs `body` with a plan of `kind` for a signal-dependent length `n`.
    ///
    /// Up to `cachedLengthLimit` the plan joins the `recentPlanLimit` most
    /// recently used ones (each distinct length would otherwise pin its tables
    /// for good); longer ones are destroyed after use. In-place kinds are
    /// planned on `buffer` itself when given (FFTW_ESTIMATE never touches the
    /// data), so a long signal needs no second buffer.
    static func withPlan<R>(
        _ kind: Kind, n: Int, precision: Precision = .single, buffer: FFTBuffer? = nil, _ body: (FFTPlan) -> R
    ) -> R {
        let key = Key(kind: kind, precision: precision, n: n)
        guard n <= cachedLengthLimit else {
            let plan = planner.withLock { _ in make(key, inPlace: buffer) }
            return body(plan)
        }
        let (plan, evicted) = planner.withLock { cache -> (FFTPlan, FFTPlan?) in
            if let i = cache.recent.firstIndex(where: { $0.key == key }) {
                let plan = cache.recent.remove(at: i)
                cache.recent.append(plan)
                return (plan, nil)
            }
            let plan = make(key, inPlace: buffer)
            cache.recent.append(plan)
            return (plan, cache.recent.count > recentPlanLimit ? cache.recent.removeFirst() : nil)
        }
        withExtendedLifetime(evicted) {}
        return body(plan)
    }

    private var key: Key { Key(kind: kind, precision: precision, n: n) }

    private static func make(_ key: Key, inPlace buffer: FFTBuffer? = nil) -> FFTPlan {
        let plan =
            switch key.precision {
            case .single: planSingle(key.kind, n: key.n, inPlace: buffer)
            case .double: planDouble(key.kind, n: key.n)
            }
        guard let plan else { preconditionFailure("FFTW could not plan length \(key.n)") }
        return FFTPlan(key, plan: plan)
    }

    private static func planSingle(_ kind: Kind, n: Int, inPlace buffer: FFTBuffer?) -> OpaquePointer? {
        let real = FFTBuffer(floats: kind == .realToComplex || kind == .complexToReal ? n : 1)
        let complexCount = kind == .complexForward || kind == .complexBackward ? 2 * n : 2 * (n / 2 + 1)
        let complex = buffer.flatMap { $0.count >= complexCount ? $0 : nil } ?? FFTBuffer(floats: complexCount)
        let flags = UInt32(FFTW_ESTIMATE)
        return switch kind {
        case .realToComplex:
            fftwf_plan_dft_r2c_1d(Int32(n), real.floats, complex.complex, flags)
        case .complexToReal:
            fftwf_plan_dft_c2r_1d(Int32(n), complex.complex, real.floats, flags)
        case .complexForward:
            fftwf_plan_dft_1d(Int32(n), complex.complex, complex.complex, FFTW_FORWARD, flags)
        case .complexBackward:
            fftwf_plan_dft_1d(Int32(n), complex.complex, complex.complex, FFTW_BACKWARD, flags)
        case .realToComplexInPlace:
            fftwf_plan_dft_r2c_1d(Int32(n), complex.floats, complex.complex, flags)
        }
    }

    /// Float64 plans are complex and in place, made on a buffer of their own
    /// (FFTW_ESTIMATE reads only its address, for the alignment).
    private static func planDouble(_ kind: Kind, n: Int) -> OpaquePointer? {
        let sign =
            switch kind {
            case .complexForward: FFTW_FORWARD
            case .complexBackward: FFTW_BACKWARD
            case .realToComplex, .complexToReal, .realToComplexInPlace: preconditionFailure("float64 plans are complex")
            }
        let buffer = DoubleFFTBuffer(doubles: 2 * n)
        return fftw_plan_dft_1d(Int32(n), buffer.complex, buffer.complex, sign, UInt32(FFTW_ESTIMATE))
    }

    /// Forward transform of `input` (`n` reals) into `output` (`n/2+1` complex).
    /// Plans of `realToComplex` kind only (out of place).
    func forward(_ input: FFTBuffer, _ output: FFTBuffer) {
        precondition(kind == .realToComplex && precision == .single && input.count >= n && output.count >= 2 * (n / 2 + 1))
        fftwf_execute_dft_r2c(plan, input.floats, output.complex)
    }

    /// Unnormalised inverse of `input` (`n/2+1` complex) into `output` (`n` reals).
    /// FFTW's c2r overwrites its input.
    func inverse(_ input: FFTBuffer, _ output: FFTBuffer) {
        precondition(kind == .complexToReal && precision == .single && output.count >= n && input.count >= 2 * (n / 2 + 1))
        fftwf_execute_dft_c2r(plan, input.complex, output.floats)
    }

    /// In-place transform of `buffer` (`realToComplexInPlace`, `complexForward`, `complexBackward`).
    func executeInPlace(_ buffer: FFTBuffer) {
        precondition(precision == .single, "float64 plan used on a float32 buffer")
        switch kind {
        case .realToComplexInPlace:
            precondition(buffer.count >= 2 * (n / 2 + 1))
            fftwf_execute_dft_r2c(plan, buffer.floats, buffer.complex)
        case .complexForward, .complexBackward:
            precondition(buffer.count >= 2 * n)
            fftwf_execute_dft(plan, buffer.complex, buffer.complex)
        case .realToComplex, .complexToReal:
            preconditionFailure("out-of-place plan used in place")
        }
    }

    /// In-place float64 complex transform of `buffer` (`complexForward`, `complexBackward`).
    func executeInPlace(_ buffer: DoubleFFTBuffer) {
        precondition(precision == .double, "float32 plan used on a float64 buffer")
        precondition(buffer.count >= 2 * n)
        fftw_execute_dft(plan, buffer.complex, buffer.complex)
    }
}

/// SIMD-aligned float storage from `fftwf_malloc`, owned by one analysis.
final class FFTBuffer {
    /// Capacity in floats.
    let count: Int
    /// The storage as reals.
    let floats: UnsafeMutablePointer<Float>

    /// Allocates `floats` zeroed floats.
    convenience init(floats count: Int) {
        self.init(uninitialized: count)
        floats.update(repeating: 0, count: max(1, count))
    }

    /// Allocates `count` floats with a copy of `source` at the start and the rest zeroed.
    convenience init(floats count: Int, copying source: UnsafeBufferPointer<Float>) {
        self.init(uninitialized: count)
        let copied = min(count, source.count)
        if let base = source.baseAddress { floats.update(from: base, count: copied) }
        (floats + copied).update(repeating: 0, count: max(1, count) - copied)
    }

    /// Allocates `count` floats left as they are, for an FFT output that FFTW
    /// overwrites whole before anything reads it (zeroing a long one is a
    /// measurable pass over memory).
    init(uninitialized count: Int) {
        self.count = count
        let bytes = max(1, count) * MemoryLayout<Float>.stride
        guard let raw = fftwf_malloc(bytes) else {
            preconditionFailure("fftwf_malloc failed for \(bytes) bytes")
        }
        floats = raw.bindMemory(to: Float.self, capacity: max(1, count))
    }

    deinit { fftwf_free(floats) }

    /// The storage as interleaved complex numbers (re, im).
    var complex: UnsafeMutablePointer<fftwf_complex> {
        UnsafeMutableRawPointer(floats).assumingMemoryBound(to: fftwf_complex.self)
    }
}

@available(*, unavailable, message: "an FFTBuffer belongs to one analysis on one thread")
extension FFTBuffer: Sendable {}

/// SIMD-aligned double storage from `fftw_malloc`, zeroed, owned by one analysis.
final class DoubleFFTBuffer {
    /// Capacity in doubles.
    let count: Int
    /// The storage as reals.
    let doubles: UnsafeMutablePointer<Double>

    /// Allocates `count` zeroed doubles.
    init(doubles count: Int) {
        self.count = count
        let bytes = max(1, count) * MemoryLayout<Double>.stride
        guard let raw = fftw_malloc(bytes) else {
            preconditionFailure("fftw_malloc failed for \(bytes) bytes")
        }
        doubles = raw.bindMemory(to: Double.self, capacity: max(1, count))
        doubles.initialize(repeating: 0, count: max(1, count))
    }

    deinit { fftw_free(doubles) }

    /// The storage as interleaved complex numbers (re, im).
    var complex: UnsafeMutablePointer<fftw_complex> {
        UnsafeMutableRawPointer(doubles).assumingMemoryBound(to: fftw_complex.self)
    }
}

@available(*, unavailable, message: "a DoubleFFTBuffer belongs to one analysis on one thread")
extension DoubleFFTBuffer: Sendable {}
