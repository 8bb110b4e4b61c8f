package dev.qcrawl.links;

import java.util.ArrayList;
import java.util.List;

/**
 * The URLs of a {@code srcset} attribute, read as the HTML standard's "parse a srcset attribute" algorithm reads
 * them: candidates separated by commas, each a URL followed by optional descriptors ({@code 2x}, {@code 480w}). A
 * malformed value gives what can be read of it, never an error: a comma inside a URL (as in a {@code data:} URL)
 * stays part of it, trailing commas end a URL, and descriptors in parentheses may hold commas.
 */
final class Srcset {
    private Srcset() {
    }

    static List<String> urls(String value) {
        List<String> urls = new ArrayList<>();
        int n = value.length();
        int i = 0;
        while (i < n) {
            while (i < n && (isSpace(value.charAt(i)) || value.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && !isSpace(value.charAt(i))) {
                i++;
            }
            String url = value.substring(start, i);
            if (url.endsWith(",")) {
                // "a.png,b.png": the URL ends at its trailing commas and has no descriptors
                urls.add(url.replaceAll(",+$", ""));
                continue;
            }
            urls.add(url);
            // Skip the descriptors up to the comma that ends the candidate, minding parentheses.
            int depth = 0;
            while (i < n) {
                char c = value.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')' && depth > 0) {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    i++;
                    break;
                }
                i++;
            }
        }
        urls.removeIf(String::isEmpty);
        return urls;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }
}
