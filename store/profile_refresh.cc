#include "store/profile_refresh.h"

#include <algorithm>
#include <ctime>
#include <deque>
#include <map>
#include <utility>

#include "extractor/html_document.h"
#include "extractor/page_blocks.h"
#include "extractor/profile_learner.h"
#include "store/profile_store.h"
#include "store/store.h"

namespace newscrawl {
namespace {

struct SitePages {
  std::uint64_t count = 0;  // article pages stored
  // The most recent ones (highest page ids), at most the sample size.
  std::deque<std::pair<std::uint64_t, ArticleKey>> sample;
};

// The article pages of `site` ("" = every site), in one read transaction
// without decompressing bodies.
Result<std::map<std::string, SitePages>> CollectPages(Store& store,
                                                      const std::string& site,
                                                      int max_pages) {
  std::map<std::string, SitePages> sites;
  NEWSCRAWL_RETURN_IF_ERROR(store.ForEachPage(
      false, [&](std::uint64_t id, const PageRecord& page) -> Status {
        if (page.article_key.empty() || page.site.empty()) return Status::Ok();
        if (!site.empty() && page.site != site) return Status::Ok();
        SitePages& pages = sites[page.site];
        ++pages.count;
        pages.sample.emplace_back(id, page.article_key);
        if (max_pages > 0 &&
            pages.sample.size() > static_cast<std::size_t>(max_pages)) {
          pages.sample.pop_front();
        }
        return Status::Ok();
      }));
  return sites;
}

Result<SiteProfile> Learn(Store& store, const std::string& site,
                          const SitePages& pages, int min_pages) {
  ProfileOptions options;
  options.min_pages = min_pages;
  ProfileLearner learner(options);
  for (const auto& [id, key] : pages.sample) {
    NEWSCRAWL_ASSIGN_OR_RETURN(PageRecord page, store.GetPage(id));
    Result<ArticleRecord> article = store.GetArticle(key);
    if (!article.ok()) {
      if (article.status().IsNotFound()) continue;  // replaced meanwhile
      return article.status();
    }
    Result<HtmlDocument> doc =
        HtmlDocument::Parse(std::move(page.body), page.content_type);
    if (!doc.ok()) continue;  // a page over the limits teaches nothing
    learner.AddPage(PageBlocks::Compute(doc->root()), article->article.body);
  }
  SiteProfile profile = learner.Finish(site);
  profile.learned_at = static_cast<std::int64_t>(std::time(nullptr));
  return profile;
}

}  // namespace

Result<SiteProfile> LearnSiteProfile(Store& store, const std::string& site,
                                     int min_pages, int max_pages) {
  if (site.empty()) return Status::InvalidArgument("no site name given");
  NEWSCRAWL_ASSIGN_OR_RETURN(auto sites, CollectPages(store, site, max_pages));
  return Learn(store, site, sites[site], min_pages);
}

Status RefreshSiteProfiles(Store* store, const Config& config,
                           std::vector<std::string>* report) {
  const int min_pages = std::max(1, config.extract.profile_min_pages);
  const int sample = std::max(min_pages, config.extract.profile_sample_pages);
  NEWSCRAWL_ASSIGN_OR_RETURN(auto sites, CollectPages(*store, "", sample));
  ProfileStore profiles(store);
  for (const auto& [site, pages] : sites) {
    if (pages.count < static_cast<std::uint64_t>(min_pages)) continue;
    NEWSCRAWL_ASSIGN_OR_RETURN(SiteProfile profile,
                               Learn(*store, site, pages, min_pages));
    if (profile.empty()) {
      NEWSCRAWL_ASSIGN_OR_RETURN(bool removed, profiles.Remove(site));
      if (removed && report != nullptr) {
        report->push_back("profile " + site + ": removed (no template has " +
                          std::to_string(min_pages) + " pages)");
      }
      continue;
    }
    NEWSCRAWL_RETURN_IF_ERROR(profiles.Put(profile));
    if (report != nullptr) {
      std::size_t drops = 0;
      for (const ProfileTemplate& t : profile.templates) drops += t.drop.size();
      report->push_back("profile " + site + ": learned from " +
                        std::to_string(profile.pages) + " pages, " +
                        std::to_string(profile.templates.size()) +
                        " template(s), " + std::to_string(drops) +
                        " drop blocks");
    }
  }
  return Status::Ok();
}

}  // namespace newscrawl
