#include "crawler/curl_easy.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>

#include "tests/support/http_test_server.h"

namespace newscrawl {
namespace {

using testing::HttpTestServer;
using testing::TestResponse;

size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

TEST_CASE("CurlEasy sets options and owns its header list") {
  HttpTestServer server;
  server.Serve("/h", TestResponse::Text("hello"));
  CurlEasy easy;
  REQUIRE(easy.ok());
  CHECK(easy.Set(CURLOPT_URL, server.Url("/h")) == CURLE_OK);
  CHECK(easy.Set(CURLOPT_WRITEFUNCTION, &Discard) == CURLE_OK);
  CHECK(easy.Set(CURLOPT_USERAGENT, "ua-test") == CURLE_OK);
  REQUIRE(easy.SetHeaders({"X-First: 1"}).ok());
  REQUIRE(easy.SetHeaders({"X-Second: 2", "Accept: text/html"}).ok());
  easy.UseErrorBuffer();
  REQUIRE(curl_easy_perform(easy.get()) == CURLE_OK);
  CHECK(easy.GetLong(CURLINFO_RESPONSE_CODE) == 200);
  CHECK(easy.GetOffT(CURLINFO_SIZE_DOWNLOAD_T) == 5);
  CHECK(easy.GetString(CURLINFO_EFFECTIVE_URL) == server.Url("/h"));
  CHECK(easy.error_text().empty());
  const auto log = server.Requests();
  REQUIRE(log.size() == 1);
  CHECK_FALSE(log[0].HasHeader("X-First"));
  CHECK(log[0].Header("X-Second") == "2");
  CHECK(log[0].Header("User-Agent") == "ua-test");
}

TEST_CASE("CurlEasy errors, reset and moves") {
  CurlEasy easy;
  easy.UseErrorBuffer();
  easy.Set(CURLOPT_URL, "http://127.0.0.1:1/");
  easy.Set(CURLOPT_CONNECTTIMEOUT_MS, 2000L);
  CHECK(curl_easy_perform(easy.get()) == CURLE_COULDNT_CONNECT);
  CHECK_FALSE(easy.error_text().empty());
  easy.Reset();
  CHECK(easy.error_text().empty());
  CURL* raw = easy.get();
  CurlEasy moved(std::move(easy));
  CHECK(moved.get() == raw);
  CHECK_FALSE(easy.ok());  // NOLINT: moved-from is empty by contract
  CurlEasy other;
  other = std::move(moved);
  CHECK(other.get() == raw);
  CHECK(other.GetString(CURLINFO_EFFECTIVE_URL).empty());
}

}  // namespace
}  // namespace newscrawl
