#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Kexec

@Suite struct KexecErrorTests {
    let file = "/dev/vda2:/boot/vmlinuz-6.1"

    @Test(arguments: [
        (ENOEXEC, "/dev/vda2:/boot/vmlinuz-6.1 is not a kernel the running kernel can load (ENOEXEC)."),
        (ENOENT, "/dev/vda2:/boot/vmlinuz-6.1 does not exist (ENOENT)."),
        (EBUSY, "Another kexec load is in progress; could not load /dev/vda2:/boot/vmlinuz-6.1 (EBUSY). Try again."),
    ])
    func sentences(code: Int32, sentence: String) {
        #expect(KexecError.fromErrno(code, file: file).description == sentence)
    }

    @Test func epermExplainsLockdown() {
        let s = KexecError.fromErrno(EPERM, file: file).description
        #expect(s.contains(file) && s.contains("EPERM") && s.contains("locked down"))
    }

    @Test(arguments: [EKEYREJECTED, ENOKEY, EBADMSG])
    func signatureFailuresSayUnsigned(code: Int32) {
        let e = KexecError.fromErrno(code, file: file)
        #expect(e.kind == .signature)
        #expect(e.description.contains("not signed with a key the running kernel trusts"))
        #expect(e.description.contains(file))
    }

    @Test func enomemAndEinvalNameTheFile() {
        #expect(KexecError.fromErrno(ENOMEM, file: file).description.contains("memory to place \(file)"))
        #expect(KexecError.fromErrno(EINVAL, file: file).description.contains("rejected \(file) as invalid"))
    }

    @Test func enosysMeansUnsupported() {
        #expect(KexecError.fromErrno(ENOSYS, file: file).kind == .unsupported)
    }
}
