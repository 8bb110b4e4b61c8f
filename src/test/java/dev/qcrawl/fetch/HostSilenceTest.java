package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.ManualTicker;
import java.net.URI;
import org.junit.jupiter.api.Test;

class HostSilenceTest {
    private static final String A = "http://a:80";
    private static final String B = "http://b:80";
    private static final URI PAGE = URI.create("http://a/page");

    private final ManualTicker ticker = new ManualTicker();
    private final java.util.List<String> givenUp = new java.util.ArrayList<>();
    private final HostSilence silence = new HostSilence(ticker, givenUp::add);

    /** Four silent URLs, each started after the host's last answer. */
    private void fourSilentUrls(String host) {
        for (int i = 0; i < HostSilence.GIVE_UP; i++) {
            ticker.advance(1_000);
            assertNull(silence.probe(host), "no question before " + (i + 1));
            assertTrue(silence.unanswered(host, ticker.nanos()));
        }
    }

    /** A host that answered {@link #PAGE}, then went silent: the question it is asked. */
    private HostSilence.Probe silentAfterAnAnswer() {
        silence.answered(A, PAGE);
        fourSilentUrls(A);
        return silence.probe(A);
    }

    @Test
    void fourSilentUrlsAndASilentQuestionGiveTheHostUp() {
        silence.answered(A, PAGE);
        fourSilentUrls(A);
        assertFalse(silence.givenUp(A), "not before the question");
        HostSilence.Probe probe = silence.probe(A);
        assertEquals(PAGE, probe.uri(), "asked for the page it answered");
        assertNull(silence.probe(A), "by one caller");
        assertNull(silence.probe(B));
        assertEquals(java.util.List.of(), givenUp);
        silence.probed(A, probe, false);
        assertTrue(silence.givenUp(A));
        assertEquals(java.util.List.of(A), givenUp, "told once");
        assertFalse(silence.givenUp(B), "another host is not");
        silence.answered(A, PAGE); // a late answer (a request already on its way) does not take it back
        silence.probed(A, probe, false);
        assertTrue(silence.givenUp(A));
        assertEquals(java.util.List.of(A), givenUp, "still told once");
    }

    @Test
    void anAnswerToTheQuestionKeepsTheHost() {
        HostSilence.Probe probe = silentAfterAnAnswer();
        silence.probed(A, probe, true);
        assertFalse(silence.givenUp(A));
        assertEquals(java.util.List.of(), givenUp);
        fourSilentUrls(A); // counted from zero again
        assertEquals(PAGE, silence.probe(A).uri());
    }

    /** A probe whose thread was interrupted leaves the question to the next caller. */
    @Test
    void aProbeCutShortIsAskedAgain() {
        HostSilence.Probe probe = silentAfterAnAnswer();
        silence.probed(A, probe, null);
        assertFalse(silence.givenUp(A));
        HostSilence.Probe again = silence.probe(A);
        assertEquals(PAGE, again.uri());
        silence.probed(A, probe, false); // the old one's word no longer counts
        assertFalse(silence.givenUp(A));
        silence.probed(A, again, false);
        assertTrue(silence.givenUp(A));
    }

    /** A probe that got no answer while the host answered another request since it started keeps the host. */
    @Test
    void aSilentProbeWhileTheHostAnsweredAnotherKeepsTheHost() {
        HostSilence.Probe probe = silentAfterAnAnswer();
        ticker.advance(1_000);
        silence.answered(A, PAGE);
        silence.probed(A, probe, false);
        assertFalse(silence.givenUp(A));
        assertEquals(java.util.List.of(), givenUp);
    }

    @Test
    void aHostThatNeverAnsweredIsGivenUpWithoutAQuestion() {
        fourSilentUrls(A);
        assertNull(silence.probe(A));
        assertTrue(silence.givenUp(A));
        assertEquals(java.util.List.of(A), givenUp);
    }

    /** A request that timed out while the host answered others (a busy host's queue) does not count. */
    @Test
    void aSilenceWhileTheHostAnsweredOthersDoesNotCount() {
        for (int i = 0; i < 10; i++) {
            long started = ticker.nanos();
            ticker.advance(1_000);
            silence.answered(A, PAGE);
            ticker.advance(1_000);
            assertFalse(silence.unanswered(A, started));
        }
        assertNull(silence.probe(A));
        assertFalse(silence.givenUp(A));
    }

    @Test
    void anAnswerStartsTheCountAgain() {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < HostSilence.GIVE_UP - 1; i++) {
                ticker.advance(1_000);
                silence.unanswered(A, ticker.nanos());
            }
            ticker.advance(1_000);
            silence.answered(A, PAGE);
        }
        assertNull(silence.probe(A));
        assertFalse(silence.givenUp(A));
    }

    @Test
    void onlyFailuresThatTookTheirTimeAreSilence() {
        assertTrue(HostSilence.silent(Outcome.CONNECT_TIMEOUT, true));
        assertTrue(HostSilence.silent(Outcome.TIMEOUT, true));
        assertFalse(HostSilence.silent(Outcome.TIMEOUT, false), "its head came: the body was late");
        for (Outcome fast : new Outcome[] {Outcome.REFUSED, Outcome.RESET, Outcome.DNS, Outcome.TLS, Outcome.IO}) {
            assertFalse(HostSilence.silent(fast, true), fast.label());
        }
    }
}
