package dev.qcrawl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qcrawl.cli.Interrupts.Requests;
import dev.qcrawl.cli.Interrupts.Route;
import dev.qcrawl.cli.Interrupts.StopSignal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterruptsTest {
    private final List<String> stops = new ArrayList<>();
    private final List<Integer> halts = new ArrayList<>();
    private final Requests requests = new Requests(reason -> stops.add(reason.label()), halts::add);

    @Test
    void aStopThatArrivesByBothRoutesIsOneStop() {
        requests.request(StopSignal.INT, Route.SIGNAL);
        requests.request(StopSignal.INT, Route.LAUNCHER);
        assertEquals(List.of("interrupted"), stops);
        assertEquals(List.of(), halts);
    }

    @Test
    void aSecondStopOnEitherRouteExitsAtOnceWithItsCode() {
        requests.request(StopSignal.TERM, Route.LAUNCHER);
        requests.request(StopSignal.TERM, Route.SIGNAL);
        requests.request(StopSignal.TERM, Route.LAUNCHER);
        assertEquals(List.of("terminated"), stops);
        assertEquals(List.of(143), halts);

        Requests signals = new Requests(reason -> stops.add(reason.label()), halts::add);
        signals.request(StopSignal.INT, Route.SIGNAL);
        signals.request(StopSignal.INT, Route.SIGNAL);
        assertEquals(List.of(143, 130), halts);
    }

    @Test
    void afterTheCountsAreWrittenRequestsAreIgnored() {
        requests.close();
        requests.request(StopSignal.INT, Route.SIGNAL);
        requests.request(StopSignal.INT, Route.SIGNAL);
        assertEquals(List.of(), stops);
        assertEquals(List.of(), halts);
    }

    @Test
    void eachSignalHasItsOwnByteFromTheLauncher() {
        for (StopSignal s : StopSignal.values()) {
            assertEquals(s, StopSignal.of(s.code));
        }
    }
}
