#include "store/lmdb_txn.h"

#include <utility>

#include "store/lmdb_env.h"
#include "store/lmdb_error.h"

namespace newscrawl {

Result<LmdbTxn> LmdbTxn::Begin(LmdbEnv& env, bool read_only) {
  LmdbTxn txn;
  txn.read_only_ = read_only;
  const unsigned flags = read_only ? MDB_RDONLY : 0;
  int rc = mdb_txn_begin(env.get(), nullptr, flags, &txn.txn_);
  if (rc == MDB_MAP_RESIZED) {
    // Another process grew the map: adopt its size and try again.
    NEWSCRAWL_RETURN_IF_ERROR(env.AdoptMapSize());
    rc = mdb_txn_begin(env.get(), nullptr, flags, &txn.txn_);
  }
  if (rc != MDB_SUCCESS) {
    txn.txn_ = nullptr;
    return LmdbError(read_only ? "begin read transaction"
                               : "begin write transaction",
                     rc);
  }
  return txn;
}

LmdbTxn::~LmdbTxn() { Abort(); }

LmdbTxn::LmdbTxn(LmdbTxn&& other) noexcept
    : txn_(std::exchange(other.txn_, nullptr)),
      read_only_(other.read_only_),
      map_full_(other.map_full_) {}

LmdbTxn& LmdbTxn::operator=(LmdbTxn&& other) noexcept {
  if (this != &other) {
    Abort();
    txn_ = std::exchange(other.txn_, nullptr);
    read_only_ = other.read_only_;
    map_full_ = other.map_full_;
  }
  return *this;
}

Status LmdbTxn::Check(std::string_view context, int rc) {
  if (rc == MDB_MAP_FULL) map_full_ = true;
  return LmdbError(context, rc);
}

Status LmdbTxn::Commit() {
  MDB_txn* txn = std::exchange(txn_, nullptr);
  if (txn == nullptr) return Status::Internal("commit of a finished transaction");
  return Check("commit", mdb_txn_commit(txn));
}

void LmdbTxn::Abort() {
  if (txn_ != nullptr) mdb_txn_abort(std::exchange(txn_, nullptr));
}

Result<MDB_dbi> LmdbTxn::OpenDb(const char* name, unsigned flags, bool create) {
  MDB_dbi dbi = 0;
  const int rc =
      mdb_dbi_open(txn_, name, flags | (create ? MDB_CREATE : 0u), &dbi);
  if (rc != MDB_SUCCESS) {
    return Check(std::string("open database ") + name, rc);
  }
  return dbi;
}

Result<bool> LmdbTxn::Get(MDB_dbi dbi, std::string_view key,
                          std::string_view* value) {
  MDB_val k = ToVal(key);
  MDB_val v;
  const int rc = mdb_get(txn_, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return false;
  if (rc != MDB_SUCCESS) return Check("get", rc);
  *value = FromVal(v);
  return true;
}

Status LmdbTxn::Put(MDB_dbi dbi, std::string_view key, std::string_view value,
                    unsigned flags) {
  MDB_val k = ToVal(key);
  MDB_val v = ToVal(value);
  return Check("put", mdb_put(txn_, dbi, &k, &v, flags));
}

Result<char*> LmdbTxn::Reserve(MDB_dbi dbi, std::string_view key,
                               std::size_t size, unsigned flags) {
  MDB_val k = ToVal(key);
  MDB_val v{size, nullptr};
  const int rc = mdb_put(txn_, dbi, &k, &v, flags | MDB_RESERVE);
  if (rc != MDB_SUCCESS) return Check("put", rc);
  return static_cast<char*>(v.mv_data);
}

Result<bool> LmdbTxn::Del(MDB_dbi dbi, std::string_view key) {
  MDB_val k = ToVal(key);
  const int rc = mdb_del(txn_, dbi, &k, nullptr);
  if (rc == MDB_NOTFOUND) return false;
  if (rc != MDB_SUCCESS) return Check("delete", rc);
  return true;
}

Result<bool> LmdbTxn::DelDup(MDB_dbi dbi, std::string_view key,
                             std::string_view value) {
  MDB_val k = ToVal(key);
  MDB_val v = ToVal(value);
  const int rc = mdb_del(txn_, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return false;
  if (rc != MDB_SUCCESS) return Check("delete", rc);
  return true;
}

Result<std::size_t> LmdbTxn::Count(MDB_dbi dbi) {
  MDB_stat stat;
  const int rc = mdb_stat(txn_, dbi, &stat);
  if (rc != MDB_SUCCESS) return Check("stat", rc);
  return stat.ms_entries;
}

}  // namespace newscrawl
