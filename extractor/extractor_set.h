// ExtractorSet: one Extractor per configured site, plus a generic one for
// pages of no configured site.  The one place that builds the extractors a
// command uses (crawl workers, import, re-extraction), so that every path
// extracts a site's pages with the same rules and reports the same rules
// fingerprint.  Learned site profiles reach extractors only here: from
// `config.extract.profiles` (attached by the command that opened the
// store, see store/profile_store.h AttachSiteProfiles) or given explicitly.
//
//   NEWSCRAWL_ASSIGN_OR_RETURN(ExtractorSet set, ExtractorSet::Create(config));
//   const Extractor& e = set.For(page.site);
//   Result<Article> article = e.Extract(html, request);
//
// Thread safety: immutable after Create(); For() and the Extractors it
// returns may be used from several threads at once.
#ifndef NEWSCRAWL_EXTRACTOR_EXTRACTOR_SET_H_
#define NEWSCRAWL_EXTRACTOR_EXTRACTOR_SET_H_

#include <map>
#include <memory>
#include <string>

#include "config/config.h"
#include "config/result.h"
#include "extractor/extractor.h"
#include "extractor/site_profile.h"

namespace newscrawl {

class ExtractorSet {
 public:
  // `config` must outlive the set (extractors keep pointers into it).
  // Uses the profiles of config.extract.profiles, if any.
  static Result<ExtractorSet> Create(const Config& config);
  // Uses `profiles` (may be null: none) instead; they are copied.  A
  // configured site's profile is used once it was learned from
  // config.extract.profile_min_pages pages.
  static Result<ExtractorSet> Create(const Config& config,
                                     const SiteProfiles* profiles);

  // The extractor of `site`; the generic one when no site has that name
  // (including "").
  const Extractor& For(const std::string& site) const;
  // True if `site` is a configured site.
  bool Has(const std::string& site) const;

 private:
  ExtractorSet() = default;
  std::map<std::string, std::shared_ptr<const Extractor>> sites_;
  std::shared_ptr<const Extractor> generic_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_EXTRACTOR_SET_H_
