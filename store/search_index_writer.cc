#include "store/search_index_writer.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <queue>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/article_tokens.h"
#include "store/lmdb_error.h"
#include "store/search_index_format.h"
#include "store/search_index_impl.h"
#include "store/zstd_codec.h"

namespace newscrawl {
namespace {

using fts::GetVarint32;
using fts::PutVarint;
using fts::Val;
using fts::View;

constexpr size_t kMaxKeyBytes = 256;
constexpr size_t kMaxTitleTokens = 512;
// Buffered postings beyond this are merged early (bounds memory).
constexpr size_t kMaxPendingBytes = size_t{64} << 20;
// Writer buffers larger than this are freed after use.
constexpr size_t kKeepBufferBytes = size_t{1} << 20;

// Postings of one term waiting for Finish().
struct PendingTerm {
  uint32_t term = 0;     // term id
  std::string added;     // encoded postings, the first delta from 0
  size_t first_len = 0;  // bytes of the first posting's delta varint
  uint32_t first = 0;
  uint32_t last = 0;
  uint32_t count = 0;
};

// PendingTerms by term id.  clear() keeps the entries' buffers for reuse.
class PendingSet {
 public:
  PendingTerm& At(uint32_t term) {
    if (term >= slot_.size()) slot_.resize(term + 1, 0);
    if (slot_[term] == 0) {
      if (used_ == terms_.size()) terms_.emplace_back();
      PendingTerm& t = terms_[used_++];
      t.term = term;
      t.added.clear();
      t.first_len = 0;
      t.first = t.last = t.count = 0;
      slot_[term] = static_cast<uint32_t>(used_);
    }
    return terms_[slot_[term] - 1];
  }
  std::span<PendingTerm> terms() { return {terms_.data(), used_}; }
  // The entries for which keep(entry) holds, by ascending term id.
  template <typename Keep>
  std::vector<PendingTerm*> InTermOrder(Keep keep) {
    std::vector<PendingTerm*> order;
    order.reserve(used_);
    if (used_ * 16 >= slot_.size()) {
      // Dense: the term id -> entry table is already in order.
      for (uint32_t index : slot_) {
        if (index != 0 && keep(terms_[index - 1])) {
          order.push_back(&terms_[index - 1]);
        }
      }
      return order;
    }
    // Sparse: sort (term id, index) pairs (no pointer chasing).
    keys_.clear();
    for (size_t i = 0; i < used_; ++i) {
      if (keep(terms_[i])) {
        keys_.push_back((uint64_t{terms_[i].term} << 32) | i);
      }
    }
    std::sort(keys_.begin(), keys_.end());
    for (uint64_t key : keys_) order.push_back(&terms_[key & UINT32_MAX]);
    return order;
  }
  bool empty() const { return used_ == 0; }
  void clear() {
    for (size_t i = 0; i < used_; ++i) slot_[terms_[i].term] = 0;
    used_ = 0;
  }
  // clear(), and frees the buffers if they hold more than `max_bytes`
  // (one large merge does not pin its memory for the rest of the run).
  void ClearAndTrim(size_t max_bytes) {
    clear();
    size_t bytes = terms_.capacity() * sizeof(PendingTerm) +
                   keys_.capacity() * sizeof(uint64_t);
    for (const PendingTerm& t : terms_) bytes += t.added.capacity();
    if (bytes <= max_bytes) return;
    terms_ = std::vector<PendingTerm>();
    keys_ = std::vector<uint64_t>();
  }

 private:
  std::vector<uint32_t> slot_;  // term id -> index + 1, 0: none
  std::vector<PendingTerm> terms_;
  size_t used_ = 0;
  std::vector<uint64_t> keys_;  // InTermOrder()'s buffer
};

// Per-document occurrences of a folded term.
struct DocTerm {
  uint32_t term = 0;
  uint32_t title_tf = 0;
  uint32_t body_tf = 0;
  std::vector<uint32_t> positions;
};

// Appends the doc id of a posting of `doc` to *p (the rest follows).
void StartPosting(PendingTerm* p, uint32_t doc) {
  if (p->count == 0) {
    p->first = doc;
    PutVarint(&p->added, doc);
    p->first_len = p->added.size();
  } else {
    PutVarint(&p->added, doc - p->last);
  }
  p->last = doc;
  ++p->count;
}

void AppendPosting(PendingTerm* p, uint32_t doc, std::string_view rest) {
  StartPosting(p, doc);
  p->added.append(rest);
}

// Appends `count` encoded postings (the first doc id delta from 0, the
// last doc id `last`) to *p as they are: only the first delta is rewritten.
// False if they do not follow p's postings.
bool AppendPostings(PendingTerm* p, std::string_view postings, uint32_t count,
                    uint32_t last) {
  if (count == 0) return true;
  const auto* q = reinterpret_cast<const uint8_t*>(postings.data());
  const uint8_t* end = q + postings.size();
  uint32_t first = 0;
  if (!GetVarint32(&q, end, &first) || last < first ||
      (p->count > 0 && first <= p->last)) {
    return false;
  }
  const auto first_len = static_cast<size_t>(
      q - reinterpret_cast<const uint8_t*>(postings.data()));
  if (p->count == 0) {
    p->first = first;
    p->added.append(postings);
    p->first_len = first_len;
  } else {
    PutVarint(&p->added, first - p->last);
    p->added.append(postings.substr(first_len));
  }
  p->last = last;
  p->count += count;
  return true;
}

Status Corrupt(std::string_view what) {
  return Status::Corruption(std::string("search index: corrupt ") +
                            std::string(what));
}

}  // namespace

struct SearchIndexWriter::State {
  SearchIndex::Impl* index;
  MDB_txn* txn;
  bool loaded = false;
  uint32_t next_doc = 1;
  uint32_t next_site = 1;
  uint32_t next_term = 0;    // term numbers in use: ids < 2 * next_term
  bool terms_added = false;  // by this writer since Load()
  uint64_t documents = 0;
  uint64_t tokens = 0;
  uint32_t pend_first = 1;  // doc ids >= this are in fts_pend (or buffered)
  uint64_t pend_docs = 0;   // documents in fts_pend
  fts::MergeState merge;    // the fts_pend merge in progress
  PendingSet pending;
  PendingSet merged;  // Flush(): fts_pend and `pending` together
  size_t pending_bytes = 0;
  std::unordered_set<uint32_t> pending_docs;  // added, postings buffered
  // Flush(): 1 for the removed documents among [pend_first, next_doc).
  std::vector<uint8_t> pend_dead;
  bool pend_any_dead = false;  // some pend_dead entry is 1
  std::map<uint32_t, std::string> attr_pages;
  std::unordered_map<std::string, uint32_t> site_ids;
  ZstdCodec codec;
  std::string zstd_buffer, chunk_buffer;
  // Reused per document.
  std::vector<std::string> title_tokens, body_tokens;
  uint32_t stamp = 0;                 // current document's mark
  std::vector<uint32_t> term_stamp;   // term id -> stamp when seen
  std::vector<uint32_t> term_slot;    // term id -> index in doc_terms
  std::vector<uint32_t> token_stamp;  // token id -> stamp when seen
  std::vector<DocTerm> doc_terms;     // [0, doc_term_count) in use
  size_t doc_term_count = 0;
  std::vector<uint32_t> doc_exact;  // distinct exact term ids
  std::vector<char> scratch;        // a posting being encoded

