// The one place LMDB's return codes become a Status.
#ifndef NEWSCRAWL_STORE_LMDB_ERROR_H_
#define NEWSCRAWL_STORE_LMDB_ERROR_H_

#include <string_view>

#include "config/status.h"

namespace newscrawl {

// Translates an mdb_* return code.  MDB_NOTFOUND becomes NotFound (callers
// usually treat it as a value, not an error), MDB_MAP_FULL and ENOSPC
// IOError with a hint, MDB_CORRUPTED/MDB_PAGE_NOTFOUND/MDB_INVALID
// Corruption, MDB_VERSION_MISMATCH Unsupported, EAGAIN/EBUSY Busy, other
// errno values go through PosixError().
Status LmdbError(std::string_view context, int rc);

// True if `status` came from LmdbError(..., MDB_MAP_FULL) (possibly with
// context added): code that reaches LMDB through a raw MDB_txn* (the search
// index hook) reports a full map this way.
bool IsMapFullError(const Status& status);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_LMDB_ERROR_H_
