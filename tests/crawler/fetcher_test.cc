#include "crawler/fetcher.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_test_server.h"
#include "tests/support/run_command.h"
#include "tests/support/run_io.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;
using testing::HttpTestServer;
using testing::RecordedRequest;
using testing::RunIoUntil;
using testing::CommandResult;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;
using testing::TestResponse;

FetcherOptions TestOptions() {
  FetcherOptions options;
  options.user_agent = "newscrawl-test/1.0 (+mailto:test@newscrawl.invalid)";
  options.connect_timeout = milliseconds(2000);
  options.timeout = milliseconds(5000);
  options.retries = 2;
  options.retry_base_delay = milliseconds(10);
  options.retry_max_delay = milliseconds(50);
  options.max_connections = 16;
  return options;
}

// A Fetcher on an io_context run by the test thread itself.
class Harness {
 public:
  explicit Harness(FetcherOptions options = TestOptions())
      : fetcher_(std::make_unique<Fetcher>(io_, std::move(options))) {}

  FetchResult Get(FetchRequest request) {
    FetchResult out;
    bool done = false;
    fetcher_->Fetch(std::move(request), [&](FetchResult r) {
      out = std::move(r);
      done = true;
    });
    REQUIRE(RunIoUntil(io_, [&] { return done; }));
    return out;
  }
  FetchResult Get(const std::string& url) {
    FetchRequest request;
    request.url = url;
    return Get(std::move(request));
  }

  asio::io_context& io() { return io_; }
  Fetcher& fetcher() { return *fetcher_; }
  void Destroy() { fetcher_.reset(); }

 private:
  asio::io_context io_;
  std::unique_ptr<Fetcher> fetcher_;
};

std::uint16_t UnusedPort() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(
      io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();  // closed on return
}

TEST_CASE("a 200 page: body, headers, user agent, accept, keep-alive") {
  HttpTestServer server;
  TestResponse page = TestResponse::Text("<html><p>Công đoàn</p></html>");
  page.headers.emplace_back("ETag", "\"v1\"");
  page.headers.emplace_back("Last-Modified", "Wed, 02 Dec 2026 10:00:00 GMT");
  server.Serve("/a", page);
  Harness h;
  for (int i = 0; i < 5; ++i) {
    FetchResult r = h.Get(server.Url("/a?x=1"));
    REQUIRE(r.status.ok());
    CHECK(r.http_status == 200);
    CHECK(r.body == "<html><p>Công đoàn</p></html>");
    CHECK(r.content_type == "text/html; charset=utf-8");
    CHECK(r.etag == "\"v1\"");
    CHECK(r.last_modified == "Wed, 02 Dec 2026 10:00:00 GMT");
    CHECK(r.Header("ETAG") != nullptr);
    CHECK(r.final_url == server.Url("/a?x=1"));
    CHECK(r.redirects.empty());
    CHECK(r.attempts == 1);
    CHECK(r.http_version == 11);
    CHECK_FALSE(r.not_modified);
    CHECK(r.timings.total.count() > 0);
    CHECK(r.timings.elapsed >= r.timings.total);
  }
  const auto log = server.RequestsFor("/a");
  REQUIRE(log.size() == 5);
  CHECK(log[0].target == "/a?x=1");
  CHECK(log[0].Header("User-Agent") ==
        "newscrawl-test/1.0 (+mailto:test@newscrawl.invalid)");
  CHECK(log[0].Header("Accept").find("text/html") == 0);
  CHECK_FALSE(log[0].HasHeader("If-None-Match"));
  // Sequential fetches reuse one connection.
  CHECK(server.connections_accepted() == 1);
}

