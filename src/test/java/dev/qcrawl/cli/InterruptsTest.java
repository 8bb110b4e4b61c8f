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
    /**
     * Once the crawl has moved to another JVM, each stop goes to it as a byte, once whatever its route, and a second
     * one too (that JVM decides); a stop that came as the crawl moved goes first.
     */
    @Test
    void afterTheCrawlMovedEachStopIsForwardedOnceAndTheOneThatCameMeanwhileFirst() {
        java.io.ByteArrayOutputStream next = new java.io.ByteArrayOutputStream();
        requests.request(StopSignal.TERM, Route.SIGNAL); // came while the crawl moved: no crawl here to stop
        requests.forwardTo(next);
        requests.request(StopSignal.TERM, Route.LAUNCHER);
        requests.request(StopSignal.INT, Route.SIGNAL);
        requests.close(); // the crawl's own handlers are gone; forwarding stays
        requests.request(StopSignal.INT, Route.LAUNCHER);
        requests.request(StopSignal.INT, Route.SIGNAL);
        assertEquals("TII", next.toString(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(List.of("terminated"), stops);
        assertEquals(List.of(), halts);
    }
}