  bool ValidId(uint32_t id) const { return (id >> 1) < next_term; }
  // SearchIndex::SetMergeCheck's callback, if any.
  void MergeCheck() const {
    if (index->merge_check) index->merge_check();
  }

  // Readies a state for another writer (buffers keep their capacity).
  void Reset() {
    loaded = false;
    terms_added = false;
    pending.clear();
    merged.clear();
    pending_bytes = 0;
    pending_docs.clear();
    attr_pages.clear();
    site_ids.clear();
  }

  Status Load();
  // The memo index of `token`, adding it (and its terms) if new.
  Result<uint32_t> NewToken(const std::string& token, uint64_t hash,
                            size_t slot);
  // The id of term `text` in `space`, assigned if new; `folded` is the
  // folded id of a kExact term.
  Result<uint32_t> TermIdFor(char space, std::string_view text,
                             uint32_t folded);
  // The folded term id of kExact term `id`.
  Result<uint32_t> FoldedOf(uint32_t id);
  Result<uint32_t> SiteId(std::string_view site);
  Result<fts::DocAttrs*> Attrs(uint32_t doc);
  void Append(uint32_t term, uint32_t doc, std::string_view rest);
  // Adds the postings of document `doc` made of the tokens `title` and
  // `body` (TextTokenizer output) to `pending`, and the ids of its
  Status AddTokens(uint32_t doc, std::span<const std::string> title,
                   std::span<const std::string> body);
  // Writes the buffered postings; with `merge_pend` (or when this writer
  // has kMergeDocs documents) merges fts_pend and them into fts_post at
  // once.  Otherwise a merge starts when fts_pend is full and goes on by
  // one step (MergeStep) per call.
  Status Flush(bool merge_pend = false);
  // Merges the next terms of the merge in progress, at most `max_terms`
  // terms or `max_bytes` of postings (whole terms); the last step deletes
  // the merged blobs and ends the merge.
  Status MergeStep(size_t max_terms, size_t max_bytes);
  // Ends the merge in progress, if any, in this transaction.
  Status FinishMerge();
  // Fills pend_dead for the doc ids [pend_first, end).
  Status FindPendDead(uint32_t end);
  // True if `doc` (>= pend_first) was removed (FindPendDead() first).
  bool PendDead(uint32_t doc) const {
    const size_t i = doc - pend_first;
    return i < pend_dead.size() && pend_dead[i] != 0;
  }
  // Loads fts_pend (without the removed documents) and empties it.
  Status LoadPend(PendingSet* terms);
  // Appends the postings of pending chunk `chunk` of `term` to *into,
  // without the removed documents.
  Status AppendPendChunk(uint32_t term, std::string_view chunk,
                         PendingTerm* into);
  Status WritePend(PendingSet& terms);
  Status MergeAll(PendingSet& terms, bool appends);
  Status MergeTerm(MDB_cursor* cursor, PendingTerm& pending, bool appends);
  // Adds `delta` to the fts_post document count of kFolded term `term`.
  Status AddToDocCount(uint32_t term, int64_t delta);
  // Tombstones (search_index_format.h): a purge when they are many, and
  // the purge itself.
  Status PurgeIfLarge();
  Status Purge();
  Status PurgeChunks(MDB_cursor* cursor, const std::vector<uint32_t>& dead);
  Status AppendToChunks(MDB_cursor* cursor, const std::string& prefix,
                        char space, const PendingTerm& pending);
  // Writes a chunk, compressed if it is larger than one page and its zstd
  // frame is not.
  Status PutChunk(MDB_dbi dbi, std::string_view key, uint32_t count,
                  uint32_t last, std::string_view postings);
  // The postings of the chunk at *p (after its header), decompressed into
  // `buffer` if needed.
  Result<std::string_view> ChunkPostings(const uint8_t* p, const uint8_t* end,
                                         bool compressed, std::string* buffer);
};

namespace {

// Finds the chunk of `prefix` whose key is the largest <= doc.  Leaves the
// cursor on it and returns true, or false if the term has no such chunk.
Result<bool> SeekChunk(MDB_cursor* cursor, const std::string& prefix,
                       uint32_t doc, MDB_val* key, MDB_val* value) {
  std::string target = prefix + fts::Be32(doc);
  *key = Val(target);
  int rc = mdb_cursor_get(cursor, key, value, MDB_SET_RANGE);
  if (rc == 0 && View(*key) == target) return true;
  if (rc != 0 && rc != MDB_NOTFOUND) return LmdbError("search index seek", rc);
  rc = mdb_cursor_get(cursor, key, value, rc == 0 ? MDB_PREV : MDB_LAST);
  if (rc == MDB_NOTFOUND) return false;
  if (rc != 0) return LmdbError("search index seek", rc);
  const std::string_view k = View(*key);
  return k.size() == prefix.size() + 4 && k.substr(0, prefix.size()) == prefix;
}

}  // namespace

Status SearchIndexWriter::State::Load() {
  if (loaded) return Status::Ok();
  const MDB_dbi meta = index->dbis.meta;
  next_doc = static_cast<uint32_t>(fts::MetaNumber(txn, meta, "next_doc", 1));
  next_site = static_cast<uint32_t>(fts::MetaNumber(txn, meta, "next_site", 1));
  documents = fts::MetaNumber(txn, meta, "documents", 0);
  tokens = fts::MetaNumber(txn, meta, "tokens", 0);
  pend_first =
      static_cast<uint32_t>(fts::MetaNumber(txn, meta, "pend_first", 1));
  pend_docs = fts::MetaNumber(txn, meta, "pend_docs", 0);
  merge = fts::ReadMergeState(txn, meta);
  next_term = static_cast<uint32_t>(std::min<uint64_t>(
      fts::MetaNumber(txn, meta, "next_term", 0), fts::kMaxTerms));
  TermDict& dict = index->dict;
  const uint64_t nonce = fts::MetaNumber(txn, meta, "dict_nonce", 0);
  if (dict.nonce != nonce) {  // another writer's terms, or an abort
    dict.Clear();
    dict.nonce = nonce;
  }
  terms_added = false;
  loaded = true;
  return Status::Ok();
}

Result<uint32_t> SearchIndexWriter::State::TermIdFor(char space,
                                                     std::string_view text,
                                                     uint32_t folded) {
  TermDict& dict = index->dict;
  std::string key = fts::TermNameKey(space, text);
  auto it = dict.names.find(key);
  if (it != dict.names.end()) return it->second;
  MDB_val k = Val(key), v;
  uint32_t id = 0;
  int rc = mdb_get(txn, index->dbis.terms, &k, &v);
  if (rc == 0) {
    if (!fts::WholeVarint32(v, &id) || fts::SpaceOf(id) != space ||
        !ValidId(id)) {
      return Corrupt("term id");
    }
  } else if (rc == MDB_NOTFOUND) {
    if (next_term >= fts::kMaxTerms) {
      return Status::TooLarge("search index: term ids exhausted");
    }
    id = fts::MakeTermId(next_term++, space);
    dict.nonce = TermDict::kDirty;  // until Finish() stores a new nonce
    terms_added = true;
    std::string id_bytes;
    PutVarint(&id_bytes, id);
    v = Val(id_bytes);
    NEWSCRAWL_RETURN_IF_ERROR(LmdbError(
        "search index term", mdb_put(txn, index->dbis.terms, &k, &v, 0)));
    const std::string record_key = fts::TermIdKey(id);
    std::string record;
    PutVarint(&record, space == fts::kExact ? folded : 0);
    MDB_val rk = Val(record_key), rv = Val(record);
    NEWSCRAWL_RETURN_IF_ERROR(LmdbError(
        "search index term", mdb_put(txn, index->dbis.terms, &rk, &rv, 0)));
  } else {
    return LmdbError("search index term", rc);
  }
  if (space == fts::kExact) dict.SetFoldedOf(id, folded);
  dict.names.emplace(std::move(key), id);
  return id;
}

Result<uint32_t> SearchIndexWriter::State::NewToken(const std::string& token,
                                                    uint64_t hash,
                                                    size_t slot) {
  const std::string folded_text = index->write_tokenizer->Fold(token);
  NEWSCRAWL_ASSIGN_OR_RETURN(
      const uint32_t folded,
      TermIdFor(fts::kFolded, folded_text, TermDict::kNoTerm));
  uint32_t exact = TermDict::kNoTerm;
  if (folded_text != token) {
    NEWSCRAWL_ASSIGN_OR_RETURN(exact, TermIdFor(fts::kExact, token, folded));
  }
  return index->dict.Add(token, hash, slot, folded, exact);
}

Result<uint32_t> SearchIndexWriter::State::FoldedOf(uint32_t id) {
  const uint32_t memo = index->dict.FoldedOf(id);
  if (memo != TermDict::kNoTerm) return memo;
  const std::string key = fts::TermIdKey(id);
  MDB_val k = Val(key), v;
  const int rc = mdb_get(txn, index->dbis.terms, &k, &v);
  if (rc == MDB_NOTFOUND) return Corrupt("term id record");
  if (rc != 0) return LmdbError("search index term", rc);
  uint32_t folded = 0;
  if (!fts::WholeVarint32(v, &folded) || fts::SpaceOf(folded) != fts::kFolded ||
      !ValidId(folded)) {
    return Corrupt("term id record");
  }
  index->dict.SetFoldedOf(id, folded);
  return folded;
}

Result<uint32_t> SearchIndexWriter::State::SiteId(std::string_view site) {
  std::string name(site.substr(0, 200));
  auto it = site_ids.find(name);
  if (it != site_ids.end()) return it->second;
  std::string key = "n" + name;
  MDB_val k = Val(key), v;
  uint32_t id;
  int rc = mdb_get(txn, index->dbis.sites, &k, &v);
  if (rc == 0 && v.mv_size == 4) {
    id = fts::GetBe32(static_cast<const char*>(v.mv_data));
  } else if (rc == MDB_NOTFOUND) {
    id = next_site++;
    std::string id_bytes = fts::Be32(id);
    v = Val(id_bytes);
    NEWSCRAWL_RETURN_IF_ERROR(LmdbError(
        "search index site", mdb_put(txn, index->dbis.sites, &k, &v, 0)));
    std::string back = "i" + id_bytes;
    MDB_val bk = Val(back), bv = Val(name);
    NEWSCRAWL_RETURN_IF_ERROR(LmdbError(
        "search index site", mdb_put(txn, index->dbis.sites, &bk, &bv, 0)));
  } else {
    return rc == 0 ? Corrupt("site id") : LmdbError("search index site", rc);
  }
  site_ids.emplace(std::move(name), id);
  return id;
}

Result<fts::DocAttrs*> SearchIndexWriter::State::Attrs(uint32_t doc) {
  const uint32_t page = doc / fts::kAttrsPerPage;
  auto it = attr_pages.find(page);
  if (it == attr_pages.end()) {
    std::string bytes(fts::kAttrsPageBytes, '\0');
    std::string key = fts::Be32(page);
    MDB_val k = Val(key), v;
    const int rc = mdb_get(txn, index->dbis.attrs, &k, &v);
    if (rc == 0) {
      if (v.mv_size != fts::kAttrsPageBytes) return Corrupt("attributes page");
      std::memcpy(bytes.data(), v.mv_data, v.mv_size);
    } else if (rc != MDB_NOTFOUND) {
      return LmdbError("search index attributes", rc);
    }
    it = attr_pages.emplace(page, std::move(bytes)).first;
  }
  return reinterpret_cast<fts::DocAttrs*>(it->second.data()) +
         doc % fts::kAttrsPerPage;
}

void SearchIndexWriter::State::Append(uint32_t term, uint32_t doc,
                                      std::string_view rest) {
  PendingTerm& p = pending.At(term);
  const size_t before = p.added.size();
  AppendPosting(&p, doc, rest);
  pending_bytes += p.added.size() - before;
}

Result<std::string_view> SearchIndexWriter::State::ChunkPostings(
    const uint8_t* p, const uint8_t* end, bool compressed,
    std::string* buffer) {
  const std::string_view stored(reinterpret_cast<const char*>(p),
                                static_cast<size_t>(end - p));
  if (!compressed) return stored;
  const Status status = codec.Decompress(stored, fts::kMaxChunkContent, buffer);
  if (!status.ok()) return Corrupt("compressed chunk");
  return std::string_view(*buffer);
}

Status SearchIndexWriter::State::PutChunk(MDB_dbi dbi, std::string_view key,
                                          uint32_t count, uint32_t last,
                                          std::string_view postings) {
  std::string header;
  fts::PutChunkHeader(&header, count, last, false);
  if (header.size() + postings.size() > fts::kPageChunkBytes) {
    zstd_buffer.clear();
    if (codec.Compress(postings, 1, &zstd_buffer).ok() &&
        header.size() + zstd_buffer.size() <= fts::kPageChunkBytes) {
      header.clear();
      fts::PutChunkHeader(&header, count, last, true);
      postings = zstd_buffer;
    }
  }
  // The chunk is written in place (no copy of it in between).
  MDB_val k = Val(key);
  MDB_val v{header.size() + postings.size(), nullptr};
  NEWSCRAWL_RETURN_IF_ERROR(LmdbError("search index put chunk",
                                      mdb_put(txn, dbi, &k, &v, MDB_RESERVE)));
  auto* out = static_cast<char*>(v.mv_data);
  std::memcpy(out, header.data(), header.size());
  std::memcpy(out + header.size(), postings.data(), postings.size());
  return Status::Ok();
}

Status SearchIndexWriter::State::AppendToChunks(MDB_cursor* cursor,
                                                const std::string& prefix,
                                                char space,
                                                const PendingTerm& p) {
  const MDB_dbi dbi = mdb_cursor_dbi(cursor);
  MDB_val key, value;
  NEWSCRAWL_ASSIGN_OR_RETURN(
      const bool has_last, SeekChunk(cursor, prefix, UINT32_MAX, &key, &value));
  // The new postings fill the term's last chunk, then new chunks of at most
  // kChunkBytes (a single larger posting gets its own).  The postings
  // already in the last chunk are copied as they are, never decoded.
  uint32_t prev = 0, count = 0;
  std::string body, chunk_key;
  if (has_last) {
    const auto* q = static_cast<const uint8_t*>(value.mv_data);
    const uint8_t* end = q + value.mv_size;
    uint32_t last = 0;
    bool compressed = false;
    if (!fts::ChunkHeader(&q, end, &count, &last, &compressed) ||
        last >= p.first) {
      return Corrupt("chunk order");
    }
    chunk_key.assign(View(key));
    NEWSCRAWL_ASSIGN_OR_RETURN(
        const std::string_view reopened,
        ChunkPostings(q, end, compressed, &chunk_buffer));
    if (reopened.size() + p.added.size() <= fts::kChunkBytes) {
      body.reserve(reopened.size() + p.added.size() + 5);
      body.assign(reopened);
      PutVarint(&body, p.first - last);
      body.append(p.added, p.first_len);
      return PutChunk(dbi, chunk_key, count + p.count, p.last, body);
    }
    body.assign(reopened);  // a copy: the puts below may move pages
    prev = last;
  }
  bool unchanged = has_last;  // `body` is the stored last chunk
  const auto* q = reinterpret_cast<const uint8_t*>(p.added.data());
  const uint8_t* end = q + p.added.size();
  uint32_t doc = 0;
  while (q < end) {
    fts::RawPosting posting;
    if (!fts::NextPosting(space, &q, end, &doc, &posting)) {
      return Corrupt("posting");
    }
    if (count > 0 && body.size() + posting.rest.size() + 5 > fts::kChunkBytes) {
      if (!unchanged) {
        NEWSCRAWL_RETURN_IF_ERROR(PutChunk(dbi, chunk_key, count, prev, body));
      }
      unchanged = false;
      body.clear();
      count = 0;
    }
    if (count == 0) {
      chunk_key = prefix + fts::Be32(doc);
      prev = 0;
    }
    PutVarint(&body, doc - prev);
    body.append(posting.rest);
    prev = doc;
    ++count;
    unchanged = false;
  }
  if (count > 0 && !unchanged)
    return PutChunk(dbi, chunk_key, count, prev, body);
  return Status::Ok();
}

Status SearchIndexWriter::State::MergeTerm(MDB_cursor* cursor, PendingTerm& p,
                                           bool appends) {
  const char space = fts::SpaceOf(p.term);
  const std::string prefix = fts::TermPrefix(p.term);
  const uint32_t added = appends ? p.count : 0;
  if (added > 0) {
    NEWSCRAWL_RETURN_IF_ERROR(AppendToChunks(cursor, prefix, space, p));
  }
  // Document frequencies of the chunks (queries add fts_pend's).
  return AddToDocCount(p.term, added);
}

Status SearchIndexWriter::State::AddToDocCount(uint32_t term, int64_t delta) {
  if (delta == 0 || fts::SpaceOf(term) != fts::kFolded) return Status::Ok();
  const std::string key = fts::TermIdKey(term);
  MDB_val k = Val(key), v;
  uint32_t df = 0;
  const int rc = mdb_get(txn, index->dbis.terms, &k, &v);
  if (rc == 0) {
    if (!fts::WholeVarint32(v, &df)) return Corrupt("term count");
  } else if (rc != MDB_NOTFOUND) {
    return LmdbError("search index term", rc);
  }
  const int64_t updated = int64_t{df} + delta;
  std::string df_bytes;
  PutVarint(&df_bytes, static_cast<uint64_t>(std::max<int64_t>(updated, 0)));
  v = Val(df_bytes);
  return LmdbError("search index term",
                   mdb_put(txn, index->dbis.terms, &k, &v, 0));
}

Status SearchIndexWriter::State::MergeAll(PendingSet& terms, bool appends) {
  // Key order: neighbouring writes touch neighbouring pages.
  const std::vector<PendingTerm*> order =
      terms.InTermOrder([appends](const PendingTerm&) { return appends; });
  if (order.empty()) return Status::Ok();
  MDB_cursor* cursor = nullptr;
  NEWSCRAWL_RETURN_IF_ERROR(LmdbError(
      "search index cursor", mdb_cursor_open(txn, index->dbis.post, &cursor)));
  Status status;
  size_t merged_terms = 0;
  for (PendingTerm* t : order) {
    status = MergeTerm(cursor, *t, appends);
    if (!status.ok()) break;
    if (++merged_terms % SearchIndex::kMergeCheckTerms == 0) MergeCheck();
  }
  mdb_cursor_close(cursor);
  return status;
}

Status SearchIndexWriter::State::LoadPend(PendingSet* terms) {
  MDB_cursor* cursor = nullptr;
  NEWSCRAWL_RETURN_IF_ERROR(LmdbError(
      "search index cursor", mdb_cursor_open(txn, index->dbis.pend, &cursor)));
  MDB_val k, v;
  int rc;
  Status status;
  // Key order: each term's postings come out in doc id order.
  while (status.ok() && (rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) == 0) {
    fts::PendBlob blob;
    if (!blob.Parse(View(v))) {
      status = Corrupt("pending blob");
      break;
    }
    for (uint32_t i = 0; i < blob.size() && status.ok(); ++i) {
      const uint32_t term = blob.term(i);
      if (!ValidId(term)) {
        status = Corrupt("pending term id");
        break;
      }
      status = AppendPendChunk(term, blob.chunk(i), &terms->At(term));
    }
  }
  mdb_cursor_close(cursor);
  if (!status.ok()) return status;
  if (rc != MDB_NOTFOUND) return LmdbError("search index pending", rc);
  return LmdbError("search index pending", mdb_drop(txn, index->dbis.pend, 0));
}

Status SearchIndexWriter::State::AppendPendChunk(uint32_t term,
                                                 std::string_view chunk,
                                                 PendingTerm* into) {
  const auto* q = reinterpret_cast<const uint8_t*>(chunk.data());
  const uint8_t* end = q + chunk.size();
  uint32_t count = 0, last = 0;
  if (!fts::ChunkHeader(&q, end, &count, &last)) {
    return Corrupt("pending chunk");
  }
  if (!pend_any_dead) {
    // The chunk's postings are copied, not decoded (the readers of
    // fts_post check them).
    const std::string_view postings(reinterpret_cast<const char*>(q),
                                    static_cast<size_t>(end - q));
    if (!AppendPostings(into, postings, count, last)) {
      return Corrupt("pending posting");
    }
    return Status::Ok();
  }
  // Some documents were removed: decoded, and theirs dropped.
  uint32_t doc = 0;
  for (uint32_t n = 0; n < count; ++n) {
    fts::RawPosting posting;
    if (!fts::NextPosting(fts::SpaceOf(term), &q, end, &doc, &posting) ||
        (into->count > 0 && doc <= into->last)) {
      return Corrupt("pending posting");
    }
    if (PendDead(doc)) continue;  // removed: never reaches fts_post
    AppendPosting(into, doc, posting.rest);
  }
  return Status::Ok();
}

Status SearchIndexWriter::State::MergeStep(size_t max_terms,
                                           size_t max_bytes) {
  NEWSCRAWL_RETURN_IF_ERROR(FindPendDead(merge.end));
  // The merge's blobs, each from its first term not merged yet.  Their
  // chunks are copied into `merged` before anything is written.
  struct Cursor {
    fts::PendBlob blob;
    uint32_t next;
  };
  std::vector<Cursor> blobs;
  MDB_cursor* cursor = nullptr;
  NEWSCRAWL_RETURN_IF_ERROR(LmdbError(
      "search index cursor", mdb_cursor_open(txn, index->dbis.pend, &cursor)));
  MDB_val k, v;
  int rc;
  Status status;
  while ((rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) == 0) {
    if (k.mv_size != 4) {
      status = Corrupt("pending blob key");
      break;
    }
    if (fts::GetBe32(static_cast<const char*>(k.mv_data)) >= merge.end) break;
    Cursor c;
    if (!c.blob.Parse(View(v))) {
      status = Corrupt("pending blob");
      break;
    }
    c.next = c.blob.LowerBound(merge.term);
    if (c.next < c.blob.size()) blobs.push_back(c);
    // Each blob read maps its pages (the views stay valid when released).
    if (blobs.size() % SearchIndex::kMergeCheckTerms == 0) MergeCheck();
  }
  mdb_cursor_close(cursor);
  NEWSCRAWL_RETURN_IF_ERROR(status);
  if (rc != 0 && rc != MDB_NOTFOUND) {
    return LmdbError("search index pending", rc);
  }
  // The terms in ascending order (a heap of (term, blob), so each term's
  // chunks come in blob order, that is doc id order).
  using Entry = std::pair<uint32_t, uint32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
  for (size_t b = 0; b < blobs.size(); ++b) {
    heap.emplace(blobs[b].blob.term(blobs[b].next), static_cast<uint32_t>(b));
  }
  merged.clear();
  size_t terms = 0, bytes = 0, chunks = 0;
  bool done = true;
  while (!heap.empty()) {
    const uint32_t term = heap.top().first;
    if (terms >= max_terms || bytes >= max_bytes) {
      merge.term = term;  // the next step starts here
      done = false;
      break;
    }
    if (!ValidId(term)) return Corrupt("pending term id");
    PendingTerm& into = merged.At(term);
    while (!heap.empty() && heap.top().first == term) {
      Cursor& c = blobs[heap.top().second];
      heap.pop();
      const std::string_view chunk = c.blob.chunk(c.next);
      bytes += chunk.size();
      NEWSCRAWL_RETURN_IF_ERROR(AppendPendChunk(term, chunk, &into));
      if (++c.next < c.blob.size()) {
        heap.emplace(c.blob.term(c.next),
                     static_cast<uint32_t>(&c - blobs.data()));
      }
      // By chunks, not terms: a common term has a chunk in every blob of
      // the merge (up to kMaxPendBlobs), each read mapping its blob's
      // page-cache folio (up to 2 MiB).
      if (++chunks % SearchIndex::kMergeCheckTerms == 0) MergeCheck();
    }
    ++terms;
  }
  NEWSCRAWL_RETURN_IF_ERROR(MergeAll(merged, true));
  merged.ClearAndTrim(kKeepBufferBytes);
  if (!done) return Status::Ok();
  // Every term is merged: the blobs go.
  NEWSCRAWL_RETURN_IF_ERROR(LmdbError(
      "search index cursor", mdb_cursor_open(txn, index->dbis.pend, &cursor)));
  while ((rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST)) == 0 &&
         k.mv_size == 4 &&
         fts::GetBe32(static_cast<const char*>(k.mv_data)) < merge.end) {
    rc = mdb_cursor_del(cursor, 0);
    if (rc != 0) break;
  }
  mdb_cursor_close(cursor);
  if (rc != 0 && rc != MDB_NOTFOUND) {
    return LmdbError("search index pending", rc);
  }
  const uint64_t merged_docs = merge.end - pend_first;
  pend_docs -= std::min(pend_docs, merged_docs);
  pend_first = merge.end;
  merge = fts::MergeState{};
  return Status::Ok();
}

