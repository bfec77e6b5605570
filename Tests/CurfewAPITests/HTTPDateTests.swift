import Testing

@testable import CurfewAPI

@Suite struct HTTPDateTests {
    @Test func isIMFFixdateInGMT() {
        #expect(HTTPDate.string(at: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")  // RFC 9110's own example
        #expect(HTTPDate.string(at: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.string(at: 1_835_427_907) == "Tue, 29 Feb 2028 09:05:07 GMT")  // a leap day
    }
}