TEST_CASE("conditional GET: a 304 re-fetches nothing") {
  HttpTestServer server;
  server.Route("/article", [](const RecordedRequest& req) {
    if (req.Header("If-None-Match") == "\"abc\"" ||
        req.Header("If-Modified-Since") == "Tue, 01 Dec 2026 08:00:00 GMT") {
      TestResponse r;
      r.status = 304;
      r.headers.emplace_back("ETag", "\"abc\"");
      return r;
    }
    TestResponse r = TestResponse::Text("bài viết");
    r.headers.emplace_back("ETag", "\"abc\"");
    return r;
  });
  Harness h;
  FetchResult first = h.Get(server.Url("/article"));
  REQUIRE(first.status.ok());
  CHECK(first.http_status == 200);
  REQUIRE(first.etag == "\"abc\"");

  FetchRequest again;
  again.url = server.Url("/article");
  again.if_none_match = first.etag;
  FetchResult second = h.Get(again);
  REQUIRE(second.status.ok());
  CHECK(second.http_status == 304);
  CHECK(second.not_modified);
  CHECK(second.body.empty());
  CHECK(second.etag == "\"abc\"");

  FetchRequest by_date;
  by_date.url = server.Url("/article");
  by_date.if_modified_since = "Tue, 01 Dec 2026 08:00:00 GMT";
  CHECK(h.Get(by_date).not_modified);

  const auto log = server.RequestsFor("/article");
  REQUIRE(log.size() == 3);
  CHECK(log[1].Header("If-None-Match") == "\"abc\"");
  CHECK(log[2].Header("If-Modified-Since") == "Tue, 01 Dec 2026 08:00:00 GMT");
}

TEST_CASE("gzip bodies are decoded; gzip, deflate and br are offered") {
  HttpTestServer server;
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "<p>Người lao động " + std::to_string(i) + "</p>";
  TestResponse r = TestResponse::Text(text);
  r.gzip = true;
  server.Serve("/gz", r);
  Harness h;
  FetchResult res = h.Get(server.Url("/gz"));
  REQUIRE(res.status.ok());
  CHECK(res.body == text);
  CHECK(*res.Header("content-encoding") == "gzip");
  CHECK(server.body_bytes_sent() < text.size() / 4);  // it was compressed
  const std::string accept = server.Requests().at(0).Header("Accept-Encoding");
  CHECK(accept.find("gzip") != std::string::npos);
  CHECK(accept.find("deflate") != std::string::npos);
  CHECK(accept.find("br") != std::string::npos);
}

TEST_CASE("chunked and slowly dripped bodies arrive whole") {
  HttpTestServer server;
  std::string text(300 * 1024, 'a');
  for (std::size_t i = 0; i < text.size(); i += 97) text[i] = 'b';
  TestResponse chunked = TestResponse::Text(text);
  chunked.chunked = true;
  chunked.drip_bytes = 7000;
  server.Serve("/chunked", chunked);
  TestResponse drip = TestResponse::Text("0123456789");
  drip.drip_bytes = 2;
  drip.drip_interval = milliseconds(20);
  server.Serve("/drip", drip);
  Harness h;
  FetchResult a = h.Get(server.Url("/chunked"));
  REQUIRE(a.status.ok());
  CHECK(a.body == text);
  FetchResult b = h.Get(server.Url("/drip"));
  REQUIRE(b.status.ok());
  CHECK(b.body == "0123456789");
  CHECK(b.timings.elapsed >= milliseconds(80));
}

TEST_CASE("redirects are followed by the fetcher, hop by hop") {
  HttpTestServer server;
  server.Serve("/r1", TestResponse::Redirect(301, server.Url("/r2")));
  server.Serve("/r2", TestResponse::Redirect(302, "/final?q=1"));  // relative
  server.Serve("/final", TestResponse::Text("đích"));
  Harness h;
  FetchRequest req;
  req.url = server.Url("/r1");
  req.allowed_hosts = {"127.0.0.1"};
  req.if_none_match = "\"old\"";
  FetchResult r = h.Get(req);
  REQUIRE(r.status.ok());
  CHECK(r.http_status == 200);
  CHECK(r.body == "đích");
  CHECK(r.url == server.Url("/r1"));
  CHECK(r.final_url == server.Url("/final?q=1"));
  CHECK(r.redirects ==
        std::vector<std::string>{server.Url("/r1"), server.Url("/r2")});
  CHECK(r.attempts == 3);
  CHECK(r.refused_redirect.empty());
  CHECK(server.RequestsFor("/final").at(0).Header("If-None-Match") == "\"old\"");
}