Status SearchIndexWriter::State::FinishMerge() {
  while (merge.end != 0) {
    NEWSCRAWL_RETURN_IF_ERROR(MergeStep(SIZE_MAX, SIZE_MAX));
  }
  return Status::Ok();
}

Status SearchIndexWriter::State::WritePend(PendingSet& terms) {
  const std::vector<PendingTerm*> order =
      terms.InTermOrder([](const PendingTerm& p) { return p.count > 0; });
  if (order.empty()) return Status::Ok();
  uint32_t first = UINT32_MAX;
  for (const PendingTerm* p : order) first = std::min(first, p->first);
  fts::PendBlobBuilder builder;
  for (const PendingTerm* p : order) {
    // The first posting's delta is from 0 in `added` as in a chunk.
    builder.Add(p->term, p->count, p->last, p->added);
  }
  const std::string key = fts::Be32(first);
  const std::string blob = builder.Finish();
  MDB_val k = Val(key), v = Val(blob);
  // Doc ids only grow: the blob goes after every other one.
  int rc = mdb_put(txn, index->dbis.pend, &k, &v, MDB_APPEND);
  if (rc == MDB_KEYEXIST) return Corrupt("pending blob order");
  return LmdbError("search index pending", rc);
}

Status SearchIndexWriter::State::Flush(bool merge_pend) {
  if (pending.empty() && !merge_pend && merge.end == 0) return Status::Ok();
  const uint64_t added = pending_docs.size();
  if (merge_pend || added >= fts::kMergeDocs) {
    // fts_pend and this writer's documents go into the chunks together,
    // without the removed ones.
    NEWSCRAWL_RETURN_IF_ERROR(FinishMerge());
    merged.clear();
    NEWSCRAWL_RETURN_IF_ERROR(FindPendDead(next_doc));
    NEWSCRAWL_RETURN_IF_ERROR(LoadPend(&merged));
    for (PendingTerm& p : pending.terms()) {
      PendingTerm& m = merged.At(p.term);
      if (!pend_any_dead) {
        if (!AppendPostings(&m, p.added, p.count, p.last)) {
          return Status::Internal("search index: bad pending postings");
        }
        continue;
      }

      const char space = fts::SpaceOf(p.term);
      const auto* q = reinterpret_cast<const uint8_t*>(p.added.data());
      const uint8_t* end = q + p.added.size();
      uint32_t doc = 0;
      for (uint32_t n = 0; n < p.count; ++n) {
        fts::RawPosting posting;
        if (!fts::NextPosting(space, &q, end, &doc, &posting)) {
          return Status::Internal("search index: bad pending postings");
        }
        if (!PendDead(doc)) AppendPosting(&m, doc, posting.rest);
      }
    }
    NEWSCRAWL_RETURN_IF_ERROR(MergeAll(merged, true));
    merged.ClearAndTrim(kKeepBufferBytes);
    pend_docs = 0;
    pend_first = next_doc;
  } else {
    NEWSCRAWL_RETURN_IF_ERROR(WritePend(pending));
    pend_docs += added;
    if (merge.end == 0) {
      MDB_stat pend_stat;
      NEWSCRAWL_RETURN_IF_ERROR(LmdbError(
          "search index pending", mdb_stat(txn, index->dbis.pend, &pend_stat)));
      if (pend_docs >= fts::kMergeDocs ||
          pend_stat.ms_entries >= fts::kMaxPendBlobs) {
        merge.end = next_doc;  // every blob so far
        merge.term = 0;
      }
    }
    if (merge.end != 0) {
      NEWSCRAWL_RETURN_IF_ERROR(
          MergeStep(fts::kMergeStepTerms, fts::kMergeStepBytes));
    }
  }
  pending.ClearAndTrim(kKeepBufferBytes);
  pending_docs.clear();
  pending_bytes = 0;
  return Status::Ok();
}

