package dev.qcrawl.links;

/** Credentials in URLs, which are never shown: in errors, logs and rows a password is {@code ***}. */
public final class Credentials {
    private Credentials() {
    }

    /** {@code url} with the password of its user info, if it has one, replaced by {@code ***}. */
    public static String redacted(String url) {
        // The password runs to the '@' that ends the user info, whatever it holds ('/' too): in a message, better
        // to hide too much than a part of it.
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://[^/@:\\[\\]]*):[^@?#]*@", "$1:***@");
    }
}