TEST_CASE("redirect limit, loops and refused targets") {
  HttpTestServer server;
  for (int i = 0; i < 8; ++i) {
    server.Serve("/hop" + std::to_string(i),
                 TestResponse::Redirect(302, "/hop" + std::to_string(i + 1)));
  }
  server.Serve("/loop-a", TestResponse::Redirect(301, "/loop-b"));
  server.Serve("/loop-b", TestResponse::Redirect(301, "/loop-a"));
  server.Serve("/away", TestResponse::Redirect(302, "http://other.example/x"));
  server.Serve("/ftp", TestResponse::Redirect(302, "ftp://127.0.0.1/file"));
  server.Serve("/to-localhost",
               TestResponse::Redirect(
                   302, "http://localhost:" + std::to_string(server.port()) +
                            "/landing"));
  server.Serve("/landing", TestResponse::Text("landed"));
  Harness h;

  SUBCASE("more than max_redirects hops is an error") {
    FetchResult r = h.Get(server.Url("/hop0"));
    CHECK(r.status.IsInvalidArgument());
    CHECK(r.status.message().find("too many redirects") != std::string::npos);
    CHECK(r.redirects.size() == 5);
    CHECK(server.RequestCount("/hop6") == 0);  // never requested
  }
  SUBCASE("a loop is detected") {
    FetchResult r = h.Get(server.Url("/loop-a"));
    CHECK(r.status.IsInvalidArgument());
    CHECK(r.status.message().find("redirect loop") != std::string::npos);
    CHECK(server.RequestCount("/loop-a") == 1);
    CHECK(server.RequestCount("/loop-b") == 1);
  }
  SUBCASE("a redirect to a host that is not allowed is reported") {
    FetchRequest req;
    req.url = server.Url("/away");
    req.allowed_hosts = {"127.0.0.1", "www.baolaodong.vn"};
    FetchResult r = h.Get(req);
    REQUIRE(r.status.ok());
    CHECK(r.http_status == 302);
    CHECK(r.refused_redirect == "http://other.example/x");
    CHECK(r.final_url == server.Url("/away"));
  }
  SUBCASE("a redirect to another scheme is refused") {
    FetchResult r = h.Get(server.Url("/ftp"));
    REQUIRE(r.status.ok());
    CHECK(r.refused_redirect == "ftp://127.0.0.1/file");
  }
  SUBCASE("an allowed second host is followed") {
    FetchRequest req;
    req.url = server.Url("/to-localhost");
    req.allowed_hosts = {"127.0.0.1", "LOCALHOST"};
    FetchResult r = h.Get(req);
    REQUIRE(r.status.ok());
    CHECK(r.body == "landed");
    CHECK(r.final_url.find("http://localhost:") == 0);
    req.allowed_hosts = {"127.0.0.1"};
    FetchResult refused = h.Get(req);
    CHECK(refused.refused_redirect.find("http://localhost:") == 0);
    CHECK(server.RequestCount("/landing") == 1);
  }
}

TEST_CASE("the body limit aborts the transfer instead of buffering it") {
  HttpTestServer server;
  TestResponse endless;
  endless.chunked = true;  // no length announced: the write callback stops it
  endless.generated_bytes = 100ull * 1024 * 1024;
  server.Serve("/endless", endless);
  TestResponse announced;
  announced.generated_bytes = 100ull * 1024 * 1024;  // Content-Length: 100 MB
  server.Serve("/announced", announced);
  Harness h;
  FetchRequest req;
  req.url = server.Url("/endless");
  req.max_bytes = 1024 * 1024;
  FetchResult r = h.Get(req);
  CHECK(r.status.IsTooLarge());
  CHECK(r.status.message().find("1048576") != std::string::npos);
  CHECK(r.body.empty());
  CHECK(r.attempts == 1);  // not retried
  // The client hung up early: the server could not push 100 MB.
  CHECK(server.body_bytes_sent() < 32u * 1024 * 1024);

  req.url = server.Url("/announced");
  const auto before = server.body_bytes_sent();
  FetchResult a = h.Get(req);
  CHECK(a.status.IsTooLarge());
  CHECK(server.body_bytes_sent() - before < 32u * 1024 * 1024);
}

TEST_CASE("timeouts: a stalled server is given up on, with retries") {
  HttpTestServer server;
  TestResponse stall = TestResponse::Text("late");
  stall.delay = milliseconds(3000);
  server.Serve("/stall", stall);
  TestResponse drip = TestResponse::Text(std::string(100, 'x'));
  drip.drip_bytes = 1;
  drip.drip_interval = milliseconds(50);
  server.Serve("/drip", drip);
  FetcherOptions options = TestOptions();
  options.timeout = milliseconds(300);
  options.retries = 1;
  Harness h(options);
  const auto start = std::chrono::steady_clock::now();
  FetchResult r = h.Get(server.Url("/stall"));
  CHECK(r.status.IsTimeout());
  CHECK(r.attempts == 2);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  FetchResult d = h.Get(server.Url("/drip"));
  CHECK(d.status.IsTimeout());
  CHECK(server.RequestCount("/stall") == 2);
}

