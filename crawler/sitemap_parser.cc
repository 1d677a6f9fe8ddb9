#include "crawler/sitemap_parser.h"

#include <utility>

#include "config/ascii.h"
#include "extractor/date_parser.h"
#include "store/gzip.h"

namespace newscrawl {
namespace {

constexpr std::string_view kNewsNs =
    "http://www.google.com/schemas/sitemap-news/0.9";

class SitemapHandler : public XmlHandler {
 public:
  explicit SitemapHandler(std::size_t max_entries)
      : max_entries_(max_entries) {}

  void OnStart(std::string_view ns, std::string_view local,
               const std::vector<XmlAttribute>&) override {
    ++depth_;
    if (depth_ == 1) {
      // Any namespace is accepted for the root: old sitemaps use
      // google.com/schemas/sitemap/0.84, some none at all.
      if (local == "urlset") recognised_ = true;
      if (local == "sitemapindex") recognised_ = is_index_ = true;
      (void)ns;
      return;
    }
    if (recognised_ && depth_ == 2 &&
        (local == (is_index_ ? "sitemap" : "url"))) {
      in_entry_ = true;
      entry_ = SitemapEntry();
    }
  }

  void OnEnd(std::string_view ns, std::string_view local,
             std::string_view text) override {
    const int depth = depth_--;
    if (!in_entry_) return;
    if (depth == 2) {
      in_entry_ = false;
      if (!entry_.loc.empty()) {
        sitemap_.entries.push_back(std::move(entry_));
        if (sitemap_.entries.size() >= max_entries_) {
          sitemap_.truncated = true;
          done_ = true;
        }
      }
      return;
    }
    if (ns == kNewsNs) {
      if (local == "publication_date")
        entry_.news_published = ParseFeedDate(text);
      if (local == "title")
        entry_.news_title = std::string(TrimAsciiSpace(text));
      return;
    }
    if (depth != 3) return;
    if (local == "loc") entry_.loc = std::string(TrimAsciiSpace(text));
    if (local == "lastmod") entry_.lastmod = ParseFeedDate(text);
  }

  bool Done() const override { return done_; }
  bool recognised() const { return recognised_; }
  Sitemap& sitemap() {
    sitemap_.is_index = is_index_;
    return sitemap_;
  }

 private:
  const std::size_t max_entries_;
  Sitemap sitemap_;
  SitemapEntry entry_;
  int depth_ = 0;
  bool recognised_ = false;
  bool is_index_ = false;
  bool in_entry_ = false;
  bool done_ = false;
};

// A text sitemap: one absolute URL per line.
Sitemap ParseTextSitemap(std::string_view text, std::size_t max_entries) {
  Sitemap sitemap;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = TrimAsciiSpace(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.rfind("http://", 0) != 0 && line.rfind("https://", 0) != 0)
      continue;
    if (sitemap.entries.size() >= max_entries) {
      sitemap.truncated = true;
      break;
    }
    SitemapEntry entry;
    entry.loc = std::string(line);
    sitemap.entries.push_back(std::move(entry));
  }
  return sitemap;
}

}  // namespace

Result<Sitemap> ParseSitemap(std::string_view bytes,
                             const SitemapLimits& limits) {
  std::string inflated;
  NEWSCRAWL_RETURN_IF_ERROR(
      InflateIfGzipped("sitemap", limits.max_bytes, &bytes, &inflated));
  std::string_view start = bytes;
  if (start.substr(0, 3) == "\xEF\xBB\xBF") start.remove_prefix(3);
  start = TrimAsciiSpace(start.substr(0, 256));
  if (!start.empty() && start.front() != '<') {
    return ParseTextSitemap(bytes, limits.max_entries);
  }
  XmlLimits xml = limits.xml;
  xml.max_bytes = limits.max_bytes;
  SitemapHandler handler(limits.max_entries);
  const Status status = ReadXml(bytes, &handler, xml);
  if (!status.ok()) {
    if (handler.sitemap().entries.empty()) return status.WithContext("sitemap");
    handler.sitemap().truncated = true;
  } else if (!handler.recognised()) {
    return Status::Unsupported(
        "not a sitemap (root is neither urlset nor sitemapindex)");
  }
  return std::move(handler.sitemap());
}

}  // namespace newscrawl
