// Store::ApplyReextraction and Store::ScanArticlePages on a real LMDB store:
// a re-extracted page changes its article like an edit (history, URL state,
// search index), keeps its raw page, and relinks near duplicates.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "store/record_codec.h"
#include "store/search_index.h"
#include "store/store.h"
#include "tests/store/search_test_util.h"
#include "tests/store/store_test_util.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::MakeBody;
using testing::MakePageWrite;
using testing::SearchKeys;
using testing::TempDir;

constexpr const char* kNewRules = "rules-v2";

// A related-news box the old rules kept at the end of the body.
std::string WithRelatedBox(std::uint32_t seed) {
  return MakeBody(seed) +
         "\n\nTin liên quan: Giá vàng miếng hôm nay tăng vọt. Bảng xếp hạng "
         "xổ số kiến thiết miền Nam.";
}

std::unique_ptr<Store> OpenStore(const std::string& dir) {
  auto store = Store::Open(dir, StoreOptions{.sync = false});
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(*store);
}

std::vector<PageWriteResult> Write(Store& store, std::vector<PageWrite> pages) {
  WriteBatch batch;
  for (PageWrite& p : pages) batch.AddPage(std::move(p));
  auto results = store.Write(batch);
  REQUIRE_MESSAGE(results.ok(), results.status().ToString());
  return *results;
}

// The re-extraction of `url`'s latest page giving `body` ("" = nothing).
ReextractWrite Rewrite(Store& store, const std::string& url,
                       const std::string& body) {
  auto state = store.GetUrlState(url);
  REQUIRE(state.ok());
  auto page = store.GetPage(state->page_id);
  REQUIRE(page.ok());
  ReextractWrite r;
  r.page_id = state->page_id;
  r.write.kind = UrlKind::kArticle;
  r.write.page.url = url;
  r.write.page.site = page->site;
  r.write.page.fetch_time = page->fetch_time;
  r.write.page.fingerprint = kNewRules;
  // The metadata MakePageWrite gave it; a new body.
  r.write.article = testing::MakeArticle(url, body);
  return r;
}

std::vector<ReextractResult> Apply(Store& store,
                                   std::vector<ReextractWrite> writes) {
  auto results = store.ApplyReextraction(writes);
  REQUIRE_MESSAGE(results.ok(), results.status().ToString());
  return *results;
}

// Every article URL's latest page, as the re-extraction's scan sees it.
std::vector<LatestArticlePage> ScanAll(Store& store) {
  std::string resume;
  std::vector<LatestArticlePage> pages;
  for (bool more = true; more;) {
    auto r = store.ScanArticlePages(
        &resume, 100, [](const PageRecord&) { return true; }, &pages);
    REQUIRE(r.ok());
    more = *r;
  }
  return pages;
}

// PrepareReextractWrite for `r`, from the article record `scanned` read.
void PrepareAhead(const LatestArticlePage& scanned, ReextractWrite* r) {
  const Status status =
      PrepareReextractWrite(scanned.article_key, scanned.article, r);
  REQUIRE_MESSAGE(status.ok(), status.ToString());
}

