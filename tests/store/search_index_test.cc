#include "store/search_index.h"

#include <doctest/doctest.h>
#include <lmdb.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/article_tokens.h"
#include "store/search_index_writer.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

// (Not "d" + std::to_string(i): GCC 12 warns -Wrestrict on that.)
std::string Key(const char* prefix, int n) {
  std::string key(prefix);
  key += std::to_string(n);
  return key;
}

SearchRequest Q(std::string query, size_t limit = 20) {
  SearchRequest request;
  request.query = std::move(query);
  request.limit = limit;
  return request;
}

// A real LMDB environment in a TempDir with the index opened.
class IndexFixture {
 public:
  IndexFixture() { Open(); }
  ~IndexFixture() { Close(); }

  void Open() {
    REQUIRE(mdb_env_create(&env_) == 0);
    REQUIRE(mdb_env_set_maxdbs(env_, 16) == 0);
    REQUIRE(mdb_env_set_mapsize(env_, size_t{1} << 30) == 0);
    REQUIRE(mdb_env_open(env_, dir_.path().c_str(), 0, 0644) == 0);
    MDB_txn* txn = Begin(false);
    auto index = SearchIndex::Open(txn);
    REQUIRE(index.ok());
    index_ = std::move(*index);
    REQUIRE(mdb_dbi_open(txn, "articles", MDB_CREATE, &articles_) == 0);
    REQUIRE(mdb_txn_commit(txn) == 0);
  }
  void Close() {
    index_.reset();
    if (env_ != nullptr) mdb_env_close(env_);
    env_ = nullptr;
  }

  MDB_txn* Begin(bool read_only) {
    MDB_txn* txn = nullptr;
    REQUIRE(mdb_txn_begin(env_, nullptr, read_only ? MDB_RDONLY : 0, &txn) ==
            0);
    return txn;
  }

  void Put(const std::string& key, const std::string& title,
           const std::string& body, const std::string& site = "laodong",
           int64_t published = 1700000000) {
    MDB_txn* txn = Begin(false);
    REQUIRE(
        index_->IndexArticle(txn, key, {title, body, site, published}).ok());
    REQUIRE(mdb_txn_commit(txn) == 0);
  }
  void Remove(const std::string& key) {
    MDB_txn* txn = Begin(false);
    REQUIRE(index_->RemoveArticle(txn, key).ok());
    REQUIRE(mdb_txn_commit(txn) == 0);
  }

  SearchResult Search(SearchRequest request) {
    MDB_txn* txn = Begin(true);
    auto result = index_->Search(txn, request);
    mdb_txn_abort(txn);
    REQUIRE(result.ok());
    return std::move(*result);
  }
  std::vector<std::string> Keys(const std::string& query) {
    std::vector<std::string> keys;
    for (const SearchHit& hit : Search(Q(query, 10000)).hits) {
      keys.push_back(hit.article_key);
    }
    return keys;
  }
  std::set<std::string> KeySet(const std::string& query) {
    auto keys = Keys(query);
    return {keys.begin(), keys.end()};
  }
  void Purge() {
    MDB_txn* txn = Begin(false);
    REQUIRE(index_->Purge(txn).ok());
    REQUIRE(mdb_txn_commit(txn) == 0);
  }
  // Postings in fts_post (the chunk headers' counts) and in fts_pend.
  size_t Postings() {
    MDB_txn* txn = Begin(true);
    size_t n = 0;
    for (const char* name : {"fts_post", "fts_pend"}) {
      MDB_dbi dbi;
      REQUIRE(mdb_dbi_open(txn, name, 0, &dbi) == 0);
      MDB_cursor* cursor = nullptr;
      REQUIRE(mdb_cursor_open(txn, dbi, &cursor) == 0);
      MDB_val k, v;
      while (mdb_cursor_get(cursor, &k, &v, MDB_NEXT) == 0) {
        const auto* p = static_cast<const unsigned char*>(v.mv_data);
        if (std::string_view(name) == "fts_pend") {
          n += PendPostings(p, v.mv_size);
        } else {
          n += Varint(p) >> 1;  // count << 1 | compressed
        }
      }
      mdb_cursor_close(cursor);
    }
    mdb_txn_abort(txn);
    return n;
  }
  static uint64_t Varint(const unsigned char* p) {
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7, ++p) {
      v |= uint64_t{*p & 0x7fu} << shift;
      if ((*p & 0x80) == 0) return v;
    }
  }
  // A pending blob: BE32(n), n x (BE32 term, BE32 end), then n chunks.
  static size_t PendPostings(const unsigned char* p, size_t size) {
    auto be32 = [](const unsigned char* q) {
      return (uint32_t{q[0]} << 24) | (uint32_t{q[1]} << 16) |
             (uint32_t{q[2]} << 8) | q[3];
    };
    const uint32_t terms = be32(p);
    const unsigned char* chunks = p + 4 + 8 * size_t{terms};
    size_t n = 0, begin = 0;
    for (uint32_t i = 0; i < terms; ++i) {
      const uint32_t end = be32(p + 4 + 8 * size_t{i} + 4);
      REQUIRE(end <= size);
      n += Varint(chunks + begin) >> 1;
      begin = end;
    }
    return n;
  }
  // fts_meta "merge_end" and "merge_term": the fts_pend merge in progress
  // (merge_end 0: none).
  std::pair<uint64_t, uint64_t> MergeState() {
    MDB_txn* txn = Begin(true);
    MDB_dbi meta;
    REQUIRE(mdb_dbi_open(txn, "fts_meta", 0, &meta) == 0);
    uint64_t values[2] = {0, 0};
    const char* names[2] = {"merge_end", "merge_term"};
    for (int i = 0; i < 2; ++i) {
      MDB_val k{std::strlen(names[i]), const_cast<char*>(names[i])}, v;
      if (mdb_get(txn, meta, &k, &v) == 0) {
        REQUIRE(v.mv_size == sizeof(uint64_t));
        std::memcpy(&values[i], v.mv_data, sizeof(uint64_t));
      }
    }
    mdb_txn_abort(txn);
    return {values[0], values[1]};
  }
  size_t PendBlobs() {
    MDB_txn* txn = Begin(true);
    MDB_dbi pend;
    REQUIRE(mdb_dbi_open(txn, "fts_pend", 0, &pend) == 0);
    MDB_stat st;
    REQUIRE(mdb_stat(txn, pend, &st) == 0);
    mdb_txn_abort(txn);
    return st.ms_entries;
  }
  SearchIndexStats Stats() {
    MDB_txn* txn = Begin(true);
    auto stats = index_->Stats(txn);
    mdb_txn_abort(txn);
    REQUIRE(stats.ok());
    return *stats;
  }

  testing::TempDir dir_;
  MDB_env* env_ = nullptr;
  MDB_dbi articles_ = 0;
  std::unique_ptr<SearchIndex> index_;
};

