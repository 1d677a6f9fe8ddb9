#include "crawler/crawler.h"

#include <malloc.h>
#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <future>
#include <iterator>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "config/interrupt.h"
#include "crawler/blocking_queue.h"
#include "crawler/due_revisits.h"
#include "crawler/fetch_scheduler.h"
#include "crawler/fetcher.h"
#include "crawler/map_trimmer.h"
#include "crawler/page_processor.h"
#include "crawler/revisit_policy.h"
#include "crawler/robots_cache.h"
#include "store/store.h"
#include "store/write_batch.h"

namespace newscrawl {
namespace {

using SteadyClock = std::chrono::steady_clock;

// How often the map trimmer's thread looks at the resident memory: one
// small /proc read; a few milliseconds of reads map at most a few MiB.
constexpr std::chrono::microseconds kTrimInterval{1000};

// Pages committed between two malloc_trim calls (each walks the heap's free
// chunks: a millisecond or two).
constexpr std::size_t kMallocTrimPages = 512;

// Blocks from this size up are mapped on their own, and unmapped when
// freed (128 KiB, glibc's start value, mapped a few hundred buffers more
// per 2 000 pages, each zeroed again by page faults: 2% more CPU).
constexpr int kMmapThreshold = 512 * 1024;

// Processed pages are committed together, in one write transaction, once
// kCommitPages are ready, or kCommitWait after the first of them came
// back, or when nothing else can come back (every page in flight is
// ready), or when the run stops: a transaction costs about the same
// whether it writes one page or many (B-tree descents, the search index's
// pending blob, the commit), and the search index merges its pending
// postings in bounded steps, one per transaction, however large the batch.
constexpr std::size_t kCommitPages = 64;

// Frontier entries of one host popped in one transaction (Refill), at most.
constexpr std::size_t kPopBatch = 16;
constexpr std::chrono::milliseconds kCommitWait{30};

// Discovered URLs a batch's transaction pushes to the frontier; beyond
// that, all of them go ahead of the batch in transactions of this many.
// Each push rewrites a leaf here and there in the frontier's B-trees, and
// LMDB keeps a pool of dirty pages as large as the largest write
// transaction for the rest of the run: a batch of listings pushed 1 100
// URLs, 600 dirty pages (2.4 MB) on a 20 000-page site.
constexpr std::size_t kPushesPerTxn = 128;

// URL states a batch's discovered URLs look up between two map checks.
constexpr std::size_t kLookupsPerTrim = 16;

// CPU time (user + system) of the calling thread: what the writer's
// transactions cost, whatever else the machine runs.
double ThreadCpuSeconds() {
  timespec ts{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string ErrorKind(const Status& status) {
  switch (status.code()) {
    case Status::Code::kTimeout: return "timeout";
    case Status::Code::kTooLarge: return "too-large";
    case Status::Code::kInvalidArgument: return "bad-redirect";
    case Status::Code::kNetwork: return "network";
    default: return "fetch-error";
  }
}

std::uint64_t UrlHash(std::string_view url) {
  return static_cast<std::uint64_t>(std::hash<std::string_view>{}(url));
}

bool IsListingKind(UrlKind kind) {
  return kind == UrlKind::kListing || kind == UrlKind::kFeed ||
         kind == UrlKind::kSitemap;
}

// Everything one run shares between the coordinator's steps.
class CrawlRun {
 public:
  CrawlRun(const Config& config, Store* store, const CrawlRunOptions& options,
      PageProcessor processor)
      : config_(config),
        store_(store),
        options_(options),
        processor_(std::move(processor)),
        max_outstanding_(static_cast<std::size_t>(
            std::max(16, 4 * config.crawl.concurrency))),
        per_host_cap_(static_cast<std::size_t>(
            std::max(2, 2 * config.crawl.per_host_connections + 2))),
        revisit_(RevisitOptions::FromConfig(config.crawl)),
        map_trimmer_(store),
        fetched_(max_outstanding_),
        processed_(max_outstanding_) {}

  Result<CrawlSummary> Execute();

 private:
  Status Seed();
  Status QueueDueRevisits();
  Status QueueRobotsSitemaps();
  Status Refill();
  Status Dispatch(const SiteConfig& site, const std::string& host,
                  FrontierEntry entry);
  // Keeps the store's mapped pages out of the run's resident memory
  // (MapTrimmer).  Only memory is at stake: a failure is a warning and
  // stops the trimming, not the crawl.
  // `in_write`: from inside a write transaction (Store::SetWriteCheck).
  void TrimMap(bool in_write = false);
  Status Discover(const std::vector<AnnouncedUrl>& urls, WriteBatch* batch);
  Status Commit(WriteBatch* batch, std::vector<ProcessedPage>* pages);
  void Account(const ProcessedPage& page, const PageWriteResult& result);
  void StartThreads();
  void StopThreads();
  bool SiteSelected(const std::string& site) const;
  void BeginStop(const char* reason);
  void ShowProgress(bool final_line);
  // The run's clock: Unix seconds, plus CrawlRunOptions::clock_offset.
  std::int64_t Now() const {
    return static_cast<std::int64_t>(std::time(nullptr)) +
           options_.clock_offset;
  }

  const Config& config_;
  Store* store_;
  const CrawlRunOptions& options_;
  PageProcessor processor_;
  const std::size_t max_outstanding_;
  const std::size_t per_host_cap_;
  const RevisitPolicy revisit_;
  MapTrimmer map_trimmer_;
  bool trim_map_ = true;  // false after a failed release (warned once)

  boost::asio::io_context io_;
  std::unique_ptr<Fetcher> fetcher_;
  std::unique_ptr<FetchScheduler> scheduler_;
  BlockingQueue<FetchOutcome> fetched_;
  BlockingQueue<ProcessedPage> processed_;
  std::thread io_thread_;
  std::vector<std::thread> workers_;

  CrawlSummary summary_;
  SteadyClock::time_point started_;
  SteadyClock::time_point last_progress_;
  std::size_t outstanding_ = 0;
  std::unordered_map<std::string, std::size_t> outstanding_by_host_;
  // URL state at pop time, for the revisit schedule of what comes back.
  std::unordered_map<std::string, UrlState> known_;
  std::unordered_map<std::string, std::int64_t> popped_by_site_;
  std::unordered_set<std::string> closed_hosts_;  // site spent or unselected
  std::int64_t popped_ = 0;
  std::size_t committed_since_trim_ = 0;  // pages, since the last malloc_trim
  // URLs popped this run, as 64-bit hashes (UrlHash): a URL is fetched at
  // most once per run.  The set grows with the run, so it holds 8 bytes
  // per URL, not the URL (a 20 000-page run kept 4 MB of URL strings
  // here).  A collision, odds about n^2 / 2^65, only puts a URL off to
  // the next run.
  std::unordered_set<std::uint64_t> popped_urls_;
  bool stopping_ = false;
  bool scheduler_stopped_ = false;
  SteadyClock::time_point stop_deadline_;
  // Sitemaps named by robots.txt files, from the I/O thread.
  std::mutex robots_mu_;
  std::vector<AnnouncedUrl> robots_sitemaps_;
};

void CrawlRun::BeginStop(const char* reason) {
  if (stopping_) return;
  stopping_ = true;
  summary_.set_stop_reason(reason);
  stop_deadline_ = SteadyClock::now() +
                   std::chrono::duration_cast<SteadyClock::duration>(
                       std::chrono::duration<double>(options_.stop_grace));
}

bool CrawlRun::SiteSelected(const std::string& site) const {
  if (options_.sites.empty()) {
    const SiteConfig* s = config_.FindSite(site);
    return s != nullptr && s->enabled;
  }
  return std::find(options_.sites.begin(), options_.sites.end(), site) !=
         options_.sites.end();
}

Status CrawlRun::Seed() {
  std::vector<FrontierEntry> entries;
  auto add = [&](const SiteConfig& site, const std::string& text,
                 UrlKind kind) {
    Result<Url> url = Url::Parse(text);
    if (!url.ok()) {
      spdlog::warn("{}: skipping seed {}: {}", site.name, text,
                   url.status().ToString());
      return;
    }
    FrontierEntry e;
    e.url = url->spec();
    e.host = PageProcessor::HostKey(*url);
    e.site = site.name;
    e.kind = kind;
    e.priority = DefaultPriority(kind, false);
    e.depth = 0;
    entries.push_back(std::move(e));
  };
  for (const SiteConfig& site : config_.sites) {
    if (!SiteSelected(site.name)) continue;
    summary_.site(site.name);  // every crawled site shows in the summary
    for (const std::string& u : site.feeds) add(site, u, UrlKind::kFeed);
    for (const std::string& u : site.sitemaps) add(site, u, UrlKind::kSitemap);
    for (const std::string& u : site.seeds) add(site, u, UrlKind::kListing);
  }
  return store_->frontier().PushAll(entries).status();
}

// Article URLs whose revisit is due although no listing, feed or sitemap
// may link them any more: the store's revisit index holds the articles by
// due time, so only the due ones are read, in chunks (one read transaction
// each, then one write), so memory stays bounded.
Status CrawlRun::QueueDueRevisits() {
  constexpr std::size_t kChunk = 4096;
  std::vector<FrontierEntry> due;
  return ForEachDueArticle(
      *store_, revisit_, Now(), kChunk,
      [&](std::string_view url, const UrlState& state) {
        Result<Url> parsed = Url::Parse(url);
        const SiteConfig* site =
            parsed.ok() ? processor_.SiteOf(*parsed) : nullptr;
        if (site == nullptr || !SiteSelected(site->name)) return;
        FrontierEntry e;
        e.url.assign(url);
        e.host = PageProcessor::HostKey(*parsed);
        e.site = site->name;
        e.kind = UrlKind::kArticle;
        e.priority = RevisitPolicy::Priority(state);
        e.depth = 1;
        due.push_back(std::move(e));
      },
      [&]() -> Status {
        if (due.empty()) return Status::Ok();
        NEWSCRAWL_RETURN_IF_ERROR(store_->frontier().PushAll(due).status());
        due.clear();
        return Status::Ok();
      });
}

// Sitemaps that robots.txt files named since the last call go through
// Discover like any announced URL.
Status CrawlRun::QueueRobotsSitemaps() {
  std::vector<AnnouncedUrl> urls;
  {
    std::lock_guard lock(robots_mu_);
    urls.swap(robots_sitemaps_);
  }
  if (urls.empty()) return Status::Ok();
  WriteBatch batch;
  NEWSCRAWL_RETURN_IF_ERROR(Discover(urls, &batch));
  if (batch.empty()) return Status::Ok();
  return store_->Write(batch).status();
}

void CrawlRun::StartThreads() {
  fetcher_ = std::make_unique<Fetcher>(io_, FetcherOptions::FromConfig(config_.crawl));
  FetchSchedulerOptions so;
  so.per_host_connections = config_.crawl.per_host_connections;
  so.on_robots = [this](const std::string& site, const Url& robots_url,
                        const RobotsTxt& robots) {
    std::vector<AnnouncedUrl> found =
        processor_.FromRobots(site, robots_url, robots);
    std::lock_guard lock(robots_mu_);
    for (AnnouncedUrl& a : found) robots_sitemaps_.push_back(std::move(a));
  };
  scheduler_ = std::make_unique<FetchScheduler>(
      io_, *fetcher_, RobotsCache(RobotsCacheOptions::FromConfig(config_.crawl)),
      so, [this](FetchOutcome o) {
        // Never blocks: at most max_outstanding_ URLs are between pop and
        // write, and the queue holds that many.
        fetched_.Push(std::move(o));
      });
  io_thread_ = std::thread([this] {
    auto guard = boost::asio::make_work_guard(io_);
    io_.run();
  });
  int n = options_.workers > 0
              ? options_.workers
              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < n; ++i) {
    workers_.emplace_back([this] {
      while (std::optional<FetchOutcome> o = fetched_.Pop()) {
        ProcessedPage page = processor_.Process(std::move(*o), Now());
        if (page.write && options_.prepare_on_workers) {
          // On failure the write stays unprepared: Store::Write prepares
          // it again and reports the error.
          // (Its search-index tokens too: not made, the writer makes them.)
          Status prepared = store_->PreparePage(&*page.write);
          if (prepared.ok()) {
            prepared = store_->PrepareIndexTokens(&*page.write);
          }
          if (!prepared.ok()) spdlog::debug("{}", prepared.ToString());
        }
        processed_.Push(std::move(page));
      }
    });
  }
}

void CrawlRun::StopThreads() {
  if (io_thread_.joinable()) {
    // Stop the scheduler on its thread and wait: aborted fetches complete
    // before the fetcher is destroyed.
    std::promise<void> stopped;
    boost::asio::post(io_, [this, &stopped] {
      if (!scheduler_stopped_) scheduler_->Stop();
      stopped.set_value();
    });
    stopped.get_future().wait();
    scheduler_stopped_ = true;
  }
  fetched_.Close();
  processed_.Close();  // a worker blocked on a full queue gives up
  for (std::thread& t : workers_) t.join();
  workers_.clear();
  io_.stop();
  if (io_thread_.joinable()) io_thread_.join();
  scheduler_.reset();
  fetcher_.reset();
}

void CrawlRun::TrimMap(bool in_write) {
  if (!trim_map_) return;
  const Status s =
      in_write ? map_trimmer_.CheckInWrite() : map_trimmer_.Check();
  if (!s.ok()) {
    spdlog::warn("store memory is no longer trimmed: {}", s.ToString());
    trim_map_ = false;
  }
}

Status CrawlRun::Refill() {
  if (stopping_ || outstanding_ >= max_outstanding_) return Status::Ok();
  NEWSCRAWL_ASSIGN_OR_RETURN(std::vector<std::string> hosts,
                             store_->frontier().Hosts());
  const std::int64_t now = Now();
  for (const std::string& host : hosts) {
    if (closed_hosts_.count(host) > 0) continue;
    bool host_done = false;
    while (!host_done && outstanding_ < max_outstanding_ &&
           outstanding_by_host_[host] < per_host_cap_) {
      if (options_.max_pages > 0 && popped_ >= options_.max_pages) {
        BeginStop("max-pages");
        return Status::Ok();
      }
      // The host's room, popped in one transaction: the entries one Pop
      // after another would give, in their order.
      std::size_t room =
          std::min({max_outstanding_ - outstanding_,
                    per_host_cap_ - outstanding_by_host_[host], kPopBatch});
      if (options_.max_pages > 0) {
        room = std::min(
            room, static_cast<std::size_t>(options_.max_pages - popped_));
      }
      NEWSCRAWL_ASSIGN_OR_RETURN(std::vector<FrontierEntry> entries,
                                 store_->frontier().PopSome(host, now, room));
      if (entries.empty()) break;
      // A pop transaction reads frontier pages through the map (the
      // freshly written copies of the last one's): a dozen B-tree pages,
      // each mapping its page-cache folio.
      TrimMap();
      for (FrontierEntry& entry : entries) {
        // An entry of a site this run does not crawl, or whose page budget
        // is spent, stays in flight (and so do the rest of its batch): the
        // next run puts them back in their queue.
        const SiteConfig* site = processor_.FindSite(entry.site);
        if (site == nullptr || !SiteSelected(entry.site) ||
            (site->max_pages > 0 &&
             popped_by_site_[entry.site] >= site->max_pages)) {
          closed_hosts_.insert(host);
          host_done = true;
          break;
        }
        NEWSCRAWL_RETURN_IF_ERROR(Dispatch(*site, host, std::move(entry)));
      }
      if (entries.size() < room) break;  // nothing more is ready
    }
  }
  return Status::Ok();
}

// Hands a popped entry to the scheduler on the I/O thread.
Status CrawlRun::Dispatch(const SiteConfig& site, const std::string& host,
                          FrontierEntry entry) {
  ++popped_;
  popped_urls_.insert(UrlHash(entry.url));
  ++popped_by_site_[entry.site];
  CrawlJob job;
  Result<UrlState> state = store_->GetUrlState(entry.url);
  if (state.ok()) {
    job.etag = state->etag;
    job.last_modified = state->last_modified;
    known_[entry.url] = *state;
  } else if (!state.status().IsNotFound()) {
    return state.status();
  }
  job.allowed_hosts = site.allowed_hosts;
  job.entry = std::move(entry);
  ++outstanding_;
  ++outstanding_by_host_[host];
  boost::asio::post(io_, [this, j = std::move(job)]() mutable {
    scheduler_->Add(std::move(j));
  });
  return Status::Ok();
}

// What to do with a URL a page announced.
Status CrawlRun::Discover(const std::vector<AnnouncedUrl>& urls,
                          WriteBatch* batch) {
  const std::int64_t now = Now();
  std::size_t looked_up = 0;
  for (const AnnouncedUrl& d : urls) {
    if (!SiteSelected(d.entry.site)) continue;
    SiteFunnel& funnel = summary_.site(d.entry.site);
    if (d.announced) ++funnel.announced;
    if (popped_urls_.count(UrlHash(d.entry.url)) > 0) continue;  // done this run
    // Each lookup descends the `urls` tree to a leaf anywhere in data.mdb,
    // mapping its page-cache folio (up to 2 MiB): a batch's links, a
    // thousand of them, would map tens of MiB before the next check.
    if (++looked_up % kLookupsPerTrim == 0) TrimMap();
    Result<UrlState> state = store_->GetUrlState(d.entry.url);
    FrontierEntry entry = d.entry;
    if (state.ok()) {
      if (!IsListingKind(d.entry.kind) && state->kind == UrlKind::kArticle) {
        const bool changed = d.lastmod > state->last_fetch;
        if (!revisit_.Due(*state, now) && !changed) continue;
        entry.priority = DefaultPriority(entry.kind, true);
      }
    } else if (!state.status().IsNotFound()) {
      return state.status();
    } else {
      ++funnel.discovered;
    }
    batch->PushFrontier(std::move(entry));
  }
  return Status::Ok();
}

void CrawlRun::Account(const ProcessedPage& page, const PageWriteResult& result) {
  SiteFunnel& f = summary_.site(page.outcome.job.entry.site);
  switch (result.outcome) {
    case WriteOutcome::kNewArticle: ++f.new_articles; break;
    case WriteOutcome::kSameArticleNewUrl:
    case WriteOutcome::kNearDuplicate: ++f.duplicate_articles; break;
    case WriteOutcome::kEdited: ++f.updated_articles; break;
    case WriteOutcome::kUnchanged: ++f.unchanged_articles; break;
    case WriteOutcome::kNoArticle: break;
  }
}

// Turns processed pages into one write batch and commits it.
Status CrawlRun::Commit(WriteBatch* batch, std::vector<ProcessedPage>* pages) {
  const std::int64_t now = Now();
  std::vector<const ProcessedPage*> page_writes;  // AddPage order
  for (ProcessedPage& page : *pages) {
    const FrontierEntry& e = page.outcome.job.entry;
    --outstanding_;
    --outstanding_by_host_[e.host];
    SiteFunnel& f = summary_.site(e.site);
    UrlState state;
    if (auto it = known_.find(e.url); it != known_.end()) {
      state = it->second;
      known_.erase(it);
    }
    state.kind = e.kind;
    FetchOutcome& o = page.outcome;
    switch (o.disposition) {
      case FetchDisposition::kAborted:
        continue;  // stays in flight: requeued by the next run
      case FetchDisposition::kRobotsDenied:
        ++f.robots_denied;
        batch->FrontierDone(e.url);
        continue;
      case FetchDisposition::kRobotsUnreachable:
        ++f.errors["robots-unreachable"];
        summary_.AddRequest(e.host, true, o.reason);
        batch->FrontierDone(e.url);
        continue;
      case FetchDisposition::kBadUrl:
        ++f.errors["bad-url"];
        batch->FrontierDone(e.url);
        continue;
      case FetchDisposition::kFetched:
        break;
    }
    const FetchResult& r = o.result;
    if (!r.status.ok()) {
      if (r.status.IsAborted()) continue;  // requeued by the next run
      ++f.errors[ErrorKind(r.status)];
      summary_.AddRequest(e.host, true, r.status.ToString());
      ++state.fail_count;
      state.next_revisit = revisit_.AfterFailure(e.kind, state.fail_count, now);
      batch->PutUrlState({e.url, state});
      batch->FrontierDone(e.url);
      continue;
    }
    const bool server_error = r.http_status >= 500 || r.http_status == 429;
    summary_.AddRequest(e.host, server_error,
                        "HTTP " + std::to_string(r.http_status) + " for " + e.url);
    NEWSCRAWL_RETURN_IF_ERROR(Discover(page.discovered, batch));
    if (r.not_modified) {
      ++f.not_modified;
      state.last_fetch = now;
      state.next_revisit = revisit_.AfterResponse(e.kind, state.fetch_count, now);
      ++state.fetch_count;
      state.fail_count = 0;
      batch->PutUrlState({e.url, state});
      batch->FrontierDone(e.url);
      continue;
    }
    if (r.http_status != 200) {
      ++f.errors[r.refused_redirect.empty()
                     ? "http-" + std::to_string(r.http_status)
                     : "redirect-refused"];
      ++state.fail_count;
      state.last_fetch = now;
      state.next_revisit = revisit_.AfterFailure(e.kind, state.fail_count, now);
      batch->PutUrlState({e.url, state});
      batch->FrontierDone(e.url);
      continue;
    }
    ++f.fetched;
    if (!page.write) {  // not expected: Process() stores every 200
      batch->FrontierDone(e.url);
      continue;
    }
    PageWrite& write = *page.write;
    if (e.kind == UrlKind::kArticle && write.article) {
      ++f.extracted;
      const Article& a = *write.article;
      if (a.body.size() < SiteFunnel::kShortBody) ++f.short_bodies;
      if (a.title.empty()) ++f.no_title;
      if (a.published.empty()) ++f.no_date;
    }
    if (!page.error.empty()) {
      spdlog::debug("{}: {}", e.url, page.error);
    }
    write.next_revisit = revisit_.AfterResponse(e.kind, state.fetch_count, now);
    batch->AddPage(std::move(write));
    batch->FrontierDone(e.url);
    page_writes.push_back(&page);
  }
  if (batch->frontier_pushes().size() > kPushesPerTxn) {
    // Pushed before the batch commits: a crash in between leaves its pages
    // in flight, so the next run fetches them again and pushes the same
    // URLs, which are queued already (a no-op).
    std::vector<FrontierEntry> pushes = batch->TakeFrontierPushes();
    std::vector<FrontierEntry> chunk;
    for (std::size_t i = 0; i < pushes.size(); i += kPushesPerTxn) {
      const auto first = pushes.begin() + static_cast<std::ptrdiff_t>(i);
      const auto last = first + static_cast<std::ptrdiff_t>(
                                    std::min(kPushesPerTxn, pushes.size() - i));
      chunk.assign(std::make_move_iterator(first),
                   std::make_move_iterator(last));
      NEWSCRAWL_RETURN_IF_ERROR(store_->frontier().PushAll(chunk).status());
      TrimMap();
    }
  }
  if (batch->empty()) return Status::Ok();
  const double cpu_before = ThreadCpuSeconds();
  Result<std::vector<PageWriteResult>> results = store_->Write(*batch);
  summary_.AddStoreWrite(ThreadCpuSeconds() - cpu_before);
  if (!results.ok()) return results.status();
  for (std::size_t i = 0; i < results->size() && i < page_writes.size(); ++i) {
    Account(*page_writes[i], (*results)[i]);
  }
  batch->Clear();
  return Status::Ok();
}

void CrawlRun::ShowProgress(bool final_line) {
  if (!options_.progress) return;
  const auto now = SteadyClock::now();
  if (!final_line && now - last_progress_ < std::chrono::seconds(1)) return;
  last_progress_ = now;
  summary_.set_elapsed_seconds(
      std::chrono::duration<double>(now - started_).count());
  std::fprintf(stderr, "\r\033[K%s%s",
               summary_.ProgressLine(static_cast<std::int64_t>(outstanding_)).c_str(),
               final_line ? "\n" : "");
  std::fflush(stderr);
}

Result<CrawlSummary> CrawlRun::Execute() {
  started_ = SteadyClock::now();
  // A fixed mmap threshold: glibc raises it to the size of each large
  // block freed (up to 32 MiB), after which such blocks (fetched bodies,
  // zstd and LMDB buffers) come from the heaps and leave them fragmented,
  // private memory creeping up with the run (a 20 000-page crawl: 30 MB
  // against 28 with the threshold fixed).
  ::mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  NEWSCRAWL_RETURN_IF_ERROR(Seed());
  NEWSCRAWL_RETURN_IF_ERROR(QueueDueRevisits());
  TrimMap();
  // From now on the trimmer's thread keeps the map in check inside the
  // write transactions too (a batch's search-index merge alone can read
  // tens of MiB of the map); TrimMap() still checks between them, which
  // does not depend on the watcher getting a core on a busy machine.
  map_trimmer_.Watch(kTrimInterval);
  // And inside the commits, between their pages: a batch touches leaves
  // all over data.mdb, faster than the watcher may get a core.
  store_->SetWriteCheck([this] { TrimMap(true); });
  struct WriteCheckReset {
    Store* store;
    ~WriteCheckReset() { store->SetWriteCheck(nullptr); }
  } write_check_reset{store_};
  StartThreads();
  Status status;
  WriteBatch batch;
  std::vector<ProcessedPage> pages;  // processed, not committed yet
  SteadyClock::time_point batch_started;  // when pages got its first
  while (true) {
    if (!stopping_) {
      if (InterruptRequested()) {
        BeginStop("interrupted");
      } else if (options_.max_time > 0 &&
                 std::chrono::duration<double>(SteadyClock::now() - started_)
                         .count() >= options_.max_time) {
        BeginStop("max-time");
      }
    }
    if (stopping_ && !scheduler_stopped_ && outstanding_ > 0 &&
        SteadyClock::now() >= stop_deadline_) {
      boost::asio::post(io_, [this] { scheduler_->Stop(); });
      scheduler_stopped_ = true;
    }
    // Before Refill: a robots.txt is announced before the fetches it
    // allowed complete, so nothing is lost when the last one comes back.
    status = QueueRobotsSitemaps();
    if (!status.ok()) break;
    status = Refill();
    if (!status.ok()) break;
    // The transactions (commits, frontier pops) read B-tree pages all over
    // data.mdb through the map: unmapped now and then, they stay in the
    // page cache but leave the run's resident memory, which stays flat
    // however large the store.
    TrimMap();
    if (outstanding_ == 0) {
      // Nothing in flight and nothing ready: the run is over.  (Entries
      // waiting for a later not_before stay for the next run.)
      break;
    }
    // Wait for a page, or for the batch's deadline.
    std::chrono::milliseconds wait{100};
    if (!pages.empty()) {
      wait = std::max(std::chrono::milliseconds(0),
                      std::chrono::ceil<std::chrono::milliseconds>(
                          batch_started + kCommitWait - SteadyClock::now()));
    }
    std::optional<ProcessedPage> first = processed_.PopFor(wait);
    if (first) {
      if (pages.empty()) batch_started = SteadyClock::now();
      pages.push_back(std::move(*first));
      while (pages.size() < kCommitPages) {
        std::optional<ProcessedPage> more =
            processed_.PopFor(std::chrono::milliseconds(0));
        if (!more) break;
        pages.push_back(std::move(*more));
      }
    }
    // Pages in flight count in outstanding_ until committed: when all of
    // them are here, nothing else can come back before a commit.
    const bool commit =
        !pages.empty() &&
        (pages.size() >= kCommitPages || pages.size() >= outstanding_ ||
         stopping_ || InterruptRequested() ||
         SteadyClock::now() - batch_started >= kCommitWait);
    if (commit) {
      status = Commit(&batch, &pages);
      committed_since_trim_ += pages.size();
      pages.clear();
      if (committed_since_trim_ >= kMallocTrimPages) {
        // The workers' arenas and the writer's heap keep the free pages of
        // their largest moments (a big batch, a search-index merge) mapped:
        // handed back to the kernel now and then, private memory follows
        // what is live, not the run's peaks.
        committed_since_trim_ = 0;
        ::malloc_trim(0);
      }
      if (!status.ok()) break;
    }
    ShowProgress(false);
  }
  StopThreads();
  if (status.ok()) status = store_->Sync();
  summary_.set_elapsed_seconds(
      std::chrono::duration<double>(SteadyClock::now() - started_).count());
  ShowProgress(true);
  if (!status.ok()) return status;
  return std::move(summary_);
}

}  // namespace

Crawler::Crawler(const Config& config, Store* store, CrawlRunOptions options)
    : config_(config), store_(store), options_(std::move(options)) {}

Result<CrawlSummary> Crawler::Run() {
  NEWSCRAWL_ASSIGN_OR_RETURN(PageProcessor processor,
                             PageProcessor::Create(config_));
  CrawlRun run(config_, store_, options_, std::move(processor));
  return run.Execute();
}

}  // namespace newscrawl
