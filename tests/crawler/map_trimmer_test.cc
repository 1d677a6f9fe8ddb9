#include "crawler/map_trimmer.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "store/store.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

// RssFile of this process, in bytes (0 without procfs).
std::uint64_t RssFileBytes() {
  std::ifstream in("/proc/self/status");
  std::string key;
  std::uint64_t kb = 0;
  while (in >> key) {
    if (key == "RssFile:") {
      in >> kb;
      return kb * 1024;
    }
    in.ignore(1 << 20, '\n');
  }
  return 0;
}

// A listing page of incompressible bytes (zstd keeps it as large).
PageWrite NoisePage(int i, std::mt19937* rng) {
  PageWrite w;
  w.page.url = "https://ldld.example.vn/chuyen-muc/trang-" + std::to_string(i);
  w.page.status = 200;
  w.page.fetch_time = 1700000000 + i;
  w.page.content_type = "text/html; charset=utf-8";
  w.page.site = "ldld";
  w.page.body.resize(64 * 1024);
  for (char& c : w.page.body) c = static_cast<char>((*rng)() & 0xFF);
  w.kind = UrlKind::kListing;
  return w;
}

// A store in `dir` holding `pages` noise pages (ids 1..pages), nothing of
// it mapped; their bodies in *bodies.
std::unique_ptr<Store> NoiseStore(const std::string& dir, int pages,
                                  std::vector<std::string>* bodies) {
  StoreOptions options;
  options.sync = false;
  auto opened = Store::Open(dir, options);
  REQUIRE(opened.ok());
  std::unique_ptr<Store> store = std::move(opened).value();
  std::mt19937 rng(7);
  for (int i = 0; i < pages; i += 16) {
    WriteBatch batch;
    for (int k = i; k < i + 16; ++k) {
      PageWrite w = NoisePage(k, &rng);
      bodies->push_back(w.page.body);
      batch.AddPage(std::move(w));
    }
    REQUIRE(store->Write(batch).ok());
  }
  // Writes go through pwrite: whatever is mapped now, release it.
  REQUIRE(store->ReleaseMappedPages().ok());
  return store;
}

TEST_CASE("pages read through the store's map leave resident memory when released") {
  if (RssFileBytes() == 0) return;  // no procfs: nothing to measure
  testing::TempDir dir;
  constexpr int kPages = 256;  // 16 MiB of bodies
  std::vector<std::string> bodies;
  std::unique_ptr<Store> opened = NoiseStore(dir.path(), kPages, &bodies);
  Store& store = *opened;
  MapTrimmer trimmer(&store, std::uint64_t{4} << 20);
  const std::uint64_t before = RssFileBytes();
  CHECK(trimmer.Check().ok());  // nothing read yet: below the budget
  CHECK(trimmer.releases() == 0);

  for (std::uint64_t id = 1; id <= kPages; ++id) {
    Result<PageRecord> page = store.GetPage(id);
    REQUIRE(page.ok());
    REQUIRE(page->body == bodies[id - 1]);
  }
  const std::uint64_t after_reads = RssFileBytes();
  CAPTURE(before);
  CAPTURE(after_reads);
  CHECK(after_reads >= before + (std::uint64_t{12} << 20));  // the bodies read

  REQUIRE(trimmer.Check().ok());
  CHECK(trimmer.releases() == 1);
  const std::uint64_t after_release = RssFileBytes();
  CAPTURE(after_release);
  CHECK(after_release + (std::uint64_t{12} << 20) <= after_reads);

  // Released pages read back the same (mapped again from the page cache).
  for (std::uint64_t id = 1; id <= kPages; id += 51) {
    Result<PageRecord> page = store.GetPage(id);
    REQUIRE(page.ok());
    CHECK(page->body == bodies[id - 1]);
  }
}

TEST_CASE("the watching trimmer releases the map while a reader keeps reading") {
  if (RssFileBytes() == 0) return;  // no procfs: nothing to measure
  testing::TempDir dir;
  constexpr int kPages = 512;  // 32 MiB of bodies
  std::vector<std::string> bodies;
  std::unique_ptr<Store> opened = NoiseStore(dir.path(), kPages, &bodies);
  Store& store = *opened;
  const std::uint64_t before = RssFileBytes();
  constexpr std::uint64_t kBudget = std::uint64_t{4} << 20;
  MapTrimmer trimmer(&store, kBudget);
  trimmer.Watch(std::chrono::milliseconds(1));
  CHECK(trimmer.watching());

  // This thread only reads (it never calls Check()): the releases are
  // the watcher's.
  std::uint64_t peak = 0;
  for (std::uint64_t id = 1; id <= kPages; ++id) {
    Result<PageRecord> page = store.GetPage(id);
    REQUIRE(page.ok());
    REQUIRE(page->body == bodies[id - 1]);
    if (id % 32 == 0) {  // every 2 MiB
      peak = std::max(peak, RssFileBytes());
      // Lets the watcher run on a busy machine.
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  CAPTURE(before);
  CAPTURE(peak);
  CHECK(trimmer.releases() >= 2);
  // Without releases the whole 32 MiB read would be resident.
  CHECK(peak < before + (std::uint64_t{20} << 20));
}

TEST_CASE("the write check releases the map inside the store's transaction") {
  if (RssFileBytes() == 0) return;  // no procfs: nothing to measure
  testing::TempDir dir;
  constexpr int kPages = 256;  // 16 MiB of bodies
  std::vector<std::string> bodies;
  std::unique_ptr<Store> opened = NoiseStore(dir.path(), kPages, &bodies);
  Store& store = *opened;
  MapTrimmer trimmer(&store, std::uint64_t{4} << 20);
  for (std::uint64_t id = 1; id <= kPages; ++id) {
    REQUIRE(store.GetPage(id).ok());
  }
  const std::uint64_t after_reads = RssFileBytes();
  // Called after each page of a batch and three times before the commit,
  // inside the transaction: a release there needs no transaction of its
  // own.
  int calls = 0;
  std::uint64_t in_write = 0;
  store.SetWriteCheck([&] {
    ++calls;
    REQUIRE(trimmer.CheckInWrite().ok());
    in_write = std::max(in_write, RssFileBytes());
  });
  std::mt19937 rng(11);
  WriteBatch batch;
  for (int i = kPages; i < kPages + 3; ++i) batch.AddPage(NoisePage(i, &rng));
  const std::string body = batch.pages()[1].page.body;
  REQUIRE(store.Write(batch).ok());
  CHECK(calls == 3 + 3);
  CHECK(trimmer.releases() == 1);
  CAPTURE(after_reads);
  CAPTURE(in_write);
  CHECK(in_write + (std::uint64_t{12} << 20) <= after_reads);
  store.SetWriteCheck(nullptr);
  REQUIRE(store.Write(batch).ok());  // again, unchecked
  CHECK(calls == 6);
  Result<PageRecord> page = store.GetPage(kPages + 2);
  REQUIRE(page.ok());
  CHECK(page->body == body);
}

}  // namespace
}  // namespace newscrawl
