package dev.qcrawl;

/**
 * The jar's entry point, compiled for Java 8 (the only class that is) so that a {@code java} older than 21 prints
 * one {@code qcrawl:} line and exits 1, instead of failing to load {@link Main} with a class-version error. On
 * Java 21 or newer it hands over to {@link Main} at once.
 */
public final class Boot {
    /** The Java feature version qcrawl is compiled for. */
    static final int REQUIRED = 21;

    private Boot() {
    }

    public static void main(String[] args) {
        int feature = feature(System.getProperty("java.specification.version"));
        if (feature < REQUIRED) {
            System.err.println("qcrawl: needs Java " + REQUIRED + " or newer, but this java is "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.home")
                    + "); run it with a java of " + REQUIRED + " or newer, or run bin/qcrawl, which finds one");
            System.exit(1);
        }
        Main.main(args);
    }

    /** 8 for "1.8", 17 for "17"; 0 when it cannot tell. */
    static int feature(String specification) {
        if (specification == null) {
            return 0;
        }
        String s = specification.startsWith("1.") ? specification.substring(2) : specification;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        try {
            return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
