import Foundation

/// A spectrogram picture: time left to right, frequency on a logarithmic axis
/// bottom (30 Hz) to top (Nyquist), power in dB relative to the loudest cell
/// over an 80 dB range, coloured by `ColorMap` in a palette PNG. The loudest
/// cell is taken as no quieter than 60 dB below full scale, and cells quieter
/// than a −100 dBFS sine are black whatever the range, so silence and
/// near-silence (dither, hiss of an empty recording) are black.
public enum SpectrogramImage {
    /// Lowest frequency shown, Hz.
    static let minimumHz = 30.0
    /// Dynamic range shown, dB.
    static let rangeDb: Float = 80

    /// Renders `signal` as a PNG.
    /// - Parameters:
    ///   - width: columns at most, > 0; default 800 (each column is the mean power of the frames it covers).
    ///     A signal with fewer STFT frames gets one column per frame: more would only repeat them, which
    ///     costs bytes (a 15 s track has 646 frames) and no detail; the page scales the image to its width.
    ///   - height: rows, > 1; default 256.
    /// - Returns: the PNG file's bytes.
    /// - Throws: `AnalysisError.invalidParameter` for a bad size, `.internalError`-style failure when encoding fails.
    public static func png(_ signal: AudioSignal, width: Int = 800, height: Int = 256) throws -> [UInt8] {
        guard width > 0 else { throw AnalysisError.invalidParameter(name: "width", value: String(width)) }
        guard height > 1 else { throw AnalysisError.invalidParameter(name: "height", value: String(height)) }
        let frames = STFT().frameCount(length: signal.samples.count)
        let width = max(1, min(width, frames))
        let columns = columnPowers(signal, width: width)
        let rows = rowBins(sampleRate: signal.sampleRate, binCount: LibrosaDefaults.nFFT / 2 + 1, height: height)
        var db = [Float](repeating: 0, count: width * height)
        var loudest = quietestReferenceDb
        for x in 0..<width {
            for y in 0..<height {
                let value = 10 * log10(max(interpolate(columns[x], at: rows[y]), 1e-10))
                db[y * width + x] = value
                loudest = max(loudest, value)
            }
        }
        let top = Float(levels - 1)
        let indices = db.map { value in
            value < silenceFloorDb ? 0 : UInt8(min(max((value - loudest + rangeDb) / rangeDb, 0), 1) * top + 0.5)
        }
        guard let png = PNGEncoder.encodeIndexed(indices, palette: palette, width: width, height: height) else {
            throw AnalysisError.invalidParameter(name: "image", value: "\(width)x\(height)")
        }
        return png
    }

    /// Colour steps: 64 over 80 dB is 1.25 dB a step, about what the eye
    /// tells apart on this ramp, and fewer distinct bytes deflate better.
    static let levels = 64

    /// The colour of each level, darkest first.
    static let palette: [(UInt8, UInt8, UInt8)] = (0..<levels).map { ColorMap.rgb(Float($0) / Float(levels - 1)) }

    /// The brightest colour never stands for less than this power, dB: a full-scale
    /// sine in one Hann-windowed 2048-point frame has (2048/4)² ≈ 54 dB, so 60 dB below
    /// it, near-silence stays dark instead of being stretched to fill the range.
    static let quietestReferenceDb: Float = 10 * log10(Float(LibrosaDefaults.nFFT / 4) * Float(LibrosaDefaults.nFFT / 4)) - 60

    /// Cells below this power, dB, are black: a −100 dBFS sine in one frame (the full-scale sine's 54 dB
    /// less 100). White noise at −84 dBFS puts about −55 dB in each cell, so an empty recording's hiss
    /// reads as no signal rather than being coloured in.
    static let silenceFloorDb: Float = quietestReferenceDb + 60 - 100

    /// `[column][bin]` mean power of the STFT frames falling in each column.
    private static func columnPowers(_ signal: AudioSignal, width: Int) -> [[Float]] {
        var stft = STFT()
        let bins = stft.binCount
        let frames = stft.frameCount(length: signal.samples.count)
        var sums = [[Float]](repeating: [Float](repeating: 0, count: bins), count: width)
        var counts = [Int](repeating: 0, count: width)
        signal.samples.withUnsafeBufferPointer { y in
            stft.forEachPowerSpectrum(y) { t, power in
                let x = min(width - 1, t * width / max(frames, 1))
                counts[x] += 1
                sums[x].withUnsafeMutableBufferPointer { column in
                    for k in 0..<bins { column[k] += power[k] }
                }
            }
        }
        // Columns no frame fell into (short signals) take their left neighbour's spectrum.
        for x in 0..<width {
            if counts[x] > 0 {
                let n = Float(counts[x])
                for k in 0..<bins { sums[x][k] /= n }
            } else if x > 0 {
                sums[x] = sums[x - 1]
            }
        }
        return sums
    }

    /// The fractional STFT bin shown on each row, top row highest.
    private static func rowBins(sampleRate: Double, binCount: Int, height: Int) -> [Double] {
        let nyquist = sampleRate / 2
        let binHz = nyquist / Double(binCount - 1)
        return (0..<height).map { y in
            let fraction = 1 - Double(y) / Double(height - 1)
            let hz = minimumHz * pow(nyquist / minimumHz, fraction)
            return min(Double(binCount - 1), hz / binHz)
        }
    }

    private static func interpolate(_ spectrum: [Float], at bin: Double) -> Float {
        let lower = Int(bin)
        let upper = min(lower + 1, spectrum.count - 1)
        let f = Float(bin - Double(lower))
        return spectrum[lower] * (1 - f) + spectrum[upper] * f
    }
}