Status SearchIndexWriter::State::AddTokens(
    uint32_t doc, std::span<const std::string> title,
    std::span<const std::string> body) {
  // Group the tokens by term, without string hashing past the dictionary.
  TermDict& dict = index->dict;
  if (++stamp == 0) {  // wrapped: forget every mark
    std::fill(term_stamp.begin(), term_stamp.end(), 0);
    std::fill(token_stamp.begin(), token_stamp.end(), 0);
    stamp = 1;
  }
  doc_term_count = 0;
  doc_exact.clear();
  const auto title_count = static_cast<uint32_t>(title.size());
  auto add = [&](const std::string& token, uint32_t position,
                 bool in_title) -> Status {
    if (token.empty()) return Status::Ok();
    const uint64_t hash = TermDict::Hash(token);
    size_t slot = 0;
    uint32_t id = dict.Find(token, hash, &slot);
    if (id == TermDict::kNoToken) {
      NEWSCRAWL_ASSIGN_OR_RETURN(id, NewToken(token, hash, slot));
    }
    if (id >= token_stamp.size()) token_stamp.resize(id + 1024, 0);
    const TermDict::Token& t = dict.tokens[id];
    const uint32_t top =
        std::max(t.folded, t.exact == TermDict::kNoTerm ? 0 : t.exact);
    if (top >= term_stamp.size()) {
      term_stamp.resize(top + 1024, 0);
      term_slot.resize(top + 1024, 0);
    }
    if (token_stamp[id] != stamp) {
      token_stamp[id] = stamp;
      // One token per exact term.
      if (t.exact != TermDict::kNoTerm) doc_exact.push_back(t.exact);
    }
    if (term_stamp[t.folded] != stamp) {
      term_stamp[t.folded] = stamp;
      term_slot[t.folded] = static_cast<uint32_t>(doc_term_count);
      if (doc_term_count == doc_terms.size()) doc_terms.emplace_back();
      DocTerm& fresh = doc_terms[doc_term_count++];
      fresh.term = t.folded;
      fresh.title_tf = fresh.body_tf = 0;
      fresh.positions.clear();
    }
    DocTerm& d = doc_terms[term_slot[t.folded]];
    ++(in_title ? d.title_tf : d.body_tf);
    d.positions.push_back(position);
    return Status::Ok();
  };
  for (uint32_t i = 0; i < title_count; ++i) {
    NEWSCRAWL_RETURN_IF_ERROR(add(title[i], i, true));
  }
  for (size_t i = 0; i < body.size(); ++i) {
    NEWSCRAWL_RETURN_IF_ERROR(
        add(body[i], title_count + 1 + static_cast<uint32_t>(i), false));
  }

  // Postings: each encoded in `scratch`, then appended to its pending list.
  for (size_t i = 0; i < doc_term_count; ++i) {
    const DocTerm& t = doc_terms[i];
    PendingTerm& p = pending.At(t.term);
    const size_t before = p.added.size();
    StartPosting(&p, doc);
    const size_t room = 10 * (t.positions.size() + 2);
    if (scratch.size() < room) scratch.resize(room);
    char* out = fts::EncodeVarint(
        scratch.data(),
        (uint64_t{t.body_tf} << 2) | std::min<uint32_t>(t.title_tf, 3));
    if (t.title_tf >= 3) out = fts::EncodeVarint(out, t.title_tf);
    uint32_t prev = 0;
    for (uint32_t pos : t.positions) {
      out = fts::EncodeVarint(out, pos - prev);
      prev = pos;
    }
    p.added.append(scratch.data(), static_cast<size_t>(out - scratch.data()));
    pending_bytes += p.added.size() - before;
  }
  for (uint32_t exact : doc_exact) Append(exact, doc, {});
  return Status::Ok();
}

