package dev.qcrawl.check;

import dev.qcrawl.fetch.Outcome;
import java.util.Set;

/**
 * What is known of one checked URL: its final status (null when there was no response), content type, error, and
 * for an HTML page whose fragments were wanted, the fragments it offers (null when not read).
 *
 * @param requested whether the check itself made the request (else the crawl's own visit tells)
 */
public record Verdict(Integer status, String contentType, Outcome error, Set<String> ids, boolean requested) {
}
