#include "store/lmdb_cursor.h"

#include <utility>

#include "store/lmdb_error.h"
#include "store/lmdb_txn.h"

namespace newscrawl {

Result<LmdbCursor> LmdbCursor::Open(LmdbTxn& txn, MDB_dbi dbi) {
  LmdbCursor cursor;
  const int rc = mdb_cursor_open(txn.get(), dbi, &cursor.cursor_);
  if (rc != MDB_SUCCESS) {
    cursor.cursor_ = nullptr;
    return LmdbError("open cursor", rc);
  }
  cursor.txn_ = &txn;
  return cursor;
}

LmdbCursor::~LmdbCursor() {
  if (cursor_ != nullptr) mdb_cursor_close(cursor_);
}

LmdbCursor::LmdbCursor(LmdbCursor&& other) noexcept
    : cursor_(std::exchange(other.cursor_, nullptr)),
      txn_(std::exchange(other.txn_, nullptr)) {}

LmdbCursor& LmdbCursor::operator=(LmdbCursor&& other) noexcept {
  if (this != &other) {
    if (cursor_ != nullptr) mdb_cursor_close(cursor_);
    cursor_ = std::exchange(other.cursor_, nullptr);
    txn_ = std::exchange(other.txn_, nullptr);
  }
  return *this;
}

Result<bool> LmdbCursor::Get(MDB_cursor_op op, std::string_view* key,
                             std::string_view* value) {
  MDB_val k = ToVal(*key);
  MDB_val v = ToVal(*value);
  const int rc = mdb_cursor_get(cursor_, &k, &v, op);
  if (rc == MDB_NOTFOUND) return false;
  if (rc != MDB_SUCCESS) return LmdbError("cursor get", rc);
  *key = FromVal(k);
  *value = FromVal(v);
  return true;
}

Result<bool> LmdbCursor::Seek(std::string_view key, std::string_view* found_key,
                              std::string_view* value) {
  *found_key = key;
  *value = {};
  // LMDB refuses an empty key: the first entry is the answer.
  return Get(key.empty() ? MDB_FIRST : MDB_SET_RANGE, found_key, value);
}

Result<bool> LmdbCursor::ForEachAfter(
    std::string_view after,
    const std::function<Result<bool>(std::string_view, std::string_view)>&
        fn) {
  std::string_view key;
  std::string_view value;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool found, Seek(after, &key, &value));
  if (found && !after.empty() && key == after) {
    NEWSCRAWL_ASSIGN_OR_RETURN(found, Get(MDB_NEXT, &key, &value));
  }
  bool go_on = true;
  while (found && go_on) {
    NEWSCRAWL_ASSIGN_OR_RETURN(go_on, fn(key, value));
    NEWSCRAWL_ASSIGN_OR_RETURN(found, Get(MDB_NEXT, &key, &value));
  }
  return found;
}

Status LmdbCursor::Put(std::string_view key, std::string_view value,
                       unsigned flags) {
  MDB_val k = ToVal(key);
  MDB_val v = ToVal(value);
  return txn_->Check("cursor put", mdb_cursor_put(cursor_, &k, &v, flags));
}

Status LmdbCursor::Del(unsigned flags) {
  return txn_->Check("cursor delete", mdb_cursor_del(cursor_, flags));
}

Result<std::size_t> LmdbCursor::Count() {
  std::size_t count = 0;
  const int rc = mdb_cursor_count(cursor_, &count);
  if (rc != MDB_SUCCESS) return LmdbError("cursor count", rc);
  return count;
}

}  // namespace newscrawl
