import Testing
@testable import DaemonRuntime

/// The start-up page release: which mappings it picks, and that it runs in a live process.
@Suite struct StartupMemoryTrimTests {
    @Test func picksOnlyReadOnlyPrivateFileMappings() {
        let maps = """
            55f9dd524000-55f9decda000 r-xp 00000000 fe:00 5384564   /opt/mmbot/bin/mmbot
            55f9decdb000-55f9ded93000 r--p 017b6000 fe:00 5384564   /opt/mmbot/bin/mmbot
            55f9ded93000-55f9def49000 rw-p 0186e000 fe:00 5384564   /opt/mmbot/bin/mmbot
            55f9def49000-55f9df012000 rw-p 00000000 00:00 0
            7fc868000000-7fc8680c1000 rw-p 00000000 00:00 0                 [heap]
            7fc882600000-7fc882aef000 r-xp 00000000 fe:00 2250     /usr/lib/libFoundation.so
            7fc882700000-7fc882701000 r--s 00000000 fe:00 2251     /dev/shm/shared
            7fff20abc000-7fff20abd000 r-xp 00000000 00:00 0                  [vdso]
            garbage line
            """
        let picked = StartupMemoryTrim.readOnlyFileMappings(maps: maps)
        #expect(picked == [
            .init(start: 0x55f9_dd52_4000, length: 0x55f9_decd_a000 - 0x55f9_dd52_4000, path: "/opt/mmbot/bin/mmbot"),
            .init(start: 0x55f9_decd_b000, length: 0x55f9_ded9_3000 - 0x55f9_decd_b000, path: "/opt/mmbot/bin/mmbot"),
            .init(start: 0x7fc8_8260_0000, length: 0x7fc8_82ae_f000 - 0x7fc8_8260_0000, path: "/usr/lib/libFoundation.so"),
        ])
    }

    #if os(Linux)
    @Test func releasingTheStartupPagesKeepsTheProcessWorking() {
        let r = StartupMemoryTrim.releaseStartupPages()
        #expect(r.advisedBytes > 0)
        #expect(r.rssBeforeKiB > 0)
        // Code paged out comes back on use: the process still computes and parses.
        #expect(StartupMemoryTrim.readOnlyFileMappings(maps: "1000-2000 r-xp 0 0:0 1 /x").count == 1)
        #expect(StartupMemoryTrim.residentKiB() > 0)
    }
    #endif
}
