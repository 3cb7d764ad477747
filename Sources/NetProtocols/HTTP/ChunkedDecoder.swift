/// Decodes the chunked transfer coding (RFC 9112 §7.1) incrementally: chunk sizes
/// with extensions, data, and trailer fields after the last chunk.
public struct ChunkedDecoder: Sendable {
    private enum State: Sendable {
        case size, data(Int64), dataEnd, trailer, done
    }

    private var state: State = .size
    private var line: [UInt8] = []
    /// Trailer fields received after the last chunk.
    public private(set) var trailers: [(name: String, value: String)] = []

    public init() {}

    /// Whether the last chunk and its trailers have been read.
    public var isDone: Bool { if case .done = state { return true } else { return false } }

    /// Decodes `input`; returns the body data in it. Bytes after the end are ignored.
    public mutating func feed(_ input: [UInt8]) throws(HTTPParseError) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < input.count {
            switch state {
            case .done:
                return out
            case .data(let left):
                let n = Int(min(left, Int64(input.count - i)))
                out.append(contentsOf: input[i..<(i + n)])
                i += n
                state = left - Int64(n) == 0 ? .dataEnd : .data(left - Int64(n))
            case .size, .dataEnd, .trailer:
                let b = input[i]
                i += 1
                guard b == 0x0a else {
                    line.append(b)
                    if line.count > 8192 { throw .badChunkSize("line too long") }
                    continue
                }
                if line.last == 0x0d { line.removeLast() }
                let text = String(decoding: line, as: UTF8.self)
                line = []
                try endOfLine(text)
            }
        }
        return out
    }

    private mutating func endOfLine(_ text: String) throws(HTTPParseError) {
        switch state {
        case .size:
            let sizeText = trim(text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0])
            guard !sizeText.isEmpty, sizeText.count <= 15, let size = Int64(sizeText, radix: 16) else {
                throw .badChunkSize(text)
            }
            state = size == 0 ? .trailer : .data(size)
        case .dataEnd:
            guard text.isEmpty else { throw .badChunkEnd }
            state = .size
        case .trailer:
            if text.isEmpty { state = .done; return }
            guard let colon = text.firstIndex(of: ":") else { throw .badHeader(text) }
            trailers.append((String(text[..<colon]), trim(text[text.index(after: colon)...])))
        case .data, .done:
            break
        }
    }
}
