/// A reader of DER TLVs (ITU-T X.690): one tag byte (tags above 30 are not needed for
/// certificates), a definite length in short or long form, then the contents.
struct DERReader {
    /// One element: its tag byte and its contents.
    struct Element {
        var tag: UInt8
        var contents: ArraySlice<UInt8>
    }

    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { bytes.isEmpty }

    /// The next element, nil when the bytes end or are malformed.
    mutating func next() -> Element? {
        guard let tag = bytes.first else { return nil }
        var i = bytes.index(after: bytes.startIndex)
        guard i < bytes.endIndex else { return nil }
        let first = bytes[i]
        i += 1
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7F)
            guard count >= 1, count <= 4, bytes.endIndex - i >= count else { return nil }
            for _ in 0..<count {
                length = length << 8 | Int(bytes[i])
                i += 1
            }
        }
        guard bytes.endIndex - i >= length else { return nil }
        let contents = bytes[i..<(i + length)]
        bytes = bytes[(i + length)...]
        return Element(tag: tag, contents: contents)
    }
}
