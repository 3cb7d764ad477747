/// Which loader reads the file: the syslinux family, or U-Boot's extlinux support
/// (`boot/pxe_utils.c`), which shares the syntax but not every rule.
public enum SyslinuxDialect: Sendable, Equatable {
    /// syslinux 6: menu module rules when a `UI`/menu `DEFAULT` is used, ldlinux's otherwise;
    /// `BOOT_IMAGE=` and `initrd=` words on the command line.
    case syslinux
    /// U-Boot: no menu modules; any top-level `MENU` line turns the prompt on; `MENU DEFAULT`
    /// sets the default label; the command line is the APPEND text alone.
    case uboot

    /// syslinux runs on x86 PCs only; elsewhere an extlinux.conf is read by U-Boot.
    public static func forArchitecture(_ architecture: String) -> SyslinuxDialect {
        ["x64", "ia32"].contains(architecture.lowercased()) ? .syslinux : .uboot
    }
}

/// How a syslinux label boots, from the keyword that named its kernel.
enum SyslinuxKernelKeyword: String, CaseIterable {
    case localboot, kernel, linux, boot, bss, pxe, fdimage, comboot, com32, config
}

/// What choosing a menu item does (syslinux menu module actions).
enum SyslinuxAction: Equatable {
    /// Run the label's kernel (the normal case).
    case command
    /// `MENU EXIT`, `MENU QUIT`, `MENU GOTO`, `MENU HELP`: menu navigation only.
    case navigation
    /// `MENU SEPARATOR`, `MENU DISABLE`: cannot be selected.
    case disabled
}

/// One `LABEL` block as written.
struct SyslinuxLabel {
    /// The whole rest of the `LABEL` line (menu module and U-Boot semantics).
    var label: String
    /// The kernel as written; defaults to the label name.
    var kernel: String
    var keyword: SyslinuxKernelKeyword = .kernel
    /// The label's own APPEND; nil when it has none (the global one applies).
    var append: String?
    var initrd: String?
    var menuLabel: String?
    var isHidden = false
    var isMenuDefault = false
    var action: SyslinuxAction = .command
    /// U-Boot `FDT`/`DEVICETREE`.
    var fdt: String?
    /// `IPAPPEND`/`SYSAPPEND` bits (the global value unless the label sets its own).
    var sysAppend: UInt32 = 0
    /// Where the LABEL line is.
    var file: String
    var line: Int

    init(label: String, file: String, line: Int) {
        self.label = label
        self.kernel = label
        self.file = file
        self.line = line
    }
}

/// A (sub)menu: the root menu, a `MENU BEGIN` block or a `MENU INCLUDE file tag`.
final class SyslinuxMenu {
    enum Item {
        /// A recorded label and the global APPEND in force when it was recorded.
        case label(SyslinuxLabel, globalAppend: String?)
        case submenu(SyslinuxMenu)
    }

    /// The `MENU BEGIN` tag.
    var tag: String?
    var title = ""
    /// What the parent menu shows for this submenu: the tag, then `MENU TITLE` if no
    /// `MENU LABEL` came first, or `MENU LABEL`.
    var displayName: String?
    /// Whether `displayName` is still the tag (so a `MENU TITLE` may replace it).
    var displayNameIsTag = true
    weak var parent: SyslinuxMenu?
    var items: [Item] = []
    /// `MENU DEFAULT` inside this menu (index into `items`).
    var defaultItem: Int?
    /// `TIMEOUT`, in tenths of a second (inherited from the parent when created).
    var timeout: Int
    /// `ONTIMEOUT` command line.
    var onTimeout: String?

    init(tag: String?, parent: SyslinuxMenu?) {
        self.tag = tag
        self.displayName = tag
        self.parent = parent
        self.timeout = parent?.timeout ?? 0
        self.onTimeout = parent?.onTimeout
    }
}

/// Everything a syslinux config (with its includes) says.
struct SyslinuxDocument {
    /// The main config file.
    var path: String
    var root: SyslinuxMenu
    /// The last `DEFAULT` line's argument.
    var globalDefault: String?
    /// Whether a `UI` directive was seen.
    var hasUI = false
    /// `PROMPT` value (0 unless set).
    var prompt = 0
    /// `TOTALTIMEOUT` in tenths of a second (0 = none).
    var totalTimeout = 0
    /// `MENU HIDDEN`: the menu shows only when a key is pressed.
    var hiddenMenu = false
    /// `MENU SHIFTKEY`: the menu boots the default at once unless Shift is held.
    var shiftKey = false
    var errors: [ConfigError] = []
}
