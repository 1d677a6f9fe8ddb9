// ReextractWrite: a stored page extracted again with the current rules, to
// be applied by Store::ApplyReextraction.  The raw page is not stored again:
// only its article and its recorded rules fingerprint change.
//
// What applying one does, in the batch's single write transaction:
//   - the page must still be its URL's latest page (UrlState::page_id),
//     else it is skipped (kStale): a newer fetch already superseded it;
//   - the same body (same article key): the page records the new
//     fingerprint; if the rules changed the title, date, author, ... the
//     article's record takes them and the new fingerprint (kMetadata,
//     re-indexed), else it is left as extracted (kUnchanged: both rule
//     sets give the same article);
//   - a new body: exactly what a crawl does with an edited article
//     (StoreWriter's edit path): a new record keyed by the new body's hash,
//     the old one in its history and out of the indexes (still readable by
//     its key), the URL's state names the new key.  Unlike a crawl's edit,
//     the new body is checked for near duplicates, so an article that
//     becomes one is linked (duplicate_of) and one that stops being one
//     stands alone again (kChanged);
//   - an empty body where an article was stored (kNewlyEmpty): the stored
//     article is KEPT as the URL's current article and only the fingerprint
//     is recorded.  An extractor that finds nothing on a page that once
//     held an article is far more often a broken rule than a deleted
//     article; dropping the text would lose it until the next fetch.  The
//     command reports these pages and site health counts them, and
//     `reextract --all` retries them after the rule is fixed.
// A page whose recorded fingerprint is the new one is skipped by the
// command, so a second run changes nothing.
#ifndef NEWSCRAWL_STORE_REEXTRACT_WRITE_H_
#define NEWSCRAWL_STORE_REEXTRACT_WRITE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/write_batch.h"

namespace newscrawl {

// An article record encoded before the write transaction.
struct EncodedArticle {
  ArticleRecord record;
  std::string value;  // EncodeArticle(record); empty: none
};

// The record work of a re-extracted page done on the worker that extracted
// it (PrepareReextractWrite), from the URL's article record as a read
// transaction saw it.  The writer uses it only for a record still stored
// with exactly those bytes, and only encodings of the very records it
// would put, so the result is the same with or without it.
struct ReextractAhead {
  ArticleKey key;      // the URL's article when read (empty: none)
  std::string stored;  // its value then ("": not read)
  // `stored` decoded (a new body, or new metadata), and for a new body
  // the records the edit puts.
  std::optional<ArticleRecord> record;
  EncodedArticle edited;   // its record (before near duplicates)
  EncodedArticle retired;  // `record` replaced by `edited`
  // The same body, or none: what the writer needs of `stored` instead of
  // the record (which it then neither decodes nor compares).
  bool kept = false;        // `stored` stays as it is (no new metadata)
  ArticleKey duplicate_of;  // if kept: the record's
};

struct ReextractWrite {
  std::uint64_t page_id = 0;  // the stored page that was re-extracted
  // write.page: the stored page's url, site and fetch_time (its body may
  // be left empty), with `fingerprint` set to the new rules' one;
  // write.article: what they extracted (nullopt or an empty body: none).
  // Store::PreparePage(&write) or PrepareReextractWrite may be called on
  // any thread beforehand.
  PageWrite write;
  ReextractAhead ahead;  // optional: see PrepareReextractWrite
};

// The transaction-free work of applying `rewrite`, on any thread (the
// extraction workers): what Store::PreparePage does for it (the article's
// key and SimHash; the encoded new article only if `current` is empty, as
// a re-extraction writes no new page), and with `stored`, the value of the
// URL's article record `current` as read by the caller: if the body
// changed, that record decoded and the records the write would put,
// encoded; else whether the record stays as it is (rewrite->ahead).
// Thread-safe.
Status PrepareReextractWrite(const ArticleKey& current, std::string stored,
                             ReextractWrite* rewrite);

enum class ReextractOutcome : std::uint8_t {
  kUnchanged,   // same body and metadata: only the fingerprint recorded
  kMetadata,    // same body, new title/date/author/...
  kChanged,     // new body: new article record, old one in history
  kNewlyEmpty,  // nothing extracted where an article was: old one kept
  kStale,       // not the URL's latest page any more: nothing done
};
std::string_view ReextractOutcomeName(ReextractOutcome outcome);

struct ReextractResult {
  ReextractOutcome outcome = ReextractOutcome::kUnchanged;
  ArticleKey previous;     // the URL's article before (may be empty)
  ArticleKey article_key;  // the URL's article after
  bool was_duplicate = false;  // previous was a near duplicate
  bool is_duplicate = false;   // article_key is a near duplicate
  ArticleKey duplicate_of;     // if is_duplicate
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_REEXTRACT_WRITE_H_
