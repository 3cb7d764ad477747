#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import LinuxSystem

/// A boot plan's files opened and checked, ready for either loading method.
///
/// The kernel is the file itself, or a memfd when it had to be decompressed (gzip,
/// EFI zboot) or extracted (UKI). Several initrds are concatenated into one memfd,
/// each padded to 4 bytes; a single initrd is passed as its own file.
final class PreparedImage {
    /// The kernel as messages name it (`fs:path`).
    let kernelName: String
    private(set) var kernel: FileDescriptor
    /// The kernel's format as found in the file (before decompression).
    let format: KernelImage.Format
    /// Bytes of the kernel file, and of what is handed over when decompressed.
    let fileSize: Int
    private(set) var kernelSize: Int
    private(set) var initrdNames: [String]
    private(set) var initrdSizes: [Int]
    private(set) var initrd: FileDescriptor?
    /// Bytes of the initrd handed over (concatenated and padded when several).
    private(set) var initrdSize: Int
    let cmdline: String
    /// The kernel file's bytes when they were read whole (a UKI, a compressed kernel).
    private var fileBytes: [UInt8]?

    private init(kernelName: String, kernel: FileDescriptor, format: KernelImage.Format, fileSize: Int,
                 kernelSize: Int, initrdNames: [String], initrdSizes: [Int], initrd: FileDescriptor?,
                 initrdSize: Int, cmdline: String) {
        self.kernelName = kernelName
        self.kernel = kernel
        self.format = format
        self.fileSize = fileSize
        self.kernelSize = kernelSize
        self.initrdNames = initrdNames
        self.initrdSizes = initrdSizes
        self.initrd = initrd
        self.initrdSize = initrdSize
        self.cmdline = cmdline
    }

    deinit { close() }

    /// Closes every descriptor (idempotent).
    func close() {
        kernel.close()
        initrd?.close()
        initrd = nil
        kernel = FileDescriptor(rawValue: -1)
    }

    /// One initrd to hand over: an open file, or bytes (a UKI section).
    private enum Part {
        case file(FileDescriptor, size: Int)
        case bytes(ArraySlice<UInt8>)

        var size: Int {
            switch self {
            case .file(_, let size): return size
            case .bytes(let b): return b.count
            }
        }

        func close() { if case .file(let fd, _) = self { fd.close() } }
    }

    /// Opens the kernel and initrds of `plan` inside `volume`.
    ///
    /// For a UKI (`kernelFormat == .uki`) the kernel is its `.linux` section, the
    /// initrds its `.ucode` and `.initrd` sections followed by the plan's own initrds.
    static func open(_ plan: BootPlan, volume: Volume) throws(KexecError) -> PreparedImage {
        let kernelName = KexecFiles.display(plan.kernel, on: volume)
        if plan.cmdline.utf8.contains(0) {
            throw KexecError(kind: .invalid, file: kernelName, detail: "the command line contains a NUL byte")
        }
        var kernel = try KexecFiles.open(plan.kernel, on: volume)
        var ok = false
        defer { if !ok { kernel.close() } }
        let fileSize = try KexecFiles.size(kernel, name: kernelName)
        guard fileSize > 0 else { throw KexecError(kind: .notAKernel, file: kernelName, detail: "the file is empty") }

        var parts: [Part] = []
        var names: [String] = []
        defer { if !ok { parts.forEach { $0.close() } } }
        var kernelBytes: [UInt8]?
        var fileBytes: [UInt8]?
        if plan.entry.kernelFormat == .uki {
            let whole = try KexecFiles.read(kernel, count: fileSize, name: kernelName)
            fileBytes = whole
            let uki: UKIImage
            do { uki = try UKIImage.sections(of: whole) } catch {
                throw KexecError(kind: .notAKernel, file: kernelName, detail: "not a unified kernel image: \(error)")
            }
            kernelBytes = Array(uki.linux)
            if let u = uki.ucode { parts.append(.bytes(u)); names.append(kernelName + "(.ucode)") }
            if let i = uki.initrd { parts.append(.bytes(i)); names.append(kernelName + "(.initrd)") }
        }
        let head: [UInt8]
        if let bytes = kernelBytes { head = Array(bytes.prefix(0x1000)) } else { head = try KexecFiles.read(kernel, count: 0x1000, name: kernelName) }
        let format = KernelImage.format(of: head)
        switch format {
        case .gzip, .zboot:
            let whole: [UInt8]
            if let bytes = kernelBytes { whole = bytes } else {
                whole = try KexecFiles.read(kernel, count: fileSize, name: kernelName)
                fileBytes = whole
            }
            do { kernelBytes = try KernelImage.decompressed(whole) ?? whole } catch {
                throw KexecError(kind: .corruptCompression, file: kernelName, detail: error.description)
            }
        case .bzImage, .other:
            break
        }
        var kernelSize = fileSize
        if let bytes = kernelBytes {
            let memory = try KexecFiles.memoryFile(bytes, name: kernelName)
            kernel.close()
            kernel = memory
            kernelSize = bytes.count
        }

        for path in plan.initrds {
            let name = KexecFiles.display(path, on: volume)
            let fd = try KexecFiles.open(path, on: volume)
            parts.append(.file(fd, size: 0))
            let size = try KexecFiles.size(fd, name: name)
            parts[parts.count - 1] = .file(fd, size: size)
            names.append(name)
        }
        var initrd: FileDescriptor?
        var initrdSize = 0
        if parts.count == 1, case .file(let fd, let size) = parts[0] {
            initrd = fd
            initrdSize = size
        } else if !parts.isEmpty {
            (initrd, initrdSize) = try concatenate(parts, names: names)
            parts.forEach { $0.close() }
        }
        ok = true
        let image = PreparedImage(kernelName: kernelName, kernel: kernel, format: format, fileSize: fileSize,
                                  kernelSize: kernelSize, initrdNames: names, initrdSizes: parts.map(\.size),
                                  initrd: initrd, initrdSize: initrdSize, cmdline: plan.cmdline)
        image.fileBytes = fileBytes
        return image
    }