TEST_CASE("503 and 429 are retried, obeying Retry-After") {
  HttpTestServer server;
  auto calls = std::make_shared<std::atomic<int>>(0);
  server.Route("/busy", [calls](const RecordedRequest&) {
    if (++*calls == 1) {
      TestResponse r = TestResponse::Status(503);
      r.headers.emplace_back("Retry-After", "1");
      return r;
    }
    return TestResponse::Text("ok now");
  });
  auto limited = std::make_shared<std::atomic<int>>(0);
  server.Route("/limited", [limited](const RecordedRequest&) {
    if (++*limited <= 2) return TestResponse::Status(429);
    return TestResponse::Text("served");
  });
  TestResponse later = TestResponse::Status(503);
  later.headers.emplace_back("Retry-After", "3600");
  server.Serve("/later", later);
  server.Serve("/broken", TestResponse::Status(500));
  server.Serve("/missing", TestResponse::Status(404));
  Harness h;

  FetchResult busy = h.Get(server.Url("/busy"));
  REQUIRE(busy.status.ok());
  CHECK(busy.http_status == 200);
  CHECK(busy.body == "ok now");
  CHECK(busy.attempts == 2);
  const auto log = server.RequestsFor("/busy");
  REQUIRE(log.size() == 2);
  CHECK(log[1].time - log[0].time >= milliseconds(950));

  FetchResult lim = h.Get(server.Url("/limited"));
  CHECK(lim.http_status == 200);
  CHECK(lim.attempts == 3);

  // Too long a wait: returned at once for the scheduler to defer the host.
  FetchResult l = h.Get(server.Url("/later"));
  REQUIRE(l.status.ok());
  CHECK(l.http_status == 503);
  CHECK(l.retry_after == 3600);
  CHECK(l.attempts == 1);

  FetchResult b = h.Get(server.Url("/broken"));
  REQUIRE(b.status.ok());
  CHECK(b.http_status == 500);
  CHECK(b.attempts == 3);  // 1 + retries

  FetchResult m = h.Get(server.Url("/missing"));
  CHECK(m.http_status == 404);
  CHECK(m.attempts == 1);  // 4xx other than 429 is final
}

TEST_CASE("Retry-After as an HTTP date") {
  HttpTestServer server;
  auto calls = std::make_shared<std::atomic<int>>(0);
  server.Route("/date", [calls](const RecordedRequest&) {
    if (++*calls == 1) {
      TestResponse r = TestResponse::Status(429);
      r.headers.emplace_back("Retry-After", "Thu, 01 Jan 1970 00:00:00 GMT");
      return r;
    }
    return TestResponse::Text("fine");
  });
  Harness h;
  FetchResult r = h.Get(server.Url("/date"));
  CHECK(r.body == "fine");  // a date in the past: retry at once
  CHECK(r.attempts == 2);
}

TEST_CASE("connection refused and bad URLs") {
  Harness h;
  FetchResult r =
      h.Get("http://127.0.0.1:" + std::to_string(UnusedPort()) + "/x");
  CHECK(r.status.IsNetwork());
  CHECK(r.attempts == 3);
  CHECK(r.http_status == 0);

  FetchResult ftp = h.Get("ftp://127.0.0.1/file");
  CHECK(ftp.status.IsInvalidArgument());
  CHECK(ftp.attempts == 0);
  FetchResult junk = h.Get("not a url");
  CHECK(junk.status.IsInvalidArgument());
}

TEST_CASE("a connection closed mid-body is a retried network error") {
  HttpTestServer server;
  TestResponse cut = TestResponse::Text(std::string(10000, 'z'));
  cut.close_after = 5000;
  server.Serve("/cut", cut);
  Harness h;
  FetchResult r = h.Get(server.Url("/cut"));
  CHECK(r.status.IsNetwork());
  CHECK(r.attempts == 3);
  CHECK(server.RequestCount("/cut") == 3);
}