using Keys = std::vector<std::string>;
using KeySet = std::set<std::string>;

TEST_CASE("Diacritic-free queries find accented text") {
  IndexFixture f;
  f.Put("a1", "Công đoàn Hà Đông tổ chức hội nghị người lao động",
        "Sáng nay, Công đoàn quận Hà Đông đã tổ chức hội nghị với hơn 200 "
        "đoàn viên.");
  f.Put("a2", "Giá vàng hôm nay tăng mạnh",
        "Thị trường vàng trong nước biến động, công nhân lo lắng.");
  CHECK(f.Keys("cong doan ha dong") == Keys{"a1"});
  CHECK(f.Keys("Công đoàn Hà Đông") == Keys{"a1"});
  CHECK(f.Keys("CÔNG ĐOÀN") == Keys{"a1"});
  CHECK(f.KeySet("cong") == KeySet{"a1", "a2"});  // công đoàn, công nhân
  CHECK(f.Keys("200") == Keys{"a1"});
  CHECK(f.Keys("vang tang").size() == 1);
  CHECK(f.Keys("vàng hội").empty());  // ANDed
  CHECK(f.Keys("xyzzy").empty());
  CHECK(f.Search(Q("cong doan")).matched == 1);
  MDB_txn* txn = f.Begin(true);
  CHECK(f.index_->Search(txn, Q(" ,. ")).status().IsInvalidArgument());
  mdb_txn_abort(txn);
}

TEST_CASE("A query with diacritics ranks exact forms first") {
  IndexFixture f;
  // Same folded words, different marks; b1 is newer and has the words more
  // often, so only the exact-form preference can put a1 first.
  f.Put("b1", "Hoa hồng bình dị", "Hoa và bình hoa, hoa bình thường.", "x",
        1800000000);
  f.Put("a1", "Hòa bình", "Khu phố hòa bình.", "x", 1600000000);
  CHECK(f.Keys("hòa bình") == Keys{"a1", "b1"});
  const auto plain = f.Search(Q("hoa binh"));
  CHECK(plain.matched == 2);
  CHECK(plain.hits[0].exact_terms == 0);
  const auto marked = f.Search(Q("hòa bình"));
  CHECK(marked.hits[0].exact_terms == 2);
  CHECK(marked.hits[1].exact_terms == 1);  // b1 has "bình" only
}

TEST_CASE("Quoted phrases match terms in order") {
  IndexFixture f;
  f.Put("p1", "Tin tức", "Người lao động Hà Nội nhận thưởng Tết.");
  f.Put("p2", "Tin tức", "Hà Nội có nhiều người động viên lao công.");
  f.Put("p3", "Lao", "Động lực mới.");  // title then body: no phrase
  CHECK(f.KeySet("lao dong") == KeySet{"p1", "p2", "p3"});
  CHECK(f.Keys("\"lao động\"") == Keys{"p1"});
  CHECK(f.Keys("\"lao dong\" \"ha noi\"") == Keys{"p1"});
  CHECK(f.Keys("\"noi lao\"").empty());
  CHECK(f.Keys("\"người lao động hà nội nhận\"") == Keys{"p1"});
  CHECK(f.Keys("thưởng \"lao động") == Keys{"p1"});  // unbalanced quote
}

TEST_CASE("Site and date filters") {
  IndexFixture f;
  f.Put("s1", "Hội nghị công đoàn", "Nội dung một", "laodongthudo", 1000);
  f.Put("s2", "Hội nghị công đoàn", "Nội dung hai", "congdoan", 2000);
  f.Put("s3", "Hội nghị công đoàn", "Nội dung ba", "congdoan", 3000);
  CHECK(f.Keys("hoi nghi") == Keys{"s3", "s2", "s1"});  // recency tie-break
  SearchRequest r = Q("hoi nghi");
  r.sites = {"congdoan"};
  CHECK(f.Search(r).hits.size() == 2);
  r.sites = {"nosuchsite"};
  CHECK(f.Search(r).hits.empty());
  r.sites = {"laodongthudo", "congdoan"};
  r.since = 1500;
  r.until = 2500;
  const auto result = f.Search(r);
  REQUIRE(result.hits.size() == 1);
  CHECK(result.hits[0].article_key == "s2");
  CHECK(result.hits[0].published == 2000);
  CHECK(f.Search(Q("hoi nghi", 1)).hits.size() == 1);
  CHECK(f.Search(Q("hoi nghi", 1)).matched == 3);
}

