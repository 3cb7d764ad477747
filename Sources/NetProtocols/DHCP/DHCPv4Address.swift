/// Namespace for DHCPv4 (RFC 2131, options RFC 2132 and the PXE/pxelinux additions).
public enum DHCPv4 {}

extension DHCPv4 {
    /// An IPv4 address as four bytes in network order.
    public struct Address: Hashable, Sendable, CustomStringConvertible {
        /// The address as a big-endian 32-bit value (10.0.0.1 = 0x0A000001).
        public var value: UInt32

        public init(_ value: UInt32) { self.value = value }

        /// The address `a.b.c.d`.
        public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
            value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
        }

        /// The address from exactly four bytes, else nil.
        public init?(bytes: [UInt8]) {
            guard let v = dhcpUInt32(bytes) else { return nil }
            value = v
        }

        /// Parses dotted-quad text (`10.77.0.1`).
        public init?(_ text: String) {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var v: UInt32 = 0
            for p in parts {
                guard !p.isEmpty, p.count <= 3, let n = UInt8(p) else { return nil }
                v = v << 8 | UInt32(n)
            }
            value = v
        }

        /// 0.0.0.0.
        public static let any = Address(0)
        /// 255.255.255.255, the limited broadcast address.
        public static let broadcast = Address(0xFFFF_FFFF)

        /// The four bytes in network order.
        public var bytes: [UInt8] {
            [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
        }

        public var description: String { bytes.map { String($0) }.joined(separator: ".") }

        /// The prefix length of a contiguous netmask (255.255.255.0 → 24), nil when not contiguous.
        public var prefixLength: Int? {
            let ones = value.leadingZeroBitCount == 0 ? (~value).leadingZeroBitCount : 0
            let mask: UInt32 = ones == 0 ? 0 : ~UInt32(0) << UInt32(32 - ones)
            return mask == value ? ones : nil
        }

        /// Addresses from an option holding a list of them (3, 6, 28…); nil unless a multiple of 4.
        static func list(_ b: [UInt8]) -> [Address]? {
            guard !b.isEmpty, b.count % 4 == 0 else { return nil }
            return stride(from: 0, to: b.count, by: 4).map { Address(bytes: Array(b[$0..<$0 + 4]))! }
        }
    }
}
