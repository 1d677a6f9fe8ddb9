// UrlClassifier: what a URL of one site is, so discovery knows what to
// queue and how to treat it.
//   kOffSite  host not in the site's allowed_hosts (crawler/url.h
//             HostAllowed(); an empty list allows nothing)
//   kArticle  an article page: matches an article_pattern, or, when the
//             site has no article_patterns, looks like one (below)
//   kListing  a page of links: matches a listing_pattern, or, when the
//             site has no listing_patterns, looks like one (below)
//   kOther    everything else (media files, unmatched pages)
// Patterns are RE2, searched (not anchored) in the canonical URL; an
// article pattern wins over a listing pattern.
//
// The heuristic for sites without patterns, tuned on Vietnamese news sites:
//   article: a date path (/2024/05/17/...), an id of 5+ digits in a slug or
//            with a page extension (.html .htm .ldo .shtml .aspx .php), an
//            ?id=/newsid=-style numeric parameter, or a long slug (5+ words);
//   listing: the home page, /chuyen-muc/ /category/ /tag/ /chu-de/ ...,
//            pagination (?page=, /page/2, /trang-2), or a short path of at
//            most 2 short segments.
//   Media and asset extensions (.jpg .pdf .css .js .mp4 ...) are kOther.
//
// Thread safety: immutable after Create(); Classify() is const and safe
// to call from several threads.
#ifndef NEWSCRAWL_CRAWLER_URL_CLASSIFIER_H_
#define NEWSCRAWL_CRAWLER_URL_CLASSIFIER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/result.h"
#include "crawler/url.h"

namespace re2 {
class RE2;
}

namespace newscrawl {

enum class UrlClass { kArticle, kListing, kOther, kOffSite };

std::string_view UrlClassName(UrlClass kind);

class UrlClassifier {
 public:
  // Compiles the site's patterns; InvalidArgument names a bad one.
  static Result<UrlClassifier> Create(const SiteConfig& site);

  UrlClassifier(UrlClassifier&&) noexcept;
  UrlClassifier& operator=(UrlClassifier&&) noexcept;
  UrlClassifier(const UrlClassifier&) = delete;
  UrlClassifier& operator=(const UrlClassifier&) = delete;
  ~UrlClassifier();

  UrlClass Classify(const Url& url) const;

  // The heuristic alone (no hosts, no patterns): kArticle, kListing or
  // kOther.
  static UrlClass Guess(const Url& url);

 private:
  UrlClassifier() = default;

  std::vector<std::string> allowed_hosts_;
  std::vector<std::unique_ptr<re2::RE2>> article_;
  std::vector<std::unique_ptr<re2::RE2>> listing_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_URL_CLASSIFIER_H_
