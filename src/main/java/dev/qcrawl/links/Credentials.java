package dev.qcrawl.links;

/** Credentials in URLs, which are never shown: in errors, logs and rows a password is {@code ***}. */
public final class Credentials {
    private Credentials() {
    }

    /** {@code url} with the password of its user info, if it has one, replaced by {@code ***}. */
    public static String redacted(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://[^/@:\\[\\]]*):[^/@]*@", "$1:***@");
    }
}
