package dev.qcrawl.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StopReasonTest {
    @Test
    void eachReasonPrintsItsLabelAndIsReadBackFromIt() {
        Map<StopReason, String> printed = Map.of(StopReason.INTERRUPTED, "interrupted",
                StopReason.TERMINATED, "terminated", StopReason.MAX_PAGES, "max-pages",
                StopReason.OUT_OF_MEMORY, "out-of-memory", StopReason.STATE_UNAVAILABLE, "state-unavailable");
        assertEquals(StopReason.values().length, printed.size());
        printed.forEach((reason, label) -> {
            assertEquals(label, reason.label());
            assertEquals(label, "" + reason);
            assertEquals(label, StopReason.labelOf(reason));
            assertEquals(reason, StopReason.ofLabel(label));
        });
        assertNull(StopReason.ofLabel(null));
        assertNull(StopReason.labelOf(null));
        assertThrows(IllegalArgumentException.class, () -> StopReason.ofLabel("bored"));
    }

    @Test
    void onlyTheSignalsAreStopsBySignal() {
        assertEquals(List.of(StopReason.INTERRUPTED, StopReason.TERMINATED),
                Arrays.stream(StopReason.values()).filter(StopReason::bySignal).toList());
    }
}
