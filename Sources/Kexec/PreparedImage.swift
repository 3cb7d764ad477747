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
    let initrdNames: [String]
    let initrdSizes: [Int]
    private(set) var initrd: FileDescriptor?
    /// Bytes of the initrd handed over (concatenated and padded when several).
    let initrdSize: Int
    let cmdline: String

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

    /// Opens the kernel and initrds of `plan` inside `volume`.
    static func open(_ plan: BootPlan, volume: Volume) throws(KexecError) -> PreparedImage {
        let kernelName = KexecFiles.display(plan.kernel, on: volume)
        if plan.cmdline.utf8.contains(0) {
            throw KexecError(kind: .invalid, file: kernelName, detail: "the command line contains a NUL byte")
        }
        if plan.entry.kernelFormat == .uki {
            throw KexecError(kind: .notAKernel, file: kernelName,
                             detail: "booting a unified kernel image needs the UKI reader, which this build lacks")
        }
        var kernel = try KexecFiles.open(plan.kernel, on: volume)
        var ok = false
        defer { if !ok { kernel.close() } }
        let fileSize = try KexecFiles.size(kernel, name: kernelName)
        guard fileSize > 0 else { throw KexecError(kind: .notAKernel, file: kernelName, detail: "the file is empty") }
        let head = try KexecFiles.read(kernel, count: 0x1000, name: kernelName)
        let format = KernelImage.format(of: head)
        var kernelSize = fileSize
        switch format {
        case .gzip, .zboot:
            let whole = try KexecFiles.read(kernel, count: fileSize, name: kernelName)
            let plain: [UInt8]?
            do { plain = try KernelImage.decompressed(whole) } catch {
                throw KexecError(kind: .corruptCompression, file: kernelName, detail: error.description)
            }
            if let plain {
                let memory = try KexecFiles.memoryFile(plain, name: kernelName)
                kernel.close()
                kernel = memory
                kernelSize = plain.count
            }
        case .bzImage, .other:
            break
        }

        var initrdNames: [String] = []
        var initrdFDs: [FileDescriptor] = []
        defer { if !ok { initrdFDs.forEach { $0.close() } } }
        var sizes: [Int] = []
        for path in plan.initrds {
            let name = KexecFiles.display(path, on: volume)
            let fd = try KexecFiles.open(path, on: volume)
            initrdFDs.append(fd)
            initrdNames.append(name)
            sizes.append(try KexecFiles.size(fd, name: name))
        }
        var initrd: FileDescriptor?
        var initrdSize = 0
        if initrdFDs.count == 1 {
            initrd = initrdFDs[0]
            initrdSize = sizes[0]
            initrdFDs = []
        } else if initrdFDs.count > 1 {
            (initrd, initrdSize) = try concatenate(initrdFDs, names: initrdNames, sizes: sizes)
            initrdFDs.forEach { $0.close() }
            initrdFDs = []
        }
        ok = true
        return PreparedImage(kernelName: kernelName, kernel: kernel, format: format, fileSize: fileSize,
                             kernelSize: kernelSize, initrdNames: initrdNames, initrdSizes: sizes,
                             initrd: initrd, initrdSize: initrdSize, cmdline: plan.cmdline)
    }

    /// Concatenates initrds into one memfd, each padded with zeros to 4 bytes.
    private static func concatenate(_ fds: [FileDescriptor], names: [String], sizes: [Int]) throws(KexecError) -> (FileDescriptor, Int) {
        let layout = InitrdLayout.offsets(sizes: sizes)
        let out: FileDescriptor
        do { out = try FileDescriptor.memoryFile(name: "swiftboot-initrd") } catch {
            throw KexecError.fromErrno(error.errno, file: names.first, detail: "creating a memfd for the initrds")
        }
        for (i, fd) in fds.enumerated() {
            var at = 0
            while at < sizes[i] {
                let chunk: [UInt8]
                do { chunk = try fd.read(count: min(1 << 20, sizes[i] - at), at: Int64(at)) } catch {
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
