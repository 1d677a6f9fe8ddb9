#include "crawler/fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <random>
#include <unordered_map>

#include "config/ascii.h"
#include "crawler/curl_easy.h"
#include "crawler/curl_error.h"
#include "crawler/curl_multi.h"
#include "crawler/url.h"

namespace newscrawl {

namespace asio = boost::asio;
using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kMaxHeaders = 256;  // header lines per response
constexpr std::size_t kMaxIdleEasyHandles = 256;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Transport failures worth another attempt.  DNS failures and bad URLs are
// not: they do not heal within seconds.
bool RetryableCurlCode(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
      return true;
    default:
      return false;
  }
}

bool RetryableHttpStatus(long code) {
  return code == 429 || (code >= 500 && code <= 599 && code != 501 &&
                         code != 505);
}

bool IsRedirectStatus(long code) {
  return code == 301 || code == 302 || code == 303 || code == 307 ||
         code == 308;
}

// Retry-After: delta-seconds or an HTTP date; -1 if absent or invalid.
std::int64_t ParseRetryAfter(const std::string* value) {
  if (value == nullptr) return -1;
  std::string_view v = TrimAsciiSpace(*value);
  if (v.empty()) return -1;
  if (std::all_of(v.begin(), v.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    if (v.size() > 9) return 999'999'999;  // absurd: treated as "too long"
    return std::stoll(std::string(v));
  }
  const std::time_t when = curl_getdate(std::string(v).c_str(), nullptr);
  if (when < 0) return -1;
  const std::time_t now = std::time(nullptr);
  return when > now ? static_cast<std::int64_t>(when - now) : 0;
}

bool HasHttpScheme(std::string_view url) {
  auto starts = [url](std::string_view prefix) {
    return url.size() > prefix.size() &&
           EqualsIgnoreCase(url.substr(0, prefix.size()), prefix);
  };
  return starts("http://") || starts("https://");
}

microseconds CurlMicros(const CurlEasy& easy, CURLINFO info) {
  return microseconds(easy.GetOffT(info));
}

}  // namespace

const std::string* FetchResult::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return &value;
  }
  return nullptr;
}

FetcherOptions FetcherOptions::FromConfig(const CrawlConfig& crawl) {
  FetcherOptions options;
  options.user_agent = crawl.user_agent;
  options.max_connections = crawl.concurrency;
  options.connect_timeout =
      milliseconds(static_cast<std::int64_t>(crawl.connect_timeout * 1000));
  options.timeout =
      milliseconds(static_cast<std::int64_t>(crawl.timeout * 1000));
  options.max_body_bytes = crawl.max_page_bytes;
  options.max_redirects = crawl.max_redirects;
  options.retries = crawl.retries;
  return options;
}

// All state lives here, owned by a shared_ptr so that work posted from other
// threads can find out that the Fetcher is gone (weak_ptr).
class Fetcher::Impl {
 public:
  Impl(asio::io_context& io, FetcherOptions options)
      : io_(io),
        options_(std::move(options)),
        multi_(io, CurlMultiOptions{options_.max_connections,
                                    options_.max_host_connections, 0}),
        rng_(std::random_device{}()) {}

  ~Impl() { Stop(); }

  void Start(FetchRequest request, Callback done);
  void Stop();
  std::size_t in_flight() const { return jobs_.size(); }
  const FetcherOptions& options() const { return options_; }
  bool stopped() const { return stopped_; }

 private:
  // One Fetch(): possibly several requests (redirect hops, retries).
  struct Job {
    std::uint64_t id = 0;
    FetchRequest request;
    Callback done;
    FetchResult result;
    std::string current_url;
    int hop_attempts = 0;        // attempts at current_url
    std::int64_t max_bytes = 0;  // body limit of this fetch
    std::size_t max_header_bytes = 0;
    Clock::time_point started;
    std::unique_ptr<CurlEasy> easy;  // while a request is in flight
    std::unique_ptr<asio::steady_timer> retry_timer;  // while waiting
    // The response being received.
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::size_t header_bytes = 0;
    bool body_too_large = false;
    bool headers_too_large = false;
  };

  static size_t OnBody(char* data, size_t size, size_t count, void* job_p);
  static size_t OnHeader(char* data, size_t size, size_t count, void* job_p);

