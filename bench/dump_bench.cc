// dump_bench: how fast `newscrawl dump` streams a store of synthetic
// articles, against a peer measured in the same run, and whether its memory
// stays flat as the dump grows.
//
//   dump_bench [--articles N] [--sites S] [--dir DIR] [--keep]
//
// Builds (or reuses, with --keep and an existing DIR) a store of N synthetic
// Vietnamese articles (about 2 KB of body each, raw pages about 3 KB) over S
// sites, then, each in a fresh child process:
//   - jsonl dump of one site (N/S articles) and of every site (N articles);
//   - warc dump of every page;
// and the peer: copying the produced JSONL file with read/write (`cat`).
// Prints MB/s of output, the ratio dump/cat, and the peak anonymous RSS of
// each child (sampled every 2 ms from /proc/self/status; LMDB's file-backed
// map pages are not the process's memory), so "flat" means the one-site and
// all-site figures are close.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/dump_command.h"
#include "store/store.h"
#include "bench/scratch_dir.h"

namespace newscrawl {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time (user + system) of the calling thread: on a shared machine the
// wall clock also counts the time other processes held the cores.
double ThreadCpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_THREAD, &usage);
  auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Our own small vocabulary of Vietnamese words (no text from real sites).
const char* const kWords[] = {
    "công", "đoàn", "người", "lao", "động", "công", "nhân", "viên", "chức", "hội",
    "nghị", "tổng", "kết", "năm", "tháng", "ngày", "thành", "phố", "quận", "huyện",
    "xã", "phường", "tỉnh", "chính", "sách", "tiền", "lương", "thưởng", "tết", "nhà",
    "ở", "xã", "hội", "bảo", "hiểm", "y", "tế", "an", "toàn", "vệ",
    "sinh", "khu", "công", "nghiệp", "doanh", "nghiệp", "hợp", "đồng", "thỏa", "ước",
    "tập", "thể", "đối", "thoại", "thương", "lượng", "học", "bổng", "con", "em",
    "hỗ", "trợ", "khó", "khăn", "chăm", "lo", "đời", "sống", "việc", "làm",
    "đào", "tạo", "nghề", "kỹ", "năng", "phong", "trào", "thi", "đua", "sáng",
    "kiến", "cải", "tiến", "ban", "chấp", "hành", "liên", "đoàn", "cơ", "sở",
    "trao", "tặng", "quà", "suất", "triệu", "đồng", "đại", "biểu", "tham", "dự",
    "phát", "biểu", "chỉ", "đạo", "triển", "khai", "kế", "hoạch", "nhiệm", "vụ",
    "giải", "pháp", "nâng", "cao", "chất", "lượng", "hiệu", "quả", "hoạt", "động",
};
constexpr std::size_t kWordCount = sizeof(kWords) / sizeof(kWords[0]);

std::string Words(std::mt19937_64& rng, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += ' ';
    out += kWords[rng() % kWordCount];
  }
  return out;
}

