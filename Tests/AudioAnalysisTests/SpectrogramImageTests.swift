import CZlib
import Foundation
import TestSupport
import Testing

@testable import AudioAnalysis

@Suite struct SpectrogramImageTests {
    /// The PNG's chunks, with CRCs checked.
    static func chunks(_ png: [UInt8]) -> [(type: String, data: [UInt8])] {
        var chunks: [(String, [UInt8])] = []
        var i = 8
        while i + 12 <= png.count {
            let length = png[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) }
            let type = Array(png[(i + 4)..<(i + 8)])
            let data = Array(png[(i + 8)..<(i + 8 + length)])
            let stored = png[(i + 8 + length)..<(i + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            var crc = crc32(0, nil, 0)
            crc = (type + data).withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
            #expect(UInt32(crc) == stored)
            chunks.append((String(decoding: type, as: UTF8.self), data))
            i += 12 + length
        }
        return chunks
    }

    /// The RGB pixels of an indexed PNG we wrote, undoing each row's filter (§9.2).
    static func pixels(_ png: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        let chunks = chunks(png)
        #expect(chunks.first?.data.suffix(5) == [8, 3, 0, 0, 0])
        let palette = try #require(chunks.first { $0.type == "PLTE" }?.data)
        let idat = chunks.filter { $0.type == "IDAT" }.flatMap(\.data)
        var raw = [UInt8](repeating: 0, count: height * (1 + width))
        var length = uLong(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        #expect(status == Z_OK && Int(length) == raw.count)
        var indices = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            let type = raw[y * (1 + width)]
            #expect(type <= 4)
            for x in 0..<width {
                let a = x > 0 ? indices[y * width + x - 1] : 0
                let b = y > 0 ? indices[(y - 1) * width + x] : 0
                let c = x > 0 && y > 0 ? indices[(y - 1) * width + x - 1] : 0
                indices[y * width + x] = raw[y * (1 + width) + 1 + x] &+ PNGEncoder.predictor(type, a: a, b: b, c: c)
            }
        }
        return try indices.flatMap { index in
            let i = Int(index) * 3
            try #require(i + 2 < palette.count)
            return [palette[i], palette[i + 1], palette[i + 2]]
        }
    }

    @Test func encoderRoundTripsThroughEveryFilter() throws {
        // Rows chosen so that each of the five filters wins somewhere: flat, ramps, repeats, noise.
        let (width, height) = (17, 9)
        let indices: [UInt8] = (0..<(width * height)).map { i in
            let (x, y) = (i % width, i / width)
            switch y % 4 {
            case 0: return 3
            case 1: return UInt8(x % 6)
            case 2: return UInt8((x * 7 + y * 13) % 6)
            default: return UInt8((x + y) % 6)
            }
        }
        let palette: [(UInt8, UInt8, UInt8)] = (0..<6).map { (i: Int) -> (UInt8, UInt8, UInt8) in
            (UInt8(i * 40), UInt8(255 - i * 40), 7)
        }
        let png = try #require(PNGEncoder.encodeIndexed(indices, palette: palette, width: width, height: height))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Self.chunks(png).map(\.type) == ["IHDR", "PLTE", "IDAT", "IEND"])
        #expect(Self.chunks(png)[0].data == [0, 0, 0, 17, 0, 0, 0, 9, 8, 3, 0, 0, 0])
        let expected: [UInt8] = indices.flatMap { (index: UInt8) -> [UInt8] in
            let colour = palette[Int(index)]
            return [colour.0, colour.1, colour.2]
        }
        #expect(try Self.pixels(png, width: width, height: height) == expected)
        #expect(PNGEncoder.encodeIndexed([1, 2], palette: palette, width: 5, height: 3) == nil)
        #expect(PNGEncoder.encodeIndexed([UInt8](repeating: 6, count: 4), palette: palette, width: 2, height: 2) == nil)
        #expect(PNGEncoder.encodeIndexed([0], palette: [], width: 1, height: 1) == nil)
    }

    @Test func silenceIsBlack() throws {
        let signal = AudioSignal(samples: [Float](repeating: 0, count: 22_050))
        let rgb = try Self.pixels(try SpectrogramImage.png(signal, width: 40, height: 30), width: 40, height: 30)
        let black = ColorMap.rgb(0)
        #expect(rgb == Array((0..<(40 * 30)).map { _ in [black.0, black.1, black.2] }.joined()))
    }

    @Test func nearSilenceIsBlackToo() throws {
        // White noise at −84 dBFS RMS (uniform in ±a has RMS a/√3), and a −40 dBFS sine that must stay visible.
        // Seeded: the loudest of 1,200 cells of random noise is itself random, and a test must repeat.
        var generator = SplitMix64(seed: 84)
        let amplitude = Float(pow(10, -84.0 / 20) * 3.0.squareRoot())
        let hiss = AudioSignal(samples: (0..<44_100).map { _ in Float.random(in: -amplitude...amplitude, using: &generator) })
        let black = ColorMap.rgb(0)
        let rgb = try Self.pixels(try SpectrogramImage.png(hiss, width: 40, height: 30), width: 40, height: 30)
        #expect(rgb == Array((0..<(40 * 30)).map { _ in [black.0, black.1, black.2] }.joined()))
        let quiet = AudioSignal(samples: Synthetic.sine(hz: 1000, seconds: 2).map { $0 * 0.01 })
        let lit = try Self.pixels(try SpectrogramImage.png(quiet, width: 40, height: 30), width: 40, height: 30)
        #expect(lit.contains { $0 > 100 })
    }

    @Test func aSongFitsWellUnderAHundredKilobytesWithOneColumnPerFrame() throws {
        let url = try Fixtures.url("music_dance_140bpm_4-4.flac")
        let signal = try SndFileDecoder().decode(url: url).signal
        let png = try SpectrogramImage.png(signal)
        let frames = STFT().frameCount(length: signal.samples.count)
        #expect(Self.chunks(png)[0].data.prefix(4) == [0, 0, UInt8(frames >> 8), UInt8(frames & 0xFF)])
        #expect(png.count < 80_000, "\(png.count) bytes")
    }

    @Test func aSineLightsTheRowOfItsFrequency() throws {
        let (width, height) = (64, 128)
        let signal = AudioSignal(samples: Synthetic.sine(hz: 1000, seconds: 2))
        let png = try SpectrogramImage.png(signal, width: width, height: height)
        let rgb = try Self.pixels(png, width: width, height: height)
        // Brightness of each row in the middle column.
        let x = width / 2
        let brightness = (0..<height).map { y in Int(rgb[(y * width + x) * 3]) + Int(rgb[(y * width + x) * 3 + 1]) + Int(rgb[(y * width + x) * 3 + 2])
        }
        let brightest = try #require(brightness.indices.max { brightness[$0] < brightness[$1] })
        // Row y shows 30 Hz · (11025 / 30)^(1 − y/(h−1)); 1000 Hz sits at this row.
        let expected = Double(height - 1) * (1 - log(1000 / 30.0) / log(11025 / 30.0))
        #expect(abs(Double(brightest) - expected) <= 2)
    }

    @Test func rejectsBadSizes() {
        let signal = AudioSignal(samples: [Float](repeating: 0, count: 4096))
        #expect(throws: AnalysisError.self) { try SpectrogramImage.png(signal, width: 0) }
        #expect(throws: AnalysisError.self) { try SpectrogramImage.png(signal, height: 1) }
        #expect((try? SpectrogramImage.png(signal, width: 10, height: 10)) != nil)
    }
}