TEST_CASE("hostile headers are bounded") {
  HttpTestServer server;
  TestResponse huge;
  huge.raw = "HTTP/1.1 200 OK\r\nX-Junk: " + std::string(300 * 1024, 'j') +
             "\r\nContent-Length: 2\r\n\r\nok";
  server.Serve("/huge-line", huge);
  TestResponse many;
  many.raw = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 5000; ++i) {
    many.raw += "X-H" + std::to_string(i) + ": " + std::string(40, 'v') + "\r\n";
  }
  many.raw += "Content-Length: 2\r\n\r\nok";
  server.Serve("/many", many);
  TestResponse garbage;
  garbage.raw = std::string("\x00\x01garbage\r\n\r\n", 13);
  server.Serve("/garbage", garbage);
  FetcherOptions options = TestOptions();
  options.retries = 0;
  Harness h(options);
  FetchResult a = h.Get(server.Url("/huge-line"));
  CHECK(a.status.IsTooLarge());
  FetchResult b = h.Get(server.Url("/many"));
  CHECK(b.status.IsTooLarge());
  CHECK(b.headers.empty());
  FetchResult c = h.Get(server.Url("/garbage"));
  CHECK_FALSE(c.status.ok());
}

TEST_CASE("many concurrent fetches under the connection limit") {
  HttpTestServer server;
  auto now = std::make_shared<std::atomic<int>>(0);
  auto peak = std::make_shared<std::atomic<int>>(0);
  server.Route("/p/*", [now, peak](const RecordedRequest& req) {
    const int n = ++*now;
    int seen = peak->load();
    while (n > seen && !peak->compare_exchange_weak(seen, n)) {
    }
    std::this_thread::sleep_for(milliseconds(1));
    --*now;
    return TestResponse::Text("page " + req.path);
  });
  FetcherOptions options = TestOptions();
  options.max_connections = 8;
  Harness h(options);
  constexpr int kPages = 400;
  std::vector<FetchResult> results(kPages);
  int done = 0;
  for (int i = 0; i < kPages; ++i) {
    FetchRequest req;
    req.url = server.Url("/p/" + std::to_string(i));
    h.fetcher().Fetch(std::move(req), [&, i](FetchResult r) {
      results[static_cast<std::size_t>(i)] = std::move(r);
      ++done;
    });
  }
  REQUIRE(RunIoUntil(h.io(), [&] { return done == kPages; }));
  for (int i = 0; i < kPages; ++i) {
    const FetchResult& r = results[static_cast<std::size_t>(i)];
    REQUIRE(r.status.ok());
    CHECK(r.body == "page /p/" + std::to_string(i));
  }
  CHECK(server.RequestCount() == kPages);
  CHECK(server.connections_accepted() <= 8);
  CHECK(peak->load() <= 8);
  CHECK(peak->load() >= 2);  // it did run in parallel
  CHECK(h.fetcher().in_flight() == 0);
}

TEST_CASE("Stop() aborts transfers and retry waits in flight") {
  HttpTestServer server;
  TestResponse slow = TestResponse::Text("slow");
  slow.delay = milliseconds(5000);
  server.Serve("/slow", slow);
  server.Serve("/down", TestResponse::Status(503));
  FetcherOptions options = TestOptions();
  options.retry_base_delay = milliseconds(5000);
  options.retry_max_delay = milliseconds(5000);
  Harness h(options);
  std::vector<FetchResult> results;
  for (int i = 0; i < 10; ++i) {
    FetchRequest req;
    req.url = server.Url(i % 2 ? "/slow" : "/down");
    h.fetcher().Fetch(std::move(req),
                      [&](FetchResult r) { results.push_back(std::move(r)); });
  }
  // Wait until every request reached the server (the 503s now wait to retry).
  REQUIRE(RunIoUntil(h.io(), [&] { return server.RequestCount() == 10; }));
  CHECK(h.fetcher().in_flight() == 10);
  const auto start = std::chrono::steady_clock::now();
  h.fetcher().Stop();  // not on the I/O thread: posted to it
  REQUIRE(RunIoUntil(h.io(), [&] { return results.size() == 10; }));
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(500));
  for (const FetchResult& r : results) CHECK(r.status.IsAborted());
  CHECK(h.fetcher().in_flight() == 0);

  testing::RunIoFor(h.io(), milliseconds(50));  // leftovers run harmlessly
}

