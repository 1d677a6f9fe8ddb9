#include "store/profile_refresh.h"

#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "extractor/extractor.h"  // kExtractorVersion
#include "extractor/html_document.h"
#include "extractor/page_blocks.h"
#include "extractor/profile_learner.h"
#include "store/profile_store.h"
#include "store/store.h"

namespace newscrawl {
namespace {

struct SitePages {
  std::uint64_t count = 0;  // article pages read (at most the sample size)
  // The most recent ones (highest page ids), at most the sample size.
  std::deque<std::pair<std::uint64_t, ArticleKey>> sample;
};

// The most recent article pages of the sites in `wanted`, walking the
// pages newest first in one read transaction without decompressing bodies,
// and stopping once every wanted site has `max_pages` of them (0: no limit,
// the whole store is read), so a refresh does not read a large store's
// every page.
Result<std::map<std::string, SitePages>> CollectPages(
    Store& store, const std::set<std::string>& wanted, int max_pages) {
  std::map<std::string, SitePages> sites;
  const std::size_t cap = max_pages > 0 ? static_cast<std::size_t>(max_pages) : 0;
  std::size_t full = 0;  // wanted sites whose sample is complete
  std::size_t walked = 0;
  NEWSCRAWL_RETURN_IF_ERROR(store.ForEachPageNewestFirst(
      [&](std::uint64_t id, const PageRecord& page) -> Result<bool> {
        // Each record read maps its page-cache folio, up to 2 MiB
        // (store/store_map.cc): released now and then, the walk does not
        // show in resident memory.  Only memory is at stake.
        if (++walked % 64 == 0) (void)store.ReleaseMappedPagesInTxn();
        if (page.article_key.empty() || wanted.count(page.site) == 0) {
          return true;
        }
        SitePages& pages = sites[page.site];
        if (cap > 0 && pages.sample.size() >= cap) return true;
        ++pages.count;
        pages.sample.emplace_front(id, page.article_key);  // oldest first
        if (cap > 0 && pages.sample.size() == cap) ++full;
        return cap == 0 || full < wanted.size();
      }));
  return sites;
}

// One page of a sample: read on the calling thread, parsed on a worker.
struct SamplePage {
  std::string html;
  std::string content_type;
  std::string body;  // the article body stored for it
  std::optional<PageBlocks> blocks;  // nullopt: the page was over the limits
};

// Pages read and parsed together: bounds the memory of pages in flight.
constexpr std::size_t kChunkPages = 16;

// Parses pages[i] on up to `threads` threads (the calling one included),
// freeing each document once its blocks are computed.
void ParseChunk(std::vector<SamplePage>& pages, unsigned threads) {
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < pages.size(); i = next++) {
      SamplePage& p = pages[i];
      Result<HtmlDocument> doc =
          HtmlDocument::Parse(std::move(p.html), p.content_type);
      if (!doc.ok()) continue;  // a page over the limits teaches nothing
      p.blocks = PageBlocks::Compute(doc->root());
      p.blocks->ForgetNodes();
    }
  };
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads && t < pages.size(); ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no thread to spare: the calling thread does the rest
    }
  }
  work();
  for (std::thread& t : helpers) t.join();
}

// Identifies what a profile is learned from: the learner's settings and
// version, and each sampled page with the key of its stored body (which
// re-extraction changes).  Lower-case hex XXH3-64.
std::string SampleKey(const SitePages& pages, int min_pages) {
  XXH3_state_t* state = XXH3_createState();
  if (state == nullptr) return std::string();  // unknown: always relearn
  XXH3_64bits_reset(state);
  const std::int64_t settings[] = {SiteProfile::kVersion, min_pages,
                                   static_cast<std::int64_t>(pages.sample.size())};
  XXH3_64bits_update(state, settings, sizeof settings);
  XXH3_64bits_update(state, kExtractorVersion.data(), kExtractorVersion.size());
  for (const auto& [id, key] : pages.sample) {
    XXH3_64bits_update(state, &id, sizeof id);
    XXH3_64bits_update(state, key.bytes.data(), key.bytes.size());
  }
  const XXH64_hash_t hash = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

Result<SiteProfile> Learn(Store& store, const std::string& site,
                          const SitePages& pages, int min_pages) {
  ProfileOptions options;
  options.min_pages = min_pages;
  ProfileLearner learner(options);
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  std::vector<SamplePage> chunk;
  for (std::size_t begin = 0; begin < pages.sample.size(); begin += kChunkPages) {
    chunk.clear();
    const std::size_t end = std::min(pages.sample.size(), begin + kChunkPages);
    for (std::size_t i = begin; i < end; ++i) {
      // The pages read stay mapped (store/store_map.cc), each read mapping
      // its folio (up to 2 MiB): released every few pages, the sample's
      // size does not show in resident memory.  Only memory is at stake: a
      // failed release does not stop the refresh.
      if (i % 8 == 0) (void)store.ReleaseMappedPages();
      const auto& [id, key] = pages.sample[i];
      NEWSCRAWL_ASSIGN_OR_RETURN(PageRecord page, store.GetPage(id));
      Result<ArticleRecord> article = store.GetArticle(key);
      if (!article.ok()) {
        if (article.status().IsNotFound()) continue;  // replaced meanwhile
        return article.status();
      }
      chunk.push_back({std::move(page.body), std::move(page.content_type),
                       std::move(article->article.body), std::nullopt});
    }
    ParseChunk(chunk, threads);
    for (const SamplePage& p : chunk) {  // in sample order: deterministic
      if (p.blocks) learner.AddPage(*p.blocks, p.body);
    }
  }
  SiteProfile profile = learner.Finish(site);
  profile.learned_at = static_cast<std::int64_t>(std::time(nullptr));
  profile.sample_key = SampleKey(pages, min_pages);
  return profile;
}

}  // namespace

Result<SiteProfile> LearnSiteProfile(Store& store, const std::string& site,
                                     int min_pages, int max_pages) {
  if (site.empty()) return Status::InvalidArgument("no site name given");
  NEWSCRAWL_ASSIGN_OR_RETURN(auto sites, CollectPages(store, {site}, max_pages));
  return Learn(store, site, sites[site], min_pages);
}

Status RefreshSiteProfiles(Store* store, const Config& config,
                           std::vector<std::string>* report) {
  const int min_pages = std::max(1, config.extract.profile_min_pages);
  const int sample = std::max(min_pages, config.extract.profile_sample_pages);
  // Only configured sites' profiles are ever used.
  std::set<std::string> wanted;
  for (const SiteConfig& site : config.sites) wanted.insert(site.name);
  NEWSCRAWL_ASSIGN_OR_RETURN(auto sites, CollectPages(*store, wanted, sample));
  ProfileStore profiles(store);
  for (const auto& [site, pages] : sites) {
    if (pages.count < static_cast<std::uint64_t>(min_pages)) continue;
    // Nothing new to learn from: the stored profile is what Learn() gives.
    // (One that cannot be read, newer or damaged, is relearned.)
    Result<SiteProfile> stored = profiles.Get(site);
    if (stored.ok() && !stored->sample_key.empty() &&
        stored->sample_key == SampleKey(pages, min_pages)) {
      if (report != nullptr) {
        report->push_back("profile " + site + ": kept (no new pages since " +
                          "it was learned)");
      }
      continue;
    }
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