TEST_CASE("Removal leaves no postings; edits replace the old version") {
  IndexFixture f;
  f.Put("k1", "Bài cũ", "Nội dung phiên bản cũ về bảo hiểm xã hội.");
  f.Put("k2", "Bài khác", "Lương tối thiểu vùng tăng.");
  CHECK(f.Keys("phien ban") == Keys{"k1"});
  f.Put("k1", "Bài mới", "Nội dung phiên bản mới về nghỉ phép năm.");
  CHECK(f.Keys("cu").empty());
  CHECK(f.Keys("bao hiem").empty());
  CHECK(f.Keys("phien ban moi") == Keys{"k1"});
  CHECK(f.Stats().documents == 2);
  f.Remove("k1");
  f.Remove("k1");  // again: nothing to do
  f.Remove("missing");
  CHECK(f.Keys("phien ban").empty());
  f.Remove("k2");
  CHECK(f.Stats().tombstones == 3);  // the first k1, k1 and k2
  f.Purge();
  const SearchIndexStats stats = f.Stats();
  CHECK(stats.documents == 0);
  CHECK(stats.tokens == 0);
  CHECK(stats.chunks == 0);
  CHECK(stats.tombstones == 0);
  MDB_txn* txn = f.Begin(true);
  MDB_dbi pend;
  REQUIRE(mdb_dbi_open(txn, "fts_pend", 0, &pend) == 0);
  MDB_stat st;
  REQUIRE(mdb_stat(txn, pend, &st) == 0);
  CHECK(st.ms_entries == 0);
  // The dictionary keeps its terms, each folded term with no documents
  // ('#' + BE32(id) -> varint count; even ids are folded terms).
  MDB_dbi terms;
  REQUIRE(mdb_dbi_open(txn, "fts_terms", 0, &terms) == 0);
  MDB_cursor* cursor = nullptr;
  REQUIRE(mdb_cursor_open(txn, terms, &cursor) == 0);
  MDB_val k, v;
  size_t folded = 0;
  while (mdb_cursor_get(cursor, &k, &v, MDB_NEXT) == 0) {
    const std::string key(static_cast<const char*>(k.mv_data), k.mv_size);
    if (key.size() != 5 || key[0] != '#' || (key[4] & 1) != 0) continue;
    ++folded;
    CHECK(std::string(static_cast<const char*>(v.mv_data), v.mv_size) ==
          std::string(1, '\0'));
  }
  mdb_cursor_close(cursor);
  CHECK(folded > 10);
  auto contains = f.index_->Contains(txn, "k2");
  mdb_txn_abort(txn);
  REQUIRE(contains.ok());
  CHECK_FALSE(*contains);
}

TEST_CASE("Long posting lists span chunks; batches and removals agree") {
  IndexFixture f;
  const std::vector<std::string> words = {"hà",  "nội",  "công", "đoàn",
                                          "lao", "động", "việc", "làm"};
  auto body_of = [&](int i) {
    std::string body = "tin " + words[static_cast<size_t>(i) % words.size()];
    if (i % 7 == 0) body += " hiếm";
    if (i % 3 == 0) body += " " + words[static_cast<size_t>(i / 3) % 8];
    return body;
  };
  const int kDocs = 5000;  // past kMergeDocs: straight into chunks
  MDB_txn* txn = f.Begin(false);
  {
    SearchIndexWriter writer(*f.index_, txn);
    for (int i = 0; i < kDocs; ++i) {
      REQUIRE(writer.Put(Key("d", i), {"", body_of(i), "s", i}).ok());
    }
    // Re-put of a document still buffered in this writer.
    REQUIRE(writer.Put("d5", {"", body_of(5) + " sửa", "s", 5}).ok());
    REQUIRE(writer.Finish().ok());
  }
  REQUIRE(mdb_txn_commit(txn) == 0);
  CHECK(f.Stats().chunks > 10);  // long lists span several chunks
  CHECK(f.Search(Q("tin")).matched == kDocs);
  CHECK(f.Keys("sua") == Keys{"d5"});
  // Remove every other document in one transaction.
  txn = f.Begin(false);
  {
    SearchIndexWriter writer(*f.index_, txn);
    for (int i = 0; i < kDocs; i += 2) {
      REQUIRE(writer.Remove(Key("d", i)).ok());
    }
    REQUIRE(writer.Finish().ok());
  }
  REQUIRE(mdb_txn_commit(txn) == 0);
  // Brute force: odd docs containing both "hiếm" and "hà".
  std::set<std::string> expected;
  for (int i = 1; i < kDocs; i += 2) {
    const std::string body = body_of(i);
    if (body.find("hiếm") != std::string::npos &&
        body.find("nội") != std::string::npos) {
      expected.insert(Key("d", i));
    }
  }
  REQUIRE(!expected.empty());
  auto result = f.Search(Q("hiem noi", 10000));
  std::set<std::string> got;
  for (const auto& hit : result.hits) got.insert(hit.article_key);
  CHECK(got == expected);
  CHECK(f.Search(Q("tin")).matched == kDocs / 2);
}

TEST_CASE("One article per transaction: pending postings merge into chunks") {
  IndexFixture f;
  const std::vector<std::string> words = {"phường", "xã",    "huyện", "tỉnh",
                                          "quận",   "thành", "phố",   "làng"};
  std::map<std::string, std::string> model;  // key -> body
  auto put = [&](int i, int version) {
    std::string body = "bài " + words[static_cast<size_t>(i) % 8] + " " +
                       words[static_cast<size_t>(i / 8 + version) % 8];
    f.Put(Key("n", i), "", body, "s", i);
    model[Key("n", i)] = body;
  };
  for (int i = 0; i < 700; ++i) put(i, 0);  // crosses kMergeDocs once
  for (int i = 0; i < 700; i += 5) {        // chunks and fts_pend alike
    f.Remove(Key("n", i));
    model.erase(Key("n", i));
  }
  for (int i = 1; i < 700; i += 7) put(i, 3);  // edits
  for (const std::string& a : words) {
    for (const std::string& b : {std::string("xã"), std::string("phố")}) {
      std::set<std::string> expected;
      for (const auto& [key, body] : model) {
        if (body.find(" " + a) != std::string::npos &&
            body.find(" " + b) != std::string::npos) {
          expected.insert(key);
        }
      }
      auto result = f.Search(Q(a + " " + b, 10000));
      std::set<std::string> got;
      for (const auto& hit : result.hits) got.insert(hit.article_key);
      CHECK(got == expected);
    }
  }
  CHECK(f.Stats().documents == model.size());
  CHECK(f.Search(Q("bai")).matched == model.size());
}

