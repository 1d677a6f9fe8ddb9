#include "store/store_env.h"

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <vector>

#include "store/index_keys.h"
#include "store/lmdb_cursor.h"
#include "store/lmdb_error.h"
#include "store/revisit_index.h"

namespace newscrawl {

namespace {

constexpr std::string_view kMagic = "newscrawl-store";
constexpr int kMaxResizes = 40;
// The twelve databases below, plus `profiles` (opened by
// store/profile_store).
constexpr unsigned kStoreDbs = 13;
// The schema before the revisit index: what an upgrading store records
// until BuildRevisitIndex has finished.
constexpr std::uint32_t kSchemaWithoutRevisitIndex = 3;
// URL states read per transaction of the revisit index's upgrade.
constexpr std::size_t kRevisitIndexChunk = 8192;

std::string EncodeSchema(std::uint32_t v) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
  }
  return out;
}

std::uint32_t DecodeSchema(std::string_view s) {
  std::uint32_t v = 0;
  for (char c : s) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

Status NotAStore(const std::string& dir, std::string_view why) {
  return Status::InvalidArgument(dir + " is not a newscrawl store (" +
                                 std::string(why) + "); it was left untouched");
}

// Checks the `meta` database of an existing data.mdb without writing
// anything (read-only, no lock file).
Status ProbeExisting(const std::string& dir) {
  LmdbEnv::Options probe_options;
  probe_options.map_size = 0;
  probe_options.read_only = true;
  probe_options.no_lock = true;
  probe_options.max_dbs = kStoreDbs;
  auto env = LmdbEnv::Open(dir, probe_options);
  if (!env.ok()) {
    if (env.status().IsCorruption()) {
      return NotAStore(dir, "data.mdb is not an LMDB file");
    }
    return env.status();
  }
  NEWSCRAWL_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::Begin(*env, true));
  MDB_dbi meta = 0;
  const int rc = mdb_dbi_open(txn.get(), "meta", 0, &meta);
  if (rc == MDB_NOTFOUND || rc == MDB_INCOMPATIBLE) {
    return NotAStore(dir, "no newscrawl meta database");
  }
  if (rc != MDB_SUCCESS) return LmdbError("open meta of " + dir, rc);
  std::string_view magic;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool has_magic, txn.Get(meta, "magic", &magic));
  if (!has_magic || magic != kMagic) {
    return NotAStore(dir, "wrong magic in meta database");
  }
  std::string_view schema;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool has_schema, txn.Get(meta, "schema", &schema));
  if (!has_schema || schema.size() != 4) {
    return Status::Corruption("store " + dir + ": missing schema version");
  }
  const std::uint32_t version = DecodeSchema(schema);
  if (version > kStoreSchemaVersion) {
    return Status::Unsupported(
        "store " + dir + " has schema version " + std::to_string(version) +
        ", newer than this newscrawl understands (" +
        std::to_string(kStoreSchemaVersion) + "); it was left untouched");
  }
  return Status::Ok();
}

// Opens the index database `name` (by_site, by_date) as a MDB_DUPSORT |
// MDB_DUPFIXED list of article keys per [site '\0'] date (schema 3),
// creating it, or rewriting a schema 1-2 database (one entry per
// [site '\0'] date key16, empty values) in `txn`.  The old entries are read
// into memory first (about 50 bytes each).
Result<MDB_dbi> OpenIndexDb(LmdbTxn& txn, const char* name) {
  constexpr unsigned kIndexFlags = MDB_DUPSORT | MDB_DUPFIXED;
  MDB_dbi dbi = 0;
  int rc = mdb_dbi_open(txn.get(), name, 0, &dbi);
  if (rc == MDB_NOTFOUND) return txn.OpenDb(name, kIndexFlags, true);
  if (rc != MDB_SUCCESS)
    return txn.Check(std::string("open database ") + name, rc);
  unsigned flags = 0;
  rc = mdb_dbi_flags(txn.get(), dbi, &flags);
  if (rc != MDB_SUCCESS) return txn.Check(std::string("flags of ") + name, rc);
  if ((flags & kIndexFlags) == kIndexFlags) return dbi;
  std::vector<std::string> entries;
  {
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::Open(txn, dbi));
    std::string_view key;
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found, cursor.Get(MDB_FIRST, &key, &value));
    while (found) {
      if (key.size() < kDateSize + ArticleKey::kSize || !value.empty()) {
        return Status::Corruption(std::string("malformed entry in ") + name);
      }
      entries.emplace_back(key);
      NEWSCRAWL_ASSIGN_OR_RETURN(found, cursor.Get(MDB_NEXT, &key, &value));
    }
  }
  rc = mdb_drop(txn.get(), dbi, 1);
  if (rc != MDB_SUCCESS) return txn.Check(std::string("drop ") + name, rc);
  NEWSCRAWL_ASSIGN_OR_RETURN(dbi, txn.OpenDb(name, kIndexFlags, true));
  for (const std::string& entry : entries) {
    const std::size_t split = entry.size() - ArticleKey::kSize;
    NEWSCRAWL_RETURN_IF_ERROR(txn.Put(dbi,
                                      std::string_view(entry).substr(0, split),
                                      std::string_view(entry).substr(split)));
  }
  return dbi;
}

}  // namespace

