#include "store/lmdb_error.h"

#include <lmdb.h>

#include <cerrno>
#include <string>

namespace newscrawl {
namespace {

constexpr std::string_view kMapFull = " (the store's map is full)";

}  // namespace

bool IsMapFullError(const Status& status) {
  const std::string& m = status.message();
  return status.IsIOError() && m.size() >= kMapFull.size() &&
         m.find(kMapFull) != std::string::npos;
}

Status LmdbError(std::string_view context, int rc) {
  if (rc == MDB_SUCCESS) return Status::Ok();
  std::string msg(context);
  msg += ": ";
  msg += mdb_strerror(rc);
  switch (rc) {
    case MDB_NOTFOUND:
      return Status::NotFound(msg);
    case MDB_MAP_FULL:
      return Status::IOError(msg + std::string(kMapFull));
    case ENOSPC:
      return Status::IOError(msg + " (the disk is full)");
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:
      return Status::Corruption(msg);
    case MDB_VERSION_MISMATCH:
      return Status::Unsupported(msg);
    case MDB_READERS_FULL:
    case MDB_TXN_FULL:
    case MDB_DBS_FULL:
    case MDB_MAP_RESIZED:
    case MDB_BAD_RSLOT:
    case MDB_BAD_TXN:
    case MDB_BAD_VALSIZE:
    case MDB_BAD_DBI:
    case MDB_INCOMPATIBLE:
    case MDB_KEYEXIST:
    case MDB_TLS_FULL:
    case MDB_PAGE_FULL:
    case MDB_CURSOR_FULL:
      return Status::Internal(msg);
    default:
      break;
  }
  if (rc > 0) return PosixError(context, rc);
  return Status::Internal(msg);
}

}  // namespace newscrawl
