package dev.hearth.gateway.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingSpoolTest {

    @TempDir
    Path dir;

    @Test
    void keepsReadingsInOrderUntilTheyAreDelivered() {
        ReadingSpool spool = new ReadingSpool(dir, 1_000_000);
        assertThat(spool.isEmpty()).isTrue();
        spool.append("hearth/home/sensors/a", "{\"value\":1,\"unit\":\"°C\"}");
        spool.append("hearth/home/sensors/b", "{\"value\":2}");
        spool.append("hearth/home/sensors/a", "{\"value\":3}");

        List<ReadingSpool.Entry> first = spool.peek(2);
        assertThat(first).extracting(ReadingSpool.Entry::payload).containsExactly("{\"value\":1,\"unit\":\"°C\"}", "{\"value\":2}");
        assertThat(first).extracting(ReadingSpool.Entry::topic).containsExactly("hearth/home/sensors/a", "hearth/home/sensors/b");
        spool.remove(first.subList(0, 1));
        assertThat(spool.peek(10)).extracting(ReadingSpool.Entry::payload).containsExactly("{\"value\":2}", "{\"value\":3}");

        spool.remove(spool.peek(10));
        assertThat(spool.isEmpty()).isTrue();
        assertThat(spool.pendingBytes()).isZero();
    }

    @Test
    void survivesARestartOfTheGateway() {
        ReadingSpool before = new ReadingSpool(dir, 1_000_000);
        before.append("t", "{\"seq\":1}");
        before.append("t", "{\"seq\":2}");
        before.remove(before.peek(1));

        ReadingSpool after = new ReadingSpool(dir, 1_000_000);
        assertThat(after.peek(10)).extracting(ReadingSpool.Entry::payload).containsExactly("{\"seq\":2}");
    }

    @Test
    void dropsTheOldestReadingsWhenFull() {
        ReadingSpool spool = new ReadingSpool(dir, 1_000);
        for (int i = 0; i < 100; i++) {
            spool.append("hearth/home/sensors/a", "{\"seq\":" + i + "}");
        }
        assertThat(spool.pendingBytes()).isLessThanOrEqualTo(1_000);
        assertThat(spool.dropped()).isPositive();
        List<ReadingSpool.Entry> kept = spool.peek(1_000);
        assertThat(kept.get(kept.size() - 1).payload()).isEqualTo("{\"seq\":99}"); // the newest is never dropped
        assertThat(kept.size() + spool.dropped()).isEqualTo(100);
    }
}
