package dev.qcrawl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BootTest {
    @ParameterizedTest
    @CsvSource({"1.8, 8", "1.7, 7", "9, 9", "11, 11", "17, 17", "21, 21", "25, 25", "26-ea, 26", "'', 0", "x, 0"})
    void readsTheFeatureVersionOfEveryScheme(String specification, int feature) {
        assertEquals(feature, Boot.feature(specification));
    }

    @Test
    void agreesWithTheRunningJvm() {
        assertEquals(Runtime.version().feature(), Boot.feature(System.getProperty("java.specification.version")));
    }
}
