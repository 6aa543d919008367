package io.ferryrpc.monitor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared buckets are Micrometer's, and quantiles land in the bucket that holds them. */
@Timeout(10)
class LatencyLayoutTest {

    @Test
    void bucketsAreTheOnesMicrometerGivesFerrysTimersInRegistriesWithAggregableHistograms() {
        // What a Prometheus registry publishes for a timer built as MetricsFilter builds it.
        double[] micrometer = DistributionStatisticConfig.builder().percentilesHistogram(true)
                .minimumExpectedValue((double) LatencyLayout.MIN.toNanos())
                .maximumExpectedValue((double) LatencyLayout.MAX.toNanos())
                .build().merge(DistributionStatisticConfig.DEFAULT).getHistogramBuckets(true).stream()
                .mapToDouble(Double::doubleValue).toArray();
        assertThat(micrometer).hasSize(LatencyLayout.buckets() - 1);
        for (int i = 0; i < micrometer.length; i++) {
            assertThat((long) micrometer[i]).isEqualTo(LatencyLayout.upperBound(i));
            if (i > 0) {
                assertThat(LatencyLayout.upperBound(i)).isGreaterThan(LatencyLayout.upperBound(i - 1));
            }
        }
        assertThat(LatencyLayout.upperBound(0)).isEqualTo(LatencyLayout.MIN.toNanos());
        assertThat(LatencyLayout.upperBound(LatencyLayout.buckets() - 2)).isEqualTo(LatencyLayout.MAX.toNanos());
    }

    @Test
    void everyValueFallsInTheBucketWhoseBoundsHoldIt() {
        for (long nanos : new long[] {0, 1, 9_999, 10_000, 10_001, 250_000, 1_000_000_000, 60_000_000_000L,
                60_000_000_001L, Long.MAX_VALUE}) {
            int i = LatencyLayout.index(nanos);
            assertThat(nanos).isLessThanOrEqualTo(LatencyLayout.upperBound(i));
            assertThat(nanos).isGreaterThanOrEqualTo(i == 0 ? 0 : LatencyLayout.lowerBound(i) + 1);
        }
    }

    @Test
    void quantilesInterpolateInsideTheirBucket() {
        long[] counts = new long[LatencyLayout.buckets()];
        int bucket = LatencyLayout.index(300_000);
        counts[bucket] = 100;
        double p50 = LatencyLayout.quantile(counts, 0.5);
        assertThat(p50).isBetween((double) LatencyLayout.lowerBound(bucket), (double) LatencyLayout.upperBound(bucket));
        assertThat(LatencyLayout.quantile(new long[LatencyLayout.buckets()], 0.5)).isEqualTo(-1);

        counts[LatencyLayout.buckets() - 1] = 1000;
        assertThat(LatencyLayout.quantile(counts, 0.99)).isEqualTo(LatencyLayout.MAX.toNanos());
    }

    @Test
    void recorderCountsAgreeWithTheSumOfBuckets() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 0; i < 1000; i++) {
            recorder.record(i * 1000L);
        }
        HistogramCounts read = recorder.read();
        assertThat(read.count()).isEqualTo(1000);
        assertThat(read.sumNanos()).isEqualTo(1000L * 999 * 1000 / 2);
        assertThat(HistogramCounts.fromWire(read.toWire())).isEqualTo(read);
        assertThat(Arrays.stream(read.toWire().bucketCounts()).sum()).isEqualTo(1000);
    }
}
