// SearchIndex::Impl, shared by search_index.cc and search_index_writer.cc.
#ifndef NEWSCRAWL_STORE_SEARCH_INDEX_IMPL_H_
#define NEWSCRAWL_STORE_SEARCH_INDEX_IMPL_H_

#include <memory>
#include <mutex>

#include "store/search_index.h"
#include "store/search_index_format.h"
#include "store/text_tokenizer.h"

namespace newscrawl {

struct SearchIndex::Impl {
  fts::Dbis dbis;
  // Used by writers (LMDB serializes them).
  std::unique_ptr<TextTokenizer> write_tokenizer;
  // Tokenizes queries; queries are short, so one guarded instance is enough.
  mutable std::mutex query_mu;
  std::unique_ptr<TextTokenizer> query_tokenizer;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SEARCH_INDEX_IMPL_H_
