#include "crawler/reextractor.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>

#include "config/interrupt.h"
#include "crawler/blocking_queue.h"
#include "crawler/crawl_summary.h"
#include "crawler/line_diff.h"
#include "extractor/extractor_set.h"
#include "store/store.h"

namespace newscrawl {
namespace {

// URLs examined per read transaction of the scanner.
constexpr std::size_t kScanChunk = 256;
// Pages handed from a thread to the next in one queue operation: one
// wake-up per group rather than per page (a page is under a millisecond
// of extraction, a wake-up a few microseconds on each side).  At most an
// eighth of a batch, so that small batches (tests, interruptions) keep
// few pages in flight.
constexpr std::size_t kGroupPages = 16;
// More extraction threads than this is a mistake, not a speed-up.
constexpr int kMaxJobs = 256;

// A stored page to extract again.
struct Task {
  LatestArticlePage stored;
  const Extractor* extractor = nullptr;
  const std::string* fingerprint = nullptr;  // the extractor's
};

// A page extracted again, ready for the writer.
struct Done {
  ArticleKey old_key;
  ReextractWrite rewrite;  // rewrite.write.page has no body
  bool failed = false;
  bool near_duplicate = false;  // dry run: the new body is near another one
};

// Consecutive pages (scan order), extracted by one worker; results come
// back in a group of the same sequence number.
struct TaskGroup {
  std::uint64_t seq = 0;
  std::vector<Task> tasks;
};
struct DoneGroup {
  std::uint64_t seq = 0;
  std::vector<Done> done;
};

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

bool HasBody(const PageWrite& write) {
  return write.article && !write.article->body.empty();
}

// About the memory a result holds (ReextractorOptions::batch_bytes).
std::size_t ApproximateBytes(const Done& d) {
  const PageWrite& w = d.rewrite.write;
  std::size_t bytes = sizeof(Done) + w.page.url.size() +
                      w.prepared.encoded_page.size() +
                      w.prepared.encoded_new_article.size();
  if (w.article) {
    bytes += w.article->title.size() + w.article->body.size() +
             w.article->lead.size();
  }
  const ReextractAhead& ahead = d.rewrite.ahead;
  bytes += ahead.stored.size() + ahead.edited.value.size() +
           ahead.retired.value.size();
  for (const ArticleRecord* r :
       {ahead.record ? &*ahead.record : nullptr, &ahead.edited.record,
        &ahead.retired.record}) {
    if (r != nullptr) bytes += r->article.body.size() + r->article.lead.size();
  }
  for (const auto* tokens : {&w.prepared.tokens.title, &w.prepared.tokens.body}) {
    bytes += tokens->size() * sizeof(std::string);
    for (const std::string& t : *tokens) {
      if (t.size() >= sizeof(std::string)) bytes += t.size() + 1;
    }
  }
  return bytes;
}

// Extracts `task`'s page again and prepares its write (the workers' part).
Done ExtractTask(Task& task, Store* store, bool dry_run) {
  Done d;
  d.old_key = task.stored.article_key;
  d.rewrite.page_id = task.stored.page_id;
  PageRecord& stored = task.stored.page;
  const Status body = task.stored.DecodeBody();
  PageWrite& w = d.rewrite.write;
  w.kind = UrlKind::kArticle;
  w.page.url = stored.url;
  w.page.site = stored.site;
  w.page.fetch_time = stored.fetch_time;
  w.page.fingerprint = *task.fingerprint;
  ExtractRequest request;
  request.url = stored.final_url.empty() ? stored.url : stored.final_url;
  request.content_type = stored.content_type;
  Result<Article> article = body.ok()
                                ? task.extractor->Extract(stored.body, request)
                                : Result<Article>(body);
  if (article.ok()) {
    w.article = std::move(*article);
    if (w.article->url.empty()) w.article->url = stored.url;
    // The record work too, from the article the scan read, unless
    // nothing is written.
    Status prepared =
        dry_run ? store->PreparePage(&w)
                : PrepareReextractWrite(
                      d.old_key, std::move(task.stored.article), &d.rewrite);
    // A new body: the search index's tokens too, here rather than
    // on the writer.
    if (prepared.ok() && !dry_run && HasBody(w) &&
        w.prepared.article_key != d.old_key) {
      prepared = store->PrepareIndexTokens(&w);
    }
    if (!prepared.ok()) {
      spdlog::warn("{}: {}", stored.url, prepared.ToString());
      d.failed = true;
    } else if (dry_run && HasBody(w) && w.prepared.article_key != d.old_key) {
      Result<ArticleKey> similar = store->FindSimilar(w.article->body);
      d.near_duplicate =
          similar.ok() && !similar->empty() && *similar != d.old_key;
    }
  } else {
    spdlog::warn("{}: {}", stored.url, article.status().ToString());
    d.failed = true;
  }
  return d;
}

// While it lives, the store's writes leave the search index's tombstones
// (Store::DeferIndexPurge): a run replacing many articles would purge
// several times, rewriting the posting lists each time; the store's next
// write of an article (a crawl's) purges once instead.
class DeferredIndexPurge {
 public:
  explicit DeferredIndexPurge(Store* store) : store_(store) {
    if (store_ != nullptr) store_->DeferIndexPurge(true);
  }
  ~DeferredIndexPurge() {
    if (store_ != nullptr) store_->DeferIndexPurge(false);
  }
  DeferredIndexPurge(const DeferredIndexPurge&) = delete;
  DeferredIndexPurge& operator=(const DeferredIndexPurge&) = delete;

