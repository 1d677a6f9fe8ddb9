#include "store/search_index.h"

#include <lmdb.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "store/lmdb_error.h"
#include "store/search_index_format.h"
#include "store/search_index_impl.h"
#include "store/search_index_writer.h"
#include "store/search_query.h"
#include "store/text_tokenizer.h"
#include "store/zstd_codec.h"

namespace newscrawl {
namespace {

using fts::Val;
using fts::View;

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr size_t kMaxLimit = size_t{1} << 22;

Status Corrupt(std::string_view what) {
  return Status::Corruption(std::string("search index: corrupt ") +
                            std::string(what));
}

// The postings of one chunk, decoded one at a time.
class ChunkReader {
 public:
  // Starts on the `count` postings at [p, end) and decodes the first.
  Status Start(char space, const uint8_t* p, const uint8_t* end,
               uint32_t count) {
    space_ = space;
    p_ = p;
    end_ = end;
    remaining_ = count;
    doc_ = 0;
    return Next();
  }
  bool more() const { return remaining_ > 0; }
  Status Next() {
    if (remaining_ == 0 || !fts::NextPosting(space_, &p_, end_, &doc_,
                                             &posting_)) {
      return Corrupt("posting");
    }
    --remaining_;
    return Status::Ok();
  }
  const fts::RawPosting& posting() const { return posting_; }

 private:
  char space_ = fts::kFolded;
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  uint32_t remaining_ = 0;
  uint32_t doc_ = 0;
  fts::RawPosting posting_{};
};

// What ChunkStream and PendStream share: the current posting.
class PostingStream {
 public:
  bool valid() const { return valid_; }
  uint32_t doc() const { return reader_.posting().doc; }
  const fts::RawPosting& posting() const { return reader_.posting(); }

 protected:
  Status Decode() { return Decode(reader_.Next()); }
  // Notes a failed decode (the stream ends).
  Status Decode(Status status) {
    if (!status.ok()) valid_ = false;
    return status;
  }

  ChunkReader reader_;
  bool valid_ = false;
};

// The chunks of one term in fts_post, walked in doc id order.
class ChunkStream : public PostingStream {
 public:
  ChunkStream() = default;
  ~ChunkStream() {
    if (cursor_ != nullptr) mdb_cursor_close(cursor_);
  }
  ChunkStream(const ChunkStream&) = delete;
  ChunkStream& operator=(const ChunkStream&) = delete;

  Status Open(MDB_txn* txn, MDB_dbi dbi, std::string_view prefix, char space,
              ZstdCodec* codec) {
    codec_ = codec;
    space_ = space;
    prefix_ = prefix;
    NEWSCRAWL_RETURN_IF_ERROR(
        LmdbError("search index cursor", mdb_cursor_open(txn, dbi, &cursor_)));
    MDB_val k = Val(prefix_), v;
    const int rc = mdb_cursor_get(cursor_, &k, &v, MDB_SET_RANGE);
    if (rc == MDB_NOTFOUND) return Status::Ok();
    if (rc != 0) return LmdbError("search seek", rc);
    return Enter(k, v);
  }

  Status Next() {
    if (!valid_) return Status::Ok();
    if (reader_.more()) return Decode();
    MDB_val k, v;
    const int rc = mdb_cursor_get(cursor_, &k, &v, MDB_NEXT);
    if (rc == MDB_NOTFOUND) {
      valid_ = false;
      return Status::Ok();
    }
    if (rc != 0) return LmdbError("search next", rc);
    return Enter(k, v);
  }

