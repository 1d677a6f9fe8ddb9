// store_bench: writes N synthetic Vietnamese news articles (raw page +
// extracted article) into a fresh store in batches and reports
//   - articles/s written through Store::Write (dedup, SimHash, indexes,
//     zstd, one transaction per batch), and the same bytes written with
//     plain LMDB puts (the peer: no processing), as a ratio; the bytes the
//     store's commits wrote per article (dirty LMDB pages, /proc/self/io);
//   - exact lookups/s (GetArticle by key), URL-state lookups/s and
//     near-duplicate lookups/s (FindSimilar);
//   - article streaming MB/s (ForEachArticle over the whole store);
//   - store size against the raw input, and peak RSS.
//
//   store_bench [--articles 100000] [--batch 1000] [--dir DIR]
//               [--no-sync] [--zstd-level 3] [--search-index]
// (--search-index also keeps the full-text index in step, as a crawl does.)
#include <lmdb.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <ctime>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"
#include "bench/scratch_dir.h"

namespace {

using newscrawl::ArticleKey;
using newscrawl::PageWrite;
using newscrawl::Store;
using newscrawl::StoreOptions;
using newscrawl::WriteBatch;
using Clock = std::chrono::steady_clock;

// Vietnamese words and phrases (written for this benchmark) from which
// sentences are drawn.
constexpr std::array<std::string_view, 96> kWords = {
    "công đoàn", "người lao động", "doanh nghiệp", "công nhân", "chăm lo",
    "đoàn viên", "tiền lương", "thỏa ước", "tập thể", "hội nghị", "tổ chức",
    "năm nay", "thành phố", "khu công nghiệp", "hỗ trợ", "việc làm", "đời sống",
    "nhà trọ", "bảo hiểm", "xã hội", "quyền lợi", "chính sách", "phúc lợi",
    "Tết", "quà tặng", "học bổng", "con em", "khó khăn", "mái ấm", "an toàn",
    "vệ sinh", "lao động", "sản xuất", "xưởng may", "cơ khí", "điện tử",
    "giáo dục", "y tế", "khám bệnh", "miễn phí", "đối thoại", "kiến nghị",
    "giải quyết", "kịp thời", "tranh chấp", "ngừng việc", "tăng ca", "thu nhập",
    "bình quân", "triệu đồng", "mỗi tháng", "cho biết", "theo đó", "bên cạnh đó",
    "đồng thời", "tiếp tục", "đẩy mạnh", "phong trào", "thi đua", "sáng kiến",
    "tay nghề", "đào tạo", "kỹ năng", "nâng cao", "hiệu quả", "thiết thực",
    "ý nghĩa", "đông đảo", "tham gia", "trao tặng", "suất quà", "xe đưa đón",
    "về quê", "đón Tết", "sum vầy", "ấm áp", "nghĩa tình", "lãnh đạo",
    "ban chấp hành", "chủ tịch", "phó chủ tịch", "liên đoàn", "quận", "huyện",
    "phường", "cơ sở", "cấp trên", "trực tiếp", "thực hiện", "kế hoạch",
    "tuyên truyền", "pháp luật", "người sử dụng", "hợp đồng", "thời vụ",
    "ổn định"};

struct Rng {
  std::uint64_t x;
  std::uint64_t Next() {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  }
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(Next() % n); }
};

// ~450 words in 6 paragraphs, unique per seed.
std::string MakeBody(std::uint64_t seed) {
  Rng rng{seed * 0x9E3779B97F4A7C15u + 1};
  std::string body;
  body.reserve(3500);
  for (int p = 0; p < 6; ++p) {
    if (p > 0) body += "\n\n";
    for (int s = 0; s < 4; ++s) {
      if (s > 0) body += ' ';
      const std::size_t n = 10 + rng.Below(12);
      for (std::size_t w = 0; w < n; ++w) {
        if (w > 0) body += ' ';
        body += kWords[rng.Below(kWords.size())];
      }
      body += '.';
    }
  }
  body += " (Bài " + std::to_string(seed) + ")";
  return body;
}

