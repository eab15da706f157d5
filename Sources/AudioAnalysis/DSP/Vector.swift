/// Small SIMD kernels for the per-frame loops (8 floats per step, scalar tails).
enum Vector {
    typealias V = SIMD8<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always)
    static func store(_ v: V, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }

    /// `out[i] = a[i] · b[i]`.
    static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            store(load(a + i) * load(b + i), out + i)
            i += 8
        }
        while i < count {
            out[i] = a[i] * b[i]
            i += 1
        }
    }

    /// `Σ a[i] · b[i]`.
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = V.zero
        var i = 0
        while i + 8 <= count {
            acc += load(a + i) * load(b + i)
            i += 8
        }
        var sum = acc.sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// `|v|` lane by lane, with selects (andps): `abs` on SIMD vectors is an outlined generic call.
    @inline(__always)
    static func magnitude(_ v: V) -> V {
        v.replacing(with: -v, where: v .< 0)
    }

    /// The larger of `a` and `b` lane by lane, with selects (maxps): `pointwiseMax` is an outlined generic call.
    @inline(__always)
    static func larger(_ a: V, _ b: V) -> V {
        a.replacing(with: b, where: b .> a)
    }

    /// `max |a[i]|`; 0 when `count` is 0.
    static func largestMagnitude(_ a: UnsafePointer<Float>, count: Int) -> Float {
        var widest = V.zero
        var i = 0
        while i + 8 <= count {
            widest = larger(widest, magnitude(load(a + i)))
            i += 8
        }
        var largest = widest.max()
        while i < count {
            largest = max(largest, abs(a[i]))
            i += 1
        }
        return largest
    }

    /// `Σ a[i]`.
    static func sum(_ a: UnsafePointer<Float>, count: Int) -> Float {
        var acc = V.zero
        var i = 0
        while i + 8 <= count {
            acc += load(a + i)
            i += 8
        }
        var sum = acc.sum()
        while i < count {
            sum += a[i]
            i += 1
        }
        return sum
    }

    /// `power[k] = re[k]² + im[k]²` and `magnitude[k] = √power[k]` for `count` interleaved complex values.
    static func powersAndMagnitudes(
        _ c: UnsafePointer<Float>, power: UnsafeMutablePointer<Float>, magnitude: UnsafeMutablePointer<Float>, count: Int
    ) {
        // One plain loop: LLVM vectorises it, square roots included (sqrtps), because
        // it can see the operand is a sum of squares; a separate √ pass over stored
        // powers stays scalar (libm's errno path for negative inputs).
        for k in 0..<count {
            let p = c[2 * k] * c[2 * k] + c[2 * k + 1] * c[2 * k + 1]
            power[k] = p
            magnitude[k] = p.squareRoot()
        }
    }

    /// `out[k] = re[k]² + im[k]²` for `count` interleaved complex values.
    static func squaredMagnitudes(_ c: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        // A plain strided loop: LLVM vectorises it (generic SIMD shuffles would not be).
        for k in 0..<count {
            out[k] = c[2 * k] * c[2 * k] + c[2 * k + 1] * c[2 * k + 1]
        }
    }
}
