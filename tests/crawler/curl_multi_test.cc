#include "crawler/curl_multi.h"

#include <doctest/doctest.h>

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "crawler/curl_easy.h"
#include "tests/support/http_test_server.h"
#include "tests/support/run_io.h"

namespace newscrawl {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;
using testing::HttpTestServer;
using testing::RunIoUntil;
using testing::TestResponse;

size_t AppendBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// One easy handle with its body buffer.
struct Get {
  explicit Get(const std::string& url) {
    easy.Set(CURLOPT_URL, url);
    easy.Set(CURLOPT_NOSIGNAL, 1L);
    easy.Set(CURLOPT_WRITEFUNCTION, &AppendBody);
    easy.Set(CURLOPT_WRITEDATA, static_cast<void*>(&body));
    easy.Set(CURLOPT_TIMEOUT_MS, 10000L);
  }
  CurlEasy easy;
  std::string body;
  CURLcode result = CURL_LAST;  // "not done"
  bool done = false;
};

TEST_CASE("many transfers complete; sockets are unwatched afterwards") {
  HttpTestServer server;
  std::string big(2 * 1024 * 1024, 'q');
  server.Route("/p/*", [&big](const testing::RecordedRequest& r) {
    return TestResponse::Text(r.path == "/p/big" ? big : "body " + r.path);
  });
  asio::io_context io;
  auto multi = std::make_unique<CurlMulti>(io, CurlMultiOptions{8, 0, 0});
  std::vector<std::unique_ptr<Get>> gets;
  int done = 0;
  for (int i = 0; i < 200; ++i) {
    const std::string path = i == 7 ? "/p/big" : "/p/" + std::to_string(i);
    gets.push_back(std::make_unique<Get>(server.Url(path)));
    Get* g = gets.back().get();
    REQUIRE(multi->Add(g->easy.get(), [g, &done](CURL* easy, CURLcode rc) {
      CHECK(easy == g->easy.get());
      g->result = rc;
      g->done = true;
      ++done;
    }).ok());
  }
  CHECK(multi->size() == 200);
  REQUIRE(RunIoUntil(io, [&] { return done == 200; }));
  for (int i = 0; i < 200; ++i) {
    const Get& g = *gets[static_cast<std::size_t>(i)];
    CHECK(g.result == CURLE_OK);
    if (i == 7) {
      CHECK(g.body == big);
    } else {
      CHECK(g.body == "body /p/" + std::to_string(i));
    }
  }
  CHECK(multi->size() == 0);
  CHECK(server.connections_accepted() <= 8);
  CHECK(multi->actions() > 0);
  // Idle cached connections are not watched.
  CHECK(multi->watched_sockets() == 0);
  multi.reset();
  testing::RunIoFor(io, milliseconds(20));
}

TEST_CASE("connections closed by the server: fd numbers are reused safely") {
  HttpTestServer server;
  TestResponse once = TestResponse::Text("one shot");
  once.keep_alive = false;
  server.Serve("/once", once);
  asio::io_context io;
  CurlMulti multi(io, CurlMultiOptions{});
  for (int round = 0; round < 30; ++round) {
    Get g(server.Url("/once"));
    REQUIRE(multi.Add(g.easy.get(), [&g](CURL*, CURLcode rc) {
      g.result = rc;
      g.done = true;
    }).ok());
    REQUIRE(RunIoUntil(io, [&] { return g.done; }));
    CHECK(g.result == CURLE_OK);
    CHECK(g.body == "one shot");
  }
  CHECK(server.connections_accepted() == 30);
}

TEST_CASE("errors are reported through Done") {
  asio::io_context io;
  CurlMulti multi(io, CurlMultiOptions{});
  std::uint16_t port = 0;
  {
    asio::ip::tcp::acceptor a(
        io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }
  Get refused("http://127.0.0.1:" + std::to_string(port) + "/");
  REQUIRE(multi.Add(refused.easy.get(), [&](CURL*, CURLcode rc) {
    refused.result = rc;
    refused.done = true;
  }).ok());
  REQUIRE(RunIoUntil(io, [&] { return refused.done; }));
  CHECK(refused.result == CURLE_COULDNT_CONNECT);
  // A finished handle can be added again, but not twice at once.
  CHECK(multi.Add(refused.easy.get(), [](CURL*, CURLcode) {}).ok());
  CHECK(multi.Add(refused.easy.get(), [](CURL*, CURLcode) {})
            .code() == Status::Code::kInternal);
  CHECK(multi.Remove(refused.easy.get()));
  CHECK(multi.size() == 0);
}

TEST_CASE("timeouts fire from the timer alone") {
  HttpTestServer server;
  TestResponse stall = TestResponse::Text("x");
  stall.delay = milliseconds(3000);
  server.Serve("/stall", stall);
  asio::io_context io;
  CurlMulti multi(io, CurlMultiOptions{});
  Get g(server.Url("/stall"));
  g.easy.Set(CURLOPT_TIMEOUT_MS, 200L);
  REQUIRE(multi.Add(g.easy.get(), [&](CURL*, CURLcode rc) {
    g.result = rc;
    g.done = true;
  }).ok());
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(RunIoUntil(io, [&] { return g.done; }));
  CHECK(g.result == CURLE_OPERATION_TIMEDOUT);
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(1500));
  // Waiting is idle: a handful of socket actions, not a busy loop.
  CHECK(multi.actions() < 50);
}

TEST_CASE("Remove and destruction with transfers in flight") {
  HttpTestServer server;
  TestResponse slow = TestResponse::Text("slow");
  slow.delay = milliseconds(2000);
  server.Serve("/slow", slow);
  TestResponse drip = TestResponse::Text(std::string(1000, 'd'));
  drip.drip_bytes = 10;
  drip.drip_interval = milliseconds(10);
  server.Serve("/drip", drip);
  asio::io_context io;
  auto multi = std::make_unique<CurlMulti>(io, CurlMultiOptions{});
  std::vector<std::unique_ptr<Get>> gets;
  int called = 0;
  for (int i = 0; i < 6; ++i) {
    gets.push_back(
        std::make_unique<Get>(server.Url(i % 2 ? "/slow" : "/drip")));
    REQUIRE(multi->Add(gets.back()->easy.get(),
                       [&called](CURL*, CURLcode) { ++called; })
                .ok());
  }
  REQUIRE(RunIoUntil(io, [&] { return server.RequestCount() == 6; }));
  testing::RunIoFor(io, milliseconds(50));  // some drips in progress
  CHECK(multi->Remove(gets[0]->easy.get()));
  CHECK(multi->Remove(gets[1]->easy.get()));
  CHECK_FALSE(multi->Remove(gets[1]->easy.get()));
  testing::RunIoFor(io, milliseconds(50));
  CHECK(multi->size() == 4);
  multi.reset();  // the remaining four are dropped without Done
  testing::RunIoFor(io, milliseconds(50));
  CHECK(called == 0);
}

TEST_CASE("Done may start the next transfer on the same handle") {
  HttpTestServer server;
  server.Serve("/n", TestResponse::Text("n"));
  asio::io_context io;
  CurlMulti multi(io, CurlMultiOptions{});
  Get g(server.Url("/n"));
  int completed = 0;
  std::function<void(CURL*, CURLcode)> again = [&](CURL* easy, CURLcode rc) {
    CHECK(rc == CURLE_OK);
    if (++completed < 20) REQUIRE(multi.Add(easy, again).ok());
  };
  REQUIRE(multi.Add(g.easy.get(), again).ok());
  REQUIRE(RunIoUntil(io, [&] { return completed == 20; }));
  CHECK(g.body.size() == 20);
  CHECK(server.connections_accepted() == 1);
}

}  // namespace
}  // namespace newscrawl