PageWrite MakePage(std::uint64_t i, const std::string& body) {
  PageWrite w;
  const std::string url = "https://laodongthudo.vn/cong-doan/bai-" +
                          std::to_string(i) + ".html";
  w.page.url = url;
  w.page.status = 200;
  w.page.fetch_time = 1761100000 + static_cast<std::int64_t>(i);
  w.page.etag = std::string(1, '"') + std::to_string(i * 7919) + '"';
  w.page.content_type = std::string("text/html; charset=utf-8");
  w.page.site = std::string(i % 3 == 0 ? "congdoan" : "laodongthudo");
  w.page.fingerprint = std::string("rules-1");
  w.page.body.reserve(body.size() + 3000);
  w.page.body =
      "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>"
      "Công đoàn chăm lo Tết cho người lao động</title><link rel=\"stylesheet\" "
      "href=\"/static/site.css\"></head><body><header><nav><a href=\"/\">Trang "
      "chủ</a><a href=\"/cong-doan\">Công đoàn</a><a href=\"/viec-lam\">Việc "
      "làm</a><a href=\"/phap-luat\">Pháp luật</a></nav></header><main><article>"
      "<h1>Công đoàn chăm lo Tết cho người lao động</h1><div class=\"sapo\">";
  w.page.body += body;
  w.page.body +=
      "</div></article><aside><h3>Tin liên quan</h3><ul><li><a href=\"/a\">"
      "Hội nghị tổng kết</a></li><li><a href=\"/b\">Trao học bổng</a></li>"
      "</ul></aside></main><footer>Bản quyền thuộc về báo điện tử. Địa chỉ: "
      "Hà Nội.</footer></body></html>";
  w.kind = newscrawl::UrlKind::kArticle;
  newscrawl::Article a;
  a.url = url;
  a.title = "Công đoàn chăm lo Tết cho người lao động " + std::to_string(i);
  char date[40];
  std::snprintf(date, sizeof(date), "2025-%02d-%02dT08:00:00+07:00",
                static_cast<int>(1 + i % 12), static_cast<int>(1 + i % 28));
  a.published = date;
  a.author = std::string("Minh Anh");
  a.lead = body.substr(0, body.find("\n\n"));
  a.body = body;
  a.section = std::string("Công đoàn");
  a.language = std::string("vi");
  w.article = std::move(a);
  return w;
}

// A "Name:   N kB" line of /proc/self/status, in MB (0 where unavailable).
double StatusMb(const char* name) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char line[128];
  const std::size_t n = std::strlen(name);
  unsigned long long kb = 0;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, name, n) == 0 && line[n] == ':') {
      std::sscanf(line + n + 1, "%llu", &kb);
      break;
    }
  }
  std::fclose(f);
  return static_cast<double>(kb) / 1024.0;
}

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// CPU time of this thread: the machine may be shared, so rates are also
// given per CPU-second ("on one core").
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Rate {
  double wall = 0;  // items per wall-clock second
  double cpu = 0;   // items per CPU second of this thread
};

// Bytes this process has written through write(2)-like calls so far
// (/proc/self/io wchar; 0 where unavailable).
std::uint64_t WrittenBytes() {
  std::FILE* f = std::fopen("/proc/self/io", "r");
  if (f == nullptr) return 0;
  char line[128];
  unsigned long long value = 0;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::sscanf(line, "wchar: %llu", &value) == 1) break;
  }
  std::fclose(f);
  return value;
}

std::uint64_t DirBytes(const std::string& dir) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(dir + "/data.mdb", ec);
  return ec ? 0 : static_cast<std::uint64_t>(n);
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "store_bench: %s\n", what.c_str());
  std::exit(1);
}

