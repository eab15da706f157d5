import Testing

@testable import HTTPServer

@Suite struct MultipartFilenameTests {
    @Test(arguments: [
        ("song.wav", "song.wav"), ("../../etc/passwd", "passwd"), (#"C:\Users\me\a b.wav"#, "a b.wav"),
        (#"..\..\boot.ini"#, "boot.ini"), ("dir/", ""), ("..", ""), (".", ""), ("/..", ""), ("a\u{0}b.wav", "ab.wav"),
        ("  spaced.wav \t", "spaced.wav"), ("tab\tname\u{7F}.wav", "tabname.wav"), ("€ rates.wav", "€ rates.wav"),
        ("line\r\nbreak.wav", "linebreak.wav"), ("", ""), (".hidden", ".hidden"), ("...", "..."),
    ])
    func displayNameStripsDirectoriesAndControls(raw: String, expected: String) {
        #expect(MultipartFilename.displayName(raw) == expected)
    }
}
