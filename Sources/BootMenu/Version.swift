/// The one place the product name and version are spelled.
public enum SwiftbootVersion {
    /// `swiftboot 0.1.0`: shown in the menu's title bar and in logs.
    public static let string = "swiftboot 0.1.0"
}