TEST_CASE("a re-extracted body replaces the article like an edit") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  const std::string url = "https://a.vn/cong-doan/1.html";
  const auto written = Write(*store, {MakePageWrite(url, "a", WithRelatedBox(1), 100),
                                      MakePageWrite("https://a.vn/2.html", "a",
                                                    MakeBody(2), 101)});
  const ArticleKey old_key = written[0].article_key;
  const PageRecord raw_before = store->GetPage(written[0].page_id).value();
  REQUIRE(SearchKeys(*store, "xo so kien thiet").size() == 1);

  const auto results = Apply(*store, {Rewrite(*store, url, MakeBody(1))});
  REQUIRE(results.size() == 1);
  CHECK(results[0].outcome == ReextractOutcome::kChanged);
  CHECK(results[0].previous == old_key);
  const ArticleKey new_key = results[0].article_key;
  CHECK(new_key != old_key);
  CHECK_FALSE(results[0].is_duplicate);

  // The URL names the new article; the raw page is the same page, with the
  // new fingerprint and article key.
  const UrlState state = store->GetUrlState(url).value();
  CHECK(state.article_key == new_key);
  CHECK(state.page_id == written[0].page_id);
  const PageRecord page = store->GetPage(written[0].page_id).value();
  CHECK(page.body == raw_before.body);
  CHECK(page.fingerprint == kNewRules);
  CHECK(state.rules_fingerprint == kNewRules);
  CHECK(page.article_key == new_key);
  CHECK(page.etag == raw_before.etag);

  // The new record has the old one in its history; the old one stays
  // readable, replaced.
  const ArticleRecord now = store->GetArticle(new_key).value();
  CHECK(now.article.body == MakeBody(1));
  CHECK(now.fingerprint == kNewRules);
  REQUIRE(now.history.size() == 1);
  CHECK(now.history[0].key == old_key);
  CHECK(now.history[0].url == url);
  const ArticleRecord old = store->GetArticle(old_key).value();
  CHECK(old.replaced_by == new_key);
  CHECK(old.article.body == WithRelatedBox(1));

  // Counts: no new page, still two current articles.
  const StoreStats stats = store->Stats().value();
  CHECK(stats.total.pages == 2);
  CHECK(stats.total.articles == 2);

  // Search: the removed box is gone, the text is found under the new key.
  CHECK(SearchKeys(*store, "xo so kien thiet").empty());
  CHECK(SearchKeys(*store, "\"ma bai viet 1\"") ==
        std::set<std::string>{new_key.ToHex()});

  // Applying the same again changes nothing.
  const auto again = Apply(*store, {Rewrite(*store, url, MakeBody(1))});
  CHECK(again[0].outcome == ReextractOutcome::kUnchanged);
  CHECK(store->GetArticle(new_key).value() == now);
  CHECK(store->Stats().value().total.articles == 2);
}

TEST_CASE("same body records the fingerprint, empty keeps the article, stale skips") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  const std::string same = "https://a.vn/same.html";
  const std::string empty = "https://a.vn/empty.html";
  const std::string refetched = "https://a.vn/refetched.html";
  const auto written = Write(*store, {MakePageWrite(same, "a", MakeBody(1), 100),
                                      MakePageWrite(empty, "a", MakeBody(2), 100),
                                      MakePageWrite(refetched, "a", MakeBody(3), 100)});
  const ArticleRecord same_before = store->GetArticle(written[0].article_key).value();
  std::vector<ReextractWrite> writes;
  writes.push_back(Rewrite(*store, same, MakeBody(1)));
  writes.push_back(Rewrite(*store, empty, ""));
  writes.push_back(Rewrite(*store, refetched, MakeBody(3) + "\n\nThêm."));
  // The third URL is fetched again (a new raw page) before the write.
  PageWrite newer = MakePageWrite(refetched, "a", MakeBody(33), 200);
  const auto newer_result = Write(*store, {std::move(newer)});

  const auto results = Apply(*store, std::move(writes));
  CHECK(results[0].outcome == ReextractOutcome::kUnchanged);
  CHECK(results[1].outcome == ReextractOutcome::kNewlyEmpty);
  CHECK(results[2].outcome == ReextractOutcome::kStale);

  // Unchanged: the URL state records the fingerprint (the page record is
  // not rewritten), the article stands.
  CHECK(store->GetUrlState(same)->rules_fingerprint == kNewRules);
  CHECK(store->GetPage(written[0].page_id)->fingerprint == "rules-v1");
  CHECK(store->GetArticle(written[0].article_key).value() == same_before);
  // Newly empty: the stored article stays current, the page is marked.
  CHECK(store->GetUrlState(empty)->article_key == written[1].article_key);
  CHECK(store->GetArticle(written[1].article_key)->article.body == MakeBody(2));
  CHECK(store->GetArticle(written[1].article_key)->replaced_by.empty());
  CHECK(store->GetUrlState(empty)->rules_fingerprint == kNewRules);
  CHECK(store->GetPage(written[1].page_id)->article_key == written[1].article_key);
  // Stale: the newer fetch stands, the old page was not touched.
  CHECK(store->GetUrlState(refetched)->article_key == newer_result[0].article_key);
  CHECK(store->GetPage(written[2].page_id)->fingerprint == "rules-v1");
  CHECK(store->GetUrlState(refetched)->rules_fingerprint == "rules-v1");
  CHECK(store->Stats()->total.articles == 3);
}