Status SearchIndexWriter::State::FindPendDead(uint32_t end) {
  pend_dead.assign(end > pend_first ? end - pend_first : 0, 0);
  pend_any_dead = false;
  // Pages this writer has not loaded are read in place (loading them would
  // rewrite them at Finish()).
  uint32_t doc = pend_first;
  while (doc < end) {
    const uint32_t page = doc / fts::kAttrsPerPage;
    const uint32_t page_end = std::min<uint32_t>(
        end, static_cast<uint32_t>(
                 std::min<uint64_t>(uint64_t{page + 1} * fts::kAttrsPerPage,
                                    UINT32_MAX)));
    const char* bytes = nullptr;
    auto it = attr_pages.find(page);
    if (it != attr_pages.end()) {
      bytes = it->second.data();
    } else {
      const std::string key = fts::Be32(page);
      MDB_val k = Val(key), v;
      const int rc = mdb_get(txn, index->dbis.attrs, &k, &v);
      if (rc == 0) {
        if (v.mv_size != fts::kAttrsPageBytes) {
          return Corrupt("attributes page");
        }
        bytes = static_cast<const char*>(v.mv_data);
      } else if (rc != MDB_NOTFOUND) {
        return LmdbError("search index attributes", rc);
      }
    }
    for (; doc < page_end; ++doc) {
      fts::DocAttrs attrs{0, 0, 0};
      if (bytes != nullptr) {
        std::memcpy(&attrs,
                    bytes + size_t{doc % fts::kAttrsPerPage} * sizeof attrs,
                    sizeof attrs);
      }
      pend_dead[doc - pend_first] = attrs.length == 0 ? 1 : 0;
      pend_any_dead = pend_any_dead || attrs.length == 0;
    }
  }
  return Status::Ok();
}

