package dev.qcrawl.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP statuses {@code --accept} counts as fine although they are 400 or more (a 403 from a wall against
 * robots, a 429 that outlasted the retries), given as codes and ranges: {@code 403,429,500-599}. Statuses below
 * 400 are always fine.
 */
public record Accept(List<int[]> ranges) {
    public static final Accept NONE = new Accept(List.of());

    /**
     * Reads {@code 403}, {@code 400-499} and lists of them separated by commas (the option may also be repeated).
     *
     * @throws IllegalArgumentException naming the part that is not a status code or range of them
     */
    public static Accept parse(List<String> values) {
        List<int[]> ranges = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int dash = p.indexOf('-', 1);
                int from = status(dash < 0 ? p : p.substring(0, dash), value);
                int to = dash < 0 ? from : status(p.substring(dash + 1), value);
                if (to < from) {
                    throw new IllegalArgumentException("--accept: empty range '" + p + "' in '" + value + "'");
                }
                if (from < 400 || to > 599) {
                    // Below 400 nothing is broken to accept; above 599 is no HTTP status a server sends.
                    throw new IllegalArgumentException("--accept: '" + p + "' in '" + value + "': only statuses of"
                            + " 400 to 599 can be accepted (the others are not broken)");
                }
                ranges.add(new int[] {from, to});
            }
        }
        return new Accept(List.copyOf(ranges));
    }

    private static int status(String s, String value) {
        try {
            int status = Integer.parseInt(s.strip());
            if (status >= 100 && status <= 999) {
                return status;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--accept: not an HTTP status code or range of them: '" + value
                + "' (expected e.g. 403,429,500-599)");
    }

    /** Whether a response with this status is a broken link. */
    public boolean broken(int status) {
        if (status < 400) {
            return false;
        }
        for (int[] r : ranges) {
            if (status >= r[0] && status <= r[1]) {
                return false;
            }
        }
        return true;
    }
}
