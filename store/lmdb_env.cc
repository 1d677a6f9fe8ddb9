#include "store/lmdb_env.h"

#include <utility>

#include "store/lmdb_error.h"

namespace newscrawl {

Result<LmdbEnv> LmdbEnv::Open(const std::string& dir, const Options& options) {
  LmdbEnv env;
  int rc = mdb_env_create(&env.env_);
  if (rc != MDB_SUCCESS) return LmdbError("mdb_env_create", rc);
  env.read_only_ = options.read_only;
  rc = mdb_env_set_maxdbs(env.env_, options.max_dbs);
  if (rc == MDB_SUCCESS) rc = mdb_env_set_maxreaders(env.env_, options.max_readers);
  if (rc == MDB_SUCCESS && options.map_size > 0) {
    rc = mdb_env_set_mapsize(env.env_, options.map_size);
  }
  if (rc != MDB_SUCCESS) return LmdbError("configure store " + dir, rc);
  unsigned flags = 0;
  if (options.read_only) flags |= MDB_RDONLY;
  if (options.no_lock) flags |= MDB_NOLOCK;
  if (options.no_sync) flags |= MDB_NOSYNC;
  rc = mdb_env_open(env.env_, dir.c_str(), flags, 0644);
  if (rc != MDB_SUCCESS) return LmdbError("open store " + dir, rc);
  return env;
}

LmdbEnv::~LmdbEnv() {
  if (env_ != nullptr) mdb_env_close(env_);
}

LmdbEnv::LmdbEnv(LmdbEnv&& other) noexcept
    : env_(std::exchange(other.env_, nullptr)), read_only_(other.read_only_) {}

LmdbEnv& LmdbEnv::operator=(LmdbEnv&& other) noexcept {
  if (this != &other) {
    if (env_ != nullptr) mdb_env_close(env_);
    env_ = std::exchange(other.env_, nullptr);
    read_only_ = other.read_only_;
  }
  return *this;
}

std::uint64_t LmdbEnv::map_size() const {
  MDB_envinfo info;
  if (mdb_env_info(env_, &info) != MDB_SUCCESS) return 0;
  return info.me_mapsize;
}

Status LmdbEnv::GrowMap() {
  const std::uint64_t current = map_size();
  std::uint64_t next = current * 2;
  if (next < current + (std::uint64_t{64} << 20)) {
    next = current + (std::uint64_t{64} << 20);
  }
  return LmdbError("grow store map", mdb_env_set_mapsize(env_, next));
}

Status LmdbEnv::AdoptMapSize() {
  return LmdbError("adopt store map size", mdb_env_set_mapsize(env_, 0));
}

Status LmdbEnv::Sync() { return LmdbError("sync store", mdb_env_sync(env_, 1)); }

}  // namespace newscrawl
