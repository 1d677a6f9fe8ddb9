// LmdbEnv: owns an MDB_env* (RAII, move-only), in the manner of lmdbxx's
// lmdb::env but with Status instead of exceptions.  Internal to store/.
//
// Thread safety: an LmdbEnv may be shared by threads (the MDB_env is); but
// GrowMap() requires that no transaction of this process is active: the
// caller (StoreEnv) guarantees that.
#ifndef NEWSCRAWL_STORE_LMDB_ENV_H_
#define NEWSCRAWL_STORE_LMDB_ENV_H_

#include <lmdb.h>

#include <cstdint>
#include <string>

#include "config/result.h"

namespace newscrawl {

class LmdbEnv {
 public:
  struct Options {
    std::uint64_t map_size = std::uint64_t{256} << 20;
    unsigned max_dbs = 32;
    unsigned max_readers = 126;
    bool read_only = false;
    bool no_lock = false;   // MDB_NOLOCK: only to probe a foreign directory
    bool no_sync = false;   // MDB_NOSYNC: the caller syncs
  };

  // Opens the environment in directory `dir` (data.mdb and lock.mdb).
  static Result<LmdbEnv> Open(const std::string& dir, const Options& options);

  LmdbEnv() = default;
  ~LmdbEnv();
  LmdbEnv(LmdbEnv&& other) noexcept;
  LmdbEnv& operator=(LmdbEnv&& other) noexcept;
  LmdbEnv(const LmdbEnv&) = delete;
  LmdbEnv& operator=(const LmdbEnv&) = delete;

  MDB_env* get() const { return env_; }
  bool read_only() const { return read_only_; }

  // The current map size in bytes.
  std::uint64_t map_size() const;
  // Doubles the map size (at least +64 MiB).  No transaction of this
  // process may be active.
  Status GrowMap();
  // Adopts a map size another process grew to (after MDB_MAP_RESIZED).
  Status AdoptMapSize();
  // Flushes the data to disk (mdb_env_sync with force).
  Status Sync();

 private:
  MDB_env* env_ = nullptr;
  bool read_only_ = false;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_LMDB_ENV_H_