  // Moves to the first posting with doc >= target.
  Status SkipTo(uint32_t target) {
    if (!valid_ || doc() >= target) return Status::Ok();
    if (target > chunk_last_) {
      // Jump to the chunk whose key is the largest <= target.
      const std::string key = prefix_ + fts::Be32(target);
      MDB_val k = Val(key), v;
      int rc = mdb_cursor_get(cursor_, &k, &v, MDB_SET_RANGE);
      if (rc != 0 && rc != MDB_NOTFOUND) return LmdbError("search seek", rc);
      if (rc == 0 && View(k) == key) return Enter(k, v);
      const bool after = rc == 0 && Owns(k);
      rc = mdb_cursor_get(cursor_, &k, &v, rc == 0 ? MDB_PREV : MDB_LAST);
      bool entered = false;
      if (rc == 0 && Owns(k)) {
        NEWSCRAWL_RETURN_IF_ERROR(Enter(k, v));
        entered = chunk_last_ >= target;
      }
      if (!entered) {  // the target is past that chunk: take the next one
        if (!after) {
          valid_ = false;
          return Status::Ok();
        }
        k = Val(key);
        rc = mdb_cursor_get(cursor_, &k, &v, MDB_SET_RANGE);
        if (rc != 0) return LmdbError("search seek", rc);
        return Enter(k, v);
      }
    }
    while (valid_ && doc() < target) NEWSCRAWL_RETURN_IF_ERROR(Next());
    return Status::Ok();
  }

 private:
  bool Owns(const MDB_val& k) const {
    const std::string_view key = View(k);
    return key.size() == prefix_.size() + 4 &&
           key.substr(0, prefix_.size()) == prefix_;
  }

  // Starts on chunk (k, v) if it belongs to the term.
  Status Enter(const MDB_val& k, const MDB_val& v) {
    valid_ = false;
    if (!Owns(k)) return Status::Ok();
    const auto* p = static_cast<const uint8_t*>(v.mv_data);
    const uint8_t* end = p + v.mv_size;
    uint32_t count = 0;
    bool compressed = false;
    if (!fts::ChunkHeader(&p, end, &count, &chunk_last_, &compressed) ||
        count == 0) {
      return Corrupt("chunk");
    }
    if (compressed) {
      const std::string_view frame(reinterpret_cast<const char*>(p),
                                   static_cast<size_t>(end - p));
      if (!codec_->Decompress(frame, fts::kMaxChunkContent, &buffer_).ok()) {
        return Corrupt("compressed chunk");
      }
      p = reinterpret_cast<const uint8_t*>(buffer_.data());
      end = p + buffer_.size();
    }
    valid_ = true;
    return Decode(reader_.Start(space_, p, end, count));
  }

  MDB_cursor* cursor_ = nullptr;
  ZstdCodec* codec_ = nullptr;
  std::string buffer_;  // the current chunk's postings, if compressed
  std::string prefix_;
  char space_ = fts::kFolded;
  uint32_t chunk_last_ = 0;
};

// The chunks of one term in the fts_pend blobs, walked in doc id order.
// The chunks point into the read transaction's pages.  Blobs with keys
// below `skip_below` are skipped (a merge in progress has already put the
// term's postings from them in fts_post: fts::MergeState).
class PendStream : public PostingStream {
 public:
  Status Open(MDB_txn* txn, MDB_dbi dbi, uint32_t term_id,
              uint32_t skip_below) {
    space_ = fts::SpaceOf(term_id);
    MDB_cursor* cursor = nullptr;
    NEWSCRAWL_RETURN_IF_ERROR(
        LmdbError("search index cursor", mdb_cursor_open(txn, dbi, &cursor)));
    const std::string start = fts::Be32(skip_below);
    MDB_val k = Val(start), v;
    int rc = mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE);
    Status status;
    for (; rc == 0; rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
      fts::PendBlob blob;
      if (!blob.Parse(View(v))) {
        status = Corrupt("pending blob");
        break;
      }
      const uint32_t i = blob.Find(term_id);
      if (i < blob.size()) chunks_.push_back(blob.chunk(i));
    }
    mdb_cursor_close(cursor);
    NEWSCRAWL_RETURN_IF_ERROR(status);
    if (rc != MDB_NOTFOUND) return LmdbError("search index pending", rc);
    return Enter();
  }

  // Postings in all the chunks.
  Result<uint32_t> Count() const {
    uint32_t n = 0;
    for (std::string_view chunk : chunks_) {
      const auto* p = reinterpret_cast<const uint8_t*>(chunk.data());
      uint32_t count = 0, last = 0;
      if (!fts::ChunkHeader(&p, p + chunk.size(), &count, &last)) {
        return Corrupt("pending chunk");
      }
      n += count;
    }
    return n;
  }

  Status Next() {
    if (!valid_) return Status::Ok();
    if (reader_.more()) return Decode();
    ++next_chunk_;
    return Enter();
  }

