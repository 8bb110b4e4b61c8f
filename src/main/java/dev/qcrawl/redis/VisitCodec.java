package dev.qcrawl.redis;

import dev.qcrawl.crawl.Links;
import dev.qcrawl.crawl.Visit;
import dev.qcrawl.fetch.Outcome;

/**
 * A visit as the scripts take and give it. Given: its head, {@code status TAB content-type TAB error TAB fetched}
 * (the links travel as arguments, and are stored by id). Taken: the head line, then one line per distinct link,
 * {@code multiplicity SPACE url} (normalized URLs hold no white space).
 */
final class VisitCodec {
    private VisitCodec() {
    }

    static String head(Visit v) {
        return (v.status() == null ? "" : v.status()) + "\t"
                + (v.contentType() == null ? "" : v.contentType().replace('\t', ' ').replace('\n', ' ')) + "\t"
                + (v.error() == null ? "" : v.error().label()) + "\t" + (v.fetched() ? '1' : '0');
    }

    static Visit decode(String s) {
        String[] lines = s.split("\n");
        String[] head = lines[0].split("\t", -1);
        String[] targets = new String[lines.length - 1];
        int[] multiplicity = new int[lines.length - 1];
        for (int i = 1; i < lines.length; i++) {
            int space = lines[i].indexOf(' ');
            multiplicity[i - 1] = Integer.parseInt(lines[i], 0, space, 10);
            targets[i - 1] = lines[i].substring(space + 1);
        }
        return visit(head, targets, multiplicity);
    }

    static Visit visit(String[] head, String[] targets, int[] multiplicity) {
        return new Visit(head[0].isEmpty() ? null : Integer.valueOf(head[0]), head[1].isEmpty() ? null : head[1],
                Outcome.ofLabel(head[2].isEmpty() ? null : head[2]),
                targets.length == 0 ? Links.NONE : new Links(targets, multiplicity), "1".equals(head[3]));
    }
}