// The peer: the same page and article bytes stored with plain LMDB puts,
// one transaction per batch (page keys appended, article keys random).
Rate PeerWrite(const std::string& dir, std::size_t articles, std::size_t batch,
               bool sync) {
  std::filesystem::create_directories(dir);
  MDB_env* env = nullptr;
  if (mdb_env_create(&env) != 0) Die("peer env");
  mdb_env_set_maxdbs(env, 4);
  mdb_env_set_mapsize(env, std::size_t{16} << 30);
  if (mdb_env_open(env, dir.c_str(), sync ? 0 : MDB_NOSYNC, 0644) != 0) {
    Die("peer open");
  }
  MDB_dbi pages = 0;
  MDB_dbi bodies = 0;
  {
    MDB_txn* txn = nullptr;
    mdb_txn_begin(env, nullptr, 0, &txn);
    mdb_dbi_open(txn, "pages", MDB_CREATE, &pages);
    mdb_dbi_open(txn, "articles", MDB_CREATE, &bodies);
    mdb_txn_commit(txn);
  }
  Clock::duration spent{};
  double cpu = 0;
  std::vector<PageWrite> writes;
  for (std::size_t done = 0; done < articles;) {
    writes.clear();
    const std::size_t n = std::min(batch, articles - done);
    for (std::size_t i = 0; i < n; ++i) {
      writes.push_back(MakePage(done + i, MakeBody(done + i)));
    }
    const auto start = Clock::now();
    const double cpu_start = ThreadCpuSeconds();
    MDB_txn* txn = nullptr;
    if (mdb_txn_begin(env, nullptr, 0, &txn) != 0) Die("peer txn");
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t id = __builtin_bswap64(done + i + 1);
      MDB_val k{sizeof(id), const_cast<std::uint64_t*>(&id)};
      MDB_val v{writes[i].page.body.size(), writes[i].page.body.data()};
      if (mdb_put(txn, pages, &k, &v, MDB_APPEND) != 0) Die("peer put");
      const ArticleKey key = ArticleKey::ForNormalizedBody(writes[i].article->body);
      MDB_val ak{ArticleKey::kSize, const_cast<std::uint8_t*>(key.bytes.data())};
      MDB_val av{writes[i].article->body.size(), writes[i].article->body.data()};
      if (mdb_put(txn, bodies, &ak, &av, 0) != 0) Die("peer put");
    }
    if (mdb_txn_commit(txn) != 0) Die("peer commit");
    spent += Clock::now() - start;
    cpu += ThreadCpuSeconds() - cpu_start;
    done += n;
  }
  mdb_env_close(env);
  const auto n = static_cast<double>(articles);
  return {n / Seconds(spent), n / cpu};
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t articles = 100000;
  std::size_t batch = 1000;
  std::string dir;
  bool sync = true;
  int zstd_level = 3;
  bool search_index = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + arg);
      return argv[++i];
    };
    if (arg == "--articles") {
      articles = std::stoul(value());
    } else if (arg == "--batch") {
      batch = std::max<std::size_t>(1, std::stoul(value()));
    } else if (arg == "--dir") {
      dir = value();
    } else if (arg == "--no-sync") {
      sync = false;
    } else if (arg == "--search-index") {
      search_index = true;
    } else if (arg == "--zstd-level") {
      zstd_level = std::stoi(value());
    } else {
      Die("unknown argument " + arg +
          " (use --articles N --batch N --dir DIR --no-sync --zstd-level L"
          " --search-index)");
    }
  }
  const std::string base = newscrawl::bench::ScratchDir(dir, "store_bench");
  const std::string store_dir = base + "/store";
  const std::string peer_dir = base + "/peer";
  std::filesystem::remove_all(store_dir);
  std::filesystem::remove_all(peer_dir);

  StoreOptions options;
  options.sync = sync;
  options.zstd_level = zstd_level;
  options.search_index = search_index;
  auto opened = Store::Open(store_dir, options);
  if (!opened.ok()) Die(opened.status().ToString());
  Store& store = **opened;

  std::uint64_t raw_bytes = 0;
  std::uint64_t text_bytes = 0;
  Clock::duration write_time{};
  double write_cpu = 0;
  double prepare_cpu = 0;
  std::vector<ArticleKey> keys;
  keys.reserve(articles);
  WriteBatch wb;
  std::vector<PageWrite> generated;
  const std::uint64_t written_before = WrittenBytes();
  for (std::size_t done = 0; done < articles;) {
    wb.Clear();
    generated.clear();
    const std::size_t n = std::min(batch, articles - done);
    for (std::size_t i = 0; i < n; ++i) {
      generated.push_back(MakePage(done + i, MakeBody(done + i)));
      raw_bytes += generated.back().page.body.size();
      text_bytes += generated.back().article->body.size();
    }
    // Preparation (normalise, hash, SimHash, zstd) needs no transaction:
    // the crawler does it on its extraction workers.  Timed apart.
    const auto start = Clock::now();
    const double prepare_start = ThreadCpuSeconds();
    for (PageWrite& w : generated) {
      if (!store.PreparePage(&w).ok()) Die("prepare");
      wb.AddPage(std::move(w));
    }
    const double cpu_start = ThreadCpuSeconds();
    prepare_cpu += cpu_start - prepare_start;
    auto results = store.Write(wb);
    write_time += Clock::now() - start;
    write_cpu += ThreadCpuSeconds() - cpu_start;
    if (!results.ok()) Die(results.status().ToString());
    for (const auto& r : *results) keys.push_back(r.article_key);
    done += n;
  }
  const Rate write_rate{static_cast<double>(articles) / Seconds(write_time),
                        static_cast<double>(articles) / (prepare_cpu + write_cpu)};
  const double commit_rate = static_cast<double>(articles) / write_cpu;
  const double prepare_rate = static_cast<double>(articles) / prepare_cpu;
  const std::uint64_t written = WrittenBytes() - written_before;
  if (!store.Sync().ok()) Die("sync");

  // Exact lookups by key and URL.
  Rng rng{42};
  const std::size_t lookups = std::min<std::size_t>(articles, 200000);
  auto start = Clock::now();
  for (std::size_t i = 0; i < lookups; ++i) {
    if (!store.GetArticle(keys[rng.Below(keys.size())]).ok()) Die("lookup");
  }
  const double lookup_rate = static_cast<double>(lookups) / Seconds(Clock::now() - start);
  start = Clock::now();
  for (std::size_t i = 0; i < lookups; ++i) {
    const std::uint64_t n = rng.Below(articles);
    if (!store.GetUrlState("https://laodongthudo.vn/cong-doan/bai-" +
                           std::to_string(n) + ".html").ok()) {
      Die("url lookup");
    }
  }
  const double url_rate = static_cast<double>(lookups) / Seconds(Clock::now() - start);
  // Near-duplicate lookups: a stored body with one word changed.
  const std::size_t near_lookups = std::min<std::size_t>(articles, 20000);
  std::size_t near_found = 0;
  Clock::duration near_time{};
  for (std::size_t i = 0; i < near_lookups; ++i) {
    std::string body = MakeBody(rng.Below(articles));
    const std::size_t at = body.find(' ', body.size() / 2);
    body.insert(at, " mới");
    const auto t0 = Clock::now();
    auto similar = store.FindSimilar(body);
    near_time += Clock::now() - t0;
    if (!similar.ok()) Die("near lookup");
    if (!similar->empty()) ++near_found;
  }
  const double near_rate = static_cast<double>(near_lookups) / Seconds(near_time);
  // Streaming every article.
  std::uint64_t streamed = 0;
  std::uint64_t streamed_bytes = 0;
  start = Clock::now();
  const auto s = store.ForEachArticle({}, [&](const newscrawl::ArticleRecord& r) {
    ++streamed;
    streamed_bytes += r.article.body.size();
    return newscrawl::Status::Ok();
  });
  if (!s.ok()) Die(s.ToString());
  const double stream_secs = Seconds(Clock::now() - start);
  auto stats = store.Stats();
  if (!stats.ok()) Die(stats.status().ToString());
  // What the resident memory is made of while the store is open: LMDB's
  // map is file-backed (RssFile: pages of data.mdb the kernel may drop),
  // the process's own memory is RssAnon.
  const double rss_file = StatusMb("RssFile");
  const double rss_anon = StatusMb("RssAnon");
  opened->reset();

  const Rate peer_rate = PeerWrite(peer_dir, articles, batch, sync);
  const std::uint64_t store_bytes = DirBytes(store_dir);
  const std::uint64_t peer_bytes = DirBytes(peer_dir);

  std::printf("store_bench: %zu articles, batches of %zu, sync=%s, zstd level %d, "
              "search index %s\n",
              articles, batch, sync ? "on" : "off", zstd_level,
              search_index ? "on" : "off");
  std::printf("  write (Store::Write)      %10.0f articles/s wall, %8.0f per CPU-second\n",
              write_rate.wall, write_rate.cpu);
  std::printf("    of which prepare         %8.0f per CPU-second (any thread)\n",
              prepare_rate);
  std::printf("    of which transaction     %8.0f per CPU-second (the writer thread)\n",
              commit_rate);
  std::printf("    written to data.mdb      %8.1f KB per article (commits)\n",
              static_cast<double>(written) / 1024.0 /
                  static_cast<double>(articles));
  std::printf("  write (raw LMDB peer)     %10.0f articles/s wall, %8.0f per CPU-second\n",
              peer_rate.wall, peer_rate.cpu);
  std::printf("  ratio store/peer          %10.2f wall, %8.2f CPU\n",
              write_rate.wall / peer_rate.wall, write_rate.cpu / peer_rate.cpu);
  std::printf("  exact lookups (GetArticle)%10.0f /s\n", lookup_rate);
  std::printf("  URL-state lookups         %10.0f /s\n", url_rate);
  std::printf("  near-duplicate lookups    %10.0f /s   (%zu of %zu found)\n",
              near_rate, near_found, near_lookups);
  std::printf("  stream all articles       %10.1f MB/s of body text (%llu articles)\n",
              static_cast<double>(streamed_bytes) / 1e6 / stream_secs,
              static_cast<unsigned long long>(streamed));
  std::printf("  raw input %.1f MB (pages %.1f MB + article text %.1f MB)\n",
              static_cast<double>(raw_bytes + text_bytes) / 1e6,
              static_cast<double>(raw_bytes) / 1e6, static_cast<double>(text_bytes) / 1e6);
  std::printf("  store %.1f MB on disk = %.2f x raw input; peer %.1f MB (%.2f x)\n",
              static_cast<double>(store_bytes) / 1e6,
              static_cast<double>(store_bytes) / static_cast<double>(raw_bytes + text_bytes),
              static_cast<double>(peer_bytes) / 1e6,
              static_cast<double>(peer_bytes) / static_cast<double>(raw_bytes + text_bytes));
  std::printf("  articles %llu, duplicates %llu\n",
              static_cast<unsigned long long>(stats->total.articles),
              static_cast<unsigned long long>(stats->total.duplicates));
  std::printf("  peak RSS %.1f MB; after the reads, store open: file-backed %.1f MB "
              "(LMDB map), anonymous %.1f MB\n",
              static_cast<double>(PeakRssKb()) / 1024.0, rss_file, rss_anon);
  if (dir.empty()) std::filesystem::remove_all(base);
  return 0;
}