    /// The kernel file as on disk (the UKI file for a UKI, before decompression), as
    /// measured into PCR 4: the bytes read at `open`, or the kernel descriptor itself
    /// when it is the file.
    func kernelFileBytes() throws(KexecError) -> [UInt8] {
        if let fileBytes { return fileBytes }
        return try KexecFiles.read(kernel, count: fileSize, name: kernelName)
    }

    /// Appends `bytes` (a cpio archive) to the initrd handed over, 4-byte aligned after
    /// what is there: the initrd becomes a private memfd; without an initrd, `bytes` is it.
    func appendToInitrd(_ bytes: [UInt8], name: String) throws(KexecError) {
        let offset = InitrdLayout.padded(initrdSize)
        if initrd == nil {
            initrd = try KexecFiles.memoryFile(bytes, name: name)
        } else {
            if initrdNames.count == 1 { try copyInitrdToMemory() }   // the file itself: never written
            guard let fd = initrd else { return }
            do {
                if offset > initrdSize { try fd.writeAll([UInt8](repeating: 0, count: offset - initrdSize), at: Int64(initrdSize)) }
                try fd.writeAll(bytes, at: Int64(offset))
            } catch {
                throw KexecError.fromErrno(error.errno, file: name, detail: "appending to the initrd")
            }
        }
        initrdNames.append(name)
        initrdSizes.append(bytes.count)
        initrdSize = offset + bytes.count
    }

    /// Concatenates initrds into one memfd, each padded with zeros to 4 bytes.
    private static func concatenate(_ parts: [Part], names: [String]) throws(KexecError) -> (FileDescriptor, Int) {
        let layout = InitrdLayout.offsets(sizes: parts.map(\.size))
        let out: FileDescriptor
        do { out = try FileDescriptor.memoryFile(name: "swiftboot-initrd") } catch {
            throw KexecError.fromErrno(error.errno, file: names.first, detail: "creating a memfd for the initrds")
        }
        for (i, part) in parts.enumerated() {
            switch part {
            case .bytes(let bytes):
                do { try out.writeAll(Array(bytes), at: Int64(layout.offsets[i])) } catch {
                    out.close()
                    throw KexecError.fromErrno(error.errno, file: names[i], detail: "copying into memory")
                }
            case .file(let fd, let size):
                var at = 0
                while at < size {
                    let chunk: [UInt8]
                    do { chunk = try fd.read(count: min(1 << 20, size - at), at: Int64(at)) } catch {
                        out.close()
                        throw KexecError.fromErrno(error.errno, file: names[i])
                    }
                    if chunk.isEmpty { break }
                    do { try out.writeAll(chunk, at: Int64(layout.offsets[i] + at)) } catch {
                        out.close()
                        throw KexecError.fromErrno(error.errno, file: names[i], detail: "copying into memory")
                    }
                    at += chunk.count
                }
            }
        }
        // The last part's padding: extend the file so every part is 4-byte aligned.
        if ftruncate(out.rawValue, off_t(layout.total)) != 0 {
            let code = errno
            out.close()
            throw KexecError.fromErrno(code, file: names.last, detail: "padding the initrds")
        }
        return (out, layout.total)
    }

    /// Replaces the kernel descriptor with a private memfd copy (after ETXTBSY: the
    /// file is open for writing somewhere, which kexec_file_load refuses).
    func copyKernelToMemory() throws(KexecError) {
        let copy = try KexecFiles.copyToMemory(kernel, name: kernelName)
        kernel.close()
        kernel = copy
    }

    /// Same for the initrd.
    func copyInitrdToMemory() throws(KexecError) {
        guard let fd = initrd else { return }
        let copy = try KexecFiles.copyToMemory(fd, name: initrdNames.first ?? "the initrd")
        fd.close()
        initrd = copy
    }

    /// The kernel bytes as handed over (decompressed when it was compressed).
    func kernelBytes() throws(KexecError) -> [UInt8] {
        try KexecFiles.read(kernel, count: kernelSize, name: kernelName)
    }

    /// The initrd bytes as handed over (empty without initrd).
    func initrdBytes() throws(KexecError) -> [UInt8] {
        guard let fd = initrd else { return [] }
        return try KexecFiles.read(fd, count: initrdSize, name: initrdNames.first ?? "the initrd")
    }
}
