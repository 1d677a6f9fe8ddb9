"""The Scrapy peer of bench/crawl_e2e.sh: crawl, extract, store.

    python3 -m scrapy runspider bench/crawl_e2e_spider.py \
        -a start=http://127.0.0.1:PORT/ -a db=OUT.sqlite \
        -a article='REGEX' -a listing='REGEX'

Follows links from the start page: listing pages (the `listing` regex) and
article pages (the `article` regex; links on articles are followed too, as
newscrawl does).  Each article goes through readability-lxml
(Document(html).summary()) and its title and plain text are stored in
SQLite, committed every 500 rows.  Settings mirror the newscrawl run: 64
concurrent requests to the one host, no delay, no autothrottle, robots.txt
obeyed, no cookies, no retries of failed pages beyond Scrapy's default.
"""

import re
import sqlite3

import lxml.html
import scrapy
from readability import Document
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule


class SqlitePipeline:
    def open_spider(self, spider):
        self.db = sqlite3.connect(spider.db_path)
        self.db.execute("CREATE TABLE IF NOT EXISTS article("
                        "url TEXT PRIMARY KEY, title TEXT, body TEXT)")
        self.pending = 0

    def process_item(self, item, spider):
        self.db.execute("INSERT OR REPLACE INTO article VALUES (?, ?, ?)",
                        (item["url"], item["title"], item["body"]))
        self.pending += 1
        if self.pending >= 500:
            self.db.commit()
            self.pending = 0
        return item

    def close_spider(self, spider):
        self.db.commit()
        self.db.close()


class BenchSpider(CrawlSpider):
    name = "crawl_e2e"
    custom_settings = {
        "CONCURRENT_REQUESTS": 64,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": True,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "DEPTH_LIMIT": 0,
        "LOG_LEVEL": "INFO",
        "USER_AGENT": "crawl-e2e-scrapy (+bench)",
        "ITEM_PIPELINES": {SqlitePipeline: 300},
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }

    def __init__(self, start, db, article, listing, *args, **kwargs):
        self.start_urls = [start]
        self.db_path = db
        self.rules = (
            Rule(LinkExtractor(allow=article), callback="parse_article",
                 follow=True),
            Rule(LinkExtractor(allow=listing), follow=True),
        )
        super().__init__(*args, **kwargs)

    def parse_article(self, response):
        doc = Document(response.text)
        summary = doc.summary(html_partial=True)
        text = lxml.html.fromstring(summary).text_content()
        yield {
            "url": response.url,
            "title": doc.short_title(),
            "body": re.sub(r"\s+", " ", text).strip(),
        }