  Status SkipTo(uint32_t target) {
    while (valid_ && doc() < target) NEWSCRAWL_RETURN_IF_ERROR(Next());
    return Status::Ok();
  }

 private:
  // Starts on chunks_[next_chunk_], if any.
  Status Enter() {
    valid_ = false;
    if (next_chunk_ >= chunks_.size()) return Status::Ok();
    const std::string_view chunk = chunks_[next_chunk_];
    const auto* p = reinterpret_cast<const uint8_t*>(chunk.data());
    const uint8_t* end = p + chunk.size();
    uint32_t count = 0, last = 0;
    if (!fts::ChunkHeader(&p, end, &count, &last) || count == 0) {
      return Corrupt("pending chunk");
    }
    // Doc ids go on rising from the previous chunk.
    if (next_chunk_ > 0 && doc() >= last) {
      return Corrupt("pending chunk order");
    }
    valid_ = true;
    return Decode(reader_.Start(space_, p, end, count));
  }

  std::vector<std::string_view> chunks_;
  size_t next_chunk_ = 0;
  char space_ = fts::kFolded;
};

// The posting list of one term: its fts_post chunks, then its fts_pend
// chunks (whose doc ids are all larger).
class PostingCursor {
 public:
  Status Open(MDB_txn* txn, const fts::Dbis& dbis,
              const fts::MergeState& merge, uint32_t term_id,
              ZstdCodec* codec) {
    const std::string prefix = fts::TermPrefix(term_id);
    const char space = fts::SpaceOf(term_id);
    NEWSCRAWL_RETURN_IF_ERROR(
        merged_.Open(txn, dbis.post, prefix, space, codec));
    NEWSCRAWL_RETURN_IF_ERROR(
        pending_.Open(txn, dbis.pend, term_id, merge.SkipBelow(term_id)));
    in_merged_ = merged_.valid();
    return Status::Ok();
  }

  Result<uint32_t> CountPending() const { return pending_.Count(); }

  bool valid() const { return in_merged_ ? merged_.valid() : pending_.valid(); }
  uint32_t doc() const { return in_merged_ ? merged_.doc() : pending_.doc(); }
  const fts::RawPosting& posting() const {
    return in_merged_ ? merged_.posting() : pending_.posting();
  }

  Status Next() {
    if (!in_merged_) return pending_.Next();
    NEWSCRAWL_RETURN_IF_ERROR(merged_.Next());
    in_merged_ = merged_.valid();
    return Status::Ok();
  }

  Status SkipTo(uint32_t target) {
    if (!in_merged_) return pending_.SkipTo(target);
    NEWSCRAWL_RETURN_IF_ERROR(merged_.SkipTo(target));
    if (merged_.valid()) return Status::Ok();
    in_merged_ = false;
    return pending_.SkipTo(target);
  }

 private:
  ChunkStream merged_;
  PendStream pending_;
  bool in_merged_ = true;
};

// Reads DocAttrs through a one-page cache (candidates come in doc order).
class AttrsReader {
 public:
  AttrsReader(MDB_txn* txn, MDB_dbi dbi) : txn_(txn), dbi_(dbi) {}

  Result<fts::DocAttrs> Get(uint32_t doc) {
    const uint32_t page = doc / fts::kAttrsPerPage;
    if (page != page_ || data_ == nullptr) {
      const std::string key = fts::Be32(page);
      MDB_val k = Val(key), v;
      const int rc = mdb_get(txn_, dbi_, &k, &v);
      if (rc == MDB_NOTFOUND) return fts::DocAttrs{0, 0, 0};
      if (rc != 0) return LmdbError("search index attributes", rc);
      if (v.mv_size != fts::kAttrsPageBytes) return Corrupt("attributes");
      data_ = static_cast<const char*>(v.mv_data);
      page_ = page;
    }
    fts::DocAttrs attrs;
    std::memcpy(&attrs, data_ + (doc % fts::kAttrsPerPage) * sizeof attrs,
                sizeof attrs);
    return attrs;
  }

