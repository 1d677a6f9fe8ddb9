#include "crawler/curl_error.h"

#include <doctest/doctest.h>

namespace newscrawl {
namespace {

TEST_CASE("curl codes map to Status codes in one place") {
  CHECK(CurlError("get", CURLE_OK).ok());
  CHECK(CurlError("get", CURLE_OPERATION_TIMEDOUT).IsTimeout());
  CHECK(CurlError("get", CURLE_FILESIZE_EXCEEDED).IsTooLarge());
  CHECK(CurlError("get", CURLE_COULDNT_RESOLVE_HOST).IsNetwork());
  CHECK(CurlError("get", CURLE_COULDNT_CONNECT).IsNetwork());
  CHECK(CurlError("get", CURLE_URL_MALFORMAT).IsInvalidArgument());
  CHECK(CurlError("get", CURLE_ABORTED_BY_CALLBACK).IsAborted());
  const Status s = CurlError("GET http://x.vn/", CURLE_COULDNT_CONNECT,
                             "Failed to connect to x.vn port 80");
  CHECK(s.message() == "GET http://x.vn/: Failed to connect to x.vn port 80");
  CHECK(CurlMultiError("add", CURLM_OK).ok());
  CHECK(CurlMultiError("add", CURLM_BAD_HANDLE).code() == Status::Code::kInternal);
}

}  // namespace
}  // namespace newscrawl
