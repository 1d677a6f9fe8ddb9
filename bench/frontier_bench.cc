// frontier_bench: pops N queued URLs of a few hosts from the store's
// frontier, as a crawl's Refill does, either
//   - in batches of --batch entries per host and transaction
//     (Frontier::PopSome, what crawls do), or
//   - one Pop per transaction (the peer: what crawls did before),
// on two stores filled alike, alternating, best of --rounds; prints
// microseconds per popped URL (wall and CPU) and the ratio.
//
//   frontier_bench [--urls 20000] [--hosts 4] [--batch 16] [--rounds 3]
//                  [--dir DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "store/store.h"
#include "bench/scratch_dir.h"

namespace {

using newscrawl::DefaultPriority;
using newscrawl::FrontierEntry;
using newscrawl::Store;
using newscrawl::StoreOptions;
using newscrawl::UrlKind;
using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "frontier_bench: %s\n", what.c_str());
  std::exit(1);
}

double ThreadCpuSeconds() {
  timespec ts{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string HostName(std::size_t h) {
  return std::string("bao").append(std::to_string(h)).append(".vn");
}

std::unique_ptr<Store> Fill(const std::string& dir, std::size_t urls,
                            std::size_t hosts) {
  std::filesystem::remove_all(dir);
  StoreOptions options;
  options.sync = false;  // as a crawl
  options.search_index = false;
  auto store = Store::Open(dir, options);
  if (!store.ok()) Die(store.status().ToString());
  std::vector<FrontierEntry> entries;
  for (std::size_t i = 0; i < urls; ++i) {
    FrontierEntry e;
    e.host = HostName(i % hosts);
    e.url.assign("https://")
        .append(e.host)
        .append("/cong-doan/nguoi-lao-dong-duoc-ho-tro-")
        .append(std::to_string(i))
        .append(".html");
    e.site.push_back('s');
    e.kind = UrlKind::kArticle;
    e.priority = DefaultPriority(e.kind, false);
    e.depth = 1;
    entries.push_back(std::move(e));
    if (entries.size() == 5000 || i + 1 == urls) {
      if (!(*store)->frontier().PushAll(entries).ok()) Die("push");
      entries.clear();
    }
  }
  return std::move(*store);
}

struct Timing {
  double wall = 0;
  double cpu = 0;
};

// Pops everything, round robin over the hosts, `batch` per host and turn.
Timing PopAll(Store& store, std::size_t urls, std::size_t hosts,
              std::size_t batch) {
  const auto start = Clock::now();
  const double cpu_start = ThreadCpuSeconds();
  std::size_t popped = 0;
  while (popped < urls) {
    const std::size_t before = popped;
    for (std::size_t h = 0; h < hosts; ++h) {
      const std::string host = HostName(h);
      if (batch == 1) {
        auto e = store.frontier().Pop(host, 0);
        if (!e.ok()) Die(e.status().ToString());
        if (e->has_value()) ++popped;
      } else {
        auto some = store.frontier().PopSome(host, 0, batch);
        if (!some.ok()) Die(some.status().ToString());
        popped += some->size();
      }
    }
    if (popped == before) Die("the frontier ran dry early");
  }
  return {std::chrono::duration<double>(Clock::now() - start).count(),
          ThreadCpuSeconds() - cpu_start};
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t urls = 20000;
  std::size_t hosts = 4;
  std::size_t batch = 16;
  int rounds = 3;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + arg);
      return argv[++i];
    };
    if (arg == "--urls") {
      urls = std::max<std::size_t>(1, std::stoul(value()));
    } else if (arg == "--hosts") {
      hosts = std::max<std::size_t>(1, std::stoul(value()));
    } else if (arg == "--batch") {
      batch = std::max<std::size_t>(2, std::stoul(value()));
    } else if (arg == "--rounds") {
      rounds = std::max(1, std::stoi(value()));
    } else if (arg == "--dir") {
      dir = value();
    } else {
      Die("unknown argument " + arg +
          " (use --urls N --hosts H --batch B --rounds R --dir DIR)");
    }
  }
  const std::string base = newscrawl::bench::ScratchDir(dir, "frontier_bench");
  Timing best_batched{1e9, 1e9};
  Timing best_single{1e9, 1e9};
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t b : {batch, std::size_t{1}}) {
      auto store = Fill(base + "/store", urls, hosts);
      const Timing t = PopAll(*store, urls, hosts, b);
      Timing& best = b == 1 ? best_single : best_batched;
      best.wall = std::min(best.wall, t.wall);
      best.cpu = std::min(best.cpu, t.cpu);
    }
  }
  const double n = static_cast<double>(urls);
  std::printf("frontier_bench: %zu URLs on %zu hosts, best of %d rounds\n",
              urls, hosts, rounds);
  std::printf("  PopSome, %2zu per transaction %8.2f us/URL wall %8.2f us/URL CPU\n",
              batch, best_batched.wall / n * 1e6, best_batched.cpu / n * 1e6);
  std::printf("  Pop, one per transaction (peer)%7.2f us/URL wall %8.2f us/URL CPU\n",
              best_single.wall / n * 1e6, best_single.cpu / n * 1e6);
  std::printf("  ratio peer/batched           %8.2f wall          %8.2f CPU\n",
              best_single.wall / best_batched.wall,
              best_single.cpu / best_batched.cpu);
  if (dir.empty()) std::filesystem::remove_all(base);
  return 0;
}
