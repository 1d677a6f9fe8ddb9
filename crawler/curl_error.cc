#include "crawler/curl_error.h"

#include <string>

namespace newscrawl {

Status CurlError(std::string_view context, CURLcode code,
                 std::string_view detail) {
  if (code == CURLE_OK) return Status::Ok();
  std::string msg(context);
  msg += ": ";
  msg += detail.empty() ? std::string_view(curl_easy_strerror(code)) : detail;
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return Status::Timeout(msg);
    case CURLE_FILESIZE_EXCEEDED:
      return Status::TooLarge(msg);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_TOO_MANY_REDIRECTS:
      return Status::InvalidArgument(msg);
    case CURLE_ABORTED_BY_CALLBACK:
    case CURLE_WRITE_ERROR:  // our write callback refused the data
      return Status::Aborted(msg);
    case CURLE_OUT_OF_MEMORY:
      return Status::Internal(msg);
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_BAD_CONTENT_ENCODING:
    default:
      return Status::Network(msg);
  }
}

Status CurlMultiError(std::string_view context, CURLMcode code) {
  if (code == CURLM_OK) return Status::Ok();
  std::string msg(context);
  msg += ": ";
  msg += curl_multi_strerror(code);
  return Status::Internal(msg);
}

}  // namespace newscrawl
