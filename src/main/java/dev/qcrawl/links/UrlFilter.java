package dev.qcrawl.links;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --include} and {@code --exclude}: regular expressions found anywhere in the normalized absolute URL (Java
 * regex, {@link java.util.regex.Matcher#find} as wget's {@code --accept-regex}). A URL passes if it matches some
 * include (when any is given) and no exclude.
 */
public record UrlFilter(List<Pattern> include, List<Pattern> exclude) {
    public static final UrlFilter NONE = new UrlFilter(List.of(), List.of());

    public UrlFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public boolean allows(String url) {
        if (!include.isEmpty() && include.stream().noneMatch(p -> p.matcher(url).find())) {
            return false;
        }
        return exclude.stream().noneMatch(p -> p.matcher(url).find());
    }
}
