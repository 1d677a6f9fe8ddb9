// Extractor: bytes of a fetched page in, Article out.  The one entry point
// used by the crawler, the re-extractor and `newscrawl extract`: it decodes
// and parses the page (HtmlDocument), finds and cleans the article text
// (ContentExtractor), reads the metadata, and applies a site's rules.
//
// Thread safety: an Extractor is immutable after Create(); Extract() is
// const and may be called from many threads at once.
#ifndef NEWSCRAWL_EXTRACTOR_EXTRACTOR_H_
#define NEWSCRAWL_EXTRACTOR_EXTRACTOR_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/result.h"
#include "extractor/article.h"
#include "extractor/site_profile.h"

namespace newscrawl {

class HtmlDocument;  // extractor/html_document.h

// Bumped whenever a change of the extractor changes what it extracts, so
// stored pages can be re-extracted (see RulesFingerprint()).
inline constexpr std::string_view kExtractorVersion = "body-1";

struct ExtractRequest {
  std::string url;           // where the page was fetched ("" if unknown)
  std::string content_type;  // the HTTP Content-Type header, if any
  bool explain = false;      // fill ExtractResult::explain
};

struct ExtractResult {
  Article article;
  // With ExtractRequest::explain: the container chosen, then one line per
  // dropped element or block, "<element>: <why>: <text...>".
  std::vector<std::string> explain;
  // Site rules that matched nothing on this page ("body: div.detail"), so
  // generic extraction was used for that field.
  std::vector<std::string> rule_misses;
  std::string source;  // "Nguồn: X" / "Theo X" line at the end of the body
};

class Extractor {
 public:
  // `site` may be null (generic extraction only); its rules are compiled
  // here, and an invalid rule is InvalidArgument naming where it was set.
  // `profile` (copied; may be null) is the site's learned profile: it is
  // used when it was learned from at least config.profile_min_pages pages;
  // its template blocks are dropped and its container preferred where no
  // site rule decides (see extractor/site_profile.h).
  static Result<Extractor> Create(const ExtractConfig& config,
                                  const SiteConfig* site,
                                  const SiteProfile* profile = nullptr);

  Extractor(Extractor&&) noexcept;
  Extractor& operator=(Extractor&&) noexcept;
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;
  ~Extractor();

  // The article in `bytes`.  A page without an article gives an Article
  // with an empty body (not an error); only input that cannot be parsed at
  // all (e.g. over the size limit) is an error.
  Result<ExtractResult> ExtractDetailed(std::string_view bytes,
                                        const ExtractRequest& request) const;
  Result<Article> Extract(std::string_view bytes,
                          const ExtractRequest& request) const;
  // The same for a page the caller has already parsed (HtmlDocument::Parse
  // with request.content_type), so that one parse serves extraction and
  // other readers of the tree (the crawler's link discovery).
  Result<ExtractResult> ExtractDetailed(const HtmlDocument& doc,
                                        const ExtractRequest& request) const;

  struct Impl;  // public only so that extractor.cc's helpers can read it

  // Hex XXH3-64 of kExtractorVersion, the site's effective rules and the
  // decisions of its profile (SiteProfile::DecisionKey, not its page
  // counts): it changes whenever a stored page could extract differently.
  std::string RulesFingerprint() const;

  // True if extraction uses a learned site profile.
  bool has_profile() const;

 private:
  explicit Extractor(std::unique_ptr<const Impl> impl);
  std::unique_ptr<const Impl> impl_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_EXTRACTOR_H_