TEST_CASE("Chunks past a page are compressed; a corrupt one gives Corruption") {
  IndexFixture f;
  const std::vector<std::string> words = {"hà", "nội", "công", "đoàn"};
  const int kDocs = 6000;  // past kMergeDocs
  MDB_txn* txn = f.Begin(false);
  {
    SearchIndexWriter writer(*f.index_, txn);
    for (int i = 0; i < kDocs; ++i) {
      const std::string body =
          "tin " + words[static_cast<size_t>(i) % 4] + " tin mới tin";
      REQUIRE(writer.Put(Key("z", i), {"", body, "s", i}).ok());
    }
    REQUIRE(writer.Finish().ok());
  }
  REQUIRE(mdb_txn_commit(txn) == 0);
  // Positions and counts survive compression.
  CHECK(f.Search(Q("\"tin ha\"", 10000)).matched == kDocs / 4);
  CHECK(f.Search(Q("\"moi tin\"", 10000)).matched == kDocs);
  CHECK(f.Search(Q("\"ha tin\"", 10000)).matched == kDocs / 4);
  CHECK(f.Search(Q("\"tin tin\"", 10000)).matched == 0);

  // The compressed chunks (header varint: count << 1 | 1).
  auto compressed_chunks = [&](MDB_txn* in) {
    MDB_dbi post;
    REQUIRE(mdb_dbi_open(in, "fts_post", 0, &post) == 0);
    MDB_cursor* cursor = nullptr;
    REQUIRE(mdb_cursor_open(in, post, &cursor) == 0);
    MDB_val k, v;
    std::map<std::string, std::string> chunks;
    while (mdb_cursor_get(cursor, &k, &v, MDB_NEXT) == 0) {
      if ((static_cast<const uint8_t*>(v.mv_data)[0] & 1) == 0) continue;
      chunks[std::string(static_cast<const char*>(k.mv_data), k.mv_size)] =
          std::string(static_cast<const char*>(v.mv_data), v.mv_size);
    }
    mdb_cursor_close(cursor);
    return chunks;
  };
  // Garbage in place of the zstd frames (in a transaction not kept).
  txn = f.Begin(false);
  auto chunks = compressed_chunks(txn);
  REQUIRE(!chunks.empty());
  MDB_dbi post;
  REQUIRE(mdb_dbi_open(txn, "fts_post", 0, &post) == 0);
  for (auto& [key, value] : chunks) {
    for (size_t i = 4; i < value.size(); ++i) {
      value[i] = static_cast<char>(i * 7);
    }
    MDB_val k{key.size(), const_cast<char*>(key.data())};
    MDB_val v{value.size(), value.data()};
    REQUIRE(mdb_put(txn, post, &k, &v, 0) == 0);
  }
  auto result = f.index_->Search(txn, Q("tin", 10000));
  CHECK(result.status().IsCorruption());
  REQUIRE(f.index_->RemoveArticle(txn, Key("z", 1)).ok());
  const Status purged = f.index_->Purge(txn);
  mdb_txn_abort(txn);
  CHECK(purged.IsCorruption());

  txn = f.Begin(false);
  // A purge rewrites compressed chunks.
  for (int i = 0; i < kDocs; i += 3) {
    REQUIRE(f.index_->RemoveArticle(txn, Key("z", i)).ok());
  }
  REQUIRE(f.index_->Purge(txn).ok());
  REQUIRE(mdb_txn_commit(txn) == 0);
  const size_t left = kDocs - (kDocs + 2) / 3;
  CHECK(f.Search(Q("tin", 10000)).matched == left);
  CHECK(f.Search(Q("\"moi tin\"", 10000)).matched == left);
}

TEST_CASE("Term ids given out in an aborted transaction are not reused") {
  IndexFixture f;
  f.Put("a1", "", "alpha");
  MDB_txn* txn = f.Begin(false);
  REQUIRE(f.index_->IndexArticle(txn, "a2", {"", "beta gamma", "s", 1}).ok());
  mdb_txn_abort(txn);  // the ids of beta and gamma are given out again
  f.Put("a3", "", "delta epsilon");
  f.Put("a4", "", "beta");
  CHECK(f.Keys("delta") == Keys{"a3"});
  CHECK(f.Keys("beta") == Keys{"a4"});
  CHECK(f.Keys("gamma").empty());
  f.Remove("a4");
  CHECK(f.Keys("delta") == Keys{"a3"});
  CHECK(f.Keys("beta").empty());
  // A second index object on the same store (as reindex has) sees the
  // first one's terms.
  MDB_txn* other_txn = f.Begin(false);
  auto other = SearchIndex::Open(other_txn);
  REQUIRE(other.ok());
  REQUIRE((*other)->IndexArticle(other_txn, "b1", {"", "zeta alpha", "s", 1})
              .ok());
  REQUIRE(mdb_txn_commit(other_txn) == 0);
  f.Put("a5", "", "eta zeta");
  CHECK(f.KeySet("zeta") == KeySet{"b1", "a5"});
  CHECK(f.KeySet("alpha") == KeySet{"a1", "b1"});
  CHECK(f.Keys("eta") == Keys{"a5"});
}

