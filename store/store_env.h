// StoreEnv: the opened LMDB environment of a store with its named
// databases, its writer lock, and the transaction runners that grow the map
// when it is full.  Internal to store/ (Store, Frontier, the writers).
//
//   meta      "magic" -> "newscrawl-store", "schema" -> uint32 (big-endian),
//             "simhash_merge" -> uint64 (store/simhash_index.h), ...
//   pages     page id (8 bytes BE)        -> page (record_codec.h)
//   articles  ArticleKey (16 bytes)       -> article (record_codec.h)
//   urls      canonical URL               -> UrlState (record_codec.h)
//   by_site   site '\0' date(10)        -> key(16)  (DUPSORT, DUPFIXED;
//             schema 3; before: site '\0' date(10) key(16) -> "")
//   by_date   date(10)                  -> key(16)  (the same)
//   simhash   band(1) bits(2)           -> key(16) hash(8)  (DUPSORT, DUPFIXED;
//             6 bands, see store/index_keys.h)
//   simhash_recent  the same: entries not yet merged into `simhash`
//             (store/simhash_index.h; schema 2)
//   revisit_due  due time(8 BE) url -> ""  (store/revisit_index.h;
//             schema 4)
//   frontier, queued, inflight: see store/frontier.h
//   profiles  site name -> profile JSON (opened by store/profile_store.h)
//
// Thread safety: Write() calls are serialised by a mutex; Read() calls run
// concurrently with each other and with a write.  A map resize waits until
// no transaction of this process is active.  Do not call Write() from
// inside a Read() callback on the same thread.
#ifndef NEWSCRAWL_STORE_STORE_ENV_H_
#define NEWSCRAWL_STORE_STORE_ENV_H_

#include <lmdb.h>

#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "config/result.h"
#include "store/lmdb_env.h"
#include "store/lmdb_txn.h"
#include "store/simhash_index.h"
#include "store/store.h"
#include "store/store_lock.h"

namespace newscrawl {

struct StoreDbs {
  MDB_dbi meta = 0;
  MDB_dbi pages = 0;
  MDB_dbi articles = 0;
  MDB_dbi urls = 0;
  MDB_dbi by_site = 0;
  MDB_dbi by_date = 0;
  MDB_dbi simhash = 0;
  MDB_dbi simhash_recent = 0;  // 0 in a read-only store of schema 1
  MDB_dbi revisit_due = 0;     // 0 in a read-only store of schema 1-3
  MDB_dbi frontier = 0;
  MDB_dbi queued = 0;
  MDB_dbi inflight = 0;

  SimHashDbs simhash_dbs() const { return {simhash, simhash_recent, meta}; }
};

class StoreEnv {
 public:
  // See Store::Open for the contract.
  static Result<std::unique_ptr<StoreEnv>> Open(const std::string& dir,
                                                const StoreOptions& options);
  StoreEnv(const StoreEnv&) = delete;
  StoreEnv& operator=(const StoreEnv&) = delete;

  const std::string& dir() const { return dir_; }
  const StoreOptions& options() const { return options_; }
  const StoreDbs& dbs() const { return dbs_; }
  LmdbEnv& env() { return env_; }

  // Runs `fn` in a write transaction and commits it.  If the map is full,
  // aborts, grows the map and runs `fn` again: `fn` must be repeatable
  // (it may not keep results of an aborted attempt).
  Status Write(const std::function<Status(LmdbTxn&)>& fn);
  // Runs `fn` in a read transaction.
  Status Read(const std::function<Status(LmdbTxn&)>& fn);

  // Bytes of data.mdb on disk.
  std::uint64_t FileBytes() const;

 private:
  StoreEnv() = default;
  Status OpenDbs(bool create);
  // Fills `revisit_due` from the URL states in bounded transactions, then
  // records schema 4 (the upgrade of a schema 1-3 store; OpenDbs emptied
  // the index, so an upgrade cut short starts again).
  Status BuildRevisitIndex();

  std::string dir_;
  StoreOptions options_;
  StoreLock lock_;  // held by writable stores; released after env_ closes
  LmdbEnv env_;
  StoreDbs dbs_;
  bool build_revisit_index_ = false;  // set by OpenDbs
  std::mutex write_mu_;
  std::shared_mutex resize_mu_;  // shared: a txn is active; unique: resize
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_STORE_ENV_H_
