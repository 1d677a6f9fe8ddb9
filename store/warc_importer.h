// WarcImporter: stores the HTML responses of WARC files as pages, with the
// article extracted from each, the way a crawl stores what it fetches
// (`newscrawl import`).
//
// A record is imported when it is a "response" record for an http(s) URL
// whose HTTP message parses, has status 200 and an HTML media type
// (text/html, application/xhtml+xml).  Every other record is skipped and
// counted under a reason ("request record", "HTTP status 404", "not HTML
// (image/jpeg)", "bad HTTP message", "record too large", ...).  A record
// whose URL already holds the same raw body is skipped as "already stored",
// so importing a file twice adds nothing.
//
// The site of a page is ImportOptions::site if given, else the config site
// one of whose allowed_hosts is the URL's host, else "unknown".
//
// Pages are written in batches (one LMDB transaction each); an interrupt
// (config/interrupt.h) stops between records after writing what was read.
//
// Thread safety: none; one importer runs at a time on a writable Store.
#ifndef NEWSCRAWL_STORE_WARC_IMPORTER_H_
#define NEWSCRAWL_STORE_WARC_IMPORTER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/commands.h"
#include "config/config.h"
#include "config/result.h"
#include "extractor/article.h"
#include "store/warc_reader.h"
#include "store/write_batch.h"

namespace newscrawl {

class Store;

// What extraction made of one page: the article (nullopt or an empty body:
// none) and the fingerprint of the rules used.
struct ExtractedPage {
  std::optional<Article> article;
  std::string fingerprint;
};

// Extracts the article of one HTML page.  `site` is the page's config site
// (null when the site is not in the config).  An error skips the record
// ("extraction failed").
using PageExtractFn = std::function<Result<ExtractedPage>(
    const SiteConfig* site, const std::string& url, std::string_view html,
    std::string_view content_type)>;

struct ImportReport {
  std::uint64_t files = 0;
  std::uint64_t records = 0;        // records read (skipped ones included)
  std::uint64_t pages = 0;          // pages written to the store
  std::uint64_t new_articles = 0;
  std::uint64_t same_article = 0;   // same body already stored at another URL
  std::uint64_t near_duplicates = 0;
  std::uint64_t edited = 0;
  std::uint64_t unchanged = 0;      // the store already had this article
  std::uint64_t no_article = 0;     // stored page without an article
  std::map<std::string, std::uint64_t> skipped;  // reason -> records
  std::vector<std::string> errors;  // files that could not be read to the end

  std::uint64_t skipped_total() const;
  // A few lines for the user.
  std::string ToString() const;
};

struct WarcImportOptions {
  std::string site;           // force this site for every page
  std::size_t batch_pages = 64;
  WarcReaderOptions reader;
  HttpPayloadLimits http;
};

class WarcImporter {
 public:
  // `store` (writable) and `config` must outlive the importer.
  WarcImporter(Store* store, const Config* config, PageExtractFn extract,
               WarcImportOptions options);

  // Imports one file; errors reading the file are recorded in the report
  // (report().errors) and returned.  Aborted on interrupt, or a store error.
  Status ImportFile(const std::string& path);

  const ImportReport& report() const { return report_; }

 private:
  // Adds the page of one record to the batch, or returns the skip reason.
  std::optional<std::string> Prepare(const WarcRecord& record);
  Status Flush();
  void Skip(const std::string& reason) { ++report_.skipped[reason]; }
  // The site name and config of `url`.
  std::pair<std::string, const SiteConfig*> SiteFor(const std::string& url) const;

  Store* const store_;
  const Config* const config_;
  const PageExtractFn extract_;
  const WarcImportOptions options_;
  ImportReport report_;
  WriteBatch batch_;
};

// The lower-case host of an absolute http(s) URL, "" if it is not one.
std::string UrlHost(std::string_view url);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_WARC_IMPORTER_H_
