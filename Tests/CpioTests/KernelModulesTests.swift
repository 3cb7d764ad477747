import Testing
@testable import Cpio

@Suite struct KernelModulesTests {
    let dep = """
        kernel/fs/fat/vfat.ko: kernel/fs/fat/fat.ko
        kernel/fs/fat/fat.ko:
        kernel/fs/xfs/xfs.ko: kernel/lib/libcrc32c.ko
        kernel/lib/libcrc32c.ko:
        kernel/drivers/usb/storage/usb-storage.ko: kernel/drivers/usb/core/usbcore.ko
        kernel/drivers/usb/core/usbcore.ko:
        """

    @Test func closureAddsDependencies() {
        let modules = KernelModules(modulesDep: dep)
        let result = modules.closure(of: ["vfat", "xfs"])
        #expect(result.modules == ["fat", "libcrc32c", "vfat", "xfs"])
        #expect(result.unknown.isEmpty)
    }

    @Test func dashAndUnderscoreAreTheSameName() {
        let result = KernelModules(modulesDep: dep).closure(of: ["usb_storage"])
        #expect(result.modules == ["usb_storage", "usbcore"])
    }

    @Test func missingModulesAreReported() {
        let result = KernelModules(modulesDep: dep).closure(of: ["nvme", "fat"])
        #expect(result.modules == ["fat"])
        #expect(result.unknown == ["nvme"])
    }

    @Test func compressedModuleNames() {
        #expect(KernelModules.name(ofPath: "kernel/fs/fat/vfat.ko.xz") == "vfat")
    }

    @Test func filtersKeepOnlyCarriedModules() {
        let alias = "alias fs-vfat vfat\nalias fs-xfs xfs\nalias usb:v*d*dc*dsc*dp*ic08isc06ip50in* usb_storage\n"
        #expect(KernelModules.filterAlias(alias, keeping: ["vfat", "usb_storage"])
                == "alias fs-vfat vfat\nalias usb:v*d*dc*dsc*dp*ic08isc06ip50in* usb_storage\n")
        #expect(KernelModules.filterDep(dep, keeping: ["fat"]) == "kernel/fs/fat/fat.ko:\n")
        #expect(KernelModules.filterOrder("kernel/fs/fat/fat.ko\nkernel/fs/xfs/xfs.ko\n", keeping: ["xfs"])
                == "kernel/fs/xfs/xfs.ko\n")
    }
}
