// search_bench: the full-text index against SQLite FTS5 on the same
// synthetic Vietnamese corpus and the same queries, in one run.
//
//   search_bench [--docs N] [--queries N] [--batch N] [--dir DIR]
//                [--only newscrawl]
//
// --only newscrawl stops after indexing with newscrawl (for profiling).
//
// Corpus: syllables built from Vietnamese onsets, rhymes and tones (plus a
// list of very common words at the top ranks), drawn with a Zipf
// distribution; titles of 8-15 and bodies of 150-450 syllables, 5 sites,
// dates over two years.  Both engines store the text and index it in
// transactions of --batch articles, without fsync (synced once at the end).
// Queries: 1-3 terms taken from a random article, half as written (with
// diacritics), half without; both engines return the 10 best.
// unicode61 does not fold đ to d (newscrawl does, as Vietnamese users
// type it), so FTS5 is given the text and queries with đ/Đ already
// replaced by d/D: both engines then fold alike and their result sets can
// be compared.
// Printed: indexing rate, index size / text size, query latency median and
// p99, their ratios (ours / FTS5), and whether the full result sets agree.
#include <lmdb.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "extractor/unicode_text.h"
#include "store/search_index.h"
#include "store/search_index_writer.h"
#include "store/text_tokenizer.h"
#include "bench/scratch_dir.h"

namespace {

using Clock = std::chrono::steady_clock;
using newscrawl::FoldDiacritics;

// CPU time of the process: the figure to compare when other jobs share
// the cores (wall time is printed too).
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) +
         static_cast<double>(ts.tv_nsec) * 1e-9;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "search_bench: %s\n", what.c_str());
  std::exit(1);
}

void CheckLmdb(int rc, const char* what) {
  if (rc != 0) Die(std::string(what) + ": " + mdb_strerror(rc));
}