// Starts `n` fetches of a page the server answers only after 5 s, and
// returns once the server has received them all; each callback adds one to
// *aborted if its result is Aborted.
void StartStalledFetches(Harness& h, HttpTestServer& server, int n,
                         int* aborted) {
  TestResponse slow = TestResponse::Text("slow");
  slow.delay = milliseconds(5000);
  server.Serve("/slow", slow);
  for (int i = 0; i < n; ++i) {
    h.fetcher().Fetch(
        FetchRequest{server.Url("/slow"), {}, {}, {}, 0, {}},
        [aborted](FetchResult r) { *aborted += r.status.IsAborted(); });
  }
  REQUIRE(RunIoUntil(h.io(), [&] {
    return server.RequestCount() == static_cast<std::size_t>(n);
  }));
}

TEST_CASE("Stop() on the I/O thread completes callbacks before returning") {
  HttpTestServer server;
  Harness h;
  int aborted = 0;
  StartStalledFetches(h, server, 3, &aborted);
  bool inside = false;
  asio::post(h.io(), [&] {
    h.fetcher().Stop();
    inside = aborted == 3 && h.fetcher().in_flight() == 0;
  });
  REQUIRE(RunIoUntil(h.io(), [&] { return inside; }));

  bool after = false;
  h.fetcher().Fetch(FetchRequest{server.Url("/slow"), {}, {}, {}, 0, {}},
                    [&](FetchResult r) { after = r.status.IsAborted(); });
  REQUIRE(RunIoUntil(h.io(), [&] { return after; }));
  testing::RunIoFor(h.io(), milliseconds(50));  // leftovers run harmlessly
}

TEST_CASE("destroying the fetcher with transfers in flight") {
  HttpTestServer server;
  Harness h;
  int aborted = 0;
  StartStalledFetches(h, server, 5, &aborted);
  h.Destroy();
  CHECK(aborted == 5);
  testing::RunIoFor(h.io(), milliseconds(50));
}

TEST_CASE("queued requests' timeouts start when they are sent") {
  HttpTestServer server;
  TestResponse r = TestResponse::Text("a bit slow");
  r.delay = milliseconds(150);
  server.Serve("/s", r);
  FetcherOptions options = TestOptions();
  options.max_connections = 1;
  options.timeout = milliseconds(1000);
  options.retries = 0;
  Harness h(options);
  int ok = 0;
  int done = 0;
  for (int i = 0; i < 10; ++i) {  // 10 x 150 ms one after the other > 1 s
    h.fetcher().Fetch(FetchRequest{server.Url("/s"), {}, {}, {}, 0, {}},
                      [&](FetchResult res) {
                        ok += res.status.ok();
                        ++done;
                      });
  }
  REQUIRE(RunIoUntil(h.io(), [&] { return done == 10; }));
  CHECK(ok == 10);
  CHECK(server.connections_accepted() == 1);
}

TEST_CASE("FetcherOptions::FromConfig takes the crawl settings") {
  CrawlConfig crawl;
  crawl.user_agent = "bot/2 (+mailto:a@b.vn)";
  crawl.concurrency = 7;
  crawl.connect_timeout = 1.5;
  crawl.timeout = 20;
  crawl.max_page_bytes = 12345;
  crawl.max_redirects = 2;
  crawl.retries = 4;
  const FetcherOptions o = FetcherOptions::FromConfig(crawl);
  CHECK(o.user_agent == "bot/2 (+mailto:a@b.vn)");
  CHECK(o.max_connections == 7);
  CHECK(o.connect_timeout == milliseconds(1500));
  CHECK(o.timeout == milliseconds(20000));
  CHECK(o.max_body_bytes == 12345);
  CHECK(o.max_redirects == 2);
  CHECK(o.retries == 4);
}

