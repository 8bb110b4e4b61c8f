package dev.qcrawl.crawl;

/**
 * One unit of work in the frontier: visit {@code node} at {@code depth} (the start URL is depth 1). In walk mode
 * {@code weight} is the number of link paths the job stands for; a job still waiting in the frontier absorbs
 * the weight of later jobs for the same URL and depth. In unique mode it is {@code null}.
 */
public record Job(Node node, int depth, Tally weight) {

    int urlLength() {
        return node.url().length();
    }
}
