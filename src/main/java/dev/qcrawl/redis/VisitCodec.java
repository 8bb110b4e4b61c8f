package dev.qcrawl.redis;

import dev.qcrawl.crawl.Links;
import dev.qcrawl.crawl.Visit;
import dev.qcrawl.fetch.Outcome;

/**
 * A visit as one Redis string: a head line {@code status TAB content-type TAB error TAB fetched}, then one line per
 * distinct link, {@code multiplicity SPACE url} (normalized URLs hold no white space).
 */
final class VisitCodec {
    private VisitCodec() {
    }

    static String encode(Visit v) {
        StringBuilder out = new StringBuilder(64 + v.links().size() * 48);
        out.append(v.status() == null ? "" : v.status()).append('\t')
                .append(v.contentType() == null ? "" : v.contentType().replace('\t', ' ').replace('\n', ' '))
                .append('\t').append(v.error() == null ? "" : v.error().label()).append('\t')
                .append(v.fetched() ? '1' : '0');
        Links links = v.links();
        for (int i = 0; i < links.size(); i++) {
            out.append('\n').append(links.multiplicity()[i]).append(' ').append(links.targets()[i]);
        }
        return out.toString();
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
        return new Visit(head[0].isEmpty() ? null : Integer.valueOf(head[0]), head[1].isEmpty() ? null : head[1],
                Outcome.ofLabel(head[2].isEmpty() ? null : head[2]),
                targets.length == 0 ? Links.NONE : new Links(targets, multiplicity), "1".equals(head[3]));
    }
}