 private:
  Store* const store_;
};

}  // namespace

SiteHealth SiteReextractReport::Health() const {
  SiteFunnel funnel;
  funnel.extracted = processed;
  funnel.short_bodies = short_bodies;
  funnel.no_title = no_title;
  funnel.no_date = no_date;
  SiteHealth health = SiteHealth::FromFunnel(funnel);
  health.articles = articles;
  return health;
}

void SiteReextractReport::Add(const SiteReextractReport& o) {
  processed += o.processed;
  changed += o.changed;
  metadata += o.metadata;
  unchanged += o.unchanged;
  newly_empty += o.newly_empty;
  newly_duplicate += o.newly_duplicate;
  no_longer_duplicate += o.no_longer_duplicate;
  stale += o.stale;
  failed += o.failed;
  short_bodies += o.short_bodies;
  no_title += o.no_title;
  no_date += o.no_date;
  articles += o.articles;
}

SiteReextractReport ReextractReport::Totals() const {
  SiteReextractReport total;
  for (const auto& [site, r] : sites) total.Add(r);
  return total;
}

std::string ReextractReport::ToText() const {
  const SiteReextractReport total = Totals();
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line,
                "reextract: %" PRId64 " pages in %.1f s (%.0f/s), %d jobs%s%s\n",
                total.processed, elapsed_seconds,
                elapsed_seconds > 0
                    ? static_cast<double>(total.processed) / elapsed_seconds
                    : 0.0,
                jobs, dry_run ? ", dry run: nothing written" : "",
                interrupted ? ", interrupted" : "");
  out.append(line);
  std::snprintf(line, sizeof line, "%-16s %7s %7s %7s %9s %11s %9s %13s %5s %6s\n",
                "site", "pages", "changed", "meta", "unchanged", "newly-empty",
                "newly-dup", "no-longer-dup", "stale", "failed");
  out.append(line);
  auto row = [&](const std::string& name, const SiteReextractReport& r) {
    std::snprintf(line, sizeof line,
                  "%-16s %7" PRId64 " %7" PRId64 " %7" PRId64 " %9" PRId64
                  " %11" PRId64 " %9" PRId64 " %13" PRId64 " %5" PRId64
                  " %6" PRId64 "\n",
                  name.c_str(), r.processed, r.changed, r.metadata, r.unchanged,
                  r.newly_empty, r.newly_duplicate, r.no_longer_duplicate,
                  r.stale, r.failed);
    out.append(line);
  };
  for (const auto& [site, r] : sites) row(site, r);
  if (sites.size() != 1) row("total", total);
  return out;
}

Reextractor::Reextractor(const Config& config, Store* store,
                         ReextractorOptions options)
    : config_(config), store_(store), options_(std::move(options)) {}

