// revisit_bench: the crawl-start step that finds the article URLs whose
// revisit is due, on a store of N URL states of which few are due, done
//   - with the revisit index (ForEachDueArticle: Store::ScanDueRevisits up
//     to RevisitPolicy::DueUntil, as the crawl does), and
//   - with the peer, a full scan of the URL states (Store::ForEachUrlState,
//     every state decoded, RevisitPolicy::Due on each: what crawls did
//     before schema 4),
// both in chunks of 4096 entries, one read transaction each, alternating,
// best of --rounds; the due sets must agree.  Also the time a writable
// open takes to upgrade the same store from schema 3 (building the index).
//
//   revisit_bench [--urls 200000] [--due-permille 5] [--rounds 5] [--dir DIR]
//
// The states look like a store after months of nightly crawls: most
// articles' schedules are finished (next_revisit 0), a tenth wait for a
// revisit within the week, --due-permille are due now, 2% are listings.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/due_revisits.h"
#include "crawler/revisit_policy.h"
#include "store/store.h"
#include "tests/support/schema3_store.h"
#include "bench/scratch_dir.h"

namespace {

using newscrawl::RevisitOptions;
using newscrawl::RevisitPolicy;
using newscrawl::Status;
using newscrawl::Store;
using newscrawl::StoreOptions;
using newscrawl::UrlKind;
using newscrawl::UrlState;
using newscrawl::UrlStateWrite;
using newscrawl::WriteBatch;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kChunk = 4096;  // as CrawlRun::QueueDueRevisits

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "revisit_bench: %s\n", what.c_str());
  std::exit(1);
}

void Check(const Status& status, const char* what) {
  if (!status.ok()) Die(std::string(what) + ": " + status.ToString());
}

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

struct Rng {
  std::uint64_t x;
  std::uint64_t Next() {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  }
};

constexpr std::string_view kSections[] = {
    "cong-doan", "viec-lam", "phap-luat", "doi-song", "xa-hoi", "kinh-te"};

UrlState MakeState(std::uint64_t i, Rng& rng, std::int64_t now,
                   unsigned due_permille, std::string* url) {
  const std::string_view section = kSections[i % std::size(kSections)];
  url->assign("https://laodong.vn/")
      .append(section)
      .append("/cong-nhan-khu-cong-nghiep-duoc-ho-tro-tien-thue-tro-")
      .append(std::to_string(i))
      .append(".ldo");
  UrlState s;
  s.last_fetch = now - static_cast<std::int64_t>(rng.Next() % (90 * 86400));
  s.etag.assign("\"").append(std::to_string(rng.Next())).append("\"");
  s.last_modified = "Tue, 02 Dec 2025 07:15:00 GMT";
  s.content_hash = rng.Next();
  for (auto& b : s.article_key.bytes) b = static_cast<std::uint8_t>(rng.Next());
  s.page_id = i + 1;
  s.kind = UrlKind::kArticle;
  s.fetch_count = 3;
  s.rules_fingerprint = "generic-v3:9f3a1c";
  const std::uint64_t r = rng.Next() % 1000;
  if (r < due_permille) {
    s.fetch_count = 1;
    s.next_revisit = now - static_cast<std::int64_t>(rng.Next() % 7200);
  } else if (r < due_permille + 100) {
    s.fetch_count = 1;
    s.next_revisit = now + 4 * 3600 +
                     static_cast<std::int64_t>(rng.Next() % (6 * 86400));
  } else if (r < due_permille + 120) {
    s.kind = UrlKind::kListing;
    s.next_revisit = now;
    s.article_key = {};
  }
  return s;
}

// The due article URLs, with the index (as the crawl reads them).
std::set<std::string> WithIndex(Store& store, const RevisitPolicy& policy,
                                std::int64_t now) {
  std::set<std::string> due;
  Check(newscrawl::ForEachDueArticle(
            store, policy, now, kChunk,
            [&](std::string_view url, const UrlState&) { due.emplace(url); }),
        "ForEachDueArticle");
  return due;
}