TEST_CASE("a new title or date with the same body updates the record and indexes") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  const std::string url = "https://a.vn/meta.html";
  const auto written = Write(*store, {MakePageWrite(url, "a", MakeBody(5), 100)});
  ReextractWrite r = Rewrite(*store, url, MakeBody(5));
  r.write.article->title = "Hội nghị đối thoại tại khu chế xuất";
  r.write.article->published = "2024-03-08T09:00:00+07:00";
  const auto results = Apply(*store, {std::move(r)});
  CHECK(results[0].outcome == ReextractOutcome::kMetadata);
  CHECK(results[0].article_key == written[0].article_key);
  const ArticleRecord record = store->GetArticle(written[0].article_key).value();
  CHECK(record.article.title == "Hội nghị đối thoại tại khu chế xuất");
  CHECK(record.fingerprint == kNewRules);
  // Moved in the date index, and searchable by its new title.
  std::vector<std::string> dates;
  REQUIRE(store
              ->ForEachArticle({.since = "2024-03-08", .until = "2024-03-08"},
                               [&](const ArticleRecord& a) {
                                 dates.push_back(a.IndexDate());
                                 return Status::Ok();
                               })
              .ok());
  CHECK(dates == std::vector<std::string>{"2024-03-08"});
  CHECK(store->Stats()->total.articles == 1);
  CHECK(SearchKeys(*store, "khu che xuat") ==
        std::set<std::string>{written[0].article_key.ToHex()});
}

TEST_CASE("re-extraction relinks near duplicates both ways") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  const std::string original = "https://a.vn/goc.html";
  const std::string copy = "https://b.vn/ban-sao.html";
  const std::string other = "https://b.vn/khac.html";
  // The copy differs from the original by its related box only: a near
  // duplicate.  `other` is its own article.
  const auto written = Write(*store, {MakePageWrite(original, "a", MakeBody(7), 100),
                                      MakePageWrite(copy, "b", WithRelatedBox(7), 101),
                                      MakePageWrite(other, "b", MakeBody(8), 102)});
  REQUIRE(written[1].outcome == WriteOutcome::kNearDuplicate);
  REQUIRE(written[2].outcome == WriteOutcome::kNewArticle);

  // New rules: the copy turns out to be a different story, and `other` a
  // near copy of the original.
  std::string near = MakeBody(7);
  near.replace(near.find("Mã bài viết"), std::string("Mã bài viết").size(),
               "Số bài viết");
  const auto results = Apply(*store, {Rewrite(*store, copy, MakeBody(9)),
                                      Rewrite(*store, other, near)});
  CHECK(results[0].outcome == ReextractOutcome::kChanged);
  CHECK(results[0].was_duplicate);
  CHECK_FALSE(results[0].is_duplicate);
  CHECK(results[1].outcome == ReextractOutcome::kChanged);
  CHECK_FALSE(results[1].was_duplicate);
  CHECK(results[1].is_duplicate);
  CHECK(results[1].duplicate_of == written[0].article_key);

  const ArticleRecord standalone = store->GetArticle(results[0].article_key).value();
  CHECK_FALSE(standalone.is_duplicate());
  CHECK(standalone.article.body == MakeBody(9));
  const ArticleRecord dup = store->GetArticle(results[1].article_key).value();
  CHECK(dup.duplicate_of == written[0].article_key);
  CHECK(dup.article.body.empty());
  REQUIRE(dup.history.size() == 1);
  CHECK(dup.history[0].key == written[2].article_key);
  // The index holds only current, non-duplicate articles.
  CHECK(SearchKeys(*store, "ma bai viet") ==
        std::set<std::string>{written[0].article_key.ToHex(),
                              results[0].article_key.ToHex()});
  const StoreStats stats = store->Stats().value();
  CHECK(stats.total.articles == 3);
  CHECK(stats.total.duplicates == 1);
}

