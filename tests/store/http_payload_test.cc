#include "store/http_payload.h"

#include <doctest/doctest.h>

#include "store/gzip.h"

namespace newscrawl {
namespace {

TEST_CASE("a plain response: status, headers in order, body") {
  Result<HttpResponse> r = ParseHttpResponse(
      "HTTP/1.1 200 OK\r\nContent-Type: Text/HTML; charset=UTF-8\r\n"
      "X-Folded: a\r\n  b\r\nContent-Length: 5\r\n\r\nhello");
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(r->reason == "OK");
  CHECK(r->headers.size() == 3);
  CHECK(FindHeader(r->headers, "x-folded") == "a b");
  CHECK(r->MediaType() == "text/html");
  CHECK(r->body == "hello");
}

TEST_CASE("bare LF line ends, no reason phrase, empty body") {
  Result<HttpResponse> r = ParseHttpResponse("HTTP/1.0 404\nServer: x\n\n");
  REQUIRE(r.ok());
  CHECK(r->status == 404);
  CHECK(r->reason.empty());
  CHECK(r->body.empty());
  CHECK(r->MediaType().empty());
}

TEST_CASE("chunked bodies are de-chunked, with extensions and trailers") {
  Result<HttpResponse> r = ParseHttpResponse(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "4;ext=1\r\nTin \r\nB\r\nlao động\r\n0\r\nX-Trailer: t\r\n\r\n");
  REQUIRE(r.ok());
  CHECK(r->body == "Tin lao động");

  CHECK(*Dechunk("3\r\nabc\r\n", 100) == "abc");      // no last chunk
  CHECK(*Dechunk("a\r\nabc", 100) == "abc");          // cut short
  CHECK(Dechunk("zz\r\nabc\r\n0\r\n", 100).status().IsCorruption());
  CHECK(Dechunk("ffffffffffffffffff\r\n", 100).status().IsCorruption());
  CHECK(Dechunk("5\r\nabcde\r\n5\r\nfghij\r\n0\r\n", 8).status().IsTooLarge());
}

TEST_CASE("gzip content coding is undone, also inside chunks") {
  std::string gz;
  REQUIRE(GzipCompress("<html><p>Người lao động</p></html>", &gz).ok());
  char size[16];
  std::snprintf(size, sizeof(size), "%zx", gz.size());
  const std::string message = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n" +
                              std::string(size) + "\r\n" + gz + "\r\n0\r\n\r\n";
  Result<HttpResponse> r = ParseHttpResponse(message);
  REQUIRE(r.ok());
  CHECK(r->body == "<html><p>Người lao động</p></html>");

  // An archiver that decoded the body but kept the header.
  Result<HttpResponse> decoded = ParseHttpResponse(
      "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n<html></html>");
  REQUIRE(decoded.ok());
  CHECK(decoded->body == "<html></html>");
}

TEST_CASE("limits and malformed messages give clear statuses") {
  HttpPayloadLimits limits;
  limits.max_header_bytes = 100;
  limits.max_body_bytes = 10;
  const std::string huge_header = "HTTP/1.1 200 OK\r\nX: " + std::string(200, 'a') + "\r\n\r\n";
  CHECK(ParseHttpResponse(huge_header, limits).status().IsTooLarge());
  CHECK(ParseHttpResponse("HTTP/1.1 200 OK\r\nX: " + std::string(200, 'a'), limits)
            .status()
            .IsTooLarge());
  CHECK(ParseHttpResponse("HTTP/1.1 200 OK\r\n\r\n" + std::string(11, 'b'), limits)
            .status()
            .IsTooLarge());
  std::string bomb;
  REQUIRE(GzipCompress(std::string(1000, 'c'), &bomb).ok());
  CHECK(ParseHttpResponse("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + bomb, limits)
            .status()
            .IsTooLarge());
  CHECK(ParseHttpResponse("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx")
            .status()
            .IsUnsupported());
  CHECK(ParseHttpResponse("GET / HTTP/1.1\r\n\r\n").status().IsCorruption());
  CHECK(ParseHttpResponse("HTTP/1.1 2x0 OK\r\n\r\n").status().IsCorruption());
  CHECK(ParseHttpResponse("HTTP/1.1 200 OK\r\nNo-End: x").status().IsCorruption());
  CHECK(ParseHttpResponse("").status().IsCorruption());
}

}  // namespace
}  // namespace newscrawl