Status SearchIndexWriter::State::PurgeIfLarge() {
  MDB_stat stat;
  NEWSCRAWL_RETURN_IF_ERROR(LmdbError(
      "search index tombstones", mdb_stat(txn, index->dbis.dead, &stat)));
  const uint64_t dead = stat.ms_entries;
  if (dead < fts::kPurgeMinDead ||
      dead * fts::kPurgeDeadShare < documents + dead) {
    return Status::Ok();
  }
  return Purge();
}

Status SearchIndexWriter::State::Purge() {
  // fts_pend goes into the chunks without the removed documents.
  NEWSCRAWL_RETURN_IF_ERROR(Flush(true));
  // The tombstones, ascending.
  std::vector<uint32_t> dead;
  MDB_cursor* cursor = nullptr;
  NEWSCRAWL_RETURN_IF_ERROR(LmdbError(
      "search index cursor", mdb_cursor_open(txn, index->dbis.dead, &cursor)));
  MDB_val k, v;
  int rc;
  while ((rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) == 0 &&
         k.mv_size == 4) {
    dead.push_back(fts::GetBe32(static_cast<const char*>(k.mv_data)));
  }
  mdb_cursor_close(cursor);
  if (rc == 0) return Corrupt("tombstone");
  if (rc != MDB_NOTFOUND) return LmdbError("search index tombstones", rc);
  if (dead.empty()) return Status::Ok();
  NEWSCRAWL_RETURN_IF_ERROR(LmdbError(
      "search index cursor", mdb_cursor_open(txn, index->dbis.post, &cursor)));
  const Status status = PurgeChunks(cursor, dead);
  mdb_cursor_close(cursor);
  NEWSCRAWL_RETURN_IF_ERROR(status);
  return LmdbError("search index tombstones",
                   mdb_drop(txn, index->dbis.dead, 0));
}

