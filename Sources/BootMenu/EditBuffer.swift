/// One line of editable text with a cursor, with GRUB's editing keys.
public struct EditBuffer: Sendable, Equatable {
    public private(set) var characters: [Character]
    /// Index into `characters` (0...count).
    public private(set) var cursor: Int

    /// A buffer holding `text` with the cursor at its end.
    public init(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    /// Applies an editing key; returns false when the key is not an editing key (the
    /// caller may then give it another meaning).
    @discardableResult
    public mutating func apply(_ key: Key) -> Bool {
        switch key {
        case .left, .control("b"):
            if cursor > 0 { cursor -= 1 }
        case .right, .control("f"):
            if cursor < characters.count { cursor += 1 }
        case .home, .control("a"):
            cursor = 0
        case .end, .control("e"):
            cursor = characters.count
        case .backspace:
            if cursor > 0 { characters.remove(at: cursor - 1); cursor -= 1 }
        case .delete, .control("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .control("k"):
            characters.removeSubrange(cursor...)
        case .character(let c):
            characters.insert(c, at: cursor)
            cursor += 1
        default:
            return false
        }
        return true
    }
}