TEST_CASE("records prepared by the worker give the store the writer would make") {
  TempDir tmp;
  const std::string edited = "https://a.vn/sua.html";
  const std::string meta = "https://a.vn/tieu-de.html";
  const std::string same = "https://a.vn/giu.html";
  std::unique_ptr<Store> stores[2] = {OpenStore(tmp.File("plain")),
                                      OpenStore(tmp.File("ahead"))};
  std::vector<std::vector<ReextractResult>> results;
  ArticleRecord prepared_edit;  // the edit's new record, as the worker made it
  std::string prepared_value;
  for (int s = 0; s < 2; ++s) {
    Store& store = *stores[s];
    Write(store, {MakePageWrite(edited, "a", WithRelatedBox(11), 100),
                  MakePageWrite(meta, "a", MakeBody(12), 101),
                  MakePageWrite(same, "a", MakeBody(13), 102)});
    std::vector<ReextractWrite> writes;
    writes.push_back(Rewrite(store, edited, MakeBody(11)));
    writes.push_back(Rewrite(store, meta, MakeBody(12)));
    writes.back().write.article->title = "Tiêu đề mới của bài";
    writes.push_back(Rewrite(store, same, MakeBody(13)));
    if (s == 1) {
      const std::vector<LatestArticlePage> scanned = ScanAll(store);
      REQUIRE(scanned.size() == 3);
      // URL order: giu, sua, tieu-de.
      PrepareAhead(scanned[1], &writes[0]);
      PrepareAhead(scanned[2], &writes[1]);
      PrepareAhead(scanned[0], &writes[2]);
      for (const ReextractWrite& w : writes) REQUIRE(w.write.prepared.ready);
      // The edit and the new title need the stored record decoded; the
      // same article does not (it stays as stored).
      REQUIRE(writes[0].ahead.record.has_value());
      REQUIRE(writes[1].ahead.record.has_value());
      CHECK_FALSE(writes[0].ahead.kept);
      CHECK_FALSE(writes[1].ahead.kept);
      CHECK(writes[2].ahead.kept);
      CHECK_FALSE(writes[2].ahead.record.has_value());
      CHECK(writes[2].ahead.stored == scanned[0].article);
      // The edit's two records are encoded ahead; the others need none.
      CHECK_FALSE(writes[0].ahead.edited.value.empty());
      CHECK_FALSE(writes[0].ahead.retired.value.empty());
      CHECK(writes[0].ahead.retired.record.replaced_by ==
            writes[0].write.prepared.article_key);
      CHECK(writes[1].ahead.edited.value.empty());
      // No new-article encoding: the URL already had one.
      CHECK(writes[0].write.prepared.encoded_new_article.empty());
      prepared_edit = writes[0].ahead.edited.record;
      prepared_value = writes[0].ahead.edited.value;
    }
    results.push_back(Apply(store, std::move(writes)));
  }
  REQUIRE(results[0].size() == 3);
  CHECK(results[0][0].outcome == ReextractOutcome::kChanged);
  CHECK(results[0][1].outcome == ReextractOutcome::kMetadata);
  CHECK(results[0][2].outcome == ReextractOutcome::kUnchanged);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(results[1][i].outcome == results[0][i].outcome);
    CHECK(results[1][i].article_key == results[0][i].article_key);
    CHECK(results[1][i].previous == results[0][i].previous);
    CHECK(stores[1]->GetArticle(results[1][i].article_key).value() ==
          stores[0]->GetArticle(results[0][i].article_key).value());
    CHECK(stores[1]->GetArticle(results[1][i].previous).value() ==
          stores[0]->GetArticle(results[0][i].previous).value());
  }
  for (const std::string& url : {edited, meta, same}) {
    CHECK(stores[1]->GetUrlState(url).value() ==
          stores[0]->GetUrlState(url).value());
  }
  CHECK(SearchKeys(*stores[1], "\"ma bai viet 11\"") ==
        std::set<std::string>{results[1][0].article_key.ToHex()});
  // The edit's record made by the worker is exactly the one stored (so the
  // writer puts the worker's encoding instead of compressing it again).
  const ArticleRecord stored_edit =
      stores[1]->GetArticle(results[1][0].article_key).value();
  CHECK(prepared_edit == stored_edit);
  std::string encoded;
  REQUIRE(EncodeArticle(stored_edit, &encoded).ok());
  CHECK(encoded == prepared_value);
}

