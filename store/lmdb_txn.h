// LmdbTxn: owns an MDB_txn* (RAII, move-only).  Commit() is explicit and
// forgets the handle before calling mdb_txn_commit (lmdbxx); the destructor
// aborts a transaction that was not committed.  Internal to store/.
//
// Values returned as string_view point into the map and are valid until
// the transaction ends (or, in a write transaction, until the next write).
//
// Thread safety: a transaction belongs to the thread that began it.
#ifndef NEWSCRAWL_STORE_LMDB_TXN_H_
#define NEWSCRAWL_STORE_LMDB_TXN_H_

#include <lmdb.h>

#include <string_view>

#include "config/result.h"

namespace newscrawl {

class LmdbEnv;

class LmdbTxn {
 public:
  // Begins a transaction; a read transaction that finds the map resized by
  // another process adopts the new size and retries once.
  static Result<LmdbTxn> Begin(LmdbEnv& env, bool read_only);

  LmdbTxn() = default;
  ~LmdbTxn();
  LmdbTxn(LmdbTxn&& other) noexcept;
  LmdbTxn& operator=(LmdbTxn&& other) noexcept;
  LmdbTxn(const LmdbTxn&) = delete;
  LmdbTxn& operator=(const LmdbTxn&) = delete;

  MDB_txn* get() const { return txn_; }
  bool read_only() const { return read_only_; }
  // True once any call on this transaction failed with MDB_MAP_FULL.
  bool map_full() const { return map_full_; }

  Status Commit();
  void Abort();

  // Opens (with `create`, creates) the named database `name`.
  Result<MDB_dbi> OpenDb(const char* name, unsigned flags, bool create);

  // Looks `key` up: true and *value set if found, false if absent.
  Result<bool> Get(MDB_dbi dbi, std::string_view key, std::string_view* value);
  Status Put(MDB_dbi dbi, std::string_view key, std::string_view value,
             unsigned flags = 0);
  // Reserves `size` bytes for `key`'s value and returns where to write
  // them (MDB_RESERVE).
  Result<char*> Reserve(MDB_dbi dbi, std::string_view key, std::size_t size,
                        unsigned flags = 0);
  // Deletes `key` (with `value`, one duplicate of a MDB_DUPSORT db).
  // False if it was absent.
  Result<bool> Del(MDB_dbi dbi, std::string_view key);
  Result<bool> DelDup(MDB_dbi dbi, std::string_view key,
                      std::string_view value);

  // Entries in `dbi`.
  Result<std::size_t> Count(MDB_dbi dbi);

  // Records MDB_MAP_FULL and translates `rc` (LmdbError).
  Status Check(std::string_view context, int rc);

 private:
  MDB_txn* txn_ = nullptr;
  bool read_only_ = false;
  bool map_full_ = false;
};

inline MDB_val ToVal(std::string_view s) {
  return MDB_val{s.size(), const_cast<char*>(s.data())};
}
inline std::string_view FromVal(const MDB_val& v) {
  return {static_cast<const char*>(v.mv_data), v.mv_size};
}

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_LMDB_TXN_H_
