package dev.hearth.history.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.hearth.history.rollup.Rollup;
import dev.hearth.history.rollup.Stats;
import dev.hearth.history.rollup.Tier;

class DownsamplerTest {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    /** Readings with uneven gaps (a second to twenty minutes) and values with two decimals, over about two days. */
    private static List<Stats.Reading> readings(long seed) {
        Random random = new Random(seed);
        List<Stats.Reading> readings = new ArrayList<>();
        long t = 1_764_000_000_000L + random.nextInt(100_000);
        while (readings.size() < 3000) {
            readings.add(new Stats.Reading(t, Math.round((20 + random.nextGaussian() * 3) * 100) / 100.0));
            t += random.nextInt(10) == 0 ? random.nextInt((int) (20 * MINUTE)) + 1 : 1000 + random.nextInt(60_000);
        }
        return readings;
    }

    /** The mean of the step function by brute force: each reading holds until the next, summed millisecond span by span. */
    private static double bruteMean(List<Stats.Reading> all, long start, long end) {
        double area = 0;
        long covered = 0;
        for (int i = 0; i < all.size(); i++) {
            long from = Math.max(all.get(i).tsMs(), start);
            long to = Math.min(i + 1 < all.size() ? all.get(i + 1).tsMs() : Long.MAX_VALUE, end);
            if (to > from) {
                area += all.get(i).value() * (to - from);
                covered += to - from;
            }
        }
        return area / covered;
    }

    @Test
    void bucketsEqualABruteForceComputationOverUnevenData() {
        for (long seed = 1; seed <= 5; seed++) {
            List<Stats.Reading> readings = readings(seed);
            long from = Math.floorDiv(readings.get(0).tsMs(), 2 * HOUR) * 2 * HOUR + 4 * HOUR;
            long to = from + 24 * HOUR;
            double carry = readings.stream().filter(r -> r.tsMs() < from).reduce((a, b) -> b).orElseThrow().value();
            List<Stats> rows = readings.stream().filter(r -> r.tsMs() >= from && r.tsMs() < to).map(r -> Stats.of(r.tsMs(), r.value())).toList();
            long now = Long.MAX_VALUE;

            List<Downsampler.Bucket> buckets = Downsampler.downsample(rows, carry, from, 2 * HOUR, now);
            assertThat(buckets).isNotEmpty();
            for (Downsampler.Bucket b : buckets) {
                List<Stats.Reading> in = readings.stream().filter(r -> r.tsMs() >= b.startMs() && r.tsMs() < b.startMs() + 2 * HOUR).toList();
                assertThat(b.count()).isEqualTo(in.size());
                assertThat(b.min()).isEqualTo(in.stream().mapToDouble(Stats.Reading::value).min().orElseThrow());
                assertThat(b.max()).isEqualTo(in.stream().mapToDouble(Stats.Reading::value).max().orElseThrow());
                assertThat(b.last()).isEqualTo(in.get(in.size() - 1).value());
                assertThat(b.avg()).isCloseTo(bruteMean(readings, b.startMs(), b.startMs() + 2 * HOUR), within(1e-9));
            }
        }
    }

    @Test
    void everyTierGivesTheSameBuckets() {
        List<Stats.Reading> readings = readings(11);
        long from = Math.floorDiv(readings.get(0).tsMs(), HOUR) * HOUR + HOUR;
        long to = from + 36 * HOUR;
        double carry = readings.stream().filter(r -> r.tsMs() < from).reduce((a, b) -> b).orElseThrow().value();
        List<Rollup.Part> parts = readings.stream().filter(r -> r.tsMs() >= from && r.tsMs() < to)
                .map(r -> new Rollup.Part("s", Stats.of(r.tsMs(), r.value()))).toList();
        List<Stats> raw = parts.stream().map(Rollup.Part::stats).toList();
        List<Rollup.Row> minutes = Rollup.fold(Tier.MINUTE, parts);
        List<Rollup.Row> hours = Rollup.fold(Tier.HOUR, minutes.stream().map(r -> new Rollup.Part(r.series(), r.stats())).toList());

        List<Downsampler.Bucket> fromRaw = Downsampler.downsample(raw, carry, from, 3 * HOUR, Long.MAX_VALUE);
        List<Downsampler.Bucket> fromMinutes = Downsampler.downsample(minutes.stream().map(Rollup.Row::stats).toList(), carry, from,
                3 * HOUR, Long.MAX_VALUE);
        List<Downsampler.Bucket> fromHours = Downsampler.downsample(hours.stream().map(Rollup.Row::stats).toList(), carry, from,
                3 * HOUR, Long.MAX_VALUE);
        assertThat(fromMinutes).hasSameSizeAs(fromRaw);
        assertThat(fromHours).hasSameSizeAs(fromRaw);
        for (int i = 0; i < fromRaw.size(); i++) {
            assertThat(fromMinutes.get(i).avg()).isCloseTo(fromRaw.get(i).avg(), within(1e-9));
            assertThat(fromHours.get(i).avg()).isCloseTo(fromRaw.get(i).avg(), within(1e-9));
            assertThat(fromHours.get(i).count()).isEqualTo(fromRaw.get(i).count());
            assertThat(fromHours.get(i).last()).isEqualTo(fromRaw.get(i).last());
        }
    }

    @Test
    void theCurrentBucketsMeanEndsNow() {
        // 0 from 10:00, 10 from 10:30; at 10:45 the hour so far averages (0*30 + 10*15) / 45.
        List<Stats> rows = List.of(Stats.of(0, 0), Stats.of(30 * MINUTE, 10));
        Downsampler.Bucket b = Downsampler.downsample(rows, Double.NaN, 0, HOUR, 45 * MINUTE).get(0);
        assertThat(b.avg()).isCloseTo(150 / 45.0, within(1e-9));
    }

    @Test
    void aBucketWithoutReadingsIsLeftOut() {
        List<Stats> rows = List.of(Stats.of(0, 1), Stats.of(3 * HOUR, 2));
        assertThat(Downsampler.downsample(rows, Double.NaN, 0, HOUR, Long.MAX_VALUE)).extracting(Downsampler.Bucket::startMs)
                .containsExactly(0L, 3 * HOUR);
    }
}