TEST_CASE("records prepared from a record changed since are not used") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  const std::string url = "https://a.vn/goc.html";
  const std::string mirror = "https://a.vn/ban-in.html";
  const auto written =
      Write(*store, {MakePageWrite(url, "a", WithRelatedBox(21), 100)});
  const ArticleKey old_key = written[0].article_key;
  ReextractWrite r = Rewrite(*store, url, MakeBody(21));
  const std::vector<LatestArticlePage> scanned = ScanAll(*store);
  REQUIRE(scanned.size() == 1);
  PrepareAhead(scanned[0], &r);
  // Read when the article was at `url` only: retired by the edit.
  REQUIRE_FALSE(r.ahead.retired.value.empty());
  // Meanwhile a crawl finds the same text at a second URL.
  Write(*store, {MakePageWrite(mirror, "a", WithRelatedBox(21), 150)});
  REQUIRE(store->GetArticle(old_key)->urls.size() == 2);

  const auto results = Apply(*store, {std::move(r)});
  CHECK(results[0].outcome == ReextractOutcome::kChanged);
  // The record as stored now decides: still current at the mirror URL.
  const ArticleRecord old = store->GetArticle(old_key).value();
  CHECK(old.replaced_by.empty());
  CHECK(old.urls == std::vector<std::string>{url, mirror});
  CHECK(old.last_seen == 150);
  const ArticleRecord now = store->GetArticle(results[0].article_key).value();
  REQUIRE(now.history.size() == 1);
  CHECK(now.history[0].key == old_key);
  CHECK(now.article.body == MakeBody(21));
  CHECK(store->Stats()->total.articles == 2);
}

TEST_CASE("the worker's verdict that a record stays is used only if it is still as read") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  const std::string url = "https://a.vn/giu-nguyen.html";
  Write(*store, {MakePageWrite(url, "a", MakeBody(31), 100)});
  const std::string title = store->GetArticleByUrl(url)->article.title;
  // The worker: same body and metadata, the record stays as stored.
  ReextractWrite same = Rewrite(*store, url, MakeBody(31));
  const std::vector<LatestArticlePage> scanned = ScanAll(*store);
  REQUIRE(scanned.size() == 1);
  PrepareAhead(scanned[0], &same);
  REQUIRE(same.ahead.kept);
  // Meanwhile the record takes another title.
  ReextractWrite retitled = Rewrite(*store, url, MakeBody(31));
  retitled.write.article->title = "Một tiêu đề khác hẳn";
  REQUIRE(Apply(*store, {std::move(retitled)})[0].outcome ==
          ReextractOutcome::kMetadata);
  // The verdict is stale: the writer compares again and puts the title back.
  const auto results = Apply(*store, {std::move(same)});
  CHECK(results[0].outcome == ReextractOutcome::kMetadata);
  CHECK(store->GetArticleByUrl(url)->article.title == title);
}

// The search index's tombstones (documents removed, postings not purged).
std::uint64_t Tombstones(Store& store) {
  std::uint64_t tombstones = 0;
  const Status status = store.ReadTransaction([&](MDB_txn* txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(auto index, SearchIndex::Open(txn, false));
    NEWSCRAWL_ASSIGN_OR_RETURN(const SearchIndexStats stats, index->Stats(txn));
    tombstones = stats.tombstones;
    return Status::Ok();
  });
  REQUIRE_MESSAGE(status.ok(), status.ToString());
  return tombstones;
}