  void StartAttempt(Job& job);
  void StartQueued();
  CURLcode SetCommonOptions(CurlEasy& easy);
  Status Configure(Job& job, CurlEasy& easy);
  void OnTransferDone(std::uint64_t id, CURLcode code);
  void HandleResponse(std::uint64_t id, CURLcode code);
  void FollowRedirect(Job& job, const std::string& target);
  void ScheduleRetry(Job& job, milliseconds delay);
  bool CanRetry(const Job& job) const {
    return job.hop_attempts <= options_.retries;
  }
  milliseconds Backoff(int attempt);
  void Finish(Job& job, Status status);
  std::unique_ptr<CurlEasy> TakeEasy();
  void ReleaseEasy(std::unique_ptr<CurlEasy> easy);

  asio::io_context& io_;
  const FetcherOptions options_;
  CurlMulti multi_;
  std::mt19937_64 rng_;  // retry jitter
  std::unordered_map<std::uint64_t, std::unique_ptr<Job>> jobs_;
  std::vector<std::unique_ptr<CurlEasy>> idle_;  // reusable handles
  // Requests wait here while max_connections transfers run, so that curl
  // never queues them itself (its timeouts would count the wait).
  std::deque<std::uint64_t> waiting_;
  std::size_t running_ = 0;  // transfers handed to multi_
  std::uint64_t next_id_ = 1;
  bool stopped_ = false;
};

void Fetcher::Impl::Start(FetchRequest request, Callback done) {
  auto owned = std::make_unique<Job>();
  Job& job = *owned;
  job.id = next_id_++;
  job.started = Clock::now();
  job.result.url = request.url;
  job.current_url = request.url;
  job.max_bytes =
      request.max_bytes > 0 ? request.max_bytes : options_.max_body_bytes;
  job.max_header_bytes = options_.max_header_bytes;
  job.request = std::move(request);
  job.done = std::move(done);
  jobs_.emplace(job.id, std::move(owned));
  if (stopped_) return Finish(job, Status::Aborted("fetcher stopped"));
  // Only the scheme is checked here (cheaply); curl rejects malformed URLs
  // (InvalidArgument, not retried).
  if (!HasHttpScheme(job.current_url)) {
    return Finish(job, Status::InvalidArgument("not an http or https URL: " +
                                               job.current_url));
  }
  StartAttempt(job);
}

void Fetcher::Impl::Stop() {
  stopped_ = true;
  // Detach everything first: callbacks may call Fetch() (which now fails).
  std::vector<std::unique_ptr<Job>> jobs;
  jobs.reserve(jobs_.size());
  for (auto& [id, job] : jobs_) jobs.push_back(std::move(job));
  jobs_.clear();
  for (auto& job : jobs) {
    if (job->easy) multi_.Remove(job->easy->get());
    job->retry_timer.reset();  // its handler sees operation_aborted
  }
  waiting_.clear();
  running_ = 0;
  for (auto& job : jobs) {
    job->result.status = Status::Aborted("fetch of " + job->result.url +
                                         " stopped");
    job->result.final_url = job->current_url;
    job->result.timings.elapsed =
        duration_cast<microseconds>(Clock::now() - job->started);
    if (job->done) job->done(std::move(job->result));
  }
}

std::unique_ptr<CurlEasy> Fetcher::Impl::TakeEasy() {
  if (idle_.empty()) {
    auto easy = std::make_unique<CurlEasy>();
    if (easy->ok() && SetCommonOptions(*easy) != CURLE_OK) {
      return std::make_unique<CurlEasy>(nullptr);
    }
    return easy;
  }
  std::unique_ptr<CurlEasy> easy = std::move(idle_.back());
  idle_.pop_back();
  return easy;
}

void Fetcher::Impl::ReleaseEasy(std::unique_ptr<CurlEasy> easy) {
  if (!easy || idle_.size() >= kMaxIdleEasyHandles) return;
  // Not reset: the options every request shares stay set, and Configure()
  // overwrites all the per-request ones.
  idle_.push_back(std::move(easy));
}

