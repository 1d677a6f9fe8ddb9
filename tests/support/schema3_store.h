// RevertToSchema3: makes an open store look as schema 3 left it (no
// `revisit_due` database, schema 3 in `meta`), so that tests and
// benchmarks can watch the next writable open upgrade it.  Header-only.
#ifndef NEWSCRAWL_TESTS_SUPPORT_SCHEMA3_STORE_H_
#define NEWSCRAWL_TESTS_SUPPORT_SCHEMA3_STORE_H_

#include <lmdb.h>

#include <string>

#include "store/store.h"

namespace newscrawl::testing {

// Close the store right after: its writer still holds the dropped handle.
inline Status RevertToSchema3(Store& store) {
  return store.WriteTransaction([](MDB_txn* txn) -> Status {
    MDB_dbi dbi = 0;
    MDB_dbi meta = 0;
    if (mdb_dbi_open(txn, "revisit_due", 0, &dbi) != MDB_SUCCESS ||
        mdb_dbi_open(txn, "meta", 0, &meta) != MDB_SUCCESS ||
        mdb_drop(txn, dbi, 1) != MDB_SUCCESS) {
      return Status::Internal("cannot drop revisit_due");
    }
    std::string key("schema");
    std::string three("\0\0\0\3", 4);
    MDB_val k{key.size(), key.data()};
    MDB_val v{three.size(), three.data()};
    if (mdb_put(txn, meta, &k, &v, 0) != MDB_SUCCESS) {
      return Status::Internal("cannot write the schema");
    }
    return Status::Ok();
  });
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_SUPPORT_SCHEMA3_STORE_H_
