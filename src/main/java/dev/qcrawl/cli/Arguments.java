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
                v.get(OptionNames.MAX_DEPTH),
                v.get(OptionNames.NUM_WORKERS),
                v.get(OptionNames.QUEUE),
                v.flag(OptionNames.UNIQUE),
                v.get(OptionNames.SERVE),
                v.get(OptionNames.SCOPE),
                v.list(OptionNames.INCLUDE),
                v.list(OptionNames.EXCLUDE),
                v.list(OptionNames.HEADER),
                v.flag(OptionNames.SITEMAPS),
                v.flag(OptionNames.ORPHANS),
                v.flag(OptionNames.IGNORE_ROBOTS),
                v.get(OptionNames.PER_HOST),
                v.get(OptionNames.DELAY),
                v.get(OptionNames.USER_AGENT),
                v.get(OptionNames.CONNECT_TIMEOUT),
                v.get(OptionNames.TIMEOUT),
                v.get(OptionNames.RETRIES),
                v.get(OptionNames.MAX_REDIRECTS),
                v.get(OptionNames.MAX_BODY),
                v.get(OptionNames.MAX_PAGES),
                v.get(OptionNames.FRONTIER),
                v.get(OptionNames.CRAWL_ID),
                v.get(OptionNames.LEASE),
                v.get(OptionNames.FORMAT),
                v.get(OptionNames.OUTPUT),
                v.flag(OptionNames.BROKEN),
                v.flag(OptionNames.FAIL_ON_BROKEN),
                v.flag(OptionNames.QUIET),
                v.flag(OptionNames.VERBOSE),
                v.flag(OptionNames.CHECK),
                v.flag(OptionNames.CHECK_FRAGMENTS),
                v.list(OptionNames.ACCEPT),
                v.flag(OptionNames.EXCLUDE_PRIVATE),
                v.get(OptionNames.FRONTIER_CACERT));
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
