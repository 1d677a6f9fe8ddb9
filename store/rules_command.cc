#include "store/rules_command.h"

#include <cstdio>
#include <utility>
#include <vector>

#include "extractor/html_document.h"
#include "extractor/page_blocks.h"
#include "extractor/profile_learner.h"
#include "store/store.h"

namespace newscrawl {

Result<SiteProfile> LearnSiteProfile(Store& store, const std::string& site,
                                     int min_pages) {
  // Page ids first (one read transaction), then one page at a time, so
  // memory stays that of one page.
  std::vector<std::pair<std::uint64_t, ArticleKey>> pages;
  NEWSCRAWL_RETURN_IF_ERROR(store.ForEachPage(
      false, [&](std::uint64_t id, const PageRecord& page) -> Status {
        if (page.site == site && !page.article_key.empty()) {
          pages.emplace_back(id, page.article_key);
        }
        return Status::Ok();
      }));
  ProfileOptions options;
  options.min_pages = min_pages;
  ProfileLearner learner(options);
  for (const auto& [id, key] : pages) {
    NEWSCRAWL_ASSIGN_OR_RETURN(PageRecord page, store.GetPage(id));
    NEWSCRAWL_ASSIGN_OR_RETURN(ArticleRecord article, store.GetArticle(key));
    Result<HtmlDocument> doc =
        HtmlDocument::Parse(std::move(page.body), page.content_type);
    if (!doc.ok()) continue;  // a page over the limits teaches nothing
    learner.AddPage(PageBlocks::Compute(doc->root()), article.article.body);
  }
  return learner.Finish(site);
}

int RunRulesSuggestCommand(const GlobalOptions& global, const Config& config,
                           const RulesSuggestOptions& options) {
  StoreOptions store_options;
  store_options.read_only = true;
  Result<std::unique_ptr<Store>> store =
      Store::Open(global.store_dir, store_options);
  if (!store.ok()) {
    std::fprintf(stderr, "newscrawl rules suggest: %s\n",
                 store.status().ToString().c_str());
    return kExitFailure;
  }
  const int min_pages = options.min_pages > 0
                            ? options.min_pages
                            : config.extract.profile_min_pages;
  Result<SiteProfile> profile = LearnSiteProfile(**store, options.site, min_pages);
  if (!profile.ok()) {
    std::fprintf(stderr, "newscrawl rules suggest: %s\n",
                 profile.status().ToString().c_str());
    return kExitFailure;
  }
  std::fputs(profile->SuggestRules().c_str(), stdout);
  if (profile->empty()) {
    std::fprintf(stderr,
                 "newscrawl rules suggest: %s has %u stored article pages; a "
                 "template needs %d\n",
                 options.site.c_str(), profile->pages, min_pages);
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace newscrawl
