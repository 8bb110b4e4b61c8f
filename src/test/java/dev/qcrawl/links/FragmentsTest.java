package dev.qcrawl.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Which fragments are looked for, and how a missing one is printed: expectations written out by hand. */
class FragmentsTest {

    @Test
    void aFragmentIsLookedForDecodedAndPrintedAsAUrlPart() {
        assertEquals(" sp", Fragments.checkable("%20sp"));
        assertEquals("%20sp", Fragments.shown(" sp"), "a space may not stand in a URL");
        assertEquals("café", Fragments.checkable("caf%C3%A9"));
        assertEquals("café", Fragments.shown("café"), "non-ASCII reads as it is, as browsers show it");
        assertEquals("a%22b%3Cc%3Ed%60e%09", Fragments.shown("a\"b<c>d`e\t"));
        assertEquals("plain-id_1.2", Fragments.shown("plain-id_1.2"));
    }

    @Test
    void fragmentsThatAreNoElementAreNotLookedFor() {
        assertNull(Fragments.checkable(""));
        assertNull(Fragments.checkable("top"));
        assertNull(Fragments.checkable("TOP"));
        assertNull(Fragments.checkable("/route"));
        assertNull(Fragments.checkable("!bang"));
        assertNull(Fragments.checkable(":~:text=hello"));
    }
}
