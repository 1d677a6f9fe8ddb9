#include "store/profile_store.h"

#include <lmdb.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "store/lmdb_error.h"
#include "store/lmdb_txn.h"
#include "store/store.h"

namespace newscrawl {
namespace {

constexpr char kProfilesDb[] = "profiles";

// The `profiles` database; nullopt if it does not exist and `create` is
// false.
Result<std::optional<MDB_dbi>> OpenProfiles(MDB_txn* txn, bool create) {
  MDB_dbi dbi = 0;
  const int rc = mdb_dbi_open(txn, kProfilesDb, create ? MDB_CREATE : 0u, &dbi);
  if (rc == MDB_NOTFOUND) return std::optional<MDB_dbi>();
  NEWSCRAWL_RETURN_IF_ERROR(LmdbError("open the profiles database", rc));
  return std::optional<MDB_dbi>(dbi);
}

Result<SiteProfile> Decode(std::string_view site, std::string_view value) {
  nlohmann::json json = nlohmann::json::parse(value, nullptr, false);
  if (json.is_discarded()) {
    return Status::Corruption(std::string("stored profile of ")
                                  .append(site)
                                  .append(" is not JSON"));
  }
  return SiteProfile::FromJson(json);
}

struct CursorCloser {
  void operator()(MDB_cursor* c) const { mdb_cursor_close(c); }
};

}  // namespace

Status ProfileStore::Put(const SiteProfile& profile) {
  if (profile.site.empty()) {
    return Status::InvalidArgument("a profile needs a site name");
  }
  const std::string value = profile.ToJson().dump();
  return store_->WriteTransaction([&](MDB_txn* txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(std::optional<MDB_dbi> dbi,
                               OpenProfiles(txn, true));
    MDB_val key = ToVal(profile.site);
    MDB_val data = ToVal(value);
    return LmdbError("store the profile of " + profile.site,
                     mdb_put(txn, *dbi, &key, &data, 0));
  });
}

Result<SiteProfile> ProfileStore::Get(const std::string& site) {
  std::optional<SiteProfile> found;
  const Status status = store_->ReadTransaction([&](MDB_txn* txn) -> Status {
        NEWSCRAWL_ASSIGN_OR_RETURN(std::optional<MDB_dbi> dbi,
                                   OpenProfiles(txn, false));
        if (!dbi.has_value()) return Status::Ok();
        MDB_val key = ToVal(site);
        MDB_val data;
        const int rc = mdb_get(txn, *dbi, &key, &data);
        if (rc == MDB_NOTFOUND) return Status::Ok();
        NEWSCRAWL_RETURN_IF_ERROR(LmdbError("read the profile of " + site, rc));
        NEWSCRAWL_ASSIGN_OR_RETURN(found, Decode(site, FromVal(data)));
        return Status::Ok();
      });
  if (!status.ok()) return status;
  if (!found.has_value()) return Status::NotFound("no profile of " + site);
  return std::move(*found);
}

Result<SiteProfiles> ProfileStore::List() {
  SiteProfiles out;
  const Status status = store_->ReadTransaction([&](MDB_txn* txn) -> Status {
        out.clear();
        NEWSCRAWL_ASSIGN_OR_RETURN(std::optional<MDB_dbi> dbi,
                                   OpenProfiles(txn, false));
        if (!dbi.has_value()) return Status::Ok();
        MDB_cursor* raw = nullptr;
        NEWSCRAWL_RETURN_IF_ERROR(LmdbError("open a profiles cursor",
                                            mdb_cursor_open(txn, *dbi, &raw)));
        std::unique_ptr<MDB_cursor, CursorCloser> cursor(raw);
        MDB_val key;
        MDB_val data;
        for (int rc = mdb_cursor_get(raw, &key, &data, MDB_FIRST);
             rc != MDB_NOTFOUND; rc = mdb_cursor_get(raw, &key, &data, MDB_NEXT)) {
          NEWSCRAWL_RETURN_IF_ERROR(LmdbError("read the profiles", rc));
          const std::string site(FromVal(key));
          Result<SiteProfile> profile = Decode(site, FromVal(data));
          // A newer or damaged profile is relearned by the next refresh.
          if (profile.ok()) out.emplace(site, std::move(*profile));
        }
        return Status::Ok();
      });
  if (!status.ok()) return status;
  return out;
}

Result<bool> ProfileStore::Remove(const std::string& site) {
  bool removed = false;
  const Status status = store_->WriteTransaction([&](MDB_txn* txn) -> Status {
        removed = false;
        NEWSCRAWL_ASSIGN_OR_RETURN(std::optional<MDB_dbi> dbi,
                                   OpenProfiles(txn, true));
        MDB_val key = ToVal(site);
        const int rc = mdb_del(txn, *dbi, &key, nullptr);
        if (rc == MDB_NOTFOUND) return Status::Ok();
        NEWSCRAWL_RETURN_IF_ERROR(LmdbError("remove the profile of " + site, rc));
        removed = true;
        return Status::Ok();
      });
  if (!status.ok()) return status;
  return removed;
}

Status AttachSiteProfiles(Store& store, Config* config) {
  ProfileStore profiles(&store);
  NEWSCRAWL_ASSIGN_OR_RETURN(SiteProfiles all, profiles.List());
  config->extract.profiles =
      all.empty() ? nullptr
                  : std::make_shared<const SiteProfiles>(std::move(all));
  return Status::Ok();
}

Status AttachSiteProfiles(const std::string& store_dir, Config* config) {
  StoreOptions options;
  options.read_only = true;
  Result<std::unique_ptr<Store>> store = Store::Open(store_dir, options);
  if (!store.ok()) {
    return store.status().IsNotFound() ? Status::Ok() : store.status();
  }
  return AttachSiteProfiles(**store, config);
}

}  // namespace newscrawl