TEST_CASE("A corrupt doc id or tombstone gives Corruption") {
  IndexFixture f;
  f.Put("c1", "Tiêu đề", "Nội dung bài viết về công đoàn.");
  MDB_txn* txn = f.Begin(false);
  MDB_dbi keys;
  REQUIRE(mdb_dbi_open(txn, "fts_keys", 0, &keys) == 0);
  MDB_val k{2, const_cast<char*>("c1")};
  MDB_val v{3, const_cast<char*>("\0\0\1")};
  REQUIRE(mdb_put(txn, keys, &k, &v, 0) == 0);
  CHECK(f.index_->RemoveArticle(txn, "c1").IsCorruption());
  mdb_txn_abort(txn);

  txn = f.Begin(false);
  MDB_dbi dead;
  REQUIRE(mdb_dbi_open(txn, "fts_dead", 0, &dead) == 0);
  MDB_val bad{3, const_cast<char*>("\0\0\1")};
  MDB_val none{0, nullptr};
  REQUIRE(mdb_put(txn, dead, &bad, &none, 0) == 0);
  CHECK(f.index_->Purge(txn).IsCorruption());
  mdb_txn_abort(txn);
  CHECK(f.Keys("cong doan") == Keys{"c1"});
}

TEST_CASE("Removal is a tombstone; a purge drops its postings") {
  IndexFixture f;
  const std::vector<std::string> words = {"hà", "nội", "công", "đoàn", "lao"};
  auto body_of = [&](int i, const char* extra) {
    return "tin " + words[static_cast<size_t>(i) % words.size()] + " " + extra;
  };
  const int kDocs = 300;
  MDB_txn* txn = f.Begin(false);
  {
    SearchIndexWriter writer(*f.index_, txn);
    for (int i = 0; i < kDocs; ++i) {
      REQUIRE(writer.Put(Key("d", i), {"", body_of(i, "cũ"), "s", i}).ok());
    }
    REQUIRE(writer.Finish().ok());
  }
  REQUIRE(mdb_txn_commit(txn) == 0);
  f.Purge();  // fts_pend into the chunks
  const size_t postings = f.Postings();
  const uint64_t chunks = f.Stats().chunks;
  CHECK(chunks > 0);
  CHECK(f.Search(Q("tin")).matched == kDocs);

  // Removed documents vanish from queries at once; their postings stay.
  for (int i = 0; i < 50; ++i) f.Remove(Key("d", i));
  SearchIndexStats stats = f.Stats();
  CHECK(stats.tombstones == 50);
  CHECK(stats.documents == kDocs - 50);
  CHECK(stats.chunks == chunks);
  CHECK(f.Postings() == postings);
  CHECK(f.Search(Q("tin", 1000)).matched == kDocs - 50);
  // "tin" has more postings than there are documents: scores stay > 0.
  CHECK(f.Search(Q("tin", 1)).hits.at(0).score > 0);
  const std::set<std::string> live = f.KeySet("tin cu");
  CHECK(live.size() == kDocs - 50);
  for (int i = 0; i < 50; ++i) CHECK(live.count(Key("d", i)) == 0);

  // The same key again: only its new version is found, once.
  f.Put("d0", "", body_of(0, "mới"));
  CHECK(f.Keys("moi") == Keys{"d0"});
  CHECK(f.Search(Q("tin", 1000)).matched == kDocs - 49);
  CHECK(f.KeySet("tin cu").count("d0") == 0);
  // An edit of a live document: its old version is a tombstone.
  f.Put("d60", "", body_of(60, "sửa"));
  CHECK(f.Keys("sua") == Keys{"d60"});
  CHECK(f.KeySet("tin cu").count("d60") == 0);
  CHECK(f.Stats().tombstones == 51);

  // A purge merges fts_pend (without removed documents) and rewrites the
  // chunks: same answers, fewer postings, no tombstones.
  const std::set<std::string> before = f.KeySet("tin");
  f.Purge();
  stats = f.Stats();
  CHECK(stats.tombstones == 0);
  CHECK(stats.documents == kDocs - 49);
  CHECK(f.KeySet("tin") == before);
  CHECK(f.Keys("moi") == Keys{"d0"});
  CHECK(f.Postings() < postings);
  // Exactly the postings of an index of the live documents alone.
  IndexFixture fresh;
  txn = fresh.Begin(false);
  {
    SearchIndexWriter writer(*fresh.index_, txn);
    for (int i = 50; i < kDocs; ++i) {
      REQUIRE(writer.Put(Key("d", i), {"", body_of(i, i == 60 ? "sửa" : "cũ"),
                                       "s", i}).ok());
    }
    REQUIRE(writer.Put("d0", {"", body_of(0, "mới"), "s", 0}).ok());
    REQUIRE(writer.Finish().ok());
  }
  REQUIRE(mdb_txn_commit(txn) == 0);
  fresh.Purge();
  CHECK(f.Postings() == fresh.Postings());

  // Removed while pending: never reaches the chunks.
  f.Put("p1", "", "tin riêng một");
  f.Put("p2", "", "tin riêng hai");
  f.Remove("p1");
  CHECK(f.Keys("rieng") == Keys{"p2"});
  const size_t with_pending = f.Postings();
  f.Purge();
  CHECK(f.Postings() == with_pending - 5);  // tin, rieng, mot, riêng, một
  CHECK(f.Keys("rieng") == Keys{"p2"});
}

TEST_CASE("Tokens made ahead index exactly as the writer's own") {
  IndexFixture own;
  IndexFixture ahead;
  const std::string title = "Công đoàn Hà Nội chăm lo Tết cho người lao động";
  std::string body;
  for (int i = 0; i < 40; ++i) {
    body += "Đoàn viên số " + std::to_string(i) + " nhận quà, lương tăng. ";
  }
  own.Put("t1", title, body);
  ArticleTokens tokens;
  REQUIRE(TokenizeArticle(title, body, &tokens).ok());
  REQUIRE(tokens.ready);
  CHECK(tokens.body.size() > 200);
  MDB_txn* txn = ahead.Begin(false);
  IndexedArticle article{title, body, "laodong", 1700000000};
  article.tokens = &tokens;
  REQUIRE(ahead.index_->IndexArticle(txn, "t1", article).ok());
  REQUIRE(mdb_txn_commit(txn) == 0);
  CHECK(ahead.Postings() == own.Postings());
  CHECK(ahead.Stats().tokens == own.Stats().tokens);
  for (const char* query : {"cong doan", "\"luong tang\"", "tết", "so 39"}) {
    const SearchResult a = ahead.Search(Q(query));
    const SearchResult b = own.Search(Q(query));
    REQUIRE(a.hits.size() == 1);
    REQUIRE(b.hits.size() == 1);
    CHECK(a.hits[0].score == b.hits[0].score);
    CHECK(a.hits[0].exact_terms == b.hits[0].exact_terms);
  }
  // Tokens not ready are ignored: the writer tokenizes.
  ArticleTokens unready;
  IndexedArticle other{"Tiêu đề", "Nội dung riêng", "laodong", 1};
  other.tokens = &unready;
  txn = ahead.Begin(false);
  REQUIRE(ahead.index_->IndexArticle(txn, "t2", other).ok());
  REQUIRE(mdb_txn_commit(txn) == 0);
  CHECK(ahead.Keys("noi dung rieng") == Keys{"t2"});
}

