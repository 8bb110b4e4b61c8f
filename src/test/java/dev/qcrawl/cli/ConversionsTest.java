package dev.qcrawl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** The spellings of sizes and times the docs give (docs/crawling.md, "Limits"), with values worked out by hand. */
class ConversionsTest {

    @ParameterizedTest
    @CsvSource({"1048576, 1048576", "512k, 524288", "512kb, 524288", "512KiB, 524288", "1KB, 1024", "10m, 10485760",
            "10mb, 10485760", "10MiB, 10485760", "1g, 1073741824", "1G, 1073741824", "1GiB, 1073741824",
            "2gb, 2147483648", "7b, 7"})
    void sizesAreBytesInPowersOf1024(String written, long bytes) {
        assertEquals(bytes, new Conversions.SizeConverter().convert(written));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5m", "1t", "-1", "", "k", "99999999999999999999"})
    void otherSizesAreRefused(String written) {
        assertThrows(TypeConversionException.class, () -> new Conversions.SizeConverter().convert(written));
    }

    @ParameterizedTest
    @CsvSource({"1, 1000", "2.5, 2500", "250ms, 250", "3s, 3000", "1.5s, 1500", "2m, 120000", "1h, 3600000",
            "0, 0"})
    void timesAreSecondsUnlessTheySayOtherwise(String written, long millis) {
        assertEquals(Duration.ofMillis(millis), new Conversions.DurationConverter().convert(written));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1d", "-1s", "s", "1.5.2s", "9000h"})
    void otherTimesAreRefused(String written) {
        assertThrows(TypeConversionException.class, () -> new Conversions.DurationConverter().convert(written));
    }
}
