// WriteBatch: the records of several fetched pages (and frontier updates),
// applied by Store::Write in ONE LMDB write transaction.  Either the whole
// batch is stored or none of it, so a killed process never leaves half a
// page.  A batch is built on one thread and is not thread-safe.
//
//   WriteBatch batch;
//   batch.AddPage({.page = page, .kind = UrlKind::kArticle,
//                  .article = extracted});
//   NEWSCRAWL_ASSIGN_OR_RETURN(auto results, store->Write(batch));
#ifndef NEWSCRAWL_STORE_WRITE_BATCH_H_
#define NEWSCRAWL_STORE_WRITE_BATCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "extractor/article.h"
#include "store/article_tokens.h"
#include "store/frontier_entry.h"
#include "store/store_records.h"

namespace newscrawl {

// The CPU-heavy part of storing a page, which needs no transaction:
// normalising and hashing the body, SimHash, compressing the raw page.
// Filled by Store::PreparePage (on any thread, e.g. the extraction
// workers) or else by Store::Write itself.
struct PreparedPage {
  bool ready = false;
  ArticleKey article_key;        // empty if no article
  std::uint64_t simhash = 0;
  std::uint32_t shingles = 0;
  std::uint64_t raw_hash = 0;    // XXH3-64 of page.body
  std::string encoded_page;      // the `pages` value (record_codec.h)
  // The `articles` value for the common case: a body never seen before
  // (one URL, first_seen = last_seen = fetch time, no history).
  std::string encoded_new_article;
  // The article's search-index tokens, if Store::PrepareIndexTokens made
  // them (else the index's writer tokenizes).
  ArticleTokens tokens;
};

// One fetched page and what was extracted from it.
struct PageWrite {
  PageRecord page;  // page.article_key is filled in by the store
  UrlKind kind = UrlKind::kOther;
  std::int64_t next_revisit = 0;  // stored in the URL's UrlState
  // The extracted article; nullopt for pages that hold none (listings,
  // feeds, robots.txt, extraction failures).
  std::optional<Article> article;
  // Optional: see Store::PreparePage.  Must match page and article.
  PreparedPage prepared;
};

// A URL state change without a new page: a 304 Not Modified, a failure,
// a new revisit time.  Replaces the stored state.
struct UrlStateWrite {
  std::string url;
  UrlState state;
};

// What Store::Write did with one PageWrite, in AddPage order.
enum class WriteOutcome : std::uint8_t {
  kNewArticle,        // a body never seen before
  kSameArticleNewUrl, // exact same body already stored under another URL
  kNearDuplicate,     // SimHash-close to a stored article: duplicate_of set
  kEdited,            // same URL, new body: new record, old one in history
  kUnchanged,         // same URL, same raw body (or same article) again
  kNoArticle,         // page stored, nothing extracted
};
std::string_view WriteOutcomeName(WriteOutcome outcome);  // "new", ...

struct PageWriteResult {
  WriteOutcome outcome = WriteOutcome::kNoArticle;
  std::uint64_t page_id = 0;  // the earlier page if the raw body is unchanged
  ArticleKey article_key;     // the article this page yielded
  ArticleKey duplicate_of;    // for kNearDuplicate
  ArticleKey previous;        // for kEdited: the replaced version
};

class WriteBatch {
 public:
  WriteBatch() = default;
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;
  WriteBatch(WriteBatch&&) = default;
  WriteBatch& operator=(WriteBatch&&) = default;

  void AddPage(PageWrite page) { pages_.push_back(std::move(page)); }
  void PutUrlState(UrlStateWrite write) {
    url_states_.push_back(std::move(write));
  }
  void PushFrontier(FrontierEntry entry) {
    frontier_pushes_.push_back(std::move(entry));
  }
  void FrontierDone(std::string url) { frontier_done_.push_back(std::move(url)); }

  std::size_t page_count() const { return pages_.size(); }
  bool empty() const {
    return pages_.empty() && url_states_.empty() && frontier_pushes_.empty() &&
           frontier_done_.empty();
  }
  void Clear() {
    pages_.clear();
    url_states_.clear();
    frontier_pushes_.clear();
    frontier_done_.clear();
  }

  const std::vector<PageWrite>& pages() const { return pages_; }
  const std::vector<UrlStateWrite>& url_states() const { return url_states_; }
  const std::vector<FrontierEntry>& frontier_pushes() const {
    return frontier_pushes_;
  }
  const std::vector<std::string>& frontier_done() const {
    return frontier_done_;
  }
  // Moves the frontier pushes out (a caller that writes them in
  // transactions of their own).
  std::vector<FrontierEntry> TakeFrontierPushes() {
    return std::exchange(frontier_pushes_, {});
  }

 private:
  // Applied in this order: pages, url states, frontier pushes, dones.
  std::vector<PageWrite> pages_;
  std::vector<UrlStateWrite> url_states_;
  std::vector<FrontierEntry> frontier_pushes_;
  std::vector<std::string> frontier_done_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_WRITE_BATCH_H_
