#include "crawler/url_classifier.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>

#include "config/ascii.h"

namespace newscrawl {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::size_t LongestDigitRun(std::string_view s) {
  std::size_t best = 0;
  std::size_t run = 0;
  for (char c : s) {
    run = IsDigit(c) ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < path.size()) {
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    if (end > pos) out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// The extension of a path segment ("html" for "a-1.html"), lower-case.
std::string Extension(std::string_view segment) {
  const std::size_t dot = segment.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= segment.size()) return {};
  return AsciiLower(segment.substr(dot + 1));
}

bool IsPageExtension(std::string_view ext) {
  static constexpr std::array<std::string_view, 9> kPage = {
      "html", "htm", "ldo", "shtml", "aspx", "asp", "php", "jsp", "chn"};
  return std::find(kPage.begin(), kPage.end(), ext) != kPage.end();
}

bool IsAssetExtension(std::string_view ext) {
  static constexpr std::array<std::string_view, 30> kAsset = {
      "jpg", "jpeg", "png",  "gif",   "webp", "svg", "ico",  "bmp",
      "pdf", "doc",  "docx", "xls",   "xlsx", "ppt", "pptx", "zip",
      "rar", "gz",   "mp3",  "mp4",   "avi",  "mov", "webm", "css",
      "js",  "json", "woff", "woff2", "ttf",  "apk"};
  return std::find(kAsset.begin(), kAsset.end(), ext) != kAsset.end();
}

std::size_t CountWords(std::string_view slug) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : slug) {
    const bool sep = c == '-' || c == '_' || c == '.' || c == '+';
    if (!sep && !in_word) ++words;
    in_word = !sep;
  }
  return words;
}

bool QueryHas(std::string_view query, std::string_view name, bool numeric) {
  std::size_t pos = 0;
  while (pos < query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view param = query.substr(pos, end - pos);
    pos = end + 1;
    const std::size_t eq = param.find('=');
    if (AsciiLower(param.substr(0, eq)) != name) continue;
    if (!numeric) return true;
    if (eq != std::string_view::npos && AllDigits(param.substr(eq + 1)))
      return true;
  }
  return false;
}

Status Compile(const std::vector<std::string>& patterns, std::string_view what,
               std::vector<std::unique_ptr<re2::RE2>>* out) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  for (const std::string& pattern : patterns) {
    auto re = std::make_unique<re2::RE2>(pattern, options);
    if (!re->ok()) {
      return Status::InvalidArgument(std::string(what) + " pattern \"" +
                                     pattern + "\": " + re->error());
    }
    out->push_back(std::move(re));
  }
  return Status::Ok();
}

bool AnyMatch(const std::vector<std::unique_ptr<re2::RE2>>& res,
              const std::string& text) {
  return std::any_of(res.begin(), res.end(), [&](const auto& re) {
    return re2::RE2::PartialMatch(text, *re);
  });
}

}  // namespace

std::string_view UrlClassName(UrlClass kind) {
  switch (kind) {
    case UrlClass::kArticle:
      return "article";
    case UrlClass::kListing:
      return "listing";
    case UrlClass::kOther:
      return "other";
    case UrlClass::kOffSite:
      return "off-site";
  }
  return "other";
}

Result<UrlClassifier> UrlClassifier::Create(const SiteConfig& site) {
  UrlClassifier classifier;
  classifier.allowed_hosts_ = site.allowed_hosts;
  NEWSCRAWL_RETURN_IF_ERROR(Compile(site.article_patterns,
                                    "site " + site.name + ": article",
                                    &classifier.article_));
  NEWSCRAWL_RETURN_IF_ERROR(Compile(site.listing_patterns,
                                    "site " + site.name + ": listing",
                                    &classifier.listing_));
  return classifier;
}

UrlClassifier::UrlClassifier(UrlClassifier&&) noexcept = default;
UrlClassifier& UrlClassifier::operator=(UrlClassifier&&) noexcept = default;
UrlClassifier::~UrlClassifier() = default;

UrlClass UrlClassifier::Classify(const Url& url) const {
  if (!HostAllowed(url.host(), allowed_hosts_)) return UrlClass::kOffSite;
  if (AnyMatch(article_, url.spec())) return UrlClass::kArticle;
  if (AnyMatch(listing_, url.spec())) return UrlClass::kListing;
  const UrlClass guess = Guess(url);
  if (guess == UrlClass::kArticle && article_.empty())
    return UrlClass::kArticle;
  if (guess == UrlClass::kListing && listing_.empty())
    return UrlClass::kListing;
  return UrlClass::kOther;
}

UrlClass UrlClassifier::Guess(const Url& url) {
  const std::string path = AsciiLower(url.path());
  const std::vector<std::string_view> segments = Segments(path);
  const std::string_view last =
      segments.empty() ? std::string_view() : segments.back();
  const std::string ext = Extension(last);
  if (IsAssetExtension(ext)) return UrlClass::kOther;
  if (!ext.empty() && !IsPageExtension(ext) && ext.size() <= 5 &&
      LongestDigitRun(ext) == 0) {
    return UrlClass::kOther;  // some other file type: .xml, .txt, .exe ...
  }
  const std::string_view stem =
      ext.empty() ? last : last.substr(0, last.size() - ext.size() - 1);

  // Strong article signals.
  // A date path: /2024/05/17/slug or /2024/05/slug.
  for (std::size_t i = 0; i + 2 < segments.size(); ++i) {
    if (segments[i].size() == 4 && AllDigits(segments[i]) &&
        segments[i + 1].size() <= 2 && AllDigits(segments[i + 1]) &&
        CountWords(segments.back()) >= 2) {
      return UrlClass::kArticle;
    }
  }
  const std::size_t words = CountWords(stem);
  if (LongestDigitRun(stem) >= 5 && (words >= 2 || !ext.empty())) {
    return UrlClass::kArticle;
  }
  const std::string& query = url.query();
  for (std::string_view id : {"id", "newsid", "articleid", "news_id",
                              "article_id", "postid", "p", "nid"}) {
    if (QueryHas(query, id, true) && !QueryHas(query, "page", false)) {
      return UrlClass::kArticle;
    }
  }

  // Listing signals.
  if (segments.empty()) return UrlClass::kListing;  // the home page
  static constexpr std::array<std::string_view, 12> kListingDirs = {
      "chuyen-muc", "category", "categories", "tag",     "tags",    "topic",
      "topics",     "chu-de",   "danh-muc",   "section", "tin-moi", "page"};
  for (std::string_view segment : segments) {
    if (std::find(kListingDirs.begin(), kListingDirs.end(), segment) !=
        kListingDirs.end()) {
      return UrlClass::kListing;
    }
    if (segment.rfind("trang-", 0) == 0 && AllDigits(segment.substr(6))) {
      return UrlClass::kListing;
    }
  }
  if (QueryHas(query, "page", false) || QueryHas(query, "trang", false)) {
    return UrlClass::kListing;
  }
  if (words >= 5 && stem.size() >= 25) return UrlClass::kArticle;  // long slug
  const bool short_path =
      segments.size() <= 2 &&
      std::all_of(segments.begin(), segments.end(), [](std::string_view s) {
        return s.size() <= 40 && CountWords(s) <= 4;
      });
  if (short_path) return UrlClass::kListing;
  return UrlClass::kOther;
}

}  // namespace newscrawl