namespace {

// The writer's side of a run: puts results in scan order, applies them in
// batches, keeps the report and writes the diffs.
class ReextractWriter {
 public:
  // `credits` bounds the groups of pages in flight: the scanner takes one
  // per group, the writer gives it back when the group's turn comes, so
  // the results waiting for an earlier (slow) group stay few.
  ReextractWriter(Store* store, const ReextractorOptions& options,
                  BlockingQueue<char>* credits, ReextractReport* report)
      : store_(store), options_(options), credits_(credits), report_(report) {}

  // Takes one group of results (any order); applies full batches.  Batch
  // boundaries depend on the pages alone, not on the groups.
  Status Add(DoneGroup group) {
    const std::uint64_t seq = group.seq;
    pending_.emplace(seq, std::move(group.done));
    while (!pending_.empty() && pending_.begin()->first == next_seq_) {
      std::vector<Done> next = std::move(pending_.begin()->second);
      pending_.erase(pending_.begin());
      ++next_seq_;
      credits_->Push(0);
      for (Done& d : next) {
        batch_bytes_ += ApproximateBytes(d);
        batch_.push_back(std::move(d));
        if (batch_.size() >= options_.batch_pages ||
            batch_bytes_ >= options_.batch_bytes) {
          NEWSCRAWL_RETURN_IF_ERROR(Flush());
        }
      }
    }
    return Status::Ok();
  }

  // Applies what is left (every result must have been added).
  Status Flush() {
    if (batch_.empty()) return Status::Ok();
    std::vector<ReextractResult> results;
    if (options_.dry_run) {
      NEWSCRAWL_ASSIGN_OR_RETURN(results, Predict());
    } else {
      std::vector<ReextractWrite> writes;
      writes.reserve(batch_.size());
      for (Done& d : batch_) {
        if (!d.failed) writes.push_back(std::move(d.rewrite));
      }
      const double start = ThreadCpuSeconds();
      NEWSCRAWL_ASSIGN_OR_RETURN(std::vector<ReextractResult> applied,
                                 store_->ApplyReextraction(writes));
      report_->store_cpu_seconds += ThreadCpuSeconds() - start;
      // Back to one result per batch entry (failed ones have none).
      std::size_t k = 0;
      for (Done& d : batch_) {
        if (d.failed) {
          results.emplace_back();
        } else {
          d.rewrite = std::move(writes[k]);
          results.push_back(applied[k++]);
        }
      }
    }
    for (std::size_t i = 0; i < batch_.size(); ++i) {
      NEWSCRAWL_RETURN_IF_ERROR(Account(batch_[i], results[i]));
    }
    batch_.clear();
    batch_bytes_ = 0;
    if (options_.on_batch) options_.on_batch(*report_);
    return Status::Ok();
  }

 private:
  // A dry run's outcomes, from the keys alone (nothing is written, so
  // near duplicates among the pages of one run are not seen).
  Result<std::vector<ReextractResult>> Predict() {
    std::vector<ReextractResult> results;
    for (const Done& d : batch_) {
      ReextractResult& r = results.emplace_back();
      r.previous = d.old_key;
      r.article_key = d.old_key;
      if (d.failed) continue;
      if (!d.old_key.empty()) {
        Result<ArticleRecord> old = store_->GetArticle(d.old_key);
        if (old.ok()) r.was_duplicate = old->is_duplicate();
      }
      r.is_duplicate = r.was_duplicate;
      const PageWrite& w = d.rewrite.write;
      if (!HasBody(w)) {
        r.outcome = d.old_key.empty() ? ReextractOutcome::kUnchanged
                                      : ReextractOutcome::kNewlyEmpty;
      } else if (w.prepared.article_key == d.old_key) {
        r.outcome = ReextractOutcome::kUnchanged;
      } else {
        r.outcome = ReextractOutcome::kChanged;
        r.article_key = w.prepared.article_key;
        r.is_duplicate = d.near_duplicate;
      }
    }
    return results;
  }