CURLcode Fetcher::Impl::SetCommonOptions(CurlEasy& easy) {
  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption option, auto value) {
    if (rc == CURLE_OK) rc = easy.Set(option, value);
  };
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 0L);  // hops are checked and made by us
  set(CURLOPT_ACCEPT_ENCODING, "");  // every decoder libcurl has
  set(CURLOPT_HTTP_VERSION,
      options_.http2 ? long{CURL_HTTP_VERSION_2TLS}
                     : long{CURL_HTTP_VERSION_1_1});
  set(CURLOPT_CONNECTTIMEOUT_MS,
      static_cast<long>(options_.connect_timeout.count()));
  set(CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  set(CURLOPT_USERAGENT, options_.user_agent.c_str());
  if (!options_.ca_file.empty()) set(CURLOPT_CAINFO, options_.ca_file.c_str());
  set(CURLOPT_WRITEFUNCTION, &Impl::OnBody);
  set(CURLOPT_HEADERFUNCTION, &Impl::OnHeader);
  return rc;
}

Status Fetcher::Impl::Configure(Job& job, CurlEasy& easy) {
  easy.UseErrorBuffer();
  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption option, auto value) {
    if (rc == CURLE_OK) rc = easy.Set(option, value);
  };
  // Only what differs between requests; SetCommonOptions() did the rest.
  set(CURLOPT_URL, job.current_url.c_str());
  set(CURLOPT_PRIVATE, static_cast<void*>(&job));
  set(CURLOPT_MAXFILESIZE_LARGE, curl_off_t{job.max_bytes});
  set(CURLOPT_WRITEDATA, static_cast<void*>(&job));
  set(CURLOPT_HEADERDATA, static_cast<void*>(&job));
  if (rc != CURLE_OK) return CurlError("configure " + job.current_url, rc);
  std::vector<std::string> headers;
  headers.push_back("Accept: " + (job.request.accept.empty()
                                      ? options_.accept
                                      : job.request.accept));
  if (!job.request.if_none_match.empty()) {
    headers.push_back("If-None-Match: " + job.request.if_none_match);
  }
  if (!job.request.if_modified_since.empty()) {
    headers.push_back("If-Modified-Since: " + job.request.if_modified_since);
  }
  return easy.SetHeaders(headers);
}

void Fetcher::Impl::StartAttempt(Job& job) {
  const std::size_t limit =
      static_cast<std::size_t>(std::max(1, options_.max_connections));
  if (running_ >= limit) {
    waiting_.push_back(job.id);
    return;
  }
  job.body.clear();
  job.headers.clear();
  job.header_bytes = 0;
  job.body_too_large = false;
  job.headers_too_large = false;
  std::unique_ptr<CurlEasy> easy = TakeEasy();
  if (!easy->ok()) return Finish(job, Status::Internal("curl_easy_init failed"));
  Status status = Configure(job, *easy);
  if (!status.ok()) return Finish(job, status);
  ++job.result.attempts;
  ++job.hop_attempts;
  const std::uint64_t id = job.id;
  status = multi_.Add(easy->get(), [this, id](CURL*, CURLcode code) {
    OnTransferDone(id, code);
  });
  if (!status.ok()) return Finish(job, status);
  job.easy = std::move(easy);
  ++running_;
}

void Fetcher::Impl::StartQueued() {
  const std::size_t limit =
      static_cast<std::size_t>(std::max(1, options_.max_connections));
  while (running_ < limit && !waiting_.empty() && !stopped_) {
    const std::uint64_t id = waiting_.front();
    waiting_.pop_front();
    auto it = jobs_.find(id);
    if (it != jobs_.end()) StartAttempt(*it->second);
  }
}