Result<std::unique_ptr<StoreEnv>> StoreEnv::Open(const std::string& dir,
                                                 const StoreOptions& options) {
  namespace fs = std::filesystem;
  std::unique_ptr<StoreEnv> store(new StoreEnv());
  store->dir_ = dir;
  store->options_ = options;

  std::error_code ec;
  const fs::path path(dir);
  const fs::file_status st = fs::status(path, ec);
  const bool exists = fs::exists(st);
  if (exists && !fs::is_directory(st)) {
    return NotAStore(dir, "not a directory");
  }
  const bool has_data = exists && fs::exists(path / "data.mdb", ec);
  if (options.read_only && !has_data) {
    return Status::NotFound("no newscrawl store at " + dir);
  }
  if (has_data) {
    NEWSCRAWL_RETURN_IF_ERROR(ProbeExisting(dir));
  } else if (exists) {
    // A writable open of a directory without data.mdb: only an empty
    // directory (or one holding just our lock file) becomes a store.
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (entry.path().filename() != "newscrawl.lock") {
        return NotAStore(dir, "it holds other files");
      }
    }
  } else {
    fs::create_directories(path, ec);
    if (ec) return PosixError("create store directory " + dir, ec.value());
  }

  if (!options.read_only) {
    NEWSCRAWL_ASSIGN_OR_RETURN(store->lock_, StoreLock::Acquire(dir));
  }
  LmdbEnv::Options env_options;
  env_options.read_only = options.read_only;
  env_options.map_size = options.read_only ? 0 : options.initial_map_size;
  env_options.max_dbs = kStoreDbs + options.max_extra_dbs;
  env_options.no_sync = !options.sync;
  NEWSCRAWL_ASSIGN_OR_RETURN(store->env_, LmdbEnv::Open(dir, env_options));
  if (!options.read_only) {
    // Reader slots of killed processes would keep old pages from reuse.
    int dead = 0;
    mdb_reader_check(store->env_.get(), &dead);
    // The file may be larger than the requested map: adopt its size.
    if (store->env_.map_size() < options.initial_map_size) {
      NEWSCRAWL_RETURN_IF_ERROR(store->env_.AdoptMapSize());
    }
  }
  NEWSCRAWL_RETURN_IF_ERROR(store->OpenDbs(!options.read_only));
  return store;
}

