package dev.qcrawl.cli;

import dev.qcrawl.report.Format;

/**
 * The link check: {@code --check}, {@code --check-fragments}, and what else asks for one ({@code --broken},
 * {@code --fail-on-broken}, {@code --format junit|markdown}), in one process or in a crawl shared with
 * {@code --frontier} (whose processes check the links together, see {@link dev.qcrawl.check.CheckStore}).
 *
 * @throws IllegalArgumentException with the usage message when fragments or accepted statuses are given without a
 *                                  check
 */
record CheckOptions(boolean check, boolean fragments, boolean broken, boolean failOnBroken, Format format,
        boolean accepts) {
    CheckOptions {
        boolean checks = checks(broken, failOnBroken, format, check);
        if (fragments && !checks) {
            throw needsCheck(OptionNames.CHECK_FRAGMENTS);
        }
        if (accepts && !checks) {
            throw needsCheck(OptionNames.ACCEPT); // it says which statuses are not broken: only a check judges them
        }
    }

    private static IllegalArgumentException needsCheck(String option) {
        return new IllegalArgumentException(option + " goes with a link check: --check, --broken, --fail-on-broken"
                + " or --format junit|markdown");
    }

    static CheckOptions of(Arguments args) {
        return new CheckOptions(args.check(), args.checkFragments(), args.broken(), args.failOnBroken(),
                args.format(), args.accept() != null && !args.accept().isEmpty());
    }

    /**
     * Whether every link found is checked ({@link dev.qcrawl.check.LinkCheck}): asked for with {@code --check},
     * and what {@code --broken}, {@code --fail-on-broken} and the CI formats mean.
     */
    boolean checks() {
        return checks(broken, failOnBroken, format, check);
    }

    private static boolean checks(boolean broken, boolean failOnBroken, Format format, boolean check) {
        return check || broken || failOnBroken || format == Format.JUNIT || format == Format.MARKDOWN;
    }
}
