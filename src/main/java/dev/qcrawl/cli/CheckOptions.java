package dev.qcrawl.cli;

import dev.qcrawl.report.Format;

/**
 * The link check: {@code --check}, {@code --check-fragments}, and what else asks for one ({@code --broken},
 * {@code --fail-on-broken}, {@code --format junit|markdown}); {@code shared} says whether {@code --frontier} was
 * given.
 *
 * @throws IllegalArgumentException with the usage message when a check is asked of a shared crawl, or fragments
 *                                  without a check
 */
record CheckOptions(boolean check, boolean fragments, boolean broken, boolean failOnBroken, Format format,
        boolean shared) {
    CheckOptions {
        if (shared && (check || fragments)) {
            throw new IllegalArgumentException("--check and --check-fragments do not work with --frontier yet:"
                    + " a shared crawl lists the links of its own graph only (--broken, --fail-on-broken)");
        }
        if (fragments && !checks(broken, failOnBroken, format, shared, check)) {
            throw new IllegalArgumentException("--check-fragments goes with a link check: --check, --broken,"
                    + " --fail-on-broken or --format junit|markdown");
        }
    }

    static CheckOptions of(Arguments args) {
        return new CheckOptions(args.check(), args.checkFragments(), args.broken(), args.failOnBroken(),
                args.format(), args.frontier() != null);
    }

    /**
     * Whether every link found is checked ({@link dev.qcrawl.check.LinkCheck}): asked for with {@code --check},
     * and what {@code --broken}, {@code --fail-on-broken} and the CI formats mean, except in a shared crawl (not
     * yet).
     */
    boolean checks() {
        return checks(broken, failOnBroken, format, shared, check);
    }

    private static boolean checks(boolean broken, boolean failOnBroken, Format format, boolean shared,
            boolean check) {
        return !shared && (check || broken || failOnBroken || format == Format.JUNIT || format == Format.MARKDOWN);
    }
}
