// The one place libcurl's error codes become a Status.
#ifndef NEWSCRAWL_CRAWLER_CURL_ERROR_H_
#define NEWSCRAWL_CRAWLER_CURL_ERROR_H_

#include <curl/curl.h>

#include <string_view>

#include "config/status.h"

namespace newscrawl {

// Translates an easy-interface result.  `context` names the operation (and
// usually the URL); `detail` is the CURLOPT_ERRORBUFFER text, if any.
// Timeouts become Timeout, size limits TooLarge, DNS/connect/TLS/transfer
// failures Network, bad URLs InvalidArgument, callback aborts Aborted.
Status CurlError(std::string_view context, CURLcode code,
                 std::string_view detail = {});

// Translates a multi-interface result (a bug or out of memory: Internal).
Status CurlMultiError(std::string_view context, CURLMcode code);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_CURL_ERROR_H_
