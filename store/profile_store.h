// ProfileStore: the learned site profiles (extractor/site_profile.h) kept
// in the store's `profiles` database, one per site:
//   site name -> profile JSON (site, version, pages learned from,
//                learned_at, templates)
// A profile of a newer version than this build's is skipped by List()
// (the next refresh relearns it).
//
//   ProfileStore profiles(store);
//   NEWSCRAWL_RETURN_IF_ERROR(profiles.Put(profile));
//   NEWSCRAWL_ASSIGN_OR_RETURN(SiteProfiles all, profiles.List());
//
// Thread safety: LMDB forbids opening a named database from two
// transactions at once, so use a ProfileStore from one thread at a time
// (commands call it at their start and end, not from workers).
#ifndef NEWSCRAWL_STORE_PROFILE_STORE_H_
#define NEWSCRAWL_STORE_PROFILE_STORE_H_

#include <string>

#include "config/config.h"
#include "config/result.h"
#include "extractor/site_profile.h"

namespace newscrawl {

class Store;

class ProfileStore {
 public:
  // `store` is not owned and must outlive this object.
  explicit ProfileStore(Store* store) : store_(store) {}

  // Stores `profile` under profile.site, replacing the previous one.
  Status Put(const SiteProfile& profile);
  // NotFound if `site` has no stored profile.
  Result<SiteProfile> Get(const std::string& site);
  // Every readable stored profile, by site (empty for a store that never
  // had one, including a read-only one).
  Result<SiteProfiles> List();
  // False if `site` had no profile.
  Result<bool> Remove(const std::string& site);

 private:
  Store* store_;
};

// Loads the store's profiles into config->extract.profiles, so that every
// ExtractorSet built from *config uses them.
Status AttachSiteProfiles(Store& store, Config* config);
// The same from the store in `store_dir`, opened read-only; no store
// there is not an error (no profiles).
Status AttachSiteProfiles(const std::string& store_dir, Config* config);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_PROFILE_STORE_H_
