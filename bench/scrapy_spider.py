# A Scrapy peer for bench/run's --unique comparison: follows every link within the start URL's host, each URL
# once (Scrapy's duplicate filter), obeying robots.txt like qcrawl, and prints one line per page fetched.
# Run: scrapy runspider bench/scrapy_spider.py -a url=http://127.0.0.1:18182/ -s LOG_LEVEL=ERROR
# (Debian: python3-scrapy). Concurrency is Scrapy's default: 16 requests, 8 per host (qcrawl's default is 8).
from urllib.parse import urlparse

from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule


class SiteSpider(CrawlSpider):
    name = "site"
    custom_settings = {
        "ROBOTSTXT_OBEY": True,
        "TELNETCONSOLE_ENABLED": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }
    rules = (Rule(LinkExtractor(), callback="page", follow=True),)

    def __init__(self, url, *args, **kwargs):
        self.start_urls = [url]
        self.allowed_domains = [urlparse(url).hostname]
        super().__init__(*args, **kwargs)

    def parse_start_url(self, response, **kwargs):
        return self.page(response)

    def page(self, response):
        print(response.url, flush=False)
        return []
