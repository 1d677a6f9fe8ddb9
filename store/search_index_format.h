// On-disk layout of the full-text index (internal to store/; see
// search_index.h for the public interface).  All databases are named LMDB
// databases in the store's environment, written in the article's transaction.
//
//   fts_post   BE32(term id) + BE32(chunk key) -> posting chunk
//   fts_terms  space + term -> varint term id  (the term dictionary)
//              '#' + BE32(term id) -> varint: for a kFolded term its
//              document count in fts_post, for a kExact term the id of its
//              kFolded form
//   fts_docs   BE32(doc id) -> varint key size, article key.  Indexes
//              written before tombstones follow the key with the document's
//              forward list (its distinct token ids, varint deltas), which
//              nothing reads: the bytes after the key are ignored, and new
//              documents have none
//   fts_keys   article key  -> BE32(doc id)
//   fts_attrs  BE32(doc id / kAttrsPerPage) -> kAttrsPerPage x DocAttrs
//   fts_sites  'n' + site name -> BE32(site id);  'i' + BE32(id) -> name
//   fts_meta   counters (version, next doc id, documents, tokens, next
//              site id, next term number, dictionary nonce, ...)
//   fts_pend   BE32(first doc id) -> a pending blob: the chunks of the
//              documents one writer flushed, BE32(n), n x (BE32(term id),
//              BE32(end offset of its chunk)) in term id order, then the n
//              chunks (PendBlob)
//   fts_dead   BE32(doc id) -> "": tombstones, the documents removed (or
//              replaced) whose postings may still be in fts_post
//
// Term ids are (n << 1) | kind, n counting up from 0 in fts_meta
// "next_term", kind 0 for kFolded and 1 for kExact: the id says its space.
// Each write transaction appends one blob to fts_pend (no read-modify-write
// of the big chunks, one put).  When kMergeDocs documents or kMaxPendBlobs
// blobs are pending, a merge of them into fts_post starts, spread over the
// following write transactions: each merges the next terms, at most
// kMergeStepTerms terms or kMergeStepBytes of postings (whole terms), in
// term id order, so no transaction rewrites the last chunk of every term
// (LMDB keeps as many free pages as its largest transaction dirtied).  A
// merge in progress is fts_meta "merge_end" (non-zero: the blobs with keys
// below it are being merged) and "merge_term" (the terms below it are
// merged: their postings from those blobs are in fts_post, and readers skip
// those blobs for them).  The last step deletes the merged blobs.  New
// blobs go after the merge's.  A purge, and a writer of kMergeDocs
// documents or more, merge everything in their transaction (the large
// batch goes straight to fts_post).  Doc ids in fts_pend are all >= meta
// "pend_first" and above every doc id in fts_post, except for a merged
// term, so a term's list is its fts_post chunks followed by its chunks in
// the fts_pend blobs it has not merged, in key order (MergeState).
//
// space is kFolded ('f': diacritic-free form, with positions) or kExact ('e':
// the form as written, case folded, only when it has diacritics; doc ids
// only).  A chunk is
//   varint (count << 1 | compressed), varint last doc id, then count
//   postings in doc id order (compressed: a zstd frame of them):
//   varint doc id delta (the first one from 0), and for kFolded
//   varint (body tf << 2 | min(title tf, 3)), varint title tf if >= 3,
//   then title tf + body tf positions (varint deltas, the first from 0).
// The chunk key is a lower bound of its doc ids (its first doc id when it
// was written).  New doc ids are always the largest, so an update appends to
// the term's last chunk.  Title tokens take positions 0..T-1, body tokens
// T+1.. (the gap stops phrases crossing from title to body).
//
// Removal is lazy, as in Lucene: a removed document loses its fts_docs,
// fts_keys and attributes at once (DocAttrs length 0, which every query
// checks) and gains a tombstone; its postings stay until a purge rewrites
// the fts_post chunks without the tombstoned documents (when tombstones
// reach kPurgeMinDead and 1 / kPurgeDeadShare of the documents, or on
// SearchIndex::Purge) and drops the tombstones; a purge merges fts_pend
// first.  Postings of removed documents in fts_pend are dropped whenever
// fts_pend is merged.  A term's document count in fts_terms counts the
// postings in its chunks, tombstoned ones included until the purge
// (queries cap it at the live documents).  Removal reads no forward list.
//
// Format versions: 1 keyed postings and forward lists by term text; 2 by
// term id; 3 (this one) adds tombstones (fts_dead) and lazy removal.  An
// index of another version is refused by Open() ("run newscrawl reindex")
// and rebuilt by OpenForRebuild().
#ifndef NEWSCRAWL_STORE_SEARCH_INDEX_FORMAT_H_
#define NEWSCRAWL_STORE_SEARCH_INDEX_FORMAT_H_

