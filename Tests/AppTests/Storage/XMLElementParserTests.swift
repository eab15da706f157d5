import Foundation
import Testing

@testable import App

@Suite struct XMLElementParserTests {
    static func parse(_ text: String) throws -> XMLElement { try XMLElementParser().parse(Array(text.utf8)) }

    @Test func readsAnS3ListingWithNamespaceDeclarationAndEntities() throws {
        let root = try Self.parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><IsTruncated>false</IsTruncated>
            <Contents><Key>media/a&amp;b &lt;c&gt; &#233;&#x263A;</Key><Size>12</Size><LastModified>2026-01-17T11:59:00.000Z</LastModified></Contents>
            <Contents><Key>media/two</Key><Size>0</Size></Contents><!-- a comment --><Empty/></ListBucketResult>
            """)
        #expect(root.name == "ListBucketResult")
        #expect(root.children("Contents").map { $0.text(of: "Key") } == ["media/a&b <c> é☺", "media/two"])
        #expect(root.child("Contents")?.text(of: "Size") == "12")
        #expect(S3Timestamp.parse(root.child("Contents")?.text(of: "LastModified"))?.timeIntervalSince1970 == 1_768_651_140)
        #expect(root.child("Empty")?.text == "")
    }

    @Test func readsAnErrorDocument() {
        let error = S3Error.from(
            operation: "PutObject", status: 403,
            body: Array(
                """
                <?xml version="1.0"?><Error><Code>InvalidAccessKeyId</Code><Message>The key "x" is unknown</Message>\
                <StringToSign>AWS4-HMAC-SHA256…</StringToSign></Error>
                """.utf8))
        #expect(error.code == "InvalidAccessKeyId")
        #expect(error.description == #"object storage PutObject failed (HTTP 403): InvalidAccessKeyId: The key "x" is unknown"#)
        #expect(S3Error.from(operation: "HeadBucket", status: 404, body: []).code == "NotFound")
    }

    @Test func cdataAttributesAndPrefixes() throws {
        let root = try Self.parse(#"<a:R x="1>2" y='z'><a:V><![CDATA[<raw> & text]]></a:V></a:R>"#)
        #expect(root.name == "R")
        #expect(root.text(of: "V") == "<raw> & text")
    }

    @Test(arguments: ["<a><b></a>", "<a>", "</a>", "<a></a><b></b>", "<a>&bogus;</a>", "<a>&amp</a>", "<a x=\"1></a>", "text", ""])
    func rejectsMalformedDocuments(_ text: String) {
        #expect(throws: XMLElementParser.Failure.self) { try Self.parse(text) }
    }

    @Test func boundsDepthAndSize() {
        let deep = String(repeating: "<a>", count: 40) + String(repeating: "</a>", count: 40)
        #expect(throws: XMLElementParser.Failure.self) { try Self.parse(deep) }
        var small = XMLElementParser()
        small.maxBytes = 10
        #expect(throws: XMLElementParser.Failure.self) { try small.parse(Array("<a>0123456789</a>".utf8)) }
    }
}