// nginx (Debian's /usr/sbin/nginx, built with http_v2 and ssl) serving a
// directory over TLS with HTTP/2 on 127.0.0.1, with a certificate that
// openssl(1) makes for the test.
class Http2Server {
 public:
  explicit Http2Server(const TempDir& dir) : dir_(dir) {
    const CommandResult cert = RunCommand(
        {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
         "1", "-subj", "/CN=127.0.0.1", "-addext",
         "subjectAltName=IP:127.0.0.1", "-keyout", dir.File("key.pem"),
         "-out", dir.File("cert.pem")});
    REQUIRE_MESSAGE(cert.exit_code == 0, cert.err);
    port_ = UnusedPort();
    const std::string d = dir.path();
    dir.Write("nginx.conf",
              "daemon off;\nmaster_process off;\nerror_log " + d +
                  "/error.log;\npid " + d + "/nginx.pid;\n"
                  "events { worker_connections 64; }\n"
                  "http {\n"
                  "  log_format proto '$request $server_protocol $status';\n"
                  "  access_log " + d + "/access.log proto;\n"
                  "  client_body_temp_path " + d + "/tmp;\n"
                  "  proxy_temp_path " + d + "/tmp;\n"
                  "  fastcgi_temp_path " + d + "/tmp;\n"
                  "  uwsgi_temp_path " + d + "/tmp;\n"
                  "  scgi_temp_path " + d + "/tmp;\n"
                  "  types { text/html html; }\n"
                  "  gzip on;\n"
                  "  server {\n"
                  "    listen 127.0.0.1:" + std::to_string(port_) +
                  " ssl http2;\n"
                  "    ssl_certificate " + d + "/cert.pem;\n"
                  "    ssl_certificate_key " + d + "/key.pem;\n"
                  "    root " + d + "/www;\n"
                  "  }\n"
                  "}\n");
    REQUIRE(mkdir(dir.File("www").c_str(), 0755) == 0);
    REQUIRE(mkdir(dir.File("tmp").c_str(), 0755) == 0);
  }
  ~Http2Server() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  Http2Server(const Http2Server&) = delete;
  Http2Server& operator=(const Http2Server&) = delete;

  // Starts nginx and waits until it accepts connections.
  void Start() {
    std::vector<std::string> args = {"/usr/sbin/nginx", "-p", dir_.path(), "-c",
                                     dir_.File("nginx.conf"), "-e",
                                     dir_.File("error.log")};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    REQUIRE(posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(),
                        environ) == 0);
    for (int i = 0; i < 100; ++i) {
      asio::io_context io;
      asio::ip::tcp::socket socket(io);
      boost::system::error_code ec;
      socket.connect({asio::ip::make_address("127.0.0.1"), port_}, ec);
      if (!ec) return;
      std::this_thread::sleep_for(milliseconds(50));
    }
    FAIL("nginx did not start: " << ReadFile(dir_.File("error.log")));
  }

  std::string Url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  const TempDir& dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

TEST_CASE("HTTPS with HTTP/2: nginx on loopback, concurrent streams, gzip") {
  TempDir dir;
  Http2Server server(dir);
  std::string page;
  for (int i = 0; i < 500; ++i) page += "<p>Người lao động " + std::to_string(i) + "</p>";
  for (int i = 0; i < 8; ++i) {
    dir.Write("www/p" + std::to_string(i) + ".html", page + std::to_string(i));
  }
  server.Start();

  FetcherOptions options = TestOptions();
  options.ca_file = dir.File("cert.pem");
  Harness h(options);
  int done = 0;
  std::vector<FetchResult> results(8);
  for (int i = 0; i < 8; ++i) {
    FetchRequest request;
    request.url = server.Url("/p" + std::to_string(i) + ".html");
    h.fetcher().Fetch(std::move(request), [&, i](FetchResult r) {
      results[static_cast<std::size_t>(i)] = std::move(r);
      ++done;
    });
  }
  REQUIRE(RunIoUntil(h.io(), [&] { return done == 8; }));
  for (int i = 0; i < 8; ++i) {
    const FetchResult& r = results[static_cast<std::size_t>(i)];
    CAPTURE(i);
    REQUIRE_MESSAGE(r.status.ok(), r.status.ToString());
    CHECK(r.http_status == 200);
    CHECK(r.http_version == 20);
    CHECK(r.body == page + std::to_string(i));
    const std::string* encoding = r.Header("content-encoding");
    CHECK((encoding != nullptr && *encoding == "gzip"));
  }
  // The server saw HTTP/2 requests only.
  const std::string log = ReadFile(dir.File("access.log"));
  CHECK(log.find("HTTP/2.0 200") != std::string::npos);
  CHECK(log.find("HTTP/1.1") == std::string::npos);

  // Without the test's CA the certificate is refused.
  Harness untrusted;
  const FetchResult refused = untrusted.Get(server.Url("/p0.html"));
  CHECK_FALSE(refused.status.ok());
}

}  // namespace
}  // namespace newscrawl