TEST_CASE("Repeated edits: purges keep the index bounded") {
  IndexFixture f;
  const int kKeys = 20;
  auto version = [](int round) { return "phiên" + std::to_string(round); };
  size_t most = 0;
  for (int round = 0; round < 60; ++round) {
    MDB_txn* txn = f.Begin(false);
    {
      SearchIndexWriter writer(*f.index_, txn);
      for (int i = 0; i < kKeys; ++i) {
        const std::string body =
            "bản tin " + version(round) + " số " + std::to_string(i);
        REQUIRE(writer.Put(Key("e", i), {"", body, "s", round}).ok());
      }
      REQUIRE(writer.Finish().ok());
    }
    REQUIRE(mdb_txn_commit(txn) == 0);
    const SearchIndexStats stats = f.Stats();
    CHECK(stats.documents == kKeys);
    // Purged once they reach kPurgeMinDead (256): 1180 removals in all.
    CHECK(stats.tombstones < 256 + kKeys);
    most = std::max(most, f.Postings());
    CHECK(f.Search(Q("ban tin", 100)).matched == kKeys);
    CHECK(f.Search(Q(version(round), 100)).matched == kKeys);
    if (round > 0) CHECK(f.Search(Q(version(round - 1), 100)).hits.empty());
  }
  // At most (live + tombstoned) documents' postings, 8 terms each.
  CHECK(most <= (kKeys + 256 + kKeys) * 8);
}

TEST_CASE("An index of another format is refused; reindex rebuilds it") {
  IndexFixture f;
  f.Put("o1", "", "old format");
  MDB_txn* txn = f.Begin(false);
  MDB_dbi meta;
  REQUIRE(mdb_dbi_open(txn, "fts_meta", 0, &meta) == 0);
  uint64_t old_version = 1;
  MDB_val k{7, const_cast<char*>("version")};
  MDB_val v{sizeof old_version, &old_version};
  REQUIRE(mdb_put(txn, meta, &k, &v, 0) == 0);
  REQUIRE(mdb_txn_commit(txn) == 0);

  txn = f.Begin(false);
  auto refused = SearchIndex::Open(txn);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().IsUnsupported());
  CHECK(refused.status().message().find("reindex") != std::string::npos);
  CHECK(f.index_->Attach(txn).IsUnsupported());
  auto rebuilt = SearchIndex::OpenForRebuild(txn);
  REQUIRE(rebuilt.ok());
  auto stats = (*rebuilt)->Stats(txn);
  REQUIRE(stats.ok());
  CHECK(stats->documents == 0);
  REQUIRE((*rebuilt)->IndexArticle(txn, "o1", {"", "new format", "s", 1}).ok());
  REQUIRE(mdb_txn_commit(txn) == 0);
  f.index_ = std::move(*rebuilt);
  CHECK(f.Keys("format") == Keys{"o1"});
  CHECK(f.Keys("old").empty());
}

// Format 3 is format 4 without merges spread over transactions: a format-4
// build reads it as it is and marks it 4 on its first write, after which a
// format-3 build (which would read a part-merged term twice) refuses it.
TEST_CASE("A format-3 index is read as it is and upgraded on its first write") {
  IndexFixture f;
  f.Put("o1", "", "chuyen muc cong doan");
  const auto set_version = [&](uint64_t version) {
    MDB_txn* txn = f.Begin(false);
    MDB_dbi meta;
    REQUIRE(mdb_dbi_open(txn, "fts_meta", 0, &meta) == 0);
    MDB_val k{7, const_cast<char*>("version")};
    MDB_val v{sizeof version, &version};
    REQUIRE(mdb_put(txn, meta, &k, &v, 0) == 0);
    REQUIRE(mdb_txn_commit(txn) == 0);
  };
  const auto stored_version = [&]() {
    MDB_txn* txn = f.Begin(true);
    MDB_dbi meta;
    REQUIRE(mdb_dbi_open(txn, "fts_meta", 0, &meta) == 0);
    MDB_val k{7, const_cast<char*>("version")};
    MDB_val v;
    uint64_t version = 0;
    if (mdb_get(txn, meta, &k, &v) == 0 && v.mv_size == sizeof version) {
      std::memcpy(&version, v.mv_data, sizeof version);
    }
    mdb_txn_abort(txn);
    return version;
  };
  set_version(3);

  MDB_txn* txn = f.Begin(true);
  auto reader = SearchIndex::Open(txn, false);
  REQUIRE(reader.ok());
  mdb_txn_abort(txn);
  CHECK(stored_version() == 3);  // reading writes nothing

  txn = f.Begin(false);
  auto writer = SearchIndex::Open(txn);
  REQUIRE(writer.ok());
  REQUIRE((*writer)->IndexArticle(txn, "o2", {"", "cong doan moi", "s", 1})
              .ok());
  REQUIRE(mdb_txn_commit(txn) == 0);
  CHECK(stored_version() == 4);
  CHECK(f.KeySet("doan") == std::set<std::string>{"o1", "o2"});

  set_version(5);  // a newer build's index
  txn = f.Begin(true);
  auto refused = SearchIndex::Open(txn, false);
  mdb_txn_abort(txn);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().IsUnsupported());
}