  Status Account(const Done& d, const ReextractResult& r) {
    const PageWrite& w = d.rewrite.write;
    SiteReextractReport& site = report_->sites[w.page.site];
    if (d.failed) {
      ++site.failed;
      return Status::Ok();
    }
    if (r.outcome == ReextractOutcome::kStale) {
      ++site.stale;
      return Status::Ok();
    }
    ++site.processed;
    const Article* a = w.article ? &*w.article : nullptr;
    if (a == nullptr || a->body.size() < SiteFunnel::kShortBody) {
      ++site.short_bodies;
    }
    if (a == nullptr || a->title.empty()) ++site.no_title;
    if (a == nullptr || a->published.empty()) ++site.no_date;
    if (HasBody(w)) ++site.articles;
    switch (r.outcome) {
      case ReextractOutcome::kUnchanged: ++site.unchanged; break;
      case ReextractOutcome::kMetadata: ++site.metadata; break;
      case ReextractOutcome::kNewlyEmpty: ++site.newly_empty; break;
      case ReextractOutcome::kStale: break;
      case ReextractOutcome::kChanged:
        ++site.changed;
        if (r.is_duplicate && !r.was_duplicate) ++site.newly_duplicate;
        if (r.was_duplicate && !r.is_duplicate) ++site.no_longer_duplicate;
        return WriteDiff(w, r);
    }
    return Status::Ok();
  }

  // The unified diff of a changed body, while --diff allows more.
  Status WriteDiff(const PageWrite& w, const ReextractResult& r) {
    if (options_.diff_out == nullptr ||
        report_->diffs_written >= options_.diff) {
      return Status::Ok();
    }
    std::string old_body;
    if (!r.previous.empty()) {
      NEWSCRAWL_ASSIGN_OR_RETURN(ArticleRecord old,
                                 store_->GetArticle(r.previous));
      // A near duplicate keeps no body: show the one it duplicated.
      if (old.is_duplicate()) {
        Result<ArticleRecord> original = store_->GetArticle(old.duplicate_of);
        if (original.ok()) old = std::move(*original);
      }
      old_body = std::move(old.article.body);
    }
    const std::string diff = UnifiedDiff(
        old_body, w.article->body,
        std::string("a/").append(w.page.url).append("\tarticle ") +
            (r.previous.empty() ? std::string("none") : r.previous.ToHex()),
        std::string("b/").append(w.page.url).append("\tarticle ") +
            r.article_key.ToHex());
    std::fputs(diff.c_str(), options_.diff_out);
    ++report_->diffs_written;
    return Status::Ok();
  }

  Store* store_;
  const ReextractorOptions& options_;
  BlockingQueue<char>* credits_;
  ReextractReport* report_;
  std::map<std::uint64_t, std::vector<Done>> pending_;  // groups, by seq
  std::uint64_t next_seq_ = 0;
  std::vector<Done> batch_;
  std::size_t batch_bytes_ = 0;  // ApproximateBytes of batch_
};

}  // namespace