void CheckSqlite(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    Die(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

// ---- Corpus -----------------------------------------------------------------

std::vector<std::string> Vocabulary() {
  // The most frequent words of news text first.
  std::vector<std::string> words = {
      "của",  "và",    "các",   "người",  "lao",   "động",   "công",  "đoàn",
      "năm",  "được",  "cho",   "với",    "trong", "đã",     "này",   "có",
      "là",   "những", "một",   "không",  "tại",   "về",     "đến",   "theo",
      "khi",  "nhiều", "cũng",  "như",    "thành", "phố",    "hội",   "nghị",
      "việc", "làm",   "doanh", "nghiệp", "tổ",    "chức",   "chính", "sách",
      "đoàn", "viên",  "quận",  "huyện",  "xã",    "phường", "tỉnh",  "Hà",
      "Nội",  "Đông",  "tháng", "ngày",   "hỗ",    "trợ",    "lương", "thưởng",
      "Tết",  "bảo",   "hiểm",  "xã",     "hội",   "an",     "toàn"};
  const std::vector<std::string> onsets = {
      "",  "b",  "c",  "ch", "d",  "đ", "g", "gi", "h",  "kh", "l", "m",
      "n", "ng", "nh", "ph", "qu", "r", "s", "t",  "th", "tr", "v", "x"};
  // Rhymes: the vowel that takes the tone mark comes first in each pair.
  struct Rhyme {
    const char* before;  // up to and including the toned vowel
    const char* after;
  };
  const std::vector<Rhyme> rhymes = {
      {"a", ""},   {"a", "i"},  {"a", "n"},  {"a", "ng"}, {"a", "nh"},
      {"a", "o"},  {"a", "t"},  {"a", "y"},  {"â", "m"},  {"â", "n"},
      {"â", "u"},  {"â", "y"},  {"e", ""},   {"e", "m"},  {"e", "n"},
      {"e", "o"},  {"ê", ""},   {"ê", "nh"}, {"i", ""},   {"i", "a"},
      {"i", "n"},  {"i", "nh"}, {"iê", "u"}, {"o", ""},   {"oa", ""},
      {"oa", "n"}, {"o", "i"},  {"o", "m"},  {"o", "n"},  {"o", "ng"},
      {"ô", ""},   {"ô", "i"},  {"ô", "ng"}, {"ơ", ""},   {"ơ", "i"},
      {"ơ", "n"},  {"u", ""},   {"u", "a"},  {"u", "i"},  {"u", "m"},
      {"u", "n"},  {"u", "ng"}, {"uy", ""},  {"ư", ""},   {"ư", "a"},
      {"ư", "ng"}, {"ươ", "i"}, {"ươ", "ng"}};
  // Combining tone marks (none, acute, grave, hook, tilde, dot below).
  const std::vector<std::string> tones = {"",         "\xCC\x81", "\xCC\x80",
                                          "\xCC\x89", "\xCC\x83", "\xCC\xA3"};
  std::set<std::string> seen(words.begin(), words.end());
  std::vector<std::string> generated;
  for (const auto& onset : onsets) {
    for (const auto& rhyme : rhymes) {
      for (const auto& tone : tones) {
        std::string s =
            newscrawl::ToNfc(onset + rhyme.before + tone + rhyme.after);
        if (seen.insert(s).second) generated.push_back(s);
      }
    }
  }
  std::mt19937_64 rng(7);
  std::shuffle(generated.begin(), generated.end(), rng);
  words.insert(words.end(), generated.begin(), generated.end());
  return words;
}

struct Doc {
  std::string title;
  std::string body;
  std::string site;
  int64_t published;
};

class Corpus {
 public:
  explicit Corpus(uint64_t seed) : words_(Vocabulary()), rng_(seed) {
    // Zipf (s = 1.05) over the vocabulary.
    std::vector<double> weights(words_.size());
    for (size_t i = 0; i < weights.size(); ++i) {
      weights[i] = 1.0 / std::pow(static_cast<double>(i + 1), 1.05);
    }
    zipf_ = std::discrete_distribution<size_t>(weights.begin(), weights.end());
  }

  Doc Make(size_t i) {
    static const char* const kSites[] = {"laodongthudo", "congdoan", "nld",
                                         "laodong", "tuoitre"};
    Doc doc;
    doc.site = kSites[i % 5];
    doc.published = 1700000000 + static_cast<int64_t>(rng_() % (730 * 86400));
    doc.title = Words(8 + rng_() % 8);
    const size_t n = 150 + rng_() % 301;
    size_t sentence = 0;
    for (size_t w = 0; w < n; ++w) {
      if (w > 0) doc.body += ' ';
      if (rng_() % 40 == 0) {
        doc.body += std::to_string(1 + rng_() % 2030);
      } else {
        doc.body += words_[zipf_(rng_)];
      }
      if (++sentence > 8 + rng_() % 16) {
        doc.body += rng_() % 4 == 0 ? ",\n" : ".";
        sentence = 0;
      }
    }
    doc.body += '.';
    return doc;
  }

  const std::vector<std::string>& words() const { return words_; }

 private:
  std::string Words(size_t n) {
    std::string s;
    for (size_t w = 0; w < n; ++w) {
      if (w > 0) s += ' ';
      s += words_[zipf_(rng_)];
    }
    return s;
  }

  std::vector<std::string> words_;
  std::mt19937_64 rng_;
  std::discrete_distribution<size_t> zipf_;
};

// ---- Engines
// -----------------------------------------------------------------

// The text FTS5 sees: đ/Đ replaced by d/D.
std::string ForFts5(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "\xC4\x91") == 0) {
      out += 'd';
      ++i;
    } else if (text.compare(i, 2, "\xC4\x90") == 0) {
      out += 'D';
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

struct Percentiles {
  double median_us;
  double p99_us;
};

Percentiles Summarize(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[std::min(us.size() - 1, us.size() * 99 / 100)]};
}

uint64_t DirBytes(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  size_t docs = 100000, queries = 1000, batch = 100;
  std::string dir, only;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--docs") {
      docs = std::stoul(value);
    } else if (flag == "--queries") {
      queries = std::stoul(value);
    } else if (flag == "--batch") {
      batch = std::max<size_t>(1, std::stoul(value));
    } else if (flag == "--dir") {
      dir = value;
    } else if (flag == "--only") {
      if (value != "newscrawl") Die("--only takes newscrawl");
      only = value;
    } else {
      Die("unknown flag " + flag);
    }
  }
  dir = newscrawl::bench::ScratchDir(dir, "search_bench");
  const std::string lmdb_dir = dir + "/lmdb";
  const std::string sqlite_path = dir + "/fts5.db";
  std::filesystem::remove_all(lmdb_dir);
  std::filesystem::remove(sqlite_path);
  std::filesystem::remove(sqlite_path + "-wal");
  std::filesystem::remove(sqlite_path + "-shm");
  std::filesystem::create_directories(lmdb_dir);

  std::printf(
      "search_bench: %zu articles, %zu queries, %zu articles per "
      "transaction, in %s\n",
      docs, queries, batch, dir.c_str());
  auto corpus_start = Clock::now();
  Corpus corpus(42);
  std::vector<Doc> corpus_docs;
  corpus_docs.reserve(docs);
  uint64_t text_bytes = 0;
  for (size_t i = 0; i < docs; ++i) {
    corpus_docs.push_back(corpus.Make(i));
    text_bytes +=
        corpus_docs.back().title.size() + corpus_docs.back().body.size();
  }
  std::printf(
      "corpus: %.1f MB of text, %zu distinct syllables, built in "
      "%.1f s\n",
      static_cast<double>(text_bytes) / 1e6, corpus.words().size(),
      Seconds(corpus_start));

  // ---- newscrawl index
  // --------------------------------------------------------
  MDB_env* env = nullptr;
  CheckLmdb(mdb_env_create(&env), "mdb_env_create");
  CheckLmdb(mdb_env_set_maxdbs(env, 16), "maxdbs");
  CheckLmdb(mdb_env_set_mapsize(env, size_t{16} << 30), "mapsize");
  CheckLmdb(mdb_env_open(env, lmdb_dir.c_str(), MDB_NOSYNC, 0644), "open");
  MDB_txn* txn = nullptr;
  MDB_dbi articles;
  CheckLmdb(mdb_txn_begin(env, nullptr, 0, &txn), "begin");
  auto opened = newscrawl::SearchIndex::Open(txn);
  if (!opened.ok()) Die(opened.status().ToString());
  std::unique_ptr<newscrawl::SearchIndex> index = std::move(*opened);
  CheckLmdb(mdb_dbi_open(txn, "articles", MDB_CREATE, &articles), "dbi");
  CheckLmdb(mdb_txn_commit(txn), "commit");

  auto ours_start = Clock::now();
  const double ours_cpu_start = CpuSeconds();
  std::string value;
  for (size_t i = 0; i < docs; i += batch) {
    CheckLmdb(mdb_txn_begin(env, nullptr, 0, &txn), "begin");
    newscrawl::SearchIndexWriter writer(*index, txn);
    for (size_t j = i; j < std::min(docs, i + batch); ++j) {
      const Doc& d = corpus_docs[j];
      const std::string key = std::to_string(j + 1);
      value = d.title + '\n' + d.body;
      MDB_val k{key.size(), const_cast<char*>(key.data())};
      MDB_val v{value.size(), value.data()};
      CheckLmdb(mdb_put(txn, articles, &k, &v, 0), "put article");
      const auto status =
          writer.Put(key, {d.title, d.body, d.site, d.published});
      if (!status.ok()) Die(status.ToString());
    }
    const auto status = writer.Finish();
    if (!status.ok()) Die(status.ToString());
    CheckLmdb(mdb_txn_commit(txn), "commit");
  }
  CheckLmdb(mdb_env_sync(env, 1), "sync");
  const double ours_seconds = Seconds(ours_start);
  const double ours_cpu = CpuSeconds() - ours_cpu_start;
  CheckLmdb(mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn), "begin");
  auto stats = index->Stats(txn);
  mdb_txn_abort(txn);
  if (!stats.ok()) Die(stats.status().ToString());
  const uint64_t ours_index_bytes = stats->bytes;
  CheckLmdb(mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn), "begin");
  std::printf("index databases (MB):");
  for (const char* name : {"fts_post", "fts_pend", "fts_terms", "fts_docs",
                           "fts_keys", "fts_attrs", "fts_sites", "fts_meta"}) {
    MDB_dbi dbi;
    MDB_stat st;
    CheckLmdb(mdb_dbi_open(txn, name, 0, &dbi), name);
    CheckLmdb(mdb_stat(txn, dbi, &st), "stat");
    std::printf(" %s %.1f (%zu entries)", name + 4,
                static_cast<double>(st.ms_psize) *
                    static_cast<double>(st.ms_branch_pages + st.ms_leaf_pages +
                                        st.ms_overflow_pages) /
                    1e6,
                st.ms_entries);
  }
  std::printf("\n");
  mdb_txn_abort(txn);
  if (!only.empty()) {
    std::printf("newscrawl indexing: %.0f articles/s, %.0f articles/cpu-s, "
                "index %.1f MB\n",
                static_cast<double>(docs) / ours_seconds,
                static_cast<double>(docs) / ours_cpu,
                static_cast<double>(ours_index_bytes) / 1e6);
    mdb_env_close(env);
    return 0;
  }

  // ---- SQLite FTS5
  // ---------------------------------------------------------------
  sqlite3* db = nullptr;
  CheckSqlite(sqlite3_open(sqlite_path.c_str(), &db), db, "sqlite open");
  CheckSqlite(sqlite3_exec(db,
                           "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
                           "CREATE VIRTUAL TABLE fts USING fts5(title, body, "
                           "site UNINDEXED, published UNINDEXED, tokenize="
                           "'unicode61 remove_diacritics 2');",
                           nullptr, nullptr, nullptr),
              db, "create");
  sqlite3_stmt* insert = nullptr;
  CheckSqlite(sqlite3_prepare_v2(db,
                                 "INSERT INTO fts(rowid, title, body, site, "
                                 "published) VALUES (?, ?, ?, ?, ?)",
                                 -1, &insert, nullptr),
              db, "prepare insert");
  std::vector<std::string> fts_titles, fts_bodies;
  for (const Doc& d : corpus_docs) {
    fts_titles.push_back(ForFts5(d.title));
    fts_bodies.push_back(ForFts5(d.body));
  }
  auto fts_start = Clock::now();
  const double fts_cpu_start = CpuSeconds();
  for (size_t i = 0; i < docs; i += batch) {
    CheckSqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db,
                "begin");
    for (size_t j = i; j < std::min(docs, i + batch); ++j) {
      const Doc& d = corpus_docs[j];
      sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(j + 1));
      sqlite3_bind_text(insert, 2, fts_titles[j].data(),
                        static_cast<int>(fts_titles[j].size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 3, fts_bodies[j].data(),
                        static_cast<int>(fts_bodies[j].size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 4, d.site.data(),
                        static_cast<int>(d.site.size()), SQLITE_STATIC);
      sqlite3_bind_int64(insert, 5, d.published);
      CheckSqlite(sqlite3_step(insert), db, "insert");
      sqlite3_reset(insert);
    }
    CheckSqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db,
                "commit");
  }
  CheckSqlite(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr,
                           nullptr, nullptr),
              db, "checkpoint");
  const double fts_seconds = Seconds(fts_start);
  const double fts_cpu = CpuSeconds() - fts_cpu_start;
  sqlite3_finalize(insert);
  uint64_t fts_index_bytes = 0;
  {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db,
                           "SELECT SUM(pgsize) FROM dbstat WHERE name IN "
                           "('fts_data', 'fts_idx', 'fts_docsize', "
                           "'fts_config')",
                           -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      fts_index_bytes = static_cast<uint64_t>(sqlite3_column_int64(st, 0));
    }
    sqlite3_finalize(st);
  }

  // ---- Queries
  // -------------------------------------------------------------------
  std::mt19937_64 rng(99);
  std::vector<std::string> ours_queries, fts_queries;
  std::vector<bool> with_marks;
  newscrawl::Result<std::unique_ptr<newscrawl::TextTokenizer>> tokenizer =
      newscrawl::TextTokenizer::Create();
  if (!tokenizer.ok()) Die(tokenizer.status().ToString());
  std::vector<std::string> tokens;
  while (ours_queries.size() < queries) {
    const Doc& d = corpus_docs[rng() % docs];
    (*tokenizer)->Tokenize(d.body, &tokens);
    const size_t n = 1 + rng() % 3;
    std::string q, fq;
    const bool marks = ours_queries.size() % 2 == 0;
    for (size_t t = 0; t < n; ++t) {
      std::string term = tokens[rng() % tokens.size()];
      if (!marks) term = FoldDiacritics(term);
      q += (t ? " " : "") + term;
      fq += (t ? " \"" : "\"") + ForFts5(term) + "\"";
    }
    ours_queries.push_back(q);
    fts_queries.push_back(fq);
    with_marks.push_back(marks);
  }

  std::vector<double> ours_us, fts_us;
  MDB_txn* read = nullptr;
  CheckLmdb(mdb_txn_begin(env, nullptr, MDB_RDONLY, &read), "begin");
  mdb_txn_reset(read);
  newscrawl::SearchRequest request;
  request.limit = 10;
  size_t ours_hits = 0, fts_hits = 0;
  for (const std::string& q : ours_queries) {
    auto t0 = Clock::now();
    CheckLmdb(mdb_txn_renew(read), "renew");
    request.query = q;
    auto result = index->Search(read, request);
    mdb_txn_reset(read);
    ours_us.push_back(Seconds(t0) * 1e6);
    if (!result.ok()) Die(result.status().ToString());
    ours_hits += result->hits.size();
  }
  sqlite3_stmt* search = nullptr;
  CheckSqlite(sqlite3_prepare_v2(db,
                                 "SELECT rowid FROM fts WHERE fts MATCH ? "
                                 "ORDER BY rank LIMIT 10",
                                 -1, &search, nullptr),
              db, "prepare search");
  for (const std::string& q : fts_queries) {
    auto t0 = Clock::now();
    sqlite3_bind_text(search, 1, q.data(), static_cast<int>(q.size()),
                      SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(search)) == SQLITE_ROW) ++fts_hits;
    CheckSqlite(rc, db, "search");
    sqlite3_reset(search);
    fts_us.push_back(Seconds(t0) * 1e6);
  }
  sqlite3_finalize(search);

  // Agreement of the full result sets.
  sqlite3_stmt* all = nullptr;
  CheckSqlite(sqlite3_prepare_v2(db, "SELECT rowid FROM fts WHERE fts MATCH ?",
                                 -1, &all, nullptr),
              db, "prepare all");
  size_t agree_marked = 0, marked = 0, agree_plain = 0, plain = 0;
  size_t mismatches_shown = 0;
  request.limit = docs;
  for (size_t i = 0; i < ours_queries.size(); ++i) {
    CheckLmdb(mdb_txn_renew(read), "renew");
    request.query = ours_queries[i];
    auto result = index->Search(read, request);
    mdb_txn_reset(read);
    if (!result.ok()) Die(result.status().ToString());
    std::set<std::string> ours;
    for (const auto& hit : result->hits) ours.insert(hit.article_key);
    std::set<std::string> theirs;
    sqlite3_bind_text(all, 1, fts_queries[i].data(),
                      static_cast<int>(fts_queries[i].size()), SQLITE_STATIC);
    while (sqlite3_step(all) == SQLITE_ROW) {
      theirs.insert(std::to_string(sqlite3_column_int64(all, 0)));
    }
    sqlite3_reset(all);
    const bool same = ours == theirs;
    if (!same && ++mismatches_shown <= 3) {
      std::fprintf(stderr, "differs: %s: newscrawl %zu, fts5 %zu\n",
                   ours_queries[i].c_str(), ours.size(), theirs.size());
    }
    if (with_marks[i]) {
      ++marked;
      agree_marked += same;
    } else {
      ++plain;
      agree_plain += same;
    }
  }
  sqlite3_finalize(all);
  mdb_txn_abort(read);

  const Percentiles ours_p = Summarize(ours_us);
  const Percentiles fts_p = Summarize(fts_us);
  const double ours_rate = static_cast<double>(docs) / ours_seconds;
  const double fts_rate = static_cast<double>(docs) / fts_seconds;
  const double text_mb = static_cast<double>(text_bytes) / 1e6;
  std::printf("\n%-28s %14s %14s %10s\n", "", "newscrawl", "sqlite fts5",
              "ratio");
  std::printf("%-28s %14.0f %14.0f %9.2fx\n", "indexing (articles/s)",
              ours_rate, fts_rate, ours_rate / fts_rate);
  const double ours_cpu_rate = static_cast<double>(docs) / ours_cpu;
  const double fts_cpu_rate = static_cast<double>(docs) / fts_cpu;
  std::printf("%-28s %14.0f %14.0f %9.2fx\n", "indexing (articles/cpu-s)",
              ours_cpu_rate, fts_cpu_rate, ours_cpu_rate / fts_cpu_rate);
  std::printf("%-28s %14.1f %14.1f %9.2fx\n", "index size (MB)",
              static_cast<double>(ours_index_bytes) / 1e6,
              static_cast<double>(fts_index_bytes) / 1e6,
              static_cast<double>(ours_index_bytes) /
                  static_cast<double>(std::max<uint64_t>(1, fts_index_bytes)));
  std::printf("%-28s %14.2f %14.2f\n", "index size / text size",
              static_cast<double>(ours_index_bytes) / 1e6 / text_mb,
              static_cast<double>(fts_index_bytes) / 1e6 / text_mb);
  std::printf(
      "%-28s %14.1f %14.1f\n", "store on disk (MB)",
      static_cast<double>(DirBytes(lmdb_dir)) / 1e6,
      static_cast<double>(std::filesystem::file_size(sqlite_path)) / 1e6);
  std::printf("%-28s %14.1f %14.1f %9.2fx\n", "query median (us)",
              ours_p.median_us, fts_p.median_us,
              ours_p.median_us / fts_p.median_us);
  std::printf("%-28s %14.1f %14.1f %9.2fx\n", "query p99 (us)", ours_p.p99_us,
              fts_p.p99_us, ours_p.p99_us / fts_p.p99_us);
  std::printf("%-28s %14zu %14zu\n", "hits returned (limit 10)", ours_hits,
              fts_hits);
  std::printf(
      "result sets identical: %zu/%zu exact-form queries, %zu/%zu "
      "queries without diacritics\n",
      agree_marked, marked, agree_plain, plain);
  sqlite3_close(db);
  mdb_env_close(env);
  return 0;
}