size_t Fetcher::Impl::OnBody(char* data, size_t size, size_t count,
                             void* job_p) {
  auto* job = static_cast<Job*>(job_p);
  const size_t n = size * count;
  if (job->body.size() + n > static_cast<std::uint64_t>(job->max_bytes)) {
    job->body_too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  job->body.append(data, n);
  return n;
}

size_t Fetcher::Impl::OnHeader(char* data, size_t size, size_t count,
                               void* job_p) {
  auto* job = static_cast<Job*>(job_p);
  const size_t n = size * count;
  job->header_bytes += n;
  const std::string_view line(data, n);
  if (line.size() >= 5 && line.compare(0, 5, "HTTP/") == 0) {
    // A new response (after 1xx interim ones): its headers start here.
    job->headers.clear();
    job->header_bytes = n;
    return n;
  }
  if (job->header_bytes > job->max_header_bytes ||
      job->headers.size() >= kMaxHeaders) {
    job->headers_too_large = true;
    return 0;  // aborts the transfer
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;  // blank line, folding
  auto& [name, value] = job->headers.emplace_back(
      AsciiLower(TrimAsciiSpace(line.substr(0, colon))),
      std::string(TrimAsciiSpace(line.substr(colon + 1))));
  if (name == "content-length") {
    // One allocation for the body (bounded by the limit, and a hostile
    // length only costs what the limit allows).
    char* end = nullptr;
    const unsigned long long length = std::strtoull(value.c_str(), &end, 10);
    if (end != value.c_str() && length > 0) {
      job->body.reserve(static_cast<std::size_t>(std::min<unsigned long long>(
          length, static_cast<unsigned long long>(job->max_bytes))));
    }
  }
  return n;
}

void Fetcher::Impl::OnTransferDone(std::uint64_t id, CURLcode code) {
  --running_;
  HandleResponse(id, code);
  StartQueued();
}

void Fetcher::Impl::HandleResponse(std::uint64_t id, CURLcode code) {
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return;
  Job& job = *it->second;
  std::unique_ptr<CurlEasy> easy = std::move(job.easy);
  const long http_status = easy->GetLong(CURLINFO_RESPONSE_CODE);
  FetchTimings& timings = job.result.timings;
  timings.name_lookup = CurlMicros(*easy, CURLINFO_NAMELOOKUP_TIME_T);
  timings.connect = CurlMicros(*easy, CURLINFO_CONNECT_TIME_T);
  timings.first_byte = CurlMicros(*easy, CURLINFO_STARTTRANSFER_TIME_T);
  timings.total = CurlMicros(*easy, CURLINFO_TOTAL_TIME_T);
  switch (easy->GetLong(CURLINFO_HTTP_VERSION)) {
    case CURL_HTTP_VERSION_1_0: job.result.http_version = 10; break;
    case CURL_HTTP_VERSION_1_1: job.result.http_version = 11; break;
    case CURL_HTTP_VERSION_2_0: job.result.http_version = 20; break;
    default: job.result.http_version = 0; break;
  }
  const std::string redirect_url = IsRedirectStatus(http_status)
                                       ? easy->GetString(CURLINFO_REDIRECT_URL)
                                       : std::string();
  const std::string error_text(easy->error_text());
  ReleaseEasy(std::move(easy));
  job.result.http_status = static_cast<int>(http_status);

  const std::string what = "GET " + job.current_url;
  // libcurl itself refuses a single header line over 100 kB with
  // CURLE_OUT_OF_MEMORY before any body byte arrives.
  const bool headers_too_large =
      job.headers_too_large || (code == CURLE_OUT_OF_MEMORY && job.body.empty());
  if (headers_too_large) {
    job.headers.clear();
    return Finish(job, Status::TooLarge(what + ": response headers exceed " +
                                        std::to_string(options_.max_header_bytes) +
                                        " bytes"));
  }
  if (job.body_too_large || code == CURLE_FILESIZE_EXCEEDED) {
    job.body.clear();
    job.body.shrink_to_fit();
    return Finish(job, Status::TooLarge(what + ": body exceeds " +
                                        std::to_string(job.max_bytes) +
                                        " bytes"));
  }
  if (code != CURLE_OK) {
    Status status = CurlError(what, code, error_text);
    if (RetryableCurlCode(code) && CanRetry(job) && !stopped_) {
      return ScheduleRetry(job, Backoff(job.hop_attempts));
    }
    return Finish(job, std::move(status));
  }
  if (RetryableHttpStatus(http_status) && CanRetry(job) && !stopped_) {
    const std::int64_t retry_after = ParseRetryAfter([&]() -> const std::string* {
      for (const auto& [k, v] : job.headers) {
        if (k == "retry-after") return &v;
      }
      return nullptr;
    }());
    if (retry_after < 0) return ScheduleRetry(job, Backoff(job.hop_attempts));
    if (retry_after * 1000 <= options_.max_retry_after.count()) {
      return ScheduleRetry(job, milliseconds(retry_after * 1000));
    }
    return Finish(job, Status::Ok());  // too long: the scheduler decides
  }
  if (!redirect_url.empty()) return FollowRedirect(job, redirect_url);
  Finish(job, Status::Ok());
}

void Fetcher::Impl::FollowRedirect(Job& job, const std::string& target) {
  // The crawl's own rules: http(s) only, allowed hosts and their
  // subdomains (crawler/url.h).
  Result<Url> parsed = Url::Parse(target);
  const auto& allowed = job.request.allowed_hosts;
  if (!parsed.ok() ||
      (!allowed.empty() && !HostAllowed(parsed->host(), allowed))) {
    job.result.refused_redirect = target;
    return Finish(job, Status::Ok());
  }
  const auto& seen = job.result.redirects;
  if (target == job.current_url ||
      std::find(seen.begin(), seen.end(), target) != seen.end()) {
    return Finish(job, Status::InvalidArgument("redirect loop: " +
                                               job.current_url + " -> " +
                                               target));
  }
  if (static_cast<int>(seen.size()) >= options_.max_redirects) {
    return Finish(job, Status::InvalidArgument(
                           "too many redirects (more than " +
                           std::to_string(options_.max_redirects) +
                           ") from " + job.result.url));
  }
  job.result.redirects.push_back(job.current_url);
  job.current_url = target;
  job.hop_attempts = 0;
  StartAttempt(job);
}

milliseconds Fetcher::Impl::Backoff(int attempt) {
  // Exponential, capped, with "equal jitter": uniform in [d/2, d].
  const int shift = std::clamp(attempt - 1, 0, 20);
  const std::int64_t base = options_.retry_base_delay.count();
  const std::int64_t cap = options_.retry_max_delay.count();
  const std::int64_t d = std::min(cap, base << shift);
  if (d <= 1) return milliseconds(d);
  std::uniform_int_distribution<std::int64_t> jitter(d / 2, d);
  return milliseconds(jitter(rng_));
}

void Fetcher::Impl::ScheduleRetry(Job& job, milliseconds delay) {
  job.retry_timer = std::make_unique<asio::steady_timer>(io_, delay);
  const std::uint64_t id = job.id;
  job.retry_timer->async_wait([this, id](const boost::system::error_code& ec) {
    if (ec == asio::error::operation_aborted) return;  // Stop() or ~Impl
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return;
    it->second->retry_timer.reset();
    StartAttempt(*it->second);
  });
}

void Fetcher::Impl::Finish(Job& job, Status status) {
  auto it = jobs_.find(job.id);
  std::unique_ptr<Job> owned = std::move(it->second);
  jobs_.erase(it);
  FetchResult& r = job.result;
  r.status = std::move(status);
  r.final_url = job.current_url;
  r.headers = std::move(job.headers);
  r.body = std::move(job.body);
  r.not_modified = r.http_status == 304;
  for (const auto& [key, value] : r.headers) {
    if (key == "content-type" && r.content_type.empty()) r.content_type = value;
    if (key == "etag" && r.etag.empty()) r.etag = value;
    if (key == "last-modified" && r.last_modified.empty()) {
      r.last_modified = value;
    }
  }
  r.retry_after = ParseRetryAfter(r.Header("retry-after"));
  r.timings.elapsed = duration_cast<microseconds>(Clock::now() - job.started);
  Callback done = std::move(job.done);
  FetchResult result = std::move(job.result);
  owned.reset();
  if (done) done(std::move(result));
}

Fetcher::Fetcher(asio::io_context& io, FetcherOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(options))), io_(io) {}

Fetcher::~Fetcher() { impl_.reset(); }

void Fetcher::Fetch(FetchRequest request, Callback done) {
  std::weak_ptr<Impl> weak = impl_;
  asio::post(io_, [weak, request = std::move(request),
                   done = std::move(done)]() mutable {
    if (auto impl = weak.lock()) {
      impl->Start(std::move(request), std::move(done));
      return;
    }
    FetchResult result;
    result.url = request.url;
    result.status = Status::Aborted("fetcher destroyed");
    if (done) done(std::move(result));
  });
}

void Fetcher::Stop() {
  std::weak_ptr<Impl> weak = impl_;
  if (io_.get_executor().running_in_this_thread()) {
    impl_->Stop();
    return;
  }
  asio::post(io_, [weak] {
    if (auto impl = weak.lock()) impl->Stop();
  });
}

std::size_t Fetcher::in_flight() const { return impl_->in_flight(); }

const FetcherOptions& Fetcher::options() const { return impl_->options(); }

}  // namespace newscrawl