Result<ReextractReport> Reextractor::Run() {
  const auto start = std::chrono::steady_clock::now();
  NEWSCRAWL_ASSIGN_OR_RETURN(const ExtractorSet extractors,
                             ExtractorSet::Create(config_));
  int jobs = options_.jobs;
  if (jobs <= 0) jobs = static_cast<int>(std::thread::hardware_concurrency());
  jobs = std::clamp(jobs, 1, kMaxJobs);
  if (options_.batch_pages == 0) options_.batch_pages = 1;

  ReextractReport report;
  report.jobs = jobs;
  report.dry_run = options_.dry_run;

  // Pages in flight (scanned, not yet in the writer's batch, which holds
  // no credit): enough for the workers to go on while the writer applies
  // a batch (it takes a fraction of the batch's extraction time), so memory
  // is about one batch plus this.  Counted in groups of `group_pages`.
  const std::size_t group_pages =
      std::clamp<std::size_t>(options_.batch_pages / 8, 1, kGroupPages);
  const std::size_t depth = static_cast<std::size_t>(jobs) * 8;
  const std::size_t in_flight =
      (4 * depth + options_.batch_pages / 4 + group_pages - 1) / group_pages;
  BlockingQueue<TaskGroup> work(std::max<std::size_t>(2, depth / group_pages));
  BlockingQueue<DoneGroup> done(in_flight);
  BlockingQueue<char> credits(in_flight);
  for (std::size_t i = 0; i < in_flight; ++i) credits.Push(0);

  // Current fingerprints by site, computed once each by the scanner.  Tasks
  // point at the map's values (stable), so it outlives every thread.
  std::map<std::string, std::string> fingerprints;

  // Scanner: the pages to extract again, in URL order.
  Status scan_status;
  std::thread scanner([&] {
    pthread_setname_np(pthread_self(), "rx-scan");
    auto fingerprint = [&](const std::string& site) -> const std::string& {
      auto it = fingerprints.find(site);
      if (it == fingerprints.end()) {
        it = fingerprints
                 .emplace(site, extractors.For(site).RulesFingerprint())
                 .first;
      }
      return it->second;
    };
    auto select = [&](const PageRecord& head) {
      if (!options_.sites.empty() &&
          std::find(options_.sites.begin(), options_.sites.end(), head.site) ==
              options_.sites.end()) {
        return false;
      }
      return options_.all || head.fingerprint != fingerprint(head.site);
    };
    std::string resume;
    std::uint64_t seq = 0;
    std::vector<LatestArticlePage> chunk;
    TaskGroup group;
    // Hands the group over (one credit); false: the run stops.
    auto push = [&] {
      if (group.tasks.empty()) return true;
      if (InterruptRequested() || !credits.Pop()) return false;
      group.seq = seq++;
      if (!work.Push(std::move(group))) return false;
      group = TaskGroup{};
      return true;
    };
    bool more = true;
    bool stopped = false;  // interrupted, or the writer stopped
    while (more && !stopped && !InterruptRequested()) {
      chunk.clear();
      Result<bool> scanned =
          store_->ScanArticlePages(&resume, kScanChunk, select, &chunk);
      if (!scanned.ok()) {
        scan_status = scanned.status();
        break;
      }
      more = *scanned;
      for (LatestArticlePage& page : chunk) {
        Task& task = group.tasks.emplace_back();
        task.extractor = &extractors.For(page.page.site);
        task.fingerprint = &fingerprint(page.page.site);
        task.stored = std::move(page);
        if (group.tasks.size() >= group_pages && !push()) {
          stopped = true;
          break;
        }
      }
    }
    // The last pages, a short group, unless the scan stopped early.
    if (!more && !stopped && scan_status.ok()) push();
    work.Close();
  });

  // Workers: extract, and prepare the write outside the transaction.
  std::atomic<int> running{jobs};
  std::mutex cpu_mu;
  double worker_cpu = 0;
  std::vector<std::thread> workers;
  for (int i = 0; i < jobs; ++i) {
    workers.emplace_back([&] {
      pthread_setname_np(pthread_self(), "rx-extract");
      while (!InterruptRequested()) {
        std::optional<TaskGroup> group = work.Pop();
        if (!group) break;
        DoneGroup out;
        out.seq = group->seq;
        out.done.reserve(group->tasks.size());
        for (Task& task : group->tasks) {
          out.done.push_back(ExtractTask(task, store_, options_.dry_run));
        }
        if (!done.Push(std::move(out))) break;
      }
      {
        std::lock_guard lock(cpu_mu);
        worker_cpu += ThreadCpuSeconds();
      }
      if (--running == 0) done.Close();
    });
  }

  // Writer: this thread.
  const DeferredIndexPurge deferred(options_.dry_run ? nullptr : store_);
  ReextractWriter writer(store_, options_, &credits, &report);
  Status write_status;
  // An interrupt stops the run after the batch being written: pages
  // extracted but not written are redone by the next run.
  while (!InterruptRequested()) {
    std::optional<DoneGroup> group = done.Pop();
    if (!group) break;
    write_status = writer.Add(std::move(*group));
    if (!write_status.ok()) break;
  }
  if (write_status.ok()) write_status = writer.Flush();
  if (!write_status.ok() || InterruptRequested()) {
    // Unblock the other threads; nothing more is written.
    work.Close();
    done.Close();
  }
  credits.Close();  // the scanner may wait for one
  scanner.join();
  for (std::thread& t : workers) t.join();
  if (options_.diff_out != nullptr) std::fflush(options_.diff_out);
  NEWSCRAWL_RETURN_IF_ERROR(write_status);
  NEWSCRAWL_RETURN_IF_ERROR(scan_status);
  if (!options_.dry_run) NEWSCRAWL_RETURN_IF_ERROR(store_->Sync());
  report.worker_cpu_seconds = worker_cpu;
  report.interrupted = InterruptRequested();
  report.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return report;
}

}  // namespace newscrawl
