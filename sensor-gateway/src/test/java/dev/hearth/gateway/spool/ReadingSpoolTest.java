package dev.hearth.gateway.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingSpoolTest {

    private static final Duration NOW = Duration.ZERO;

    @TempDir
    Path dir;

    private ReadingSpool open(long maxBytes) {
        return new ReadingSpool(dir, maxBytes, Duration.ofDays(30), Duration.ofSeconds(1));
    }

    @Test
    void keepsReadingsInOrderUntilTheBrokerAcknowledgesThem() throws Exception {
        try (ReadingSpool spool = open(1_000_000)) {
            assertThat(spool.isEmpty()).isTrue();
            long a = spool.append("hearth/home/sensors/a", "{\"value\":1,\"unit\":\"°C\"}");
            long b = spool.append("hearth/home/sensors/b", "{\"value\":2}");
            long c = spool.append("hearth/home/sensors/a", "{\"value\":3}");

            List<ReadingSpool.Entry> all = spool.read(0, 10, NOW);
            assertThat(all).extracting(ReadingSpool.Entry::payload).containsExactly("{\"value\":1,\"unit\":\"°C\"}", "{\"value\":2}", "{\"value\":3}");
            assertThat(all).extracting(ReadingSpool.Entry::topic).containsExactly("hearth/home/sensors/a", "hearth/home/sensors/b", "hearth/home/sensors/a");
            assertThat(all).extracting(ReadingSpool.Entry::index).containsExactly(a, b, c);

            // PUBACKs may come out of order: the oldest unacknowledged stays where it is, and the acknowledged are skipped.
            spool.acknowledge(b);
            assertThat(spool.oldestUnacknowledged()).isEqualTo(a);
            assertThat(spool.read(0, 10, NOW)).extracting(ReadingSpool.Entry::index).containsExactly(a, c);
            spool.acknowledge(a);
            assertThat(spool.oldestUnacknowledged()).isEqualTo(c);
            assertThat(spool.pending()).isEqualTo(1);
            spool.acknowledge(c);
            assertThat(spool.isEmpty()).isTrue();
            assertThat(spool.read(0, 10, Duration.ofMillis(50))).isEmpty();
        }
    }

    @Test
    void aReaderWaitsForTheNextReading() throws Exception {
        try (ReadingSpool spool = open(1_000_000)) {
            Thread later = new Thread(() -> {
                sleep(100);
                spool.append("t", "{\"seq\":0}");
            });
            later.start();
            assertThat(spool.read(0, 10, Duration.ofSeconds(10))).extracting(ReadingSpool.Entry::payload).containsExactly("{\"seq\":0}");
            later.join();
        }
    }

    @Test
    void whatTheBrokerDidNotAcknowledgeSurvivesARestart() throws Exception {
        try (ReadingSpool before = open(1_000_000)) {
            for (int i = 0; i < 5; i++) {
                before.append("t", "{\"seq\":" + i + "}");
            }
            before.acknowledge(0);
            before.acknowledge(1);
            before.acknowledge(3); // ahead of the watermark: sent again after a restart (at least once, never lost)
        }
        try (ReadingSpool after = open(1_000_000)) {
            assertThat(after.read(0, 10, NOW)).extracting(ReadingSpool.Entry::payload).containsExactly("{\"seq\":2}", "{\"seq\":3}", "{\"seq\":4}");
            assertThat(after.append("t", "{\"seq\":5}")).isEqualTo(5); // the log goes on where it stopped
        }
    }

    @Test
    void aProcessCrashLosesNoAcknowledgementAndNoReading() throws Exception {
        // Another JVM appends, acknowledges some and halts without closing or forcing anything: a kill -9.
        Process crash = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SpoolCrash.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(crash.getInputStream().readAllBytes());
        assertThat(crash.waitFor()).as(output).isEqualTo(9);

        try (ReadingSpool after = open(1_000_000)) {
            List<ReadingSpool.Entry> left = after.read(0, 1000, NOW);
            assertThat(left).hasSize(40);
            assertThat(left.get(0).payload()).isEqualTo("{\"seq\":60}");
            assertThat(left.get(39).payload()).isEqualTo("{\"seq\":99}");
        }
    }

    @Test
    void aWatermarkThatOutlivedItsReadingsIsNeverReusedForNewOnes() throws Exception {
        try (ReadingSpool spool = open(1_000_000)) {
            for (int i = 0; i < 5; i++) {
                spool.append("t", "{\"seq\":" + i + "}");
            }
            for (int i = 0; i < 5; i++) {
                spool.acknowledge(i);
            }
        }
        // A power cut inside the fsync interval: the watermark (5) reached the disk, the last three readings did not.
        Path segment = segments().get(0);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(file.length() * 2 / 5);
        }
        try (ReadingSpool spool = open(1_000_000)) {
            assertThat(spool.isEmpty()).isTrue();
            assertThat(spool.append("t", "{\"seq\":5}")).isEqualTo(5);
            assertThat(spool.read(0, 10, NOW)).extracting(ReadingSpool.Entry::payload).containsExactly("{\"seq\":5}");
        }
        try (ReadingSpool spool = open(1_000_000)) {
            assertThat(spool.read(0, 10, NOW)).extracting(ReadingSpool.Entry::payload).containsExactly("{\"seq\":5}");
        }
    }

    @Test
    void aRecordTornByACrashAtTheTailIsCutOffAndTheRestKept() throws Exception {
        try (ReadingSpool spool = open(1_000_000)) {
            spool.append("t", "{\"seq\":0}");
            spool.append("t", "{\"seq\":1}");
        }
        Path segment = segments().get(0);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(file.length());
            file.write(new byte[] {0, 0, 0, 40, 1, 2, 3}); // a header promising 40 bytes, and three of them
        }
        try (ReadingSpool spool = open(1_000_000)) {
            assertThat(spool.append("t", "{\"seq\":2}")).isEqualTo(2);
            assertThat(spool.read(0, 10, NOW)).extracting(ReadingSpool.Entry::payload).containsExactly("{\"seq\":0}", "{\"seq\":1}", "{\"seq\":2}");
        }
    }

    @Test
    void acknowledgedSegmentsAreDeletedWholeAndNothingIsRewritten() throws Exception {
        try (ReadingSpool spool = open(64 * 1024)) { // 4 KB segments
            for (int i = 0; i < 500; i++) {
                spool.append("hearth/home/sensors/a", "{\"seq\":" + i + "}");
            }
            List<Path> before = segments();
            assertThat(before).hasSizeGreaterThan(3);
            long firstSize = Files.size(before.get(0));
            for (ReadingSpool.Entry e : spool.read(0, 150, NOW)) {
                spool.acknowledge(e.index());
            }
            // The first segment (4 KB: about a hundred readings) is gone; the second is untouched though partly sent.
            assertThat(segments()).doesNotContain(before.get(0)).contains(before.get(1));
            assertThat(firstSize).isLessThanOrEqualTo(4096);
            assertThat(spool.read(0, 1, NOW).get(0).payload()).isEqualTo("{\"seq\":150}");
            for (ReadingSpool.Entry e : spool.read(0, 1000, NOW)) {
                spool.acknowledge(e.index());
            }
            assertThat(segments()).hasSize(1);
            assertThat(spool.isEmpty()).isTrue();
        }
    }

    @Test
    void whenFullTheOldestReadingsAreDroppedAndCountedNeverTheNewest() throws Exception {
        try (ReadingSpool spool = open(64 * 1024)) {
            int total = 5_000;
            for (int i = 0; i < total; i++) {
                spool.append("hearth/home/sensors/a", "{\"seq\":" + i + "}");
            }
            assertThat(spool.bytes()).isLessThanOrEqualTo(64 * 1024);
            assertThat(spool.dropped()).isPositive();
            List<ReadingSpool.Entry> kept = spool.read(0, total, NOW);
            assertThat(kept.get(kept.size() - 1).payload()).isEqualTo("{\"seq\":" + (total - 1) + "}");
            assertThat(kept.size() + spool.dropped()).isEqualTo(total);
            for (int i = 1; i < kept.size(); i++) {
                assertThat(kept.get(i).index()).isEqualTo(kept.get(i - 1).index() + 1);
            }
        }
    }

    @Test
    void readingsOlderThanTheAgeBoundAreDroppedAndCounted() throws Exception {
        MutableClock clock = new MutableClock();
        try (ReadingSpool spool = new ReadingSpool(dir, 64 * 1024, Duration.ofDays(7), Duration.ofSeconds(1), clock)) {
            for (int i = 0; i < 200; i++) { // more than one segment
                spool.append("hearth/home/sensors/a", "{\"seq\":" + i + "}");
            }
            clock.now = clock.now.plus(Duration.ofDays(8));
            spool.append("hearth/home/sensors/a", "{\"seq\":200}");
            spool.force();
            List<ReadingSpool.Entry> kept = spool.read(0, 1000, NOW);
            assertThat(kept).extracting(ReadingSpool.Entry::payload).contains("{\"seq\":200}").doesNotContain("{\"seq\":0}");
            assertThat(kept.size() + spool.dropped()).isEqualTo(201);
        }
    }

    @Test
    void aTornWatermarkFallsBackToTheOtherSlot() throws Exception {
        try (ReadingSpool spool = open(1_000_000)) {
            for (int i = 0; i < 4; i++) {
                spool.append("t", "{\"seq\":" + i + "}");
            }
            spool.acknowledge(0); // watermark 1, slot 0
            spool.acknowledge(1); // watermark 2, slot 1
        }
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("acked").toFile(), "rw")) {
            file.seek(16 + 3); // tear the newer slot
            file.write(0x7f);
        }
        try (ReadingSpool spool = open(1_000_000)) {
            // One reading is sent twice; none is lost.
            assertThat(spool.read(0, 10, NOW)).extracting(ReadingSpool.Entry::payload).containsExactly("{\"seq\":1}", "{\"seq\":2}", "{\"seq\":3}");
        }
    }

    @Test
    void aSealedSegmentThatLostDataCountsItAsDroppedAndTheRestIsRead() throws Exception {
        try (ReadingSpool spool = open(64 * 1024)) {
            for (int i = 0; i < 300; i++) {
                spool.append("hearth/home/sensors/a", "{\"seq\":" + i + "}");
            }
        }
        Path first = segments().get(0);
        try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw")) {
            file.seek(file.length() / 2);
            file.write(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
        }
        try (ReadingSpool spool = open(64 * 1024)) {
            List<ReadingSpool.Entry> read = new ArrayList<>();
            List<ReadingSpool.Entry> batch;
            while (!(batch = spool.read(read.isEmpty() ? 0 : read.get(read.size() - 1).index() + 1, 50, NOW)).isEmpty()) {
                read.addAll(batch);
            }
            assertThat(read.get(read.size() - 1).payload()).isEqualTo("{\"seq\":299}");
            assertThat(read.get(0).payload()).isEqualTo("{\"seq\":0}");
            assertThat(spool.dropped()).isPositive();
            assertThat(read.size() + spool.dropped()).isEqualTo(300);
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-27T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
