/// A LUKS volume the menu lists as locked: its entries appear once it is unlocked.
public struct LockedVolume: Sendable, Hashable {
    /// The device node holding the volume (`/dev/vdb`).
    public var node: String
    public var uuid: String
    /// The LUKS2 label, when there is one.
    public var label: String?
    /// Size in bytes, when known.
    public var size: UInt64?

    public init(node: String, uuid: String, label: String? = nil, size: UInt64? = nil) {
        self.node = node
        self.uuid = uuid
        self.label = label
        self.size = size
    }

    /// The menu row's text: `Encrypted: <label or UUID>`.
    public var title: String { "Encrypted: " + ((label?.isEmpty == false ? label : nil) ?? uuid) }
}

/// The passphrase prompt of a locked volume: the typed bytes (UTF-8) are never drawn or
/// logged, only counted; they leave the form in the `unlock` effect and are overwritten
/// here when the form is cleared.
public struct PassphraseForm: Sendable, Equatable {
    public var volume: LockedVolume
    /// The typed passphrase, UTF-8.
    public private(set) var typed: [UInt8] = []
    /// Bytes of each typed character (Backspace removes whole characters).
    private var characterBytes: [Int] = []

    public init(volume: LockedVolume) { self.volume = volume }

    /// How many characters were typed (the screen shows as many stars).
    public var length: Int { characterBytes.count }

    mutating func type(_ c: Character) {
        let bytes = Array(String(c).utf8)
        typed += bytes
        characterBytes.append(bytes.count)
    }

    mutating func erase() {
        guard let n = characterBytes.popLast() else { return }
        for i in (typed.count - n)..<typed.count { typed[i] = 0 }
        typed.removeLast(n)
    }

    /// Overwrites the typed bytes and empties the field.
    mutating func clear() {
        typed.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = 0 }
        }
        typed.removeAll()
        characterBytes.removeAll()
    }
}
