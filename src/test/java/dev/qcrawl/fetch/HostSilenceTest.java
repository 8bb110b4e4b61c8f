package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostSilenceTest {
    private static final String A = "http://a:80";
    private static final String B = "http://b:80";

    @Test
    void fourRequestsInARowWithoutAnAnswerGiveTheHostUp() {
        HostSilence silence = new HostSilence();
        for (int i = 0; i < 3; i++) {
            silence.unanswered(A, Outcome.TIMEOUT);
            assertNull(silence.givenUp(A), "after " + (i + 1));
        }
        silence.unanswered(A, Outcome.CONNECT_TIMEOUT);
        assertEquals(Outcome.CONNECT_TIMEOUT, silence.givenUp(A), "the last one's outcome");
        assertNull(silence.givenUp(B), "another host is not");
    }

    @Test
    void anAnswerStartsTheCountAgainUntilTheHostIsGivenUp() {
        HostSilence silence = new HostSilence();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 3; i++) {
                silence.unanswered(A, Outcome.TIMEOUT);
            }
            silence.answered(A);
        }
        assertNull(silence.givenUp(A));
        for (int i = 0; i < 4; i++) {
            silence.unanswered(A, Outcome.TIMEOUT);
        }
        silence.answered(A); // a late answer (a request already on its way) does not take it back
        silence.unanswered(A, Outcome.CONNECT_TIMEOUT);
        assertEquals(Outcome.TIMEOUT, silence.givenUp(A));
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
