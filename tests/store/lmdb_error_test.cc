#include "store/lmdb_error.h"

#include <doctest/doctest.h>
#include <lmdb.h>

#include <cerrno>

namespace newscrawl {
namespace {

TEST_CASE("LMDB codes map to Status codes in one place") {
  CHECK(LmdbError("get", MDB_SUCCESS).ok());
  CHECK(LmdbError("get", MDB_NOTFOUND).IsNotFound());
  CHECK(LmdbError("put", MDB_MAP_FULL).IsIOError());
  CHECK(LmdbError("put", ENOSPC).IsIOError());
  CHECK(LmdbError("open", MDB_CORRUPTED).IsCorruption());
  CHECK(LmdbError("open", MDB_INVALID).IsCorruption());
  CHECK(LmdbError("open", MDB_VERSION_MISMATCH).IsUnsupported());
  CHECK(LmdbError("open", EACCES).IsIOError());
  CHECK(LmdbError("open", ENOENT).IsNotFound());
  CHECK(LmdbError("put pages", MDB_MAP_FULL).message().find("put pages: ") == 0);
}

TEST_CASE("A full map is recognised through added context") {
  CHECK(IsMapFullError(LmdbError("put", MDB_MAP_FULL).WithContext("store x")));
  CHECK_FALSE(IsMapFullError(LmdbError("put", ENOSPC)));
  CHECK_FALSE(IsMapFullError(Status::Ok()));
}

}  // namespace
}  // namespace newscrawl