Status SearchIndexWriter::State::PurgeChunks(
    MDB_cursor* cursor, const std::vector<uint32_t>& dead) {
  const MDB_dbi dbi = mdb_cursor_dbi(cursor);
  MDB_val k, v;
  int rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST);
  uint32_t term = 0;
  int64_t term_removed = 0;  // postings dropped from `term`'s chunks
  std::string key, body;
  while (rc == 0) {
    if (k.mv_size != 8) return Corrupt("chunk key");
    const char* key_bytes = static_cast<const char*>(k.mv_data);
    const uint32_t chunk_term = fts::GetBe32(key_bytes);
    if (chunk_term != term) {
      NEWSCRAWL_RETURN_IF_ERROR(AddToDocCount(term, -term_removed));
      term = chunk_term;
      term_removed = 0;
    }
    const auto* p = static_cast<const uint8_t*>(v.mv_data);
    const uint8_t* end = p + v.mv_size;
    uint32_t count = 0, last = 0;
    bool compressed = false;
    if (!fts::ChunkHeader(&p, end, &count, &last, &compressed)) {
      return Corrupt("chunk");
    }
    // The chunk key is a lower bound of its doc ids: most chunks of rare
    // terms hold no tombstoned document and are not decoded.
    auto next_dead = std::lower_bound(dead.begin(), dead.end(),
                                      fts::GetBe32(key_bytes + 4));
    if (next_dead == dead.end() || *next_dead > last) {
      rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT);
      continue;
    }
    NEWSCRAWL_ASSIGN_OR_RETURN(
        const std::string_view postings,
        ChunkPostings(p, end, compressed, &chunk_buffer));
    p = reinterpret_cast<const uint8_t*>(postings.data());
    end = p + postings.size();
    const char space = fts::SpaceOf(term);
    body.clear();
    uint32_t doc = 0, prev = 0, kept = 0;
    for (uint32_t n = 0; n < count; ++n) {
      fts::RawPosting posting;
      if (!fts::NextPosting(space, &p, end, &doc, &posting)) {
        return Corrupt("posting");
      }
      while (next_dead != dead.end() && *next_dead < doc) ++next_dead;
      if (next_dead != dead.end() && *next_dead == doc) continue;
      PutVarint(&body, doc - prev);
      body.append(posting.rest);
      prev = doc;
      ++kept;
    }
    if (kept == count) {
      rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT);
      continue;
    }
    term_removed += count - kept;
    key.assign(View(k));
    MDB_val chunk_key = Val(key);
    if (kept == 0) {
      NEWSCRAWL_RETURN_IF_ERROR(LmdbError("search index delete chunk",
                                          mdb_del(txn, dbi, &chunk_key, nullptr)));
    } else {
      NEWSCRAWL_RETURN_IF_ERROR(PutChunk(dbi, key, kept, prev, body));
    }
    // On to the chunk after `key` (the write may have moved the cursor).
    k = Val(key);
    rc = mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE);
    if (rc == 0 && View(k) == key) rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT);
  }
  if (rc != MDB_NOTFOUND) return LmdbError("search index purge", rc);
  return AddToDocCount(term, -term_removed);
}

void WriterStateDeleter::operator()(SearchIndexWriter::State* state) const {
  delete state;
}

SearchIndexWriter::SearchIndexWriter(SearchIndex& index, MDB_txn* txn) {
  SearchIndex::Impl& impl = *index.impl_;
  impl.dict.ClearIfLarge();
  if (impl.spare_writer != nullptr) {
    state_.reset(impl.spare_writer.release());
    state_->Reset();
  } else {
    state_ = std::make_unique<State>();
  }
  state_->index = &impl;
  state_->txn = txn;
}

SearchIndexWriter::~SearchIndexWriter() {
  // The buffers go to the next writer of this index.
  SearchIndex::Impl* impl = state_->index;
  impl->spare_writer.reset(state_.release());
}

