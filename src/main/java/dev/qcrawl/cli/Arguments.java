package dev.qcrawl.cli;

import dev.qcrawl.frontier.QueueType;
import dev.qcrawl.links.Scope;
import dev.qcrawl.report.Format;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The values of one parsed command line, typed. Read from the {@link CommandModel} spec after picocli has parsed
 * the arguments and applied the defaults.
 */
record Arguments(String url, int maxDepth, int workers, QueueType queue, boolean unique, Path serve, Scope scope,
        java.util.List<String> include, java.util.List<String> exclude, java.util.List<String> headers,
        boolean sitemaps, boolean orphans, boolean ignoreRobots, int perHost, Duration delay, String userAgent, Duration connectTimeout,
        Duration timeout, int retries, int maxRedirects, long maxBody, long maxPages, String frontier,
        String crawlId, Duration lease, Format format, Path output,
        boolean broken, boolean failOnBroken, boolean quiet, boolean verbose, boolean check, boolean checkFragments,
        java.util.List<String> accept, boolean excludePrivate, Path frontierCacert) {

    static Arguments of(CommandSpec spec) {
        Values v = new Values(spec);
        return new Arguments(
                spec.positionalParameters().getFirst().getValue(),
                v.get("--max-depth"),
                v.get("--num-workers"),
                v.get("--queue"),
                v.flag("--unique"),
                v.get("--serve"),
                v.get("--scope"),
                v.list("--include"),
                v.list("--exclude"),
                v.list("--header"),
                v.flag("--sitemaps"),
                v.flag("--orphans"),
                v.flag("--ignore-robots"),
                v.get("--per-host"),
                v.get("--delay"),
                v.get("--user-agent"),
                v.get("--connect-timeout"),
                v.get("--timeout"),
                v.get("--retries"),
                v.get("--max-redirects"),
                v.get("--max-body"),
                v.get("--max-pages"),
                v.get("--frontier"),
                v.get("--crawl-id"),
                v.get("--lease"),
                v.get("--format"),
                v.get("--output"),
                v.flag("--broken"),
                v.flag("--fail-on-broken"),
                v.flag("--quiet"),
                v.flag("--verbose"),
                v.flag("--check"),
                v.flag("--check-fragments"),
                v.list("--accept"),
                v.flag("--exclude-private"),
                v.get("--frontier-cacert"));
    }

    /** Option values by long name; the types are those the model declares. */
    private record Values(CommandSpec spec) {
        <T> T get(String name) {
            return spec.findOption(name).getValue();
        }

        java.util.List<String> list(String name) {
            String[] values = spec.findOption(name).getValue();
            return values == null ? java.util.List.of() : java.util.List.of(values);
        }

        boolean flag(String name) {
            return Boolean.TRUE.equals(spec.findOption(name).getValue());
        }
    }
}
