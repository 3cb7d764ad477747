#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import Credentials
import LinuxSystem

/// LUKS1/LUKS2 volumes (libblkid's `crypto_LUKS`): the header read from the device, the
/// passphrase checked (`LUKSUnlock`) and the data segment mapped **read-only** through
/// dm-crypt as `luks-<UUID>` (`/dev/dm-N`), which the next scan probes and mounts like
/// any disk. The volume key goes only into the kernel's table load (secure-data flag, the
/// buffers wiped); it is never logged or written anywhere.
public enum LUKSVolume {
    /// Why a volume did not open.
    public enum OpenError: Error, Equatable, CustomStringConvertible {
        case header(String)
        case unlock(LUKSUnlock.Failure)
        case mapping(String)

        public var description: String {
            switch self {
            case .header(let why): return why
            case .unlock(let failure): return failure.description
            case .mapping(let why): return why
            }
        }
    }

    /// The device-mapper name of a volume.
    public static func mappingName(uuid: String) -> String { "luks-" + uuid }

    /// The UUIDs of the volumes opened so far (from the device-mapper record).
    public static func openedUUIDs() -> Set<String> {
        Set(DeviceMapper.recorded().compactMap { $0.name.hasPrefix("luks-") ? String($0.name.dropFirst(5)) : nil })
    }

    /// Reads and parses the header of `node` (either version).
    public static func header(of node: String) -> Result<LUKSHeader, OpenError> {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(node, .readOnly)
        } catch {
            return .failure(.header("\(node): \(error)"))
        }
        defer { fd.close() }
        let read = reader(fd)
        guard let first = read(0, LUKSHeader.luks1HeaderSize) else { return .failure(.header("\(node): header not readable")) }
        do {
            switch LUKSHeader.version(of: first) {
            case 1?: return .success(try LUKSHeader.parseLUKS1(first))
            case 2?: return .success(try LUKSHeader.parseLUKS2(read: read))
            default: return .failure(.header("\(node): no LUKS header"))
            }
        } catch {
            return .failure(.header("\(node): \(error)"))
        }
    }

    static func reader(_ fd: FileDescriptor) -> (UInt64, Int) -> [UInt8]? {
        { offset, count in
            guard let bytes = try? fd.read(count: count, at: Int64(offset)), bytes.count == count else { return nil }
            return bytes
        }
    }

    /// Unlocks the volume on `device` with `passphrase` and maps its data read-only;
    /// returns the mapped node. Logs the keyslot that opened it, never the key.
    public static func open(_ device: BlockDevice, passphrase: SecretBytes) -> Result<String, OpenError> {
        let header: LUKSHeader
        switch self.header(of: device.node) {
        case .success(let h): header = h
        case .failure(let e): return .failure(e)
        }
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(device.node, .readOnly)
        } catch {
            return .failure(.header("\(device.node): \(error)"))
        }
        let started = ModuleLoader.milliseconds()
        let result = LUKSUnlock.unlock(header, passphrase: passphrase, read: reader(fd))
        fd.close()
        let unlocked: LUKSUnlock.Unlocked
        switch result {
        case .success(let u): unlocked = u
        case .failure(let f):
            Log.info("luks: \(device.node) (UUID \(header.uuid)): \(f) (\(ModuleLoader.milliseconds() - started) ms)")
            return .failure(.unlock(f))
        }
        Log.info("luks: \(device.node) (UUID \(header.uuid), LUKS\(header.version)): keyslot \(unlocked.keyslot) opened"
                 + " (\(ModuleLoader.milliseconds() - started) ms)")
        defer { unlocked.key.wipe() }
        return map(device, header: header, unlocked: unlocked)
    }

    /// The dm-crypt table line: `<cipher> <hex key> <iv_offset> <device> <offset>` and, for
    /// sectors other than 512 bytes, `1 sector_size:N`; `length` in 512-byte sectors.
    static func table(device: BlockDevice, segment: LUKSHeader.Segment, key: SecretBytes) -> DMTarget? {
        let unit = UInt64(segment.sectorSize / 512)
        guard device.size > segment.offset else { return nil }
        var bytes = segment.size ?? (device.size - segment.offset)
        bytes = min(bytes, device.size - segment.offset)
        let length = bytes / 512 / unit * unit
        guard length > 0 else { return nil }
        var parameters = Array("\(segment.cipher) ".utf8)
        key.withHex { parameters.append(contentsOf: $0) }
        parameters += Array(" \(segment.ivTweak) \(device.node) \(segment.offset / 512)".utf8)
        if segment.sectorSize != 512 { parameters += Array(" 1 sector_size:\(segment.sectorSize)".utf8) }
        return DMTarget(start: 0, length: length, type: "crypt", parameters: parameters)
    }

    static func map(_ device: BlockDevice, header: LUKSHeader, unlocked: LUKSUnlock.Unlocked) -> Result<String, OpenError> {
        guard let target = table(device: device, segment: unlocked.segment, key: unlocked.key) else {
            return .failure(.mapping("\(device.node): data segment at \(unlocked.segment.offset) beyond the device (\(device.size) bytes)"))
        }
        defer { SecretBytes.wipeShared(target.parameters) }
        ModuleLoader.load("dm-mod")
        ModuleLoader.load("dm-crypt")
        if unlocked.segment.cipher.containsText("xts") { ModuleLoader.load("xts") }
        if unlocked.segment.cipher.containsText("essiv") { ModuleLoader.load("essiv") }
        let name = mappingName(uuid: header.uuid)
        // cryptsetup's DM UUID form, so tools in the next system recognise the mapping.
        let dmUUID = "CRYPT-LUKS\(header.version)-" + String(header.uuid.filter { $0 != "-" }) + "-" + name
        do {
            let node = try DeviceMapper.createReadOnly(name: name, uuid: dmUUID, targets: [target], secret: true)
            Log.info("luks: \(device.node) mapped read-only as \(name) (\(node)): \(unlocked.segment.cipher),"
                     + " data at \(unlocked.segment.offset), \(target.length) sectors"
                     + (unlocked.segment.sectorSize != 512 ? ", \(unlocked.segment.sectorSize)-byte sectors" : ""))
            return .success(node)
        } catch {
            Log.error("luks: \(device.node): mapping \(name): \(error)")
            return .failure(.mapping("\(device.node): \(error)"))
        }
    }
}

extension LUKSVolume {
    /// The `crypto_LUKS` devices of the last scan that are not opened yet, with their probe
    /// results (UUID, label).
    public static func locked(_ probes: ProbeMemory) -> [(device: BlockDevice, probe: ProbeResult)] {
        let opened = openedUUIDs()
        return BlockDevices.list().compactMap { device in
            guard let result = probes.result(for: device), result.type == "crypto_LUKS",
                  let uuid = result.uuid, !opened.contains(uuid) else { return nil }
            return (device, result)
        }
    }
}