Status SearchIndexWriter::Put(std::string_view key,
                              const IndexedArticle& article) {
  State& s = *state_;
  if (key.empty() || key.size() > kMaxKeyBytes) {
    return Status::InvalidArgument("search index: article key size");
  }
  NEWSCRAWL_RETURN_IF_ERROR(s.Load());
  NEWSCRAWL_RETURN_IF_ERROR(Remove(key));
  if (s.next_doc == UINT32_MAX) {
    return Status::TooLarge("search index: doc ids exhausted; run reindex");
  }
  const uint32_t doc = s.next_doc++;
  // The tokens, made by the caller (on another thread) or here.
  const std::vector<std::string>* title_tokens = &s.title_tokens;
  const std::vector<std::string>* body_tokens = &s.body_tokens;
  if (article.tokens != nullptr && article.tokens->ready) {
    title_tokens = &article.tokens->title;
    body_tokens = &article.tokens->body;
  } else {
    TextTokenizer& tokenizer = *s.index->write_tokenizer;
    tokenizer.Tokenize(article.title, &s.title_tokens);
    tokenizer.Tokenize(article.body, &s.body_tokens);
  }

  const auto title_count = static_cast<uint32_t>(
      std::min(title_tokens->size(), kMaxTitleTokens));
  NEWSCRAWL_RETURN_IF_ERROR(
      s.AddTokens(doc,
                  std::span<const std::string>(*title_tokens).first(title_count),
                  *body_tokens));
  s.pending_docs.insert(doc);

  // The doc id's article key (no forward list: search_index_format.h).
  std::string doc_value;
  doc_value.reserve(key.size() + 2);
  PutVarint(&doc_value, key.size());
  doc_value.append(key);
  const std::string doc_key = fts::Be32(doc);
  MDB_val k = Val(doc_key), v = Val(doc_value);
  // New doc ids are the largest: appending fills fts_docs' pages.
  int rc = mdb_put(s.txn, s.index->dbis.docs, &k, &v, MDB_APPEND);
  if (rc == MDB_KEYEXIST) rc = mdb_put(s.txn, s.index->dbis.docs, &k, &v, 0);
  NEWSCRAWL_RETURN_IF_ERROR(LmdbError("search index put doc", rc));
  MDB_val ak = Val(key), av = Val(doc_key);
  NEWSCRAWL_RETURN_IF_ERROR(LmdbError(
      "search index put key", mdb_put(s.txn, s.index->dbis.keys, &ak, &av, 0)));

  NEWSCRAWL_ASSIGN_OR_RETURN(const uint32_t site, s.SiteId(article.site));
  NEWSCRAWL_ASSIGN_OR_RETURN(fts::DocAttrs * attrs, s.Attrs(doc));
  const uint32_t length =
      title_count + static_cast<uint32_t>(body_tokens->size());
  attrs->length = std::max<uint32_t>(length, 1);
  attrs->site = site;
  attrs->published = article.published;
  ++s.documents;
  s.tokens += attrs->length;
  if (s.pending_bytes > kMaxPendingBytes) return s.Flush();
  return Status::Ok();
}

Status SearchIndexWriter::Remove(std::string_view key) {
  State& s = *state_;
  NEWSCRAWL_RETURN_IF_ERROR(s.Load());
  MDB_val k = Val(key), v;
  int rc = mdb_get(s.txn, s.index->dbis.keys, &k, &v);
  if (rc == MDB_NOTFOUND) return Status::Ok();
  if (rc != 0) return LmdbError("search index key", rc);
  if (v.mv_size != 4) return Corrupt("doc id");
  const uint32_t doc = fts::GetBe32(static_cast<const char*>(v.mv_data));
  // A tombstone: the document's postings stay until a purge (or, in
  // fts_pend, the next merge); queries skip it by its attributes.
  const std::string doc_key = fts::Be32(doc);
  MDB_val dk = Val(doc_key), none = Val(std::string_view());
  NEWSCRAWL_RETURN_IF_ERROR(
      LmdbError("search index tombstone",
                mdb_put(s.txn, s.index->dbis.dead, &dk, &none, 0)));
  NEWSCRAWL_RETURN_IF_ERROR(
      LmdbError("search index delete doc",
                mdb_del(s.txn, s.index->dbis.docs, &dk, nullptr)));
  NEWSCRAWL_RETURN_IF_ERROR(
      LmdbError("search index delete key",
                mdb_del(s.txn, s.index->dbis.keys, &k, nullptr)));
  NEWSCRAWL_ASSIGN_OR_RETURN(fts::DocAttrs * attrs, s.Attrs(doc));
  if (s.documents > 0) --s.documents;
  s.tokens -= std::min<uint64_t>(s.tokens, attrs->length);
  *attrs = fts::DocAttrs{0, 0, 0};
  return Status::Ok();
}

Status SearchIndexWriter::Purge() {
  NEWSCRAWL_RETURN_IF_ERROR(state_->Load());
  return state_->Purge();
}

Status SearchIndexWriter::Finish(bool purge) {
  State& s = *state_;
  if (!s.loaded) return Status::Ok();
  NEWSCRAWL_RETURN_IF_ERROR(s.Flush());
  if (purge) NEWSCRAWL_RETURN_IF_ERROR(s.PurgeIfLarge());
  for (const auto& [page, bytes] : s.attr_pages) {
    const std::string key = fts::Be32(page);
    MDB_val k = Val(key), v = Val(bytes);
    NEWSCRAWL_RETURN_IF_ERROR(
        LmdbError("search index attributes",
                  mdb_put(s.txn, s.index->dbis.attrs, &k, &v, 0)));
  }
  s.attr_pages.clear();
  const MDB_dbi meta = s.index->dbis.meta;
  NEWSCRAWL_RETURN_IF_ERROR(
      fts::PutMetaNumber(s.txn, meta, "next_doc", s.next_doc));
  NEWSCRAWL_RETURN_IF_ERROR(
      fts::PutMetaNumber(s.txn, meta, "next_site", s.next_site));
  NEWSCRAWL_RETURN_IF_ERROR(
      fts::PutMetaNumber(s.txn, meta, "documents", s.documents));
  NEWSCRAWL_RETURN_IF_ERROR(
      fts::PutMetaNumber(s.txn, meta, "tokens", s.tokens));
  NEWSCRAWL_RETURN_IF_ERROR(
      fts::PutMetaNumber(s.txn, meta, "pend_first", s.pend_first));
  NEWSCRAWL_RETURN_IF_ERROR(
      fts::PutMetaNumber(s.txn, meta, "pend_docs", s.pend_docs));
  NEWSCRAWL_RETURN_IF_ERROR(
      fts::PutMetaNumber(s.txn, meta, "merge_end", s.merge.end));
  NEWSCRAWL_RETURN_IF_ERROR(
      fts::PutMetaNumber(s.txn, meta, "merge_term", s.merge.term));
  NEWSCRAWL_RETURN_IF_ERROR(
      fts::PutMetaNumber(s.txn, meta, "next_term", s.next_term));
  if (s.terms_added) {
    const uint64_t nonce = s.index->dict.NewNonce();
    NEWSCRAWL_RETURN_IF_ERROR(
        fts::PutMetaNumber(s.txn, meta, "dict_nonce", nonce));
    s.index->dict.nonce = nonce;
    s.terms_added = false;
  }
  s.loaded = false;  // re-read counters if the writer is used again
  s.site_ids.clear();
  return Status::Ok();
}

}  // namespace newscrawl