 private:
  MDB_txn* txn_;
  MDB_dbi dbi_;
  uint32_t page_ = 0;
  const char* data_ = nullptr;
};

// The id of term `text` in `space`; NotFound if the index has no such term.
Result<uint32_t> FindTermId(MDB_txn* txn, MDB_dbi dbi, char space,
                            std::string_view text) {
  const std::string key = fts::TermNameKey(space, text);
  MDB_val k = Val(key), v;
  const int rc = mdb_get(txn, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return Status::NotFound("no such term");
  if (rc != 0) return LmdbError("search index term", rc);
  uint32_t id = 0;
  if (!fts::WholeVarint32(v, &id) || fts::SpaceOf(id) != space) {
    return Corrupt("term id");
  }
  return id;
}

void DecodePositions(std::string_view bytes, std::vector<uint32_t>* out) {
  out->clear();
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const uint8_t* end = p + bytes.size();
  uint32_t pos = 0, delta = 0;
  while (p < end && fts::GetVarint32(&p, end, &delta)) {
    pos += delta;
    out->push_back(pos);
  }
}

// True if the terms of a phrase occur at consecutive positions.
bool PhraseMatches(const std::vector<std::vector<uint32_t>>& positions) {
  for (uint32_t start : positions[0]) {
    bool all = true;
    for (size_t i = 1; i < positions.size() && all; ++i) {
      all = std::binary_search(positions[i].begin(), positions[i].end(),
                               start + static_cast<uint32_t>(i));
    }
    if (all) return true;
  }
  return false;
}

struct Match {
  uint32_t doc;
  uint32_t exact;
  double score;
  int64_t published;
};

bool Better(const Match& a, const Match& b) {
  if (a.exact != b.exact) return a.exact > b.exact;
  if (a.score != b.score) return a.score > b.score;
  if (a.published != b.published) return a.published > b.published;
  return a.doc > b.doc;
}

}  // namespace

SearchIndex::SearchIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SearchIndex::~SearchIndex() = default;

Result<std::unique_ptr<SearchIndex>> SearchIndex::New() {
  auto impl = std::make_unique<Impl>();
  NEWSCRAWL_ASSIGN_OR_RETURN(impl->write_tokenizer, TextTokenizer::Create());
  NEWSCRAWL_ASSIGN_OR_RETURN(impl->query_tokenizer, TextTokenizer::Create());
  return std::unique_ptr<SearchIndex>(new SearchIndex(std::move(impl)));
}

Result<std::unique_ptr<SearchIndex>> SearchIndex::Open(MDB_txn* txn,
                                                       bool create) {
  NEWSCRAWL_ASSIGN_OR_RETURN(std::unique_ptr<SearchIndex> index, New());
  NEWSCRAWL_RETURN_IF_ERROR(index->Attach(txn, create));
  return index;
}

Result<std::unique_ptr<SearchIndex>> SearchIndex::OpenForRebuild(
    MDB_txn* txn) {
  NEWSCRAWL_ASSIGN_OR_RETURN(std::unique_ptr<SearchIndex> index, New());
  const Status status = index->Attach(txn, true);
  if (status.IsUnsupported()) {
    NEWSCRAWL_RETURN_IF_ERROR(index->OpenDatabases(txn, true));
    NEWSCRAWL_RETURN_IF_ERROR(index->Clear(txn));
  } else if (!status.ok()) {
    return status;
  }
  return index;
}

Status SearchIndex::Attach(MDB_txn* txn, bool create) {
  NEWSCRAWL_RETURN_IF_ERROR(OpenDatabases(txn, create));
  const fts::Dbis& d = impl_->dbis;
  const uint64_t version = fts::MetaNumber(txn, d.meta, "version", 0);
  const bool upgradable = version == 0 ||
                          (version >= fts::kOldestUpgradableFormat &&
                           version < fts::kFormatVersion);
  if (upgradable && create) {
    return fts::PutMetaNumber(txn, d.meta, "version", fts::kFormatVersion);
  }
  if (version != fts::kFormatVersion && !(upgradable && version != 0)) {
    return Status::Unsupported("search index format " +
                               std::to_string(version) +
                               " is not this build's (" +
                               std::to_string(fts::kFormatVersion) +
                               "); run newscrawl reindex");
  }
  return Status::Ok();
}

Status SearchIndex::OpenDatabases(MDB_txn* txn, bool create) {
  struct Named {
    const char* name;
    MDB_dbi* dbi;
  };
  fts::Dbis& d = impl_->dbis;
  for (const Named& n :
       {Named{"fts_post", &d.post}, Named{"fts_terms", &d.terms},
        Named{"fts_docs", &d.docs}, Named{"fts_keys", &d.keys},
        Named{"fts_attrs", &d.attrs}, Named{"fts_sites", &d.sites},
        Named{"fts_meta", &d.meta}, Named{"fts_pend", &d.pend},
        Named{"fts_dead", &d.dead}}) {
    const int rc = mdb_dbi_open(txn, n.name, create ? MDB_CREATE : 0, n.dbi);
    if (rc == MDB_NOTFOUND) {
      return Status::NotFound(
          "the store has no search index; run newscrawl reindex");
    }
    NEWSCRAWL_RETURN_IF_ERROR(
        LmdbError(std::string("open index database ") + n.name, rc));
  }
  return Status::Ok();
}

void SearchIndex::SetMergeCheck(std::function<void()> check) {
  impl_->merge_check = std::move(check);
}

Status SearchIndex::IndexArticle(MDB_txn* txn, std::string_view key,
                                 const IndexedArticle& article) {
  SearchIndexWriter writer(*this, txn);
  NEWSCRAWL_RETURN_IF_ERROR(writer.Put(key, article));
  return writer.Finish();
}

Status SearchIndex::RemoveArticle(MDB_txn* txn, std::string_view key) {
  SearchIndexWriter writer(*this, txn);
  NEWSCRAWL_RETURN_IF_ERROR(writer.Remove(key));
  return writer.Finish();
}

Status SearchIndex::Purge(MDB_txn* txn) {
  SearchIndexWriter writer(*this, txn);
  NEWSCRAWL_RETURN_IF_ERROR(writer.Purge());
  return writer.Finish();
}

Result<bool> SearchIndex::Contains(MDB_txn* txn, std::string_view key) const {
  MDB_val k = Val(key), v;
  const int rc = mdb_get(txn, impl_->dbis.keys, &k, &v);
  if (rc == MDB_NOTFOUND) return false;
  if (rc != 0) return LmdbError("search index key", rc);
  return true;
}

Result<SearchIndexStats> SearchIndex::Stats(MDB_txn* txn) const {
  SearchIndexStats stats;
  stats.documents = fts::MetaNumber(txn, impl_->dbis.meta, "documents", 0);
  stats.tokens = fts::MetaNumber(txn, impl_->dbis.meta, "tokens", 0);
  const fts::Dbis& d = impl_->dbis;
  for (MDB_dbi dbi :
       {d.post, d.terms, d.docs, d.keys, d.attrs, d.sites, d.meta, d.pend,
        d.dead}) {
    MDB_stat st;
    NEWSCRAWL_RETURN_IF_ERROR(
        LmdbError("search index stat", mdb_stat(txn, dbi, &st)));
    stats.bytes +=
        uint64_t{st.ms_psize} *
        (st.ms_branch_pages + st.ms_leaf_pages + st.ms_overflow_pages);
    if (dbi == d.post) stats.chunks = st.ms_entries;
    if (dbi == d.dead) stats.tombstones = st.ms_entries;
  }
  return stats;
}

Status SearchIndex::Clear(MDB_txn* txn) {
  const fts::Dbis& d = impl_->dbis;
  for (MDB_dbi dbi :
       {d.post, d.terms, d.docs, d.keys, d.attrs, d.sites, d.meta, d.pend,
        d.dead}) {
    NEWSCRAWL_RETURN_IF_ERROR(
        LmdbError("search index clear", mdb_drop(txn, dbi, 0)));
  }
  impl_->dict.Clear();
  impl_->dict.nonce = TermDict::kDirty;
  return fts::PutMetaNumber(txn, d.meta, "version", fts::kFormatVersion);
}

Result<std::string> SearchIndex::GetMeta(MDB_txn* txn,
                                         std::string_view name) const {
  const std::string key = "user:" + std::string(name);
  MDB_val k = Val(key), v;
  const int rc = mdb_get(txn, impl_->dbis.meta, &k, &v);
  if (rc == MDB_NOTFOUND) return std::string();
  if (rc != 0) return LmdbError("search index meta", rc);
  return std::string(View(v));
}

Status SearchIndex::PutMeta(MDB_txn* txn, std::string_view name,
                            std::string_view value) {
  const std::string key = "user:" + std::string(name);
  MDB_val k = Val(key), v = Val(value);
  if (value.empty()) {
    const int rc = mdb_del(txn, impl_->dbis.meta, &k, nullptr);
    return rc == MDB_NOTFOUND ? Status::Ok() : LmdbError("search meta", rc);
  }
  return LmdbError("search index meta",
                   mdb_put(txn, impl_->dbis.meta, &k, &v, 0));
}

Result<SearchResult> SearchIndex::Search(MDB_txn* txn,
                                         const SearchRequest& request) const {
  ParsedQuery query;
  {
    std::lock_guard<std::mutex> lock(impl_->query_mu);
    NEWSCRAWL_ASSIGN_OR_RETURN(
        query,
        ParseQuery(*impl_->query_tokenizer, request.query, kMaxQueryTerms));
  }
  SearchResult result;
  result.terms = query.folded;
  ZstdCodec codec;  // for the sealed chunks of every term
  const fts::Dbis& d = impl_->dbis;
  const uint64_t documents = fts::MetaNumber(txn, d.meta, "documents", 0);
  const uint64_t tokens = fts::MetaNumber(txn, d.meta, "tokens", 0);
  if (documents == 0) return result;
  const fts::MergeState merge = fts::ReadMergeState(txn, d.meta);
  const double avg_length =
      static_cast<double>(tokens) / static_cast<double>(documents);

  // Site filter: names to ids; unknown names match nothing.
  std::vector<uint32_t> sites;
  for (const std::string& site : request.sites) {
    const std::string key = "n" + site;
    MDB_val k = Val(key), v;
    const int rc = mdb_get(txn, d.sites, &k, &v);
    if (rc == 0 && v.mv_size == 4) {
      sites.push_back(fts::GetBe32(static_cast<const char*>(v.mv_data)));
    } else if (rc != MDB_NOTFOUND && rc != 0) {
      return LmdbError("search index site", rc);
    }
  }
  if (!request.sites.empty() && sites.empty()) return result;

  // One cursor per distinct folded term, rarest first.
  struct Term {
    std::string text;
    uint32_t df = 0;
    double idf = 0;
    std::unique_ptr<PostingCursor> cursor;
  };
  std::vector<Term> terms(query.folded.size());
  for (size_t i = 0; i < terms.size(); ++i) {
    Term& t = terms[i];
    t.text = query.folded[i];
    Result<uint32_t> id = FindTermId(txn, d.terms, fts::kFolded, t.text);
    if (id.status().IsNotFound()) return result;
    if (!id.ok()) return id.status();
    t.cursor = std::make_unique<PostingCursor>();
    NEWSCRAWL_RETURN_IF_ERROR(t.cursor->Open(txn, d, merge, *id, &codec));
    if (!t.cursor->valid()) return result;
    const std::string key = fts::TermIdKey(*id);
    MDB_val k = Val(key), v;
    const int rc = mdb_get(txn, d.terms, &k, &v);
    if (rc == 0) {
      if (!fts::WholeVarint32(v, &t.df)) return Corrupt("term");
    } else if (rc != MDB_NOTFOUND) {
      return LmdbError("search index term", rc);
    }
    NEWSCRAWL_ASSIGN_OR_RETURN(const uint32_t pending,
                               t.cursor->CountPending());
    t.df += pending;
    // Postings of tombstoned documents count until a purge: never more
    // documents than there are (the idf stays positive).
    t.df = static_cast<uint32_t>(std::min<uint64_t>(t.df, documents));
    const double n = static_cast<double>(documents);
    const double df = static_cast<double>(t.df);
    t.idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
  }
  std::sort(terms.begin(), terms.end(),
            [](const Term& a, const Term& b) { return a.df < b.df; });
  // Phrases of two or more terms, as indexes into `terms`.
  std::vector<std::vector<size_t>> phrases;
  for (const auto& phrase : query.phrases) {
    if (phrase.size() < 2) continue;
    std::vector<size_t> idx;
    for (const std::string& word : phrase) {
      for (size_t i = 0; i < terms.size(); ++i) {
        if (terms[i].text == word) idx.push_back(i);
      }
    }
    phrases.push_back(std::move(idx));
  }
  std::vector<std::unique_ptr<PostingCursor>> exact;
  if (query.diacritics) {
    for (const std::string& word : query.exact) {
      if (std::find(query.folded.begin(), query.folded.end(), word) !=
          query.folded.end()) {
        continue;  // typed without diacritics: no exact form to prefer
      }
      Result<uint32_t> id = FindTermId(txn, d.terms, fts::kExact, word);
      if (id.status().IsNotFound()) continue;
      if (!id.ok()) return id.status();
      auto cursor = std::make_unique<PostingCursor>();
      NEWSCRAWL_RETURN_IF_ERROR(cursor->Open(txn, d, merge, *id, &codec));
      if (cursor->valid()) exact.push_back(std::move(cursor));
    }
  }

  AttrsReader attrs_reader(txn, d.attrs);
  std::vector<Match> matches;
  std::vector<std::vector<uint32_t>> positions;
  PostingCursor& lead = *terms[0].cursor;
  while (lead.valid()) {
    const uint32_t doc = lead.doc();
    bool all = true;
    for (size_t i = 1; i < terms.size(); ++i) {
      PostingCursor& c = *terms[i].cursor;
      NEWSCRAWL_RETURN_IF_ERROR(c.SkipTo(doc));
      if (!c.valid()) break;
      if (c.doc() != doc) {
        NEWSCRAWL_RETURN_IF_ERROR(lead.SkipTo(c.doc()));
        all = false;
        break;
      }
    }
    if (!all) continue;
    bool ended = false;
    for (size_t i = 1; i < terms.size(); ++i) {
      if (!terms[i].cursor->valid()) ended = true;
    }
    if (ended) break;
    NEWSCRAWL_ASSIGN_OR_RETURN(const fts::DocAttrs attrs,
                               attrs_reader.Get(doc));
    bool keep = attrs.length > 0 && attrs.published >= request.since &&
                attrs.published <= request.until &&
                (sites.empty() || std::find(sites.begin(), sites.end(),
                                            attrs.site) != sites.end());
    for (size_t p = 0; keep && p < phrases.size(); ++p) {
      positions.resize(phrases[p].size());
      for (size_t i = 0; i < phrases[p].size(); ++i) {
        DecodePositions(terms[phrases[p][i]].cursor->posting().positions,
                        &positions[i]);
      }
      keep = PhraseMatches(positions);
    }
    if (keep) {
      Match m{doc, 0, 0.0, attrs.published};
      const double norm =
          kK1 *
          (1.0 - kB + kB * static_cast<double>(attrs.length) / avg_length);
      for (const Term& t : terms) {
        const fts::RawPosting& posting = t.cursor->posting();
        const double tf = static_cast<double>(posting.body_tf) +
                          kTitleWeight * static_cast<double>(posting.title_tf);
        m.score += t.idf * tf * (kK1 + 1.0) / (tf + norm);
      }
      for (auto& c : exact) {
        NEWSCRAWL_RETURN_IF_ERROR(c->SkipTo(doc));
        if (c->valid() && c->doc() == doc) ++m.exact;
      }
      matches.push_back(m);
    }
    NEWSCRAWL_RETURN_IF_ERROR(lead.Next());
  }

  result.matched = matches.size();
  const size_t limit = std::min({request.limit, kMaxLimit, matches.size()});
  std::partial_sort(matches.begin(), matches.begin() + static_cast<long>(limit),
                    matches.end(), Better);
  for (size_t i = 0; i < limit; ++i) {
    const Match& m = matches[i];
    const std::string doc_key = fts::Be32(m.doc);
    MDB_val k = Val(doc_key), v;
    const int rc = mdb_get(txn, d.docs, &k, &v);
    if (rc != 0) return LmdbError("search index doc", rc);
    const auto* p = static_cast<const uint8_t*>(v.mv_data);
    const uint8_t* end = p + v.mv_size;
    uint32_t size = 0;
    if (!fts::GetVarint32(&p, end, &size) ||
        static_cast<size_t>(end - p) < size) {
      return Corrupt("doc key");
    }
    result.hits.push_back(
        SearchHit{std::string(reinterpret_cast<const char*>(p), size), m.doc,
                  m.score, m.exact, m.published});
  }
  return result;
}

}  // namespace newscrawl