Status BuildStore(const std::string& dir, int articles, int sites) {
  StoreOptions options;
  options.sync = false;
  options.initial_map_size = std::uint64_t{1} << 30;
  NEWSCRAWL_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(dir, options));
  std::mt19937_64 rng(42);
  const auto start = Clock::now();
  WriteBatch batch;
  for (int i = 0; i < articles; ++i) {
    const int site = i % sites;
    Article a;
    a.url = "https://site" + std::to_string(site) + ".example/tin-" + std::to_string(i) + ".html";
    a.title = Words(rng, 12);
    char date[40];
    std::snprintf(date, sizeof(date), "2025-%02d-%02dT08:%02d:00+07:00", 1 + (i / 28) % 12,
                  1 + i % 28, i % 60);
    a.published = date;
    a.author = Words(rng, 2);
    a.lead = Words(rng, 40) + ".";
    a.body = a.lead;
    for (int p = 0; p < 5; ++p) a.body += "\n\n" + Words(rng, 60) + ".";
    a.language = "vi";
    PageWrite write;
    write.page.url = a.url;
    write.page.status = 200;
    write.page.fetch_time = 1735689600 + i * 60;
    write.page.content_type = "text/html; charset=utf-8";
    write.page.site = "site" + std::to_string(site);
    std::string html = "<html><head><title>" + a.title + "</title></head><body><article>";
    for (std::size_t from = 0, to; from < a.body.size(); from = to + 2) {
      to = a.body.find("\n\n", from);
      if (to == std::string::npos) to = a.body.size();
      html += "<p>" + a.body.substr(from, to - from) + "</p>";
    }
    html += "</article><footer>" + Words(rng, 30) + "</footer></body></html>";
    write.page.body = std::move(html);
    write.kind = UrlKind::kArticle;
    write.article = std::move(a);
    batch.AddPage(std::move(write));
    if (batch.page_count() == 1000 || i + 1 == articles) {
      NEWSCRAWL_RETURN_IF_ERROR(store->Write(batch).status());
      batch.Clear();
    }
  }
  NEWSCRAWL_RETURN_IF_ERROR(store->Sync());
  std::printf("built store: %d articles over %d sites in %.1f s (%.0f articles/s)\n", articles,
              sites, Seconds(start), articles / Seconds(start));
  return Status::Ok();
}

// Current anonymous resident memory in KiB.
long RssAnonKb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("RssAnon:", 0) == 0) return std::strtol(line.c_str() + 8, nullptr, 10);
  }
  return -1;
}

struct RunResult {
  double seconds = 0;
  double cpu_seconds = 0;
  std::uint64_t bytes = 0;
  std::uint64_t items = 0;
  long peak_anon_kb = 0;
  bool ok = false;
};

// Runs one dump in a child process (so each has its own peak memory).
RunResult DumpInChild(const std::string& store_dir, const DumpOptions& options) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    RunResult r;
    std::atomic<bool> done{false};
    std::atomic<long> peak{RssAnonKb()};
    std::thread sampler([&] {
      while (!done.load()) {
        const long now = RssAnonKb();
        if (now > peak.load()) peak.store(now);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    });
    StoreOptions store_options;
    store_options.read_only = true;
    Result<std::unique_ptr<Store>> store = Store::Open(store_dir, store_options);
    if (store.ok()) {
      const auto start = Clock::now();
      const double cpu_start = ThreadCpuSeconds();
      Result<DumpSummary> summary = DumpStore(**store, options);
      r.seconds = Seconds(start);
      r.cpu_seconds = ThreadCpuSeconds() - cpu_start;
      if (summary.ok()) {
        r.ok = true;
        r.bytes = summary->bytes;
        r.items = options.format == "warc" ? summary->pages : summary->articles;
      } else {
        std::fprintf(stderr, "dump failed: %s\n", summary.status().ToString().c_str());
      }
    } else {
      std::fprintf(stderr, "open failed: %s\n", store.status().ToString().c_str());
    }
    done.store(true);
    sampler.join();
    r.peak_anon_kb = peak.load();
    if (::write(fds[1], &r, sizeof(r)) != sizeof(r)) _exit(1);
    _exit(0);
  }
  ::close(fds[1]);
  RunResult r;
  if (::read(fds[0], &r, sizeof(r)) != sizeof(r)) r.ok = false;
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return r;
}

struct Timing {
  double seconds = 0;
  double cpu_seconds = 0;
};

// The peer: copy a file with read/write, as `cat in > out` does.
Timing Cat(const std::string& from, const std::string& to) {
  const auto start = Clock::now();
  const double cpu_start = ThreadCpuSeconds();
  const int in = ::open(from.c_str(), O_RDONLY);
  const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char> buffer(128 * 1024);
  while (true) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n <= 0) break;
    if (::write(out, buffer.data(), static_cast<std::size_t>(n)) != n) break;
  }
  ::close(in);
  ::close(out);
  return {Seconds(start), ThreadCpuSeconds() - cpu_start};
}