Status StoreEnv::OpenDbs(bool create) {
  auto open_all = [this, create](LmdbTxn& txn) -> Status {
    build_revisit_index_ = false;
    NEWSCRAWL_ASSIGN_OR_RETURN(dbs_.meta, txn.OpenDb("meta", 0, create));
    std::string_view schema_value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool has_schema,
                               txn.Get(dbs_.meta, "schema", &schema_value));
    const std::string schema(schema_value);  // the writes below move pages
    // 0: a new store.
    const std::uint32_t stored = has_schema ? DecodeSchema(schema) : 0;
    if (create) {
      std::string_view magic;
      NEWSCRAWL_ASSIGN_OR_RETURN(bool has_magic,
                                 txn.Get(dbs_.meta, "magic", &magic));
      if (!has_magic) {
        NEWSCRAWL_RETURN_IF_ERROR(txn.Put(dbs_.meta, "magic", kMagic));
      }
      // A new store, or an older one upgraded (ProbeExisting refused newer
      // ones): schema 1 lacks `simhash_recent`, created below; schemas 1-2
      // keep by_site and by_date as plain keys, rewritten as lists
      // (OpenIndexDb); schemas 1-3 lack `revisit_due`, built after this
      // transaction (BuildRevisitIndex), which then records schema 4.
      build_revisit_index_ = has_schema && stored < kStoreSchemaVersion;
      const std::string current = EncodeSchema(
          build_revisit_index_ ? kSchemaWithoutRevisitIndex
                               : kStoreSchemaVersion);
      if (!has_schema || schema != current) {
        NEWSCRAWL_RETURN_IF_ERROR(txn.Put(dbs_.meta, "schema", current));
      }
    }
    NEWSCRAWL_ASSIGN_OR_RETURN(dbs_.pages, txn.OpenDb("pages", 0, create));
    NEWSCRAWL_ASSIGN_OR_RETURN(dbs_.articles, txn.OpenDb("articles", 0, create));
    NEWSCRAWL_ASSIGN_OR_RETURN(dbs_.urls, txn.OpenDb("urls", 0, create));
    if (create) {
      NEWSCRAWL_ASSIGN_OR_RETURN(dbs_.by_site, OpenIndexDb(txn, "by_site"));
      NEWSCRAWL_ASSIGN_OR_RETURN(dbs_.by_date, OpenIndexDb(txn, "by_date"));
    } else {
      // As stored: a schema 1-2 store is read in its own layout.
      NEWSCRAWL_ASSIGN_OR_RETURN(dbs_.by_site, txn.OpenDb("by_site", 0, false));
      NEWSCRAWL_ASSIGN_OR_RETURN(dbs_.by_date, txn.OpenDb("by_date", 0, false));
    }
    NEWSCRAWL_ASSIGN_OR_RETURN(
        dbs_.simhash, txn.OpenDb("simhash", MDB_DUPSORT | MDB_DUPFIXED, create));
    if (create) {
      NEWSCRAWL_ASSIGN_OR_RETURN(
          dbs_.simhash_recent,
          txn.OpenDb("simhash_recent", MDB_DUPSORT | MDB_DUPFIXED, true));
    } else {
      // A store of schema 1 has none: lookups read `simhash` alone.
      const int rc = mdb_dbi_open(txn.get(), "simhash_recent",
                                  MDB_DUPSORT | MDB_DUPFIXED,
                                  &dbs_.simhash_recent);
      if (rc == MDB_NOTFOUND) {
        dbs_.simhash_recent = 0;
      } else if (rc != MDB_SUCCESS) {
        return txn.Check("open database simhash_recent", rc);
      }
    }
    if (create) {
      NEWSCRAWL_ASSIGN_OR_RETURN(dbs_.revisit_due,
                                 txn.OpenDb("revisit_due", 0, true));
      if (build_revisit_index_) {
        // Whatever an upgrade cut short left: built again from the start.
        NEWSCRAWL_RETURN_IF_ERROR(txn.Check(
            "empty revisit_due", mdb_drop(txn.get(), dbs_.revisit_due, 0)));
      }
    } else if (stored > kSchemaWithoutRevisitIndex) {
      NEWSCRAWL_ASSIGN_OR_RETURN(dbs_.revisit_due,
                                 txn.OpenDb("revisit_due", 0, false));
    } else {
      dbs_.revisit_due = 0;  // none, or an unfinished upgrade's
    }
    NEWSCRAWL_ASSIGN_OR_RETURN(dbs_.frontier, txn.OpenDb("frontier", 0, create));
    NEWSCRAWL_ASSIGN_OR_RETURN(dbs_.queued, txn.OpenDb("queued", 0, create));
    NEWSCRAWL_ASSIGN_OR_RETURN(dbs_.inflight, txn.OpenDb("inflight", 0, create));
    return Status::Ok();
  };
  // Handles opened in a transaction become usable by others once it
  // commits (a read transaction is committed for that reason too).
  if (create) {
    NEWSCRAWL_RETURN_IF_ERROR(Write(open_all));
    if (build_revisit_index_) return BuildRevisitIndex();
    return Status::Ok();
  }
  std::shared_lock<std::shared_mutex> lock(resize_mu_);
  NEWSCRAWL_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::Begin(env_, true));
  NEWSCRAWL_RETURN_IF_ERROR(open_all(txn));
  return txn.Commit();
}

Status StoreEnv::BuildRevisitIndex() {
  std::string resume;
  bool more = true;
  while (more) {
    std::string next;
    NEWSCRAWL_RETURN_IF_ERROR(Write([&](LmdbTxn& txn) -> Status {
      next = resume;  // repeatable: from the same place after a map resize
      NEWSCRAWL_ASSIGN_OR_RETURN(
          more, IndexUrlStates(txn, dbs_.urls, dbs_.revisit_due, &next,
                               kRevisitIndexChunk));
      if (more) return Status::Ok();
      return txn.Put(dbs_.meta, "schema", EncodeSchema(kStoreSchemaVersion));
    }));
    resume.swap(next);
  }
  build_revisit_index_ = false;
  return Status::Ok();
}

Status StoreEnv::Write(const std::function<Status(LmdbTxn&)>& fn) {
  if (options_.read_only) {
    return Status::InvalidArgument("store " + dir_ + " is open read-only");
  }
  std::lock_guard<std::mutex> writer(write_mu_);
  for (int attempt = 0;; ++attempt) {
    {
      std::shared_lock<std::shared_mutex> active(resize_mu_);
      NEWSCRAWL_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::Begin(env_, false));
      Status status = fn(txn);
      if (status.ok()) status = txn.Commit();
      if (status.ok()) return status;
      if (!(txn.map_full() || IsMapFullError(status)) ||
          attempt >= kMaxResizes) {
        return status.WithContext("store " + dir_);
      }
    }  // the failed transaction is aborted here
    std::unique_lock<std::shared_mutex> resize(resize_mu_);
    NEWSCRAWL_RETURN_IF_ERROR(env_.GrowMap());
  }
}

Status StoreEnv::Read(const std::function<Status(LmdbTxn&)>& fn) {
  std::shared_lock<std::shared_mutex> active(resize_mu_);
  NEWSCRAWL_ASSIGN_OR_RETURN(LmdbTxn txn, LmdbTxn::Begin(env_, true));
  return fn(txn);
}

std::uint64_t StoreEnv::FileBytes() const {
  std::error_code ec;
  const auto size =
      std::filesystem::file_size(std::filesystem::path(dir_) / "data.mdb", ec);
  return ec ? 0 : static_cast<std::uint64_t>(size);
}

}  // namespace newscrawl
