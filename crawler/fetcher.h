// Fetcher: downloads web pages over HTTP(S) for the crawler, many at once,
// on one Asio I/O thread (libcurl multi_socket through CurlMulti).
//
// Each Fetch() is one logical page request:
//  - HTTP/1.1 keep-alive, HTTP/2 where a TLS server offers it, gzip/deflate/
//    br content decoding, http and https only, no signals;
//  - connect and whole-transfer timeouts, a body size limit enforced while
//    receiving (the transfer is aborted: TooLarge), a response header limit;
//  - redirects followed by the Fetcher itself (never by curl): at most
//    max_redirects hops, http/https only, each target's host checked against
//    the request's allowed_hosts; a redirect elsewhere is reported in
//    FetchResult::refused_redirect, not followed; loops are errors;
//  - retries with exponential backoff and jitter on timeouts, connection
//    errors, 5xx (not 501/505) and 429, obeying Retry-After (seconds or an
//    HTTP date) up to max_retry_after;
//  - conditional GET (If-None-Match / If-Modified-Since): a 304 sets
//    not_modified and carries no body.
//
// Politeness (robots.txt, per-host delays) is the caller's job; the Fetcher
// only caps the total number of connections.
//
// Thread safety: Fetch() and Stop() may be called from any thread; the work
// and every `done` callback run on the io_context's thread, never inside
// Fetch().  Destroy the Fetcher on the I/O thread (or with the io_context
// stopped); destruction calls Stop().
#ifndef NEWSCRAWL_CRAWLER_FETCHER_H_
#define NEWSCRAWL_CRAWLER_FETCHER_H_

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "config/status.h"

namespace newscrawl {

struct FetcherOptions {
  // Sent as User-Agent; should name a contact.
  std::string user_agent = CrawlConfig().user_agent;
  // Default Accept header (FetchRequest::accept overrides it).
  std::string accept =
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  // CURLMOPT_MAX_TOTAL_CONNECTIONS, and the number of requests in flight:
  // further Fetch() calls wait in the Fetcher's queue (their timeouts start
  // when they are sent).
  int max_connections = 64;
  int max_host_connections = 0;   // 0: no limit (the scheduler is polite)
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds timeout{60'000};  // one attempt, whole transfer
  std::int64_t max_body_bytes = 10 * 1024 * 1024;  // decoded bytes
  std::size_t max_header_bytes = 64 * 1024;        // all header lines
  int max_redirects = 5;
  int retries = 3;  // extra attempts after a retryable failure
  std::chrono::milliseconds retry_base_delay{500};  // doubled per attempt
  std::chrono::milliseconds retry_max_delay{30'000};
  // A Retry-After longer than this is not waited for: the result is
  // returned with retry_after set, for the scheduler to defer the host.
  std::chrono::milliseconds max_retry_after{120'000};
  bool http2 = true;  // CURL_HTTP_VERSION_2TLS (h2 over TLS when offered)
  // PEM file of the CAs TLS servers are verified against; "": the system's
  // (tests use a certificate they generate).
  std::string ca_file;

  // crawl.user_agent, concurrency, connect_timeout, timeout,
  // max_page_bytes, max_redirects and retries.
  static FetcherOptions FromConfig(const CrawlConfig& crawl);
};

struct FetchRequest {
  std::string url;
  std::string if_none_match;      // stored ETag, sent as If-None-Match
  std::string if_modified_since;  // stored Last-Modified (an HTTP date)
  // Hosts a redirect may lead to, with their subdomains, as HostAllowed()
  // in crawler/url.h decides ("www.x.vn" allows x.vn and m.x.vn).  Empty:
  // any host.
  std::vector<std::string> allowed_hosts;
  std::int64_t max_bytes = 0;  // 0: FetcherOptions::max_body_bytes
  std::string accept;          // "": FetcherOptions::accept
};

struct FetchTimings {
  // Of the last attempt (curl's figures, from its start).
  std::chrono::microseconds name_lookup{0};
  std::chrono::microseconds connect{0};
  std::chrono::microseconds first_byte{0};
  std::chrono::microseconds total{0};
  // Wall time from Fetch() to the callback: all hops, retries and waits.
  std::chrono::microseconds elapsed{0};
};

struct FetchResult {
  // OK: an HTTP response was received (any status: check http_status).
  // Network (DNS, connect, reset), Timeout, TooLarge (body or headers),
  // InvalidArgument (bad URL or scheme, redirect loop, too many redirects),
  // Aborted (Stop()), Internal (libcurl failure).
  Status status;
  int http_status = 0;  // of the final response; 0 if none
  std::string url;        // as requested
  std::string final_url;  // the URL that gave the final response
  // URLs that answered with a redirect, in order (not including final_url).
  std::vector<std::string> redirects;
  // A redirect target that was not followed (host not allowed or not
  // http/https); the response is the redirect itself.
  std::string refused_redirect;
  // Headers of the final response, names lower-case, in order received.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;   // convenience copies of those headers
  std::string etag;
  std::string last_modified;
  // Retry-After of the final response in seconds; -1 if absent.
  std::int64_t retry_after = -1;
  std::string body;  // decoded
  bool not_modified = false;  // 304
  int http_version = 0;       // 10, 11, 20 (0 unknown)
  int attempts = 0;  // requests sent: retries and redirect hops included
  FetchTimings timings;

  // The first header called `name` (case-insensitive), or nullptr.
  const std::string* Header(std::string_view name) const;
};

class Fetcher {
 public:
  using Callback = std::function<void(FetchResult)>;

  Fetcher(boost::asio::io_context& io, FetcherOptions options);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Starts fetching `request`; `done` runs once on the I/O thread with the
  // result.  After Stop(), completes with Aborted.
  void Fetch(FetchRequest request, Callback done);

  // Aborts every fetch in flight or waiting to retry; their callbacks run
  // with Aborted before Stop returns when called on the I/O thread (else on
  // it, soon).  Later Fetch() calls complete with Aborted.
  void Stop();

  // Fetches started and not completed (I/O thread only).
  std::size_t in_flight() const;

  const FetcherOptions& options() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
  boost::asio::io_context& io_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_FETCHER_H_
