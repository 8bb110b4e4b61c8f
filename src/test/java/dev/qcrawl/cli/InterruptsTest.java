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

    /**
     * A stop that came while the crawl tried to move, which then goes on here under handlers made anew: that stop
     * arriving late by the other route is still the same stop, and the next one exits at once.
     */
    @Test
    void aCrawlThatGoesOnAfterAMoveCountsTheStopThatCameMeanwhile() {
        requests.request(StopSignal.INT, Route.SIGNAL); // while the crawl moved
        List<String> goingOn = new ArrayList<>();
        Requests here = new Requests(reason -> goingOn.add(reason.label()), halts::add);
        here.countFrom(requests);
        here.request(StopSignal.INT, Route.LAUNCHER); // the same Ctrl-C, passed on by the launcher
        assertEquals(List.of(), halts);
        assertEquals(List.of(), goingOn, "the crawl going on was stopped at its start already");
        here.request(StopSignal.INT, Route.SIGNAL);
        assertEquals(List.of(130), halts);
    }

    /**
     * A Ctrl-C before the crawl has its handlers (the JVM's first tenths of a second): kept by the early handlers,
     * it stops the crawl as soon as the crawl takes over, the same Ctrl-C passed on late by the launcher is the same
     * stop, and the next one exits at once.
     */
    @Test
    void aStopBeforeTheCrawlHasItsHandlersStopsItAtItsStart() {
        Requests early = new Requests(reason -> { }, halts::add);
        early.request(StopSignal.INT, Route.SIGNAL);
        assertEquals(StopSignal.INT, early.last());
        List<String> crawl = new ArrayList<>();
        Requests here = new Requests(reason -> crawl.add(reason.label()), halts::add);
        here.countFrom(early);
        assertEquals(StopSignal.INT, here.last(), "the crawl applies it at its start");
        early.request(StopSignal.INT, Route.LAUNCHER); // the launcher's byte, read by the early handlers' reader
        assertEquals(List.of(), halts);
        here.request(StopSignal.INT, Route.SIGNAL);
        assertEquals(List.of(130), halts);
    }

    /** A stop that still reaches the early handlers after the crawl took over from them goes to the crawl. */
    @Test
    void aStopThatReachesTheEarlyHandlersLateGoesToTheCrawl() {
        Requests early = new Requests(reason -> { }, halts::add);
        List<String> crawl = new ArrayList<>();
        Requests here = new Requests(reason -> crawl.add(reason.label()), halts::add);
        here.countFrom(early);
        early.request(StopSignal.TERM, Route.LAUNCHER);
        assertEquals(List.of("terminated"), crawl);
        assertEquals(StopSignal.TERM, here.last());
        assertEquals(List.of(), halts);
    }

    /** The crawl's handlers, taking over from the early ones, put back the JVM's own when the counts are written. */
    @Test
    void theCrawlThatTookOverFromTheEarlyHandlersPutsBackTheJvmsOwn() {
        withTheJvmsHandlers((term, interrupt) -> {
            Interrupts.catchEarly();
            Interrupts.Installed early = Interrupts.takeEarly();
            org.junit.jupiter.api.Assertions.assertNotNull(early);
            org.junit.jupiter.api.Assertions.assertNull(Interrupts.takeEarly(), "taken once");
            early.requests().request(StopSignal.INT, Route.SIGNAL);
            Interrupts.Installed crawl = Interrupts.onStopSignals(reason -> stops.add(reason.label()), early);
            assertEquals("interrupted", crawl.stopped().label());
            crawl.close();
            for (sun.misc.Signal signal : handled(term, interrupt)) {
                assertEquals(sun.misc.SignalHandler.SIG_DFL,
                        sun.misc.Signal.handle(signal, sun.misc.SignalHandler.SIG_DFL), signal.getName());
            }
        });
    }

    /**
     * The signals of these that this JVM handles: not one it was started with ignored (a job started in the
     * background by a shell without job control ignores SIGINT), whose handler the JVM leaves as it is.
     */
    private static List<sun.misc.Signal> handled(sun.misc.Signal... signals) {
        return java.util.Arrays.stream(signals).filter(signal -> !IGNORED_AT_START.contains(signal.getName())).toList();
    }

    /** The stop signals this JVM was started with ignored, as the JVM reports them (it installs no handler for one). */
    private static final java.util.Set<String> IGNORED_AT_START = ignoredAtStart();

    @SuppressWarnings("removal")
    private static java.util.Set<String> ignoredAtStart() {
        java.util.Set<String> ignored = new java.util.HashSet<>();
        for (String name : List.of("TERM", "INT")) {
            sun.misc.Signal signal = new sun.misc.Signal(name);
            sun.misc.SignalHandler was = sun.misc.Signal.handle(signal, sun.misc.SignalHandler.SIG_DFL);
            if (was == sun.misc.SignalHandler.SIG_IGN) {
                ignored.add(name);
            }
            sun.misc.Signal.handle(signal, was);
        }
        return ignored;
    }

    /** Runs {@code test} with the JVM's default handlers for TERM and INT, and puts back the ones in place after. */
    @SuppressWarnings("removal")
    private static void withTheJvmsHandlers(
            java.util.function.BiConsumer<sun.misc.Signal, sun.misc.Signal> test) {
        sun.misc.Signal term = new sun.misc.Signal("TERM");
        sun.misc.Signal interrupt = new sun.misc.Signal("INT");
        sun.misc.SignalHandler originalTerm = sun.misc.Signal.handle(term, sun.misc.SignalHandler.SIG_DFL);
        sun.misc.SignalHandler originalInt = sun.misc.Signal.handle(interrupt, sun.misc.SignalHandler.SIG_DFL);
        try {
            test.accept(term, interrupt);
        } finally {
            sun.misc.Signal.handle(term, originalTerm);
            sun.misc.Signal.handle(interrupt, originalInt);
        }
    }

    /**
     * A JVM that exits for a move keeps its handlers to the end: a stop signal in that moment is dropped there (the
     * launcher passes it on), where the default action would end the JVM as if the crawl had, printing nothing.
     */
    @Test
    void theHandlersStayWhileTheJvmExitsForAMove() {
        withTheJvmsHandlers((term, interrupt) -> {
            Interrupts.Installed crawl = Interrupts.onStopSignals(reason -> stops.add(reason.label()));
            crawl.close();
            assertEquals(sun.misc.SignalHandler.SIG_DFL, sun.misc.Signal.handle(term, sun.misc.SignalHandler.SIG_DFL),
                    "a crawl that ends puts back what it replaced");

            Interrupts.Installed moving = Interrupts.onStopSignals(reason -> stops.add(reason.label()));
            moving.keepUntilExit();
            moving.close();
            for (sun.misc.Signal signal : handled(term, interrupt)) {
                sun.misc.SignalHandler now = sun.misc.Signal.handle(signal, sun.misc.SignalHandler.SIG_DFL);
                org.junit.jupiter.api.Assertions.assertNotEquals(sun.misc.SignalHandler.SIG_DFL, now, signal.getName());
                now.handle(signal); // a stop after the close: dropped, nothing runs
            }
            assertEquals(List.of(), stops);
        });
    }
}