// The due article URLs, from every URL state (the peer).
std::set<std::string> WithScan(Store& store, const RevisitPolicy& policy,
                               std::int64_t now) {
  std::set<std::string> due;
  std::string after;
  for (bool more = true; more;) {
    std::size_t visited = 0;
    Check(store.ForEachUrlState(
              after,
              [&](std::string_view url, const UrlState& state) {
                after.assign(url);
                if (state.kind == UrlKind::kArticle && policy.Due(state, now)) {
                  due.emplace(url);
                }
                return ++visited < kChunk;
              }),
          "ForEachUrlState");
    more = visited == kChunk;
  }
  return due;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t urls = 200000;
  unsigned due_permille = 5;
  int rounds = 5;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + arg);
      return argv[++i];
    };
    if (arg == "--urls") {
      urls = std::stoul(value());
    } else if (arg == "--due-permille") {
      due_permille = static_cast<unsigned>(std::min(880ul, std::stoul(value())));
    } else if (arg == "--rounds") {
      rounds = std::max(1, std::stoi(value()));
    } else if (arg == "--dir") {
      dir = value();
    } else {
      Die("unknown argument " + arg +
          " (use --urls N --due-permille P --rounds R --dir DIR)");
    }
  }
  const std::string base = newscrawl::bench::ScratchDir(dir, "revisit_bench");
  const std::string store_dir = base + "/store";
  std::filesystem::remove_all(store_dir);
  StoreOptions options;
  options.sync = false;
  options.search_index = false;

  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  const RevisitPolicy policy{RevisitOptions{}};
  {
    auto opened = Store::Open(store_dir, options);
    Check(opened.status(), "open");
    Store& store = **opened;
    Rng rng{0x5eed};
    for (std::size_t done = 0; done < urls;) {
      WriteBatch batch;
      const std::size_t n = std::min<std::size_t>(20000, urls - done);
      for (std::size_t i = 0; i < n; ++i) {
        UrlStateWrite w;
        w.state = MakeState(done + i, rng, now, due_permille, &w.url);
        batch.PutUrlState(std::move(w));
      }
      Check(store.Write(batch).status(), "write");
      done += n;
    }
  }

  auto opened = Store::Open(store_dir, options);
  Check(opened.status(), "reopen");
  Store& store = **opened;
  double best_index = 1e9;
  double best_scan = 1e9;
  std::size_t due = 0;
  WithScan(store, policy, now);  // both read from the page cache
  for (int round = 0; round < rounds; ++round) {
    auto start = Clock::now();
    const std::set<std::string> indexed = WithIndex(store, policy, now);
    best_index = std::min(best_index, Seconds(Clock::now() - start));
    start = Clock::now();
    const std::set<std::string> scanned = WithScan(store, policy, now);
    best_scan = std::min(best_scan, Seconds(Clock::now() - start));
    if (indexed != scanned) Die("the index and the scan disagree");
    due = indexed.size();
  }

  // The upgrade of the same store from schema 3: drop the index, reopen.
  Check(newscrawl::testing::RevertToSchema3(store), "downgrade");
  opened->reset();
  const auto upgrade_start = Clock::now();
  auto upgraded = Store::Open(store_dir, options);
  const double upgrade = Seconds(Clock::now() - upgrade_start);
  Check(upgraded.status(), "upgrade");
  if (WithIndex(**upgraded, policy, now).size() != due) {
    Die("the upgraded index disagrees");
  }

  std::printf("revisit_bench: %zu URL states, %zu due now, chunks of %zu, "
              "best of %d rounds\n",
              urls, due, kChunk, rounds);
  std::printf("  due revisits, revisit index   %10.2f ms\n", best_index * 1e3);
  std::printf("  due revisits, full scan (peer)%10.2f ms\n", best_scan * 1e3);
  std::printf("  ratio scan/index              %10.1f x\n",
              best_scan / std::max(best_index, 1e-9));
  std::printf("  schema 3 -> 4 upgrade (open)  %10.2f s (%.0f URL states/s)\n",
              upgrade, static_cast<double>(urls) / std::max(upgrade, 1e-9));
  if (dir.empty()) std::filesystem::remove_all(base);
  return 0;
}
