import TestSupport
import Testing

@testable import HTTPServer

/// The classic sequences of Markus Kuhn's UTF-8 decoder stress test, which
/// Autobahn section 6 sends as text frames, checked whole and at every split.
@Suite struct UTF8ValidatorTests {
    static let valid: [(String, [UInt8])] = [
        ("empty", []),
        ("kosme", [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5]),
        ("first 1-byte", [0x00]), ("first 2-byte", [0xC2, 0x80]),
        ("first 3-byte", [0xE0, 0xA0, 0x80]), ("first 4-byte", [0xF0, 0x90, 0x80, 0x80]),
        ("last 1-byte", [0x7F]), ("last 2-byte", [0xDF, 0xBF]),
        ("last 3-byte", [0xEF, 0xBF, 0xBF]), ("last 4-byte U+10FFFF", [0xF4, 0x8F, 0xBF, 0xBF]),
        ("U+D7FF", [0xED, 0x9F, 0xBF]), ("U+E000", [0xEE, 0x80, 0x80]), ("U+FFFD", [0xEF, 0xBF, 0xBD]),
        ("non-character U+FFFE", [0xEF, 0xBF, 0xBE]), ("non-character U+1FFFF", [0xF0, 0x9F, 0xBF, 0xBF]),
        ("euro", [0xE2, 0x82, 0xAC]), ("emoji", [0xF0, 0x9F, 0x8E, 0xB5]),
    ]

    /// Each invalid sequence with the index of the first byte that makes it impossible.
    static let invalid: [(String, [UInt8], Int)] = [
        ("5-byte sequence", [0xF8, 0x88, 0x80, 0x80, 0x80], 0),
        ("6-byte sequence", [0xFC, 0x84, 0x80, 0x80, 0x80, 0x80], 0),
        ("above U+10FFFF", [0xF4, 0x90, 0x80, 0x80], 1),
        ("F7 lead", [0xF7, 0xBF, 0xBF, 0xBF], 0),
        ("lone continuation 80", [0x80], 0), ("lone continuation BF", [0xBF], 0),
        ("two continuations", [0x41, 0x80, 0xBF], 1),
        ("lonely 2-byte start", [0xC2, 0x20], 1), ("lonely 3-byte start", [0xE1, 0x20], 1),
        ("lonely 4-byte start", [0xF1, 0x20], 1),
        ("3-byte missing last", [0xE1, 0x80, 0x41], 2), ("4-byte missing last", [0xF1, 0x80, 0x80, 0x41], 3),
        ("impossible FE", [0xFE], 0), ("impossible FF", [0xFF], 0), ("FE FE FF FF", [0xFE, 0xFE, 0xFF, 0xFF], 0),
        ("overlong slash C0 AF", [0xC0, 0xAF], 0), ("overlong slash E0 80 AF", [0xE0, 0x80, 0xAF], 1),
        ("overlong slash F0 80 80 AF", [0xF0, 0x80, 0x80, 0xAF], 1),
        ("maximum overlong C1 BF", [0xC1, 0xBF], 0), ("maximum overlong E0 9F BF", [0xE0, 0x9F, 0xBF], 1),
        ("maximum overlong F0 8F BF BF", [0xF0, 0x8F, 0xBF, 0xBF], 1),
        ("overlong NUL C0 80", [0xC0, 0x80], 0), ("overlong NUL E0 80 80", [0xE0, 0x80, 0x80], 1),
        ("surrogate U+D800", [0xED, 0xA0, 0x80], 1), ("surrogate U+DB7F", [0xED, 0xAD, 0xBF], 1),
        ("surrogate U+DC00", [0xED, 0xB0, 0x80], 1), ("surrogate U+DFFF", [0xED, 0xBF, 0xBF], 1),
        ("paired surrogates", [0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80], 1),
        ("kosme then surrogate", [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65], 12),
    ]

    /// Sequences that are only a prefix of a valid code point: not invalid yet, not complete.
    static let truncated: [(String, [UInt8])] = [
        ("2-byte missing last", [0xC2]), ("3-byte missing last", [0xE0, 0xA0]),
        ("4-byte missing last", [0xF0, 0x90, 0x80]), ("4-byte missing two", [0xF4, 0x8F]),
    ]

    @Test func acceptsValidSequencesAtEverySplit() {
        for (name, bytes) in Self.valid {
            for cut in 0...bytes.count {
                var validator = UTF8Validator()
                let first = validator.consume(bytes[..<cut])
                let second = validator.consume(bytes[cut...])
                #expect(first && second, "\(name) split at \(cut)")
                #expect(validator.isComplete, "\(name) split at \(cut)")
            }
        }
    }

    @Test func rejectsInvalidSequencesAtTheFirstImpossibleByte() {
        for (name, bytes, failIndex) in Self.invalid {
            var validator = UTF8Validator()
            let firstFailure = bytes.indices.first { index in !validator.consume(bytes[index...index]) }
            #expect(firstFailure == failIndex, "\(name)")
            #expect(validator.isInvalid && !UTF8Validator.isValid(bytes), "\(name)")
        }
    }

    @Test func truncatedSequencesAreIncompleteButNotInvalid() {
        for (name, bytes) in Self.truncated {
            var validator = UTF8Validator()
            let accepted = validator.consume(bytes)
            #expect(accepted, "\(name)")
            #expect(!validator.isComplete && !validator.isInvalid, "\(name)")
            #expect(!UTF8Validator.isValid(bytes), "\(name)")
        }
    }

    @Test func staysInvalidOnceInvalid() {
        var validator = UTF8Validator()
        let first = validator.consume([0xFF])
        let second = validator.consume(Array("plain ascii".utf8))
        #expect(!first && !second)
        #expect(validator.isInvalid)
    }

    @Test func asciiFastPathFindsABadByteAtEveryPosition() {
        for position in 0..<40 {
            var bytes = [UInt8](repeating: 0x61, count: 40)
            bytes[position] = 0x80
            #expect(!UTF8Validator.isValid(bytes), "bad byte at \(position)")
            bytes[position] = 0xC3
            if position + 1 < 40 { bytes[position + 1] = 0xA9 }
            #expect(UTF8Validator.isValid(bytes) == (position + 1 < 40), "é at \(position)")
        }
    }

    @Test func agreesWithTheStandardLibraryOnPseudoRandomInput() {
        var generator = SplitMix64(seed: 0x5EED)
        for round in 0..<3000 {
            let count = Int(generator.next() % 24)
            let bytes = (0..<count).map { _ -> UInt8 in
                let value = generator.next()
                // Bias towards bytes that form or nearly form multi-byte sequences.
                return value % 3 == 0 ? UInt8(truncatingIfNeeded: value >> 8) | 0x80 : UInt8(truncatingIfNeeded: value >> 16)
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(UTF8Validator.isValid(bytes) == expected, "round \(round): \(bytes)")
            var pieces = UTF8Validator()
            for byte in bytes { pieces.consume([byte]) }
            #expect(pieces.isComplete == expected, "round \(round) byte by byte")
        }
    }
}
