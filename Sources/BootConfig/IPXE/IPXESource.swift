/// An iPXE script (DHCP boot file or `chain` target) as a source of menus: the entries
/// it would boot, a `choose` menu shown as a submenu whose items each boot what the
/// script does with that choice. Errors name the script URL and line.
public struct IPXESource: MenuSource {
    public var client: NetbootClient
    /// The script's URL (`http://10.0.0.1/boot.ipxe`, `tftp://10.0.0.1/boot.ipxe`).
    public var scriptURL: String
    /// Fetches the script and every script it chains to.
    public var fetcher: any RemoteFileFetcher

    public init(client: NetbootClient, scriptURL: String, fetcher: any RemoteFileFetcher) {
        self.client = client
        self.scriptURL = scriptURL
        self.fetcher = fetcher
    }

    public var name: String { "ipxe" }

    /// Runs the script; `volume` is not read (a script names its own URLs).
    public func scan(_ volume: Volume, context: ScanContext, state: ScanState) -> ConfigMenu? {
        let (base, path) = IPXEURL.split(scriptURL) ?? ("", scriptURL)
        func failure(_ message: String) -> ConfigMenu {
            ConfigMenu(errors: [ConfigError(volume: base, config: path, line: nil, message: message)])
        }
        let bytes: [UInt8]
        do {
            bytes = try fetcher.fetch(scriptURL)
        } catch {
            return failure("cannot fetch \(scriptURL): \(error.reason)")
        }
        guard let script = IPXEScript(url: scriptURL, text: String(decoding: bytes, as: UTF8.self)) else {
            return failure("not an iPXE script (no #!ipxe first line)")
        }
        let settings = IPXESettings(client: client, buildArch: IPXESettings.buildArch(context.architecture),
                                    platform: context.grubPlatform == "pc" ? "pcbios" : "efi")
        let vm = IPXEInterpreter(fetcher: fetcher)
        var start = IPXEInterpreter.State(script: script, settings: settings)
        vm.run(&start)
        var menu = ConfigMenu(entries: vm.entries, errors: vm.errors)
        if vm.entries.isEmpty {
            if vm.errors.isEmpty { menu.errors.append(ConfigError(volume: base, config: path, line: nil, message: "the script boots nothing")) }
            return menu
        }
        if vm.sawMenu {
            menu.defaultIndex = vm.menuDefault ?? 0
            menu.timeout = vm.menuTimeout
        } else {
            // A script without a menu boots at once, as iPXE does.
            menu.defaultIndex = 0
            menu.timeout = 0
        }
        menu.entries[menu.defaultIndex!].isDefault = true
        return menu
    }
}
