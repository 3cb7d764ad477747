/// The bytes of EFI variables as efivarfs shows them (pure): each file is 4 bytes of
/// attributes, little-endian, then the data; strings are UTF-16LE with a trailing NUL.
public enum EFIVariableData {
    /// The vendor GUID of systemd's Boot Loader Interface variables.
    public static let loaderVendor = "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"

    /// `EFI_VARIABLE_*` attribute bits.
    public struct Attributes: OptionSet, Sendable, Equatable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let nonVolatile = Attributes(rawValue: 0x1)
        public static let bootServiceAccess = Attributes(rawValue: 0x2)
        public static let runtimeAccess = Attributes(rawValue: 0x4)
        /// What a variable set from a running OS must have: after ExitBootServices the
        /// firmware only accepts non-volatile runtime variables.
        public static let persistent: Attributes = [.nonVolatile, .bootServiceAccess, .runtimeAccess]
    }

    /// The efivarfs file name of a variable: `Name-vendor-guid`.
    public static func fileName(_ name: String, vendor: String = loaderVendor) -> String {
        name + "-" + vendor.lowercased()
    }

    /// Splits an efivarfs file into attributes and data; nil when shorter than 4 bytes.
    public static func split(_ file: [UInt8]) -> (attributes: Attributes, data: [UInt8])? {
        guard file.count >= 4 else { return nil }
        let raw = file[0..<4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return (Attributes(rawValue: raw), Array(file[4...]))
    }

    /// The bytes to write to an efivarfs file (in one write): attributes, then data.
    public static func file(attributes: Attributes, data: [UInt8]) -> [UInt8] {
        littleEndian(UInt64(attributes.rawValue), bytes: 4) + data
    }

    /// A string as UTF-16LE with its trailing NUL.
    public static func utf16(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        for unit in text.utf16 { out += [UInt8(unit & 0xff), UInt8(unit >> 8)] }
        return out + [0, 0]
    }

    /// Strings one after another, each UTF-16LE with its trailing NUL (`LoaderEntries`).
    public static func utf16List(_ texts: [String]) -> [UInt8] {
        texts.flatMap(utf16)
    }

    /// The string in UTF-16LE data, without the trailing NUL (also accepted without);
    /// nil for an odd length, a NUL inside or invalid UTF-16.
    public static func string(utf16 data: [UInt8]) -> String? {
        guard data.count % 2 == 0 else { return nil }
        var units: [UInt16] = stride(from: 0, to: data.count, by: 2).map { UInt16(data[$0]) | UInt16(data[$0 + 1]) << 8 }
        if units.last == 0 { units.removeLast() }
        guard !units.contains(0) else { return nil }
        var text = ""
        var decoder = UTF16()
        var iterator = units.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): text.unicodeScalars.append(scalar)
            case .emptyInput: return text
            case .error: return nil
            }
        }
    }

    /// A 64-bit number, little-endian (`LoaderFeatures`).
    public static func uint64(_ value: UInt64) -> [UInt8] {
        littleEndian(value, bytes: 8)
    }

    private static func littleEndian(_ value: UInt64, bytes: Int) -> [UInt8] {
        (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}
