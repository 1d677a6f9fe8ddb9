#include "store/reextract_write.h"

#include "store/record_codec.h"
#include "store/simhash.h"
#include "store/store_writer.h"
#include "store/text_normalizer.h"

namespace newscrawl {

std::string_view ReextractOutcomeName(ReextractOutcome outcome) {
  switch (outcome) {
    case ReextractOutcome::kUnchanged: return "unchanged";
    case ReextractOutcome::kMetadata: return "metadata";
    case ReextractOutcome::kChanged: return "changed";
    case ReextractOutcome::kNewlyEmpty: return "newly-empty";
    case ReextractOutcome::kStale: return "stale";
  }
  return "unknown";
}

Status PrepareReextractWrite(const ArticleKey& current, std::string stored,
                             ReextractWrite* rewrite) {
  thread_local std::string normalized;
  const PageWrite& write = rewrite->write;
  PreparedPage& prepared = rewrite->write.prepared;
  ReextractAhead& ahead = rewrite->ahead;
  prepared = PreparedPage{};
  ahead = ReextractAhead{};
  const bool has_body = write.article && !write.article->body.empty();
  if (has_body) {
    // As PreparePageWrite; the page itself is not written again.
    NormalizeBody(write.article->body, &normalized);
    prepared.article_key = ArticleKey::ForNormalizedBody(normalized);
    // The SimHash serves only a body that is new at the URL (near-duplicate
    // lookup, the new record); an unchanged body keeps its stored one.
    if (prepared.article_key != current) {
      const SimHashResult simhash = SimHash(normalized);
      prepared.simhash = simhash.hash;
      prepared.shingles = simhash.shingles;
    }
    if (current.empty()) {
      // A first article at the URL: written as new (StoreWriter).
      NEWSCRAWL_RETURN_IF_ERROR(EncodeNewArticle(
          *write.article, write.page.url, write.page.fetch_time,
          write.page.fingerprint, write.page.site, prepared.simhash,
          &prepared.encoded_new_article));
    }
  }
  prepared.ready = true;
  if (current.empty() || stored.empty()) return Status::Ok();

  if (!has_body || prepared.article_key == current) {
    // The same body, or none: the writer only needs to know whether the
    // record stays as it is.  Decoded into memory this thread reuses.
    thread_local ArticleRecord scratch;
    NEWSCRAWL_RETURN_IF_ERROR(DecodeArticleInto(current, stored, &scratch));
    ahead.kept = !has_body || !ReextractedMetadataChanged(scratch, write);
    if (ahead.kept) {
      ahead.duplicate_of = scratch.duplicate_of;
    } else {
      ahead.record = scratch;  // new metadata: the writer refreshes it
    }
    ahead.key = current;
    ahead.stored = std::move(stored);
    return Status::Ok();
  }
  NEWSCRAWL_ASSIGN_OR_RETURN(ArticleRecord record,
                             DecodeArticle(current, stored));
  if (has_body && prepared.article_key != current) {
    // A new body: the records StoreWriter's edit path puts, unless the
    // new key is stored already or the body is a near duplicate.
    ahead.edited.record =
        EditedArticleRecord(write, prepared, current, &record);
    // With the article, as StoreWriter::WriteArticle puts it (else the
    // writer never finds this record equal to its own and encodes it
    // again, compressing the body on the writer thread).
    ahead.edited.record.article = *write.article;
    NEWSCRAWL_RETURN_IF_ERROR(
        EncodeArticle(ahead.edited.record, &ahead.edited.value));
    ahead.retired.record = record;
    if (RetireArticleRecord(write.page.url, prepared.article_key,
                            write.page.fetch_time, &ahead.retired.record)) {
      NEWSCRAWL_RETURN_IF_ERROR(
          EncodeArticle(ahead.retired.record, &ahead.retired.value));
    } else {
      ahead.retired.record = ArticleRecord{};
    }
  }
  ahead.key = current;
  ahead.stored = std::move(stored);
  ahead.record = std::move(record);
  return Status::Ok();
}

}  // namespace newscrawl
