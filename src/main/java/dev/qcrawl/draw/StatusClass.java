package dev.qcrawl.draw;

import dev.qcrawl.crawl.UrlStats;

/** How a URL ended, in the few classes the pictures colour apart. */
enum StatusClass {
    OK("#4caf50", "2xx"),
    REDIRECT("#2196f3", "3xx"),
    BROKEN("#e53935", "broken (4xx, 5xx, no response, unless --accept allows it)"),
    OTHER("#ffb300", "other status or cut short"),
    NOT_FETCHED("#9e9e9e", "not fetched (out of scope, filtered, beyond max-depth)");

    private final String colour;
    private final String meaning;

    StatusClass(String colour, String meaning) {
        this.colour = colour;
        this.meaning = meaning;
    }

    /** @param broken what the crawl's report counts as broken ({@code --accept} and a link check decide) */
    static StatusClass of(UrlStats url, java.util.function.Predicate<UrlStats> broken) {
        if (broken.test(url)) {
            return BROKEN;
        }
        Integer status = url.status();
        if (status == null) {
            return url.broken() ? OTHER : NOT_FETCHED; // a failure without a response is broken, unless accepted
        }
        if (status >= 300 && status < 400) {
            return REDIRECT;
        }
        return status >= 200 && status < 300 && url.error() == null ? OK : OTHER;
    }

    String colour() {
        return colour;
    }

    String meaning() {
        return meaning;
    }
}
