#include "store/rules_command.h"

#include <cstdio>

#include "store/profile_refresh.h"
#include "store/store.h"

namespace newscrawl {

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
  Result<SiteProfile> profile =
      LearnSiteProfile(**store, options.site, min_pages,
                       config.extract.profile_sample_pages);
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
