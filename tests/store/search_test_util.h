// SearchKeys: the hex keys of the articles a full-text query finds in a
// store's search index.  For tests; header-only, not a test file itself.
#ifndef NEWSCRAWL_TESTS_STORE_SEARCH_TEST_UTIL_H_
#define NEWSCRAWL_TESTS_STORE_SEARCH_TEST_UTIL_H_

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "store/search_index.h"
#include "store/store.h"

namespace newscrawl::testing {

inline std::set<std::string> SearchKeys(Store& store, const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.limit = 1000;
  SearchResult result;
  const Status status = store.ReadTransaction([&](MDB_txn* txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(auto index, SearchIndex::Open(txn, false));
    NEWSCRAWL_ASSIGN_OR_RETURN(result, index->Search(txn, request));
    return Status::Ok();
  });
  REQUIRE_MESSAGE(status.ok(), status.ToString());
  std::set<std::string> keys;
  for (const SearchHit& hit : result.hits) {
    keys.insert(ArticleKey::FromBytes(hit.article_key)->ToHex());
  }
  return keys;
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_STORE_SEARCH_TEST_UTIL_H_