double Mb(std::uint64_t bytes) { return static_cast<double>(bytes) / 1e6; }

void Print(const char* what, const RunResult& r, const Timing& peer, std::uint64_t peer_bytes) {
  const double mbs = Mb(r.bytes) / r.seconds;
  const double cpu_mbs = Mb(r.bytes) / r.cpu_seconds;
  std::printf("%-20s %7llu items %7.1f MB | wall %6.2f s %7.1f MB/s (x%.3f of cat) | "
              "cpu %6.2f s %7.1f MB/s %7.0f items/s (x%.3f of cat) | peak anon RSS %.1f MB\n",
              what, static_cast<unsigned long long>(r.items), Mb(r.bytes), r.seconds, mbs,
              mbs / (Mb(peer_bytes) / peer.seconds), r.cpu_seconds, cpu_mbs,
              static_cast<double>(r.items) / r.cpu_seconds,
              cpu_mbs / (Mb(peer_bytes) / peer.cpu_seconds),
              static_cast<double>(r.peak_anon_kb) / 1024.0);
}

}  // namespace
}  // namespace newscrawl

int main(int argc, char** argv) {
  using namespace newscrawl;
  int articles = 100000;
  int sites = 10;
  std::string dir;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--articles" && i + 1 < argc) {
      articles = std::atoi(argv[++i]);
    } else if (arg == "--sites" && i + 1 < argc) {
      sites = std::atoi(argv[++i]);
    } else if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (arg == "--keep") {
      keep = true;
    } else {
      std::fprintf(stderr, "usage: dump_bench [--articles N] [--sites S] [--dir DIR] [--keep]\n");
      return 2;
    }
  }
  if (articles <= 0 || sites <= 0) return 2;
  dir = newscrawl::bench::ScratchDir(dir, "dump-bench");
  std::filesystem::create_directories(dir);
  const std::string store_dir = dir + "/store";
  if (!(keep && std::filesystem::exists(store_dir + "/data.mdb"))) {
    std::filesystem::remove_all(store_dir);
    if (Status s = BuildStore(store_dir, articles, sites); !s.ok()) {
      std::fprintf(stderr, "build failed: %s\n", s.ToString().c_str());
      return 1;
    }
  }

  DumpOptions one_site;
  one_site.format = "jsonl";
  one_site.out = dir + "/one-site.jsonl";
  one_site.sites = {"site0"};
  DumpOptions all = one_site;
  all.out = dir + "/all.jsonl";
  all.sites.clear();
  DumpOptions warc = all;
  warc.format = "warc";
  warc.out = dir + "/all.warc.gz";

  // Warm the page cache once so every run reads from memory.
  DumpInChild(store_dir, all);
  const RunResult r_one = DumpInChild(store_dir, one_site);
  const RunResult r_all = DumpInChild(store_dir, all);
  const RunResult r_warc = DumpInChild(store_dir, warc);
  if (!r_one.ok || !r_all.ok || !r_warc.ok) return 1;
  Cat(all.out, dir + "/copy.jsonl");  // warm
  const Timing cat = Cat(all.out, dir + "/copy.jsonl");

  std::printf("peer: cat of the %.1f MB JSONL file: wall %.3f s %.1f MB/s, cpu %.3f s %.1f MB/s\n",
              Mb(r_all.bytes), cat.seconds, Mb(r_all.bytes) / cat.seconds, cat.cpu_seconds,
              Mb(r_all.bytes) / cat.cpu_seconds);
  Print("jsonl, one site", r_one, cat, r_all.bytes);
  Print("jsonl, all sites", r_all, cat, r_all.bytes);
  Print("warc.gz, all pages", r_warc, cat, r_all.bytes);
  std::printf("memory: peak anon RSS all/one-site = %.2f (flat when close to 1)\n",
              static_cast<double>(r_all.peak_anon_kb) /
                  static_cast<double>(std::max(1L, r_one.peak_anon_kb)));
  if (!keep) std::filesystem::remove_all(dir);
  return 0;
}
