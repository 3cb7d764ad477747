import BootConfig
import Testing

@Suite("UAPI version comparison")
struct VersionCompareTests {
    /// The ascending chain from the UAPI version format specification.
    static let chain = ["122.1", "123~rc1-1", "123", "123-a", "123-a.1", "123-1", "123-1.1",
                        "123^post1", "123.a-1", "123.1-1", "123a-1", "124-1"]

    @Test(arguments: 0..<(chain.count - 1))
    func specificationChainAscends(_ i: Int) {
        #expect(VersionCompare.compare(Self.chain[i], Self.chain[i + 1]) < 0)
        #expect(VersionCompare.compare(Self.chain[i + 1], Self.chain[i]) > 0)
    }

    @Test func everyPairOfTheChainIsOrdered() {
        for (i, a) in Self.chain.enumerated() {
            for (j, b) in Self.chain.enumerated() {
                let r = VersionCompare.compare(a, b)
                #expect(i < j ? r < 0 : (i > j ? r > 0 : r == 0), "\(a) vs \(b)")
            }
        }
    }

    @Test func otherCharactersOnlySeparate() {
        #expect(VersionCompare.compare("1_2_3", "1.3.3") > 0)
        #expect(VersionCompare.compare("1+2", "1_2") == 0)
    }

    @Test func emptyAndTilde() {
        #expect(VersionCompare.compare("", "0") < 0)
        #expect(VersionCompare.compare("", "~") > 0)
        #expect(VersionCompare.compare("", "") == 0)
        #expect(VersionCompare.compare("1~", "1") < 0)
    }

    @Test func leadingZerosDoNotCountAndLongerNumbersAreNewer() {
        #expect(VersionCompare.compare("00123", "123") == 0)
        #expect(VersionCompare.compare("1.10", "1.9") > 0)
        #expect(VersionCompare.compare("6.8.10-300.fc40", "6.8.9-300.fc40") > 0)
    }

    @Test func upperCaseSortsBeforeLowerCaseAndLongerWordsAreNewer() {
        #expect(VersionCompare.compare("A", "a") < 0)
        #expect(VersionCompare.compare("abc", "abcde") < 0)
        #expect(VersionCompare.compare("1a", "1") > 0)
    }

    @Test func numbersAreNewerThanLetters() {
        #expect(VersionCompare.compare("1.1", "1.a") > 0)
    }

    /// Random strings over the characters the comparison treats specially: it must
    /// terminate, be antisymmetric and see every string equal to itself.
    @Test func randomStringsCompareConsistently() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        let alphabet = Array("01a9Bz.-~^_+")
        func random() -> String {
            String((0..<Int(next() % 9)).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
        }
        for _ in 0..<3000 {
            let a = random(), b = random()
            #expect(VersionCompare.compare(a, a) == 0)
            #expect(VersionCompare.compare(a, b).signum() == -VersionCompare.compare(b, a).signum(), "\(a) vs \(b)")
        }
    }
}
