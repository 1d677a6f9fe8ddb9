// Learning site profiles from a store's pages (extractor/profile_learner.h)
// and keeping the stored ones (store/profile_store.h) up to date after a
// crawl or a re-extraction:
//
//   NEWSCRAWL_RETURN_IF_ERROR(RefreshSiteProfiles(store, config));
//
// The work is bounded: per site, only its config.extract.profile_sample_pages
// most recent article pages are parsed (one at a time, so memory is that of
// one page plus the learner's per-signature counts).
#ifndef NEWSCRAWL_STORE_PROFILE_REFRESH_H_
#define NEWSCRAWL_STORE_PROFILE_REFRESH_H_

#include <string>
#include <vector>

#include "config/config.h"
#include "config/result.h"
#include "extractor/site_profile.h"

namespace newscrawl {

class Store;

// The profile of `site` learned from its article pages stored in `store`,
// each with the body stored for it; from the `max_pages` most recent ones
// (0: all).  Templates with fewer than `min_pages` pages are left out, so
// too few pages give an empty profile.
Result<SiteProfile> LearnSiteProfile(Store& store, const std::string& site,
                                     int min_pages, int max_pages = 0);

// Relearns the profile of every configured site with stored article pages
// and stores it (with learned_at = now), reading only the newest pages it
// needs (config.extract.profile_sample_pages per site).  Sites with fewer than
// config.extract.profile_min_pages article pages are skipped; a site whose
// pages no longer give a profile loses its stored one.  One line per site
// learned or removed is appended to `report` if not null.
Status RefreshSiteProfiles(Store* store, const Config& config,
                           std::vector<std::string>* report = nullptr);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_PROFILE_REFRESH_H_