TEST_CASE("A killed writer leaves articles and index consistent") {
  IndexFixture f;
  f.Close();
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Child: store and index articles until killed.
    MDB_env* env = nullptr;
    if (mdb_env_create(&env) != 0 || mdb_env_set_maxdbs(env, 16) != 0 ||
        mdb_env_set_mapsize(env, size_t{1} << 30) != 0 ||
        mdb_env_open(env, f.dir_.path().c_str(), 0, 0644) != 0) {
      _exit(2);
    }
    MDB_txn* txn = nullptr;
    mdb_txn_begin(env, nullptr, 0, &txn);
    auto index = SearchIndex::Open(txn);
    MDB_dbi articles;
    mdb_dbi_open(txn, "articles", MDB_CREATE, &articles);
    if (!index.ok() || mdb_txn_commit(txn) != 0) _exit(3);
    for (int i = 0;; ++i) {
      mdb_txn_begin(env, nullptr, 0, &txn);
      SearchIndexWriter writer(**index, txn);
      for (int j = 0; j < 20; ++j) {
        std::string key = Key("k", (i * 20 + j) % 500);
        std::string body = "Người lao động số " + std::to_string(i * 20 + j);
        MDB_val k{key.size(), key.data()}, v{body.size(), body.data()};
        if ((i + j) % 5 == 0) {
          mdb_del(txn, articles, &k, nullptr);
          if (!writer.Remove(key).ok()) _exit(4);
        } else {
          mdb_put(txn, articles, &k, &v, 0);
          if (!writer.Put(key, {"Tin", body, "s", i}).ok()) _exit(4);
        }
      }
      if (!writer.Finish().ok() || mdb_txn_commit(txn) != 0) _exit(5);
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  kill(child, SIGKILL);
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  REQUIRE(WIFSIGNALED(wstatus));
  f.Open();
  // Every stored article is indexed and nothing else is.
  MDB_txn* txn = f.Begin(true);
  MDB_cursor* cursor = nullptr;
  REQUIRE(mdb_cursor_open(txn, f.articles_, &cursor) == 0);
  MDB_val k, v;
  size_t articles = 0;
  while (mdb_cursor_get(cursor, &k, &v, MDB_NEXT) == 0) {
    ++articles;
    auto contains = f.index_->Contains(
        txn, std::string(static_cast<const char*>(k.mv_data), k.mv_size));
    REQUIRE(contains.ok());
    CHECK(*contains);
  }
  mdb_cursor_close(cursor);
  mdb_txn_abort(txn);
  CHECK(articles > 0);
  CHECK(f.Stats().documents == articles);
  const auto result = f.Search(Q("nguoi lao dong", 100000));
  CHECK(result.matched == articles);
}

// Spread-out merges: each document of these has 16 words of its own, so
// the merge that kMaxPendBlobs (256) one-article transactions start spans
// several transactions of kMergeStepTerms (128) terms.
std::string SpreadBody(int i, int version) {
  std::string body("bản tin công đoàn số ");
  body.append(std::to_string(i % 10));
  for (int j = 0; j < 16; ++j) {
    body.append(" đ").append(std::to_string(i)).append("x");
    body.append(std::to_string(j + version));
  }
  return body;
}

std::string SpreadTitle(int i) {
  return std::string("Tin nhanh ").append(std::to_string(i % 7));
}

// The queries compared between two indexes of documents 0..n-1.
std::vector<std::string> SpreadQueries(int n) {
  std::vector<std::string> queries = {"ban tin",  "công đoàn", "\"cong doan so 3\"",
                                      "tin nhanh 4", "số 7",     "nhanh"};
  for (int i = 0; i < n; i += 3) {
    std::string mine("đ");
    mine.append(std::to_string(i)).append("x3");
    queries.push_back(mine);
    std::string folded("d");
    folded.append(std::to_string(i)).append("x").append(std::to_string(i % 16));
    queries.push_back(folded + " tin");
  }
  return queries;
}

// Every hit of every query (key, doc id, score, exact terms) is the same.
void CheckSameAnswers(IndexFixture& a, IndexFixture& b,
                      const std::vector<std::string>& queries) {
  for (const std::string& query : queries) {
    CAPTURE(query);
    const SearchResult x = a.Search(Q(query, 10000));
    const SearchResult y = b.Search(Q(query, 10000));
    REQUIRE(x.matched == y.matched);
    REQUIRE(x.hits.size() == y.hits.size());
    for (size_t i = 0; i < x.hits.size(); ++i) {
      CHECK(x.hits[i].article_key == y.hits[i].article_key);
      CHECK(x.hits[i].doc_id == y.hits[i].doc_id);
      CHECK(x.hits[i].score == y.hits[i].score);
      CHECK(x.hits[i].exact_terms == y.hits[i].exact_terms);
    }
  }
}

// An index of documents 0..n-1 written by one writer (one pending blob).
void IndexAtOnce(IndexFixture& fresh, int n) {
  MDB_txn* txn = fresh.Begin(false);
  {
    SearchIndexWriter writer(*fresh.index_, txn);
    for (int i = 0; i < n; ++i) {
      const std::string title = SpreadTitle(i);
      const std::string body = SpreadBody(i, 0);
      REQUIRE(writer.Put(Key("m", i), {title, body, "s", i}).ok());
    }
    REQUIRE(writer.Finish().ok());
  }
  REQUIRE(mdb_txn_commit(txn) == 0);
}

TEST_CASE("A merge spread over transactions answers as a fresh index") {
  IndexFixture f;
  int checks = 0;  // the merge check runs inside the steps
  f.index_->SetMergeCheck([&] { ++checks; });
  int n = 0;
  auto put = [&] {
    f.Put(Key("m", n), SpreadTitle(n), SpreadBody(n, 0), "s", n);
    ++n;
  };
  // Up to the middle of a merge.
  std::set<uint64_t> steps;  // merge_term after each transaction
  while (n < 1000) {
    put();
    const auto [end, term] = f.MergeState();
    if (end != 0) steps.insert(term);
    if (steps.size() >= 3) break;
  }
  REQUIRE(steps.size() >= 3);          // three transactions, each a step
  CHECK(*steps.begin() > 0);           // each merged some terms ...
  CHECK(f.MergeState().first != 0);    // ... and the merge goes on
  CHECK(f.PendBlobs() >= 256);         // its blobs stay until the end
  CHECK(checks >= 3 * 128 / 8);        // every 8 terms of each step
  {
    IndexFixture fresh;
    IndexAtOnce(fresh, n);
    CheckSameAnswers(f, fresh, SpreadQueries(n));
  }
  // On to the end of the merge: its blobs are gone.
  int steps_total = 0;
  while (f.MergeState().first != 0) {
    REQUIRE(n < 1000);
    put();
    ++steps_total;
  }
  CHECK(steps_total >= 1);
  CHECK(f.PendBlobs() < 128);  // one per transaction of the merge
  {
    IndexFixture fresh;
    IndexAtOnce(fresh, n);
    CheckSameAnswers(f, fresh, SpreadQueries(n));
    // Everything merged on both sides: the same postings.
    f.Purge();
    fresh.Purge();
    CHECK(f.PendBlobs() == 0);
    CHECK(f.Postings() == fresh.Postings());
    CHECK(f.Stats().chunks > 1000);
    CheckSameAnswers(f, fresh, SpreadQueries(n));
  }
}

TEST_CASE("A store closed in a spread merge reopens and finishes it") {
  IndexFixture f;
  std::map<std::string, std::string> model;  // key -> body
  int n = 0;
  auto put = [&](int i, int version) {
    const std::string body = SpreadBody(i, version);
    f.Put(Key("m", i), SpreadTitle(i), body, "s", i);
    model[Key("m", i)] = body;
  };
  while (n < 1000) {
    put(n++, 0);
    const auto [end, term] = f.MergeState();
    if (end != 0 && term > 0) break;
  }
  REQUIRE(f.MergeState().second > 0);
  // Removals and edits in the middle of the merge: of documents it is
  // merging (some of their terms merged, some not) and of later ones.
  for (int i : {3, 100, 250}) {
    f.Remove(Key("m", i));
    model.erase(Key("m", i));
  }
  put(7, 50);
  put(n - 1, 60);
  put(n++, 0);
  const auto state = f.MergeState();
  REQUIRE(state.first != 0);
  std::vector<std::string> queries = SpreadQueries(n);
  for (int i : {3, 7, 100, 250, n - 2}) {
    std::string word("d");
    word.append(std::to_string(i)).append("x");
    queries.push_back(word + "2");
    queries.push_back(word + "55");
    queries.push_back(word + "70");
  }
  std::vector<SearchResult> before;
  for (const std::string& query : queries) {
    before.push_back(f.Search(Q(query, 10000)));
  }
  // Model check: a word of one document finds exactly the live one.
  auto check_model = [&] {
    for (const auto& [key, body] : model) {
      const size_t space = body.rfind(' ');
      CAPTURE(key);
      CHECK(f.Keys(body.substr(space + 1)) == Keys{key});
    }
    CHECK(f.Search(Q("ban tin", 10000)).matched == model.size());
  };
  check_model();

  f.Close();
  f.Open();
  CHECK(f.MergeState() == state);
  for (size_t q = 0; q < queries.size(); ++q) {
    CAPTURE(queries[q]);
    const SearchResult after = f.Search(Q(queries[q], 10000));
    REQUIRE(after.hits.size() == before[q].hits.size());
    for (size_t i = 0; i < after.hits.size(); ++i) {
      CHECK(after.hits[i].article_key == before[q].hits[i].article_key);
      CHECK(after.hits[i].score == before[q].hits[i].score);
    }
  }
  // The next transactions go on from where it stopped, and finish it.
  put(n++, 0);
  CHECK(f.MergeState().second > state.second);
  while (f.MergeState().first != 0) {
    REQUIRE(n < 1000);
    put(n++, 0);
  }
  CHECK(f.PendBlobs() < 64);
  check_model();
  f.Purge();
  check_model();
}

TEST_CASE("A vocabulary past the term memo's limit keeps its term ids") {
  IndexFixture f;
  // 100 000 distinct words in two articles of one writer (their tokens and
  // folded names: past the writers' memo limit, 2^17 entries), so the next
  // writer starts with an empty memo and finds the terms in fts_terms.
  auto word = [](int i) {
    std::string w("từ");
    w.append(std::to_string(i));
    return w;
  };
  MDB_txn* txn = f.Begin(false);
  {
    SearchIndexWriter writer(*f.index_, txn);
    for (int half = 0; half < 2; ++half) {
      std::string body;
      for (int i = half * 50000; i < (half + 1) * 50000; ++i) {
        body.append(word(i)).append(" ");
      }
      REQUIRE(writer.Put(Key("big", half), {"Từ điển", body, "s", 1}).ok());
    }
    REQUIRE(writer.Finish().ok());
  }
  REQUIRE(mdb_txn_commit(txn) == 0);
  f.Put("small", "Từ điển nhỏ", word(5) + " " + word(99999) + " mới");
  CHECK(f.KeySet(word(5)) == KeySet{"big0", "small"});
  CHECK(f.KeySet("tu99999") == KeySet{"big1", "small"});
  CHECK(f.Keys(word(12345)) == Keys{"big0"});
  CHECK(f.Keys("moi") == Keys{"small"});
  f.Purge();
  CHECK(f.KeySet(word(99999)) == KeySet{"big1", "small"});
}

}  // namespace
}  // namespace newscrawl
