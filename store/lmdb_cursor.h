// LmdbCursor: owns an MDB_cursor* (RAII, move-only).  A cursor of a write
// transaction must be destroyed before that transaction commits or aborts
// (declare it in an inner scope).  Internal to store/.
#ifndef NEWSCRAWL_STORE_LMDB_CURSOR_H_
#define NEWSCRAWL_STORE_LMDB_CURSOR_H_

#include <lmdb.h>

#include <functional>
#include <string_view>

#include "config/result.h"

namespace newscrawl {

class LmdbTxn;

class LmdbCursor {
 public:
  static Result<LmdbCursor> Open(LmdbTxn& txn, MDB_dbi dbi);

  LmdbCursor() = default;
  ~LmdbCursor();
  LmdbCursor(LmdbCursor&& other) noexcept;
  LmdbCursor& operator=(LmdbCursor&& other) noexcept;
  LmdbCursor(const LmdbCursor&) = delete;
  LmdbCursor& operator=(const LmdbCursor&) = delete;

  MDB_cursor* get() const { return cursor_; }

  // mdb_cursor_get: true and *key/*value set, or false at MDB_NOTFOUND.
  // For MDB_SET/MDB_SET_RANGE/MDB_GET_BOTH*, *key (and *value) are inputs.
  Result<bool> Get(MDB_cursor_op op, std::string_view* key,
                   std::string_view* value);
  // Calls fn(key, value) for the entries after key `after` ("": from the
  // first) in key order, until fn returns false or fails.  Returns whether
  // entries remain after the last one fn saw.
  Result<bool> ForEachAfter(
      std::string_view after,
      const std::function<Result<bool>(std::string_view, std::string_view)>&
          fn);
  // First entry with key >= `key`.
  Result<bool> Seek(std::string_view key, std::string_view* found_key,
                    std::string_view* value);
  Status Put(std::string_view key, std::string_view value, unsigned flags = 0);
  // Deletes the entry under the cursor.
  Status Del(unsigned flags = 0);
  // Number of duplicates at the cursor (MDB_DUPSORT).
  Result<std::size_t> Count();

 private:
  MDB_cursor* cursor_ = nullptr;
  LmdbTxn* txn_ = nullptr;  // to record MDB_MAP_FULL
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_LMDB_CURSOR_H_
