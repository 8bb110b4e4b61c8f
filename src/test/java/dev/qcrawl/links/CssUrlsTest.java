package dev.qcrawl.links;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The URLs a stylesheet loads: expectations written out by hand from CSS Syntax Level 3's tokenizer. */
class CssUrlsTest {

    @Test
    void urlFunctionsQuotedOrNotAndImports() {
        String css = "@charset 'utf-8'; @import url(a.css); @import 'b.css' screen; @import \"c.css\";\n"
                + "body { background: #fff url( \"bg.png\" ) no-repeat; }\n"
                + ".x { background-image: url(x.png), linear-gradient(red, blue), url('q.png') }\n"
                + "@font-face { font-family: F; src: url(f.woff2) format('woff2'), url(\"f.woff\") format('woff'); }\n"
                + ".c { cursor: URL(c.cur), auto; }";
        assertEquals(List.of("a.css", "b.css", "c.css", "bg.png", "x.png", "q.png", "f.woff2", "f.woff", "c.cur"),
                CssUrls.of(css));
    }

    @Test
    void rulesAGrammarMightNotKnowAreReadAll() {
        String css = "@media (min-width: 10px) { .y { background: url(media.png) }"
                + " @supports (display:grid) { .z { background: url(supports.png) } } }\n"
                + ".n { & .m { background: url(nested.png) } } @layer base { .l { background: url(layer.png) } }\n"
                + "@container (min-width: 1px) { .c { background:url(container.png) } }\n"
                + ".bad { color: ; background: url(after-bad.png) }";
        assertEquals(List.of("media.png", "supports.png", "nested.png", "layer.png", "container.png", "after-bad.png"),
                CssUrls.of(css));
    }

    @Test
    void commentsStringsAndEscapes() {
        String css = "/* url(in-comment.png) */ .a { content: \"url(in-string.png)\"; }\n"
                + ".b { background: url(sp\\ ace.png) } .c { background: url(\\31 x.png) }\n"
                + ".d { background: url('it\\'s.png') } .e { background: url(\"a\\\nb.png\") }\n"
                + ".f { background: url(  padded.png  ) } .g { background: url( \"q d.png\" ) }";
        assertEquals(List.of("sp ace.png", "1x.png", "it's.png", "ab.png", "padded.png", "q d.png"), CssUrls.of(css));
    }

    @Test
    void badUrlsGiveNothingAndTheRestIsStillRead() {
        String css = ".a { background: url(un\"quoted.png) } .b { background: url(two words.png) }\n"
                + ".c { background: url(paren(.png) } .d { background: url(good.png) }\n"
                + ".e { content: 'broken\n' } .lost { background: url(in-the-next-string.png) }\n"
                + ".f { background: url(after.png) }"; // a newline ends a string: the bad one, then the next
        assertEquals(List.of("good.png", "after.png"), CssUrls.of(css));
    }

    @Test
    void imageSetStringsAreUrlsAndFragmentReferencesAreNot() {
        String css = ".s { background-image: image-set(url(i1.png) 1x, 'i2.png' 2x,"
                + " \"i3.avif\" type('image/avif')); }\n"
                + ".w { background: -webkit-image-set('w.png' 1x) } .t { font-family: 'Not A URL' }\n"
                + ".clip { clip-path: url(#shape); filter: url(\"#blur\") } .f { src: url(); }\n"
                + ".m { mask: url(m.svg#part) } .u { width: calc(1px + 2url) }";
        assertEquals(List.of("i1.png", "i2.png", "i3.avif", "w.png", "m.svg#part"), CssUrls.of(css));
    }

    @Test
    void identifiersThatEndInUrlAreOtherFunctions() {
        assertEquals(List.of(), CssUrls.of(".a { background: myurl(x.png); b: -url(y.png) }"));
        assertEquals(List.of("z.png"), CssUrls.of(".a { background: u\\72l(z.png) }"), "an escaped name is the name");
    }

    @Test
    void anUnclosedUrlAtTheEndOfTheInputIsKept() {
        assertEquals(List.of("end.png"), CssUrls.of("a { background: url(end.png"));
        assertEquals(List.of(), CssUrls.of("color: red; width: 10px"));
    }

    @Test
    void theReviewersCornerCases() {
        assertEquals(List.of("a.png"), CssUrls.of("a{background:url(a.png "), "whitespace, then the end: a url token");
        assertEquals(List.of(), CssUrls.of("#url(x.png){}"), "a hash token, not a function");
        assertEquals(List.of("x.png"), CssUrls.of("a{b:1.url(x.png)}"), "a number, a '.', then url(");
        assertEquals(List.of("a\uFFFDb.png"), CssUrls.of("a{background:url(a\u0000b.png)}"), "NUL is U+FFFD");
        assertEquals(List.of(), CssUrls.of(".a{background:\u0131mage-set(\"x.png\" 1x)} @\u0131mport \"y.css\";"),
                "names compare in ASCII: a dotless i is no i");
        assertEquals(List.of("ok.png"), CssUrls.of("@namespace svg url(http://www.w3.org/2000/svg); a{b:url(ok.png)}"));
        assertEquals(List.of("a.png"), CssUrls.of(".a{background:image-set(\"a.png\" 1x;} .b{content:\"notaurl\"}"),
                "a declaration ends its functions");
        assertEquals(List.of("first.css", "ok.png"), CssUrls.of(
                "@charset 'utf-8'; @layer base; @import 'first.css'; a{b:url(ok.png)} @import 'late.css';"
                        + " @media screen{@import 'inside.css';}"), "an @import after a rule or in a block: none");
    }

    @Test
    void aStylesheetCutShortIsReadUpToItsLastCompleteStatement() {
        assertEquals(List.of("a.png"), CssUrls.ofCut("a{b:url(a.png)} c{d:url(img/ver"));
        assertEquals(List.of("x.css"), CssUrls.ofCut("@import 'x.css'; @import \"foo.c"));
    }
}