#include <lmdb.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "store/lmdb_error.h"

namespace newscrawl::fts {

inline constexpr char kFolded = 'f';
inline constexpr char kExact = 'e';
// A chunk holds up to kChunkBytes of postings.  One larger than
// kPageChunkBytes (one 4 KiB LMDB overflow page) is stored as a zstd frame
// when that fits the page, so a long list takes about one page per chunk.
inline constexpr size_t kChunkBytes = 5400;
inline constexpr size_t kPageChunkBytes = 4080;
// Bound on a compressed chunk's content.
inline constexpr size_t kMaxChunkContent = size_t{1} << 20;
// An attributes page (255 x 16 bytes) fills one 4 KiB LMDB overflow page.
inline constexpr uint32_t kAttrsPerPage = 255;
// Format 4 added the merge of fts_pend into fts_post spread over several
// transactions (progress in fts_meta merge_end / merge_term).  A format-3
// build would read a term merged part-way twice, so it must refuse an index
// once a format-4 build has written to it; a format-4 build reads a
// format-3 index as it is (it never holds a merge in progress) and marks it
// format 4 on its first write.
inline constexpr uint32_t kFormatVersion = 4;
inline constexpr uint32_t kOldestUpgradableFormat = 3;
// A purge runs when there are at least kPurgeMinDead tombstones and they
// are at least 1 / kPurgeDeadShare of the indexed plus tombstoned
// documents: each purge rewrites the chunks once for many removals, and
// tombstoned postings stay a bounded share of the index.
inline constexpr uint64_t kPurgeMinDead = 256;
inline constexpr uint64_t kPurgeDeadShare = 4;
// Key prefix of a term id record in fts_terms.
inline constexpr char kIdRecord = '#';
// Term numbers stay below this (ids below 2 * kMaxTerms).
inline constexpr uint32_t kMaxTerms = uint32_t{1} << 30;
inline constexpr uint64_t kMergeDocs = 4096;
inline constexpr uint64_t kMaxPendBlobs = 256;
// Work of one merge step (one write transaction): each term rewrites the
// last chunk of its list and its count, so a step dirties up to about
// 2 x kMergeStepTerms pages (a 20 000-page crawl: 470 with 256 terms and
// 1 MiB, against 220 for its largest batch).
inline constexpr size_t kMergeStepTerms = 128;
inline constexpr size_t kMergeStepBytes = size_t{512} << 10;

struct Dbis {
  MDB_dbi post = 0, terms = 0, docs = 0, keys = 0, attrs = 0, sites = 0,
          meta = 0, pend = 0, dead = 0;
};

// Per-document attributes read for every candidate of a query.
struct DocAttrs {
  uint32_t length;    // tokens (title + body); 0 = no such document
  uint32_t site;      // fts_sites id
  int64_t published;  // unix seconds, 0 = unknown
};
static_assert(sizeof(DocAttrs) == 16);
inline constexpr size_t kAttrsPageBytes = kAttrsPerPage * sizeof(DocAttrs);

inline MDB_val Val(std::string_view s) {
  return MDB_val{s.size(), const_cast<char*>(s.data())};
}
inline std::string_view View(const MDB_val& v) {
  return {static_cast<const char*>(v.mv_data), v.mv_size};
}

inline void PutVarint(std::string* out, uint64_t v) {
  if (v < 0x80) {
    out->push_back(static_cast<char>(v));
    return;
  }
  char bytes[10];
  size_t n = 0;
  while (v >= 0x80) {
    bytes[n++] = static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  bytes[n++] = static_cast<char>(v);
  out->append(bytes, n);
}

// Writes `v` as a varint at `out` (room for 10 bytes); returns its end.
inline char* EncodeVarint(char* out, uint64_t v) {
  while (v >= 0x80) {
    *out++ = static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  *out++ = static_cast<char>(v);
  return out;
}

// Reads a varint from [*p, end); false if truncated or longer than 10 bytes.
inline bool GetVarint(const uint8_t** p, const uint8_t* end, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && *p < end; shift += 7) {
    const uint8_t byte = *(*p)++;
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

inline bool GetVarint32(const uint8_t** p, const uint8_t* end, uint32_t* v) {
  uint64_t wide = 0;
  if (!GetVarint(p, end, &wide) || wide > UINT32_MAX) return false;
  *v = static_cast<uint32_t>(wide);
  return true;
}

inline void PutBe32(std::string* out, uint32_t v) {
  out->push_back(static_cast<char>(v >> 24));
  out->push_back(static_cast<char>(v >> 16));
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v));
}

inline uint32_t GetBe32(const char* p) {
  const auto* u = reinterpret_cast<const uint8_t*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) |
         (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

inline std::string Be32(uint32_t v) {
  std::string s;
  PutBe32(&s, v);
  return s;
}

// The space of a term id.
inline char SpaceOf(uint32_t term_id) {
  return (term_id & 1) != 0 ? kExact : kFolded;
}

// The term id of term number n in `space`.
inline uint32_t MakeTermId(uint32_t n, char space) {
  return (n << 1) | (space == kExact ? 1u : 0u);
}

// BE32(term id): the common prefix of a term's chunk keys.
inline std::string TermPrefix(uint32_t term_id) { return Be32(term_id); }

// fts_terms key of a term's name: space + term.
inline std::string TermNameKey(char space, std::string_view term) {
  std::string s(1, space);
  s.append(term);
  return s;
}

// fts_terms key of a term's id record.
inline std::string TermIdKey(uint32_t term_id) {
  std::string s(1, kIdRecord);
  PutBe32(&s, term_id);
  return s;
}

// Reads a varint that is a whole LMDB value.
inline bool WholeVarint32(const MDB_val& v, uint32_t* out) {
  const auto* p = static_cast<const uint8_t*>(v.mv_data);
  const uint8_t* end = p + v.mv_size;
  return GetVarint32(&p, end, out) && p == end;
}

// One posting of a chunk, decoded.  `rest` is everything after the doc id
// delta (tfs and positions for kFolded, empty for kExact).
struct RawPosting {
  uint32_t doc;
  std::string_view rest;
  uint32_t title_tf;
  uint32_t body_tf;
  std::string_view positions;
};

// Decodes the part of a posting after its doc id.  False on corrupt input.
inline bool PostingRest(char space, const uint8_t** p, const uint8_t* end,
                        RawPosting* out) {
  const uint8_t* rest = *p;
  out->title_tf = 0;
  out->body_tf = 1;
  out->positions = {};
  if (space == kFolded) {
    uint32_t code = 0;
    if (!GetVarint32(p, end, &code)) return false;
    out->body_tf = code >> 2;
    out->title_tf = code & 3;
    if (out->title_tf == 3 && !GetVarint32(p, end, &out->title_tf)) {
      return false;
    }
    // Skip title tf + body tf varints without decoding them.
    uint64_t n = uint64_t{out->title_tf} + out->body_tf;
    const uint8_t* positions = *p;
    for (; n > 0; --n) {
      while (*p < end && (**p & 0x80) != 0) ++*p;
      if (*p == end) return false;
      ++*p;
    }
    out->positions = {reinterpret_cast<const char*>(positions),
                      static_cast<size_t>(*p - positions)};
  }
  out->rest = {reinterpret_cast<const char*>(rest),
               static_cast<size_t>(*p - rest)};
  return true;
}

// Decodes the posting at *p (doc ids accumulate into *doc).  False on
// corrupt input.
inline bool NextPosting(char space, const uint8_t** p, const uint8_t* end,
                        uint32_t* doc, RawPosting* out) {
  uint32_t delta = 0;
  if (!GetVarint32(p, end, &delta)) return false;
  if (UINT32_MAX - *doc < delta) return false;
  *doc += delta;
  out->doc = *doc;
  return PostingRest(space, p, end, out);
}

// Appends the kFolded posting body (everything after the doc id delta).
inline void PutFoldedRest(std::string* out, uint32_t title_tf, uint32_t body_tf,
                          std::string_view positions) {
  PutVarint(out, (uint64_t{body_tf} << 2) | std::min<uint32_t>(title_tf, 3));
  if (title_tf >= 3) PutVarint(out, title_tf);
  out->append(positions);
}

// Appends a chunk header.
inline void PutChunkHeader(std::string* out, uint32_t count, uint32_t last,
                           bool compressed) {
  PutVarint(out, (uint64_t{count} << 1) | (compressed ? 1 : 0));
  PutVarint(out, last);
}

// Reads a chunk header; *p is left at the postings.  Without `compressed`
// a compressed chunk is refused (false), as in fts_pend.
inline bool ChunkHeader(const uint8_t** p, const uint8_t* end, uint32_t* count,
                        uint32_t* last, bool* compressed = nullptr) {
  uint64_t code = 0;
  if (!GetVarint(p, end, &code) || (code >> 1) > UINT32_MAX) return false;
  *count = static_cast<uint32_t>(code >> 1);
  const bool zstd = (code & 1) != 0;
  if (compressed != nullptr) {
    *compressed = zstd;
  } else if (zstd) {
    return false;
  }
  return GetVarint32(p, end, last);
}

// A pending blob of fts_pend, parsed in place (the bytes must outlive it).
class PendBlob {
 public:
  // False if `bytes` is not a well-formed blob.
  bool Parse(std::string_view bytes) {
    if (bytes.size() < 4) return false;
    n_ = GetBe32(bytes.data());
    if (n_ > (bytes.size() - 4) / 8) return false;
    directory_ = bytes.data() + 4;
    chunks_ = bytes.substr(4 + size_t{n_} * 8);
    uint32_t previous_end = 0;
    for (uint32_t i = 0; i < n_; ++i) {
      const uint32_t end = GetBe32(directory_ + size_t{i} * 8 + 4);
      if (end < previous_end || end > chunks_.size()) return false;
      if (i > 0 && term(i) <= term(i - 1)) return false;
      previous_end = end;
    }
    return true;
  }

  uint32_t size() const { return n_; }
  uint32_t term(uint32_t i) const {
    return GetBe32(directory_ + size_t{i} * 8);
  }
  std::string_view chunk(uint32_t i) const {
    const uint32_t begin =
        i == 0 ? 0 : GetBe32(directory_ + size_t{i - 1} * 8 + 4);
    const uint32_t end = GetBe32(directory_ + size_t{i} * 8 + 4);
    return chunks_.substr(begin, end - begin);
  }
  // The index of `term_id`, or size() if the blob has no chunk for it.
  uint32_t Find(uint32_t term_id) const {
    const uint32_t i = LowerBound(term_id);
    return i < n_ && term(i) == term_id ? i : n_;
  }
  // The index of the first term >= `term_id` (size() if none).
  uint32_t LowerBound(uint32_t term_id) const {
    uint32_t lo = 0, hi = n_;
    while (lo < hi) {
      const uint32_t mid = lo + (hi - lo) / 2;
      if (term(mid) < term_id) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

 private:
  uint32_t n_ = 0;
  const char* directory_ = nullptr;
  std::string_view chunks_;
};

// Builds a pending blob from chunks added in ascending term id order.
class PendBlobBuilder {
 public:
  void Add(uint32_t term_id, uint32_t count, uint32_t last,
           std::string_view postings) {
    PutBe32(&directory_, term_id);
    PutChunkHeader(&chunks_, count, last, false);
    chunks_.append(postings);
    PutBe32(&directory_, static_cast<uint32_t>(chunks_.size()));
    ++n_;
  }
  bool empty() const { return n_ == 0; }
  std::string Finish() const {
    std::string blob;
    blob.reserve(4 + directory_.size() + chunks_.size());
    PutBe32(&blob, n_);
    blob.append(directory_);
    blob.append(chunks_);
    return blob;
  }

 private:
  uint32_t n_ = 0;
  std::string directory_;
  std::string chunks_;
};

// Counters in fts_meta (native-endian uint64).
inline uint64_t MetaNumber(MDB_txn* txn, MDB_dbi dbi, std::string_view name,
                           uint64_t fallback) {
  MDB_val k = Val(name), v;
  if (mdb_get(txn, dbi, &k, &v) != 0 || v.mv_size != sizeof(uint64_t)) {
    return fallback;
  }
  uint64_t n;
  std::memcpy(&n, v.mv_data, sizeof n);
  return n;
}

// The fts_pend merge in progress (fts_meta "merge_end", "merge_term").
struct MergeState {
  uint32_t end = 0;   // 0: none; else the blobs with keys < end
  uint32_t term = 0;  // terms < term are merged

  // Readers of term `term_id` skip the blobs with keys below this.
  uint32_t SkipBelow(uint32_t term_id) const {
    return end != 0 && term_id < term ? end : 0;
  }
};

inline MergeState ReadMergeState(MDB_txn* txn, MDB_dbi meta) {
  MergeState state;
  const uint64_t end = MetaNumber(txn, meta, "merge_end", 0);
  const uint64_t term = MetaNumber(txn, meta, "merge_term", 0);
  if (end <= UINT32_MAX && term <= UINT32_MAX) {
    state.end = static_cast<uint32_t>(end);
    state.term = static_cast<uint32_t>(term);
  }
  return state;
}

inline Status PutMetaNumber(MDB_txn* txn, MDB_dbi dbi, std::string_view name,
                            uint64_t n) {
  MDB_val k = Val(name);
  MDB_val v{sizeof n, &n};
  return LmdbError("search index meta", mdb_put(txn, dbi, &k, &v, 0));
}

}  // namespace newscrawl::fts

#endif  // NEWSCRAWL_STORE_SEARCH_INDEX_FORMAT_H_