TEST_CASE("deferred index purges leave tombstones to the next write, queries stay exact") {
  constexpr std::uint32_t kArticles = 400;
  auto url = [](std::uint32_t i) {
    return "https://a.vn/bai-" + std::to_string(i) + ".html";
  };
  TempDir tmp;
  // The same edits in two stores: purges deferred in one, as usual in the
  // other (purged when 256 tombstones are a quarter of the documents).
  for (const bool defer : {true, false}) {
    INFO("deferred: " << defer);
    auto store = OpenStore(tmp.File(defer ? "deferred" : "usual"));
    std::vector<PageWrite> pages;
    for (std::uint32_t i = 0; i < kArticles; ++i) {
      pages.push_back(
          MakePageWrite(url(i), "a", WithRelatedBox(1000 + i), 100 + i));
    }
    const auto written = Write(*store, std::move(pages));
    std::set<std::string> old_keys;
    for (const PageWriteResult& w : written) old_keys.insert(w.article_key.ToHex());
    REQUIRE(SearchKeys(*store, "xo so kien thiet") == old_keys);
    store->DeferIndexPurge(defer);
    std::set<std::string> new_keys;
    std::vector<std::uint64_t> tombstones;
    for (std::uint32_t first = 0; first < kArticles; first += 100) {
      std::vector<ReextractWrite> writes;
      for (std::uint32_t i = first; i < first + 100; ++i) {
        writes.push_back(Rewrite(*store, url(i), MakeBody(1000 + i)));
      }
      for (const ReextractResult& r : Apply(*store, std::move(writes))) {
        REQUIRE(r.outcome == ReextractOutcome::kChanged);
        old_keys.erase(r.previous.ToHex());
        new_keys.insert(r.article_key.ToHex());
      }
      // Tombstones or not, queries find the current articles only.
      CHECK(SearchKeys(*store, "xo so kien thiet") == old_keys);
      CHECK(SearchKeys(*store, "\"ma bai viet 1042\"").size() == 1);
      tombstones.push_back(Tombstones(*store));
    }
    if (defer) {
      // One per replaced article, none purged.
      CHECK(tombstones == std::vector<std::uint64_t>{100, 200, 300, 400});
    } else {
      // Purged after the third batch (300 >= 256 and >= (400 + 300) / 4).
      CHECK(tombstones == std::vector<std::uint64_t>{100, 200, 0, 100});
    }
    // The next write purges them if due: 400 of 800 in the deferred store;
    // 100 are not in the other.
    store->DeferIndexPurge(false);
    Write(*store, {MakePageWrite(url(kArticles), "a", MakeBody(7), 900)});
    CHECK(Tombstones(*store) == (defer ? 0u : 100u));
    CHECK(SearchKeys(*store, "xo so kien thiet").empty());
    const std::set<std::string> seven = SearchKeys(*store, "\"ma bai viet 7\"");
    CHECK(seven.size() == 1);
    CHECK(SearchKeys(*store, "\"ma bai viet 1042\"").size() == 1);
    new_keys.insert(seven.begin(), seven.end());
    CHECK(SearchKeys(*store, "\"cham lo cho nguoi lao dong\"") == new_keys);
    CHECK(store->Stats()->total.articles == kArticles + 1);
  }
}

TEST_CASE("ScanArticlePages walks the latest article page of each URL in chunks") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  std::vector<PageWrite> pages;
  for (int i = 0; i < 25; ++i) {
    pages.push_back(MakePageWrite("https://a.vn/" + std::to_string(100 + i) + ".html",
                                  i % 2 ? "a" : "b", MakeBody(static_cast<std::uint32_t>(i)),
                                  100));
  }
  PageWrite listing = MakePageWrite("https://a.vn/chuyen-muc/", "a", MakeBody(99), 100);
  listing.kind = UrlKind::kListing;
  listing.article.reset();
  pages.push_back(std::move(listing));
  Write(*store, std::move(pages));
  // A refetch with a new body: only its newer page is visited.
  const auto newer = Write(*store, {MakePageWrite("https://a.vn/100.html", "b",
                                                  MakeBody(500), 300)});

  std::string resume;
  std::vector<LatestArticlePage> seen;
  int chunks = 0;
  bool more = true;
  while (more) {
    auto r = store->ScanArticlePages(
        &resume, 4, [](const PageRecord& head) { return head.site == "b"; },
        &seen);
    REQUIRE(r.ok());
    more = *r;
    ++chunks;
    REQUIRE(chunks < 20);
  }
  CHECK(chunks == 7);  // 26 URLs, 4 at a time
  REQUIRE(seen.size() == 13);
  CHECK(seen[0].page.url == "https://a.vn/100.html");
  CHECK(seen[0].page_id == newer[0].page_id);
  CHECK(seen[0].article_key == newer[0].article_key);
  CHECK(seen[0].page.body.empty());
  // With the URL's article record as stored.
  auto article = DecodeArticle(seen[0].article_key, seen[0].article);
  REQUIRE(article.ok());
  CHECK(article->article.body == MakeBody(500));
  REQUIRE(seen[0].DecodeBody().ok());
  CHECK(seen[0].page.body.find("Mã bài viết 500") != std::string::npos);
  CHECK(seen[0].encoded.empty());
  LatestArticlePage broken = seen[1];
  broken.encoded = "\x01garbage";
  CHECK(broken.DecodeBody().IsCorruption());
  for (std::size_t i = 1; i < seen.size(); ++i) {
    CHECK(seen[i - 1].page.url < seen[i].page.url);
    CHECK(seen[i].page.site == "b");
  }
}

}  // namespace
}  // namespace newscrawl
