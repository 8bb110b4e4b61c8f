package dev.qcrawl.crawl;

/** What workers report while they run; the CLI logs it to stderr, {@link #SILENT} drops it. */
public interface CrawlEvents {
    void workerStarted(String worker);

    void visiting(String worker, int depth, String url);

    void failed(String worker, String url, String reason);

    /** The crawl gave up {@code host} ({@code scheme://host:port}): it stopped answering. */
    void hostGivenUp(String host);

    /** Reports nothing, at no cost. */
    CrawlEvents SILENT = new CrawlEvents() {
        @Override
        public void workerStarted(String worker) {
        }

        @Override
        public void visiting(String worker, int depth, String url) {
        }

        @Override
        public void failed(String worker, String url, String reason) {
        }

        @Override
        public void hostGivenUp(String host) {
        }
    };
}
