package dev.qcrawl.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageLinksTest {
    private static final String PAGE = "http://h.example/dir/page.html";

    private static PageLinks page(String html) {
        try {
            return new LinkExtractor(new UrlNormalizer()).page(html.getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8, PAGE);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readsWhatTheCssOfStyleElementsAndAttributesLoads() {
        PageLinks page = page("""
                <style>@import "print.css"; body { background: url(../bg.png) } /* url(no.png) */</style>
                <div style="background-image: url('/hero.jpg'), url(data:image/png;base64,AA)">x</div>
                <p style="color: red">no URL</p><svg><rect style="fill: url(#grad)"/></svg>
                <a href=/x style="cursor: url(c.cur), auto">link</a>
                """);
        assertEquals(List.of("http://h.example/dir/print.css", "http://h.example/bg.png", "http://h.example/hero.jpg",
                "http://h.example/dir/c.cur"), page.resources());
        assertEquals(List.of("http://h.example/x"), page.links());
    }

    @Test
    void aStylesheetsUrlsAreResolvedAgainstItsOwnUrl() {
        LinkExtractor extractor = new LinkExtractor(new UrlNormalizer());
        byte[] css = ("@import url(base.css); .a { background: url(\"../img/a.png\") }"
                + " .b { src: url(\"http://bad host/f\") }").getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("http://h.example/css/base.css", "http://h.example/img/a.png", "http://bad host/f"),
                extractor.stylesheet(css, null, "http://h.example/css/site.css", false).resources());
    }

    @Test
    void readsTheOlderAndRarerUrlAttributesToo() {
        PageLinks page = page("""
                <html manifest=app.appcache><body background=bg.gif>
                <blockquote cite=/source>q</blockquote><q cite="http://other.example/q">q</q>
                <del cite=why.html>x</del><ins cite=why.html>y</ins>
                <iframe src=/f longdesc=desc.html></iframe><input type=image src=go.png alt=go><input type=text>
                """);
        assertEquals(List.of("http://h.example/dir/app.appcache", "http://h.example/dir/bg.gif",
                "http://h.example/source", "http://other.example/q", "http://h.example/dir/why.html",
                "http://h.example/dir/desc.html", "http://h.example/dir/go.png"), page.resources());
        assertEquals(List.of("http://h.example/f"), page.links(), "a frame leads to a page");
    }

    @Test
    void readsWhatInlineSvgLoadsAndLinksTo() {
        PageLinks page = page("""
                <svg><a xlink:href="old-style.html">x</a><a href="/svg2">y</a><image href="i.png"/>
                <image xlink:href="j.png"/><use href="sprite.svg#icon"/><use xlink:href="#local"/></svg>
                """);
        assertEquals(List.of("http://h.example/dir/old-style.html", "http://h.example/dir/i.png",
                "http://h.example/dir/j.png", "http://h.example/dir/sprite.svg"), page.resources());
        assertEquals(List.of("http://h.example/svg2"), page.links());
    }

    @Test
    void readsEveryKindOfResourceOnceButNotConnectionHints() {
        PageLinks page = page("""
                <link rel=stylesheet href=a.css><link rel="preconnect" href="http://cdn.example/">
                <link rel="dns-prefetch" href="//dns.example/"><link rel="icon preconnect" href="/icon.png">
                <link rel=manifest href=/m.json><link rel=preload href=/font.woff2>
                <script src=app.js></script><img src=i.png srcset="i2.png 2x, i3.png 3x"><img src=i.png>
                <picture><source srcset="s.webp"></picture><iframe src=/if></iframe>
                <video src=v.mp4 poster=p.jpg><track src=t.vtt></video><audio src=a.mp3></audio>
                <object data=o.pdf></object><map><area href=/area></map>
                <meta http-equiv="Refresh" content="5; URL='/next'">
                <img src="data:image/png;base64,AAAA"><img src="javascript:x"><img src="">
                <a href=/link>not a resource</a>
                """);
        assertEquals(List.of("http://h.example/dir/a.css", "http://h.example/icon.png", "http://h.example/m.json",
                "http://h.example/font.woff2", "http://h.example/dir/app.js", "http://h.example/dir/i.png",
                "http://h.example/dir/i2.png", "http://h.example/dir/i3.png", "http://h.example/dir/s.webp",
                "http://h.example/dir/v.mp4",
                "http://h.example/dir/p.jpg", "http://h.example/dir/t.vtt", "http://h.example/dir/a.mp3",
                "http://h.example/dir/o.pdf"), page.resources());
        assertEquals(List.of("http://h.example/if", "http://h.example/area", "http://h.example/next",
                "http://h.example/link"), page.links());
    }

    @Test
    void aFrameAnImageMapAndARefreshLeadToPagesTheCheckedCrawlFollows() {
        assertEquals(List.of("http://h.example/moved", "http://h.example/fr"),
                page("<meta http-equiv=refresh content='3; url=/moved'><frameset><frame src=/fr></frameset>").links());
        PageLinks page = page("""
                <iframe src=doc.html></iframe><img src=map.png usemap=#m><map name=m><area href=/area#part></map>
                <a href=/a>a</a>""");
        assertEquals(List.of("http://h.example/dir/doc.html", "http://h.example/area", "http://h.example/a"),
                page.links());
        assertEquals(List.of("http://h.example/dir/map.png"), page.resources());
        assertEquals(List.of(new PageLinks.FragmentLink("http://h.example/area", "part")), page.fragments());
    }

    /** A template's content is inert: a browser does not scroll to its elements, but its links still count. */
    @Test
    void anIdInsideATemplateIsNoFragmentTarget() {
        PageLinks page = page("<template><p id=inert></p><a name=also href=/t>t</a><template><i id=deeper></i>"
                + "</template></template><p id=live></p>");
        assertEquals(Set.of("live"), page.ids());
        assertEquals(List.of("http://h.example/t"), page.links());
    }

    @Test
    void keepsIdsAndAnchorNamesAndTheLinksThatNameAFragment() {
        PageLinks page = page("""
                <h1 id=intro>x</h1><a name=old>y</a><div name=notanchor></div>
                <a href="#intro">1</a><a href="other.html#caf%C3%A9">2</a><a href="#top">3</a><a href="#">4</a>
                <a href="#/route">5</a><a href="#!bang">6</a><a href="#:~:text=x">7</a><a href="#TOP">8</a>
                <a href="#intro">again</a>
                """);
        assertEquals(Set.of("intro", "old"), page.ids());
        assertEquals(List.of(new PageLinks.FragmentLink(PAGE, "intro"),
                new PageLinks.FragmentLink("http://h.example/dir/other.html", "café")), page.fragments());
    }

    /** A URL runs to the next whitespace (a comma inside it is part of it), as the HTML standard reads srcset. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a.png 1x, b.png 2x          | a.png b.png",
        "a.png,b.png                 | a.png,b.png",
        "'a.png, b.png,'             | a.png b.png",
        "'  , ,, '                   | ''",
        "a.png 100w (x, y), b.png    | a.png b.png",
        "data:image/gif;base64,R0lG,lhAQ= 1x, c.png | data:image/gif;base64,R0lG,lhAQ= c.png",
        "a.png 1x 2x 3x              | a.png",
    })
    void srcsetCandidatesAsTheStandardReadsThem(String srcset, String urls) {
        assertEquals(urls.isEmpty() ? List.of() : List.of(urls.split(" ")), Srcset.urls(srcset));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5; url=/a           | /a",
        "0;URL='/b c'        | /b c",
        "3,  url = \"/q\"    | /q",
        "10                  | ",
        "soon; url=/x        | ",
        "1.5; /plain         | /plain",
    })
    void refreshUrls(String content, String url) {
        if (url == null) {
            assertNull(Resources.refreshUrl(content));
        } else {
            assertEquals(url, Resources.refreshUrl(content));
        }
    }
}
