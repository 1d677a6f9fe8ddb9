// CurlEasy: owns one libcurl easy handle (CURL*) together with what must
// outlive a transfer made with it: the request header list and the error
// buffer.  Move-only; the destructor calls curl_easy_cleanup.
//
// A handle must be removed from its multi handle (CurlMulti::Remove) before
// it is destroyed or reset.
//
// Thread safety: none; a CurlEasy is used by one thread at a time (the
// fetcher's I/O thread).
#ifndef NEWSCRAWL_CRAWLER_CURL_EASY_H_
#define NEWSCRAWL_CRAWLER_CURL_EASY_H_

#include <curl/curl.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "config/status.h"

namespace newscrawl {

class CurlEasy {
 public:
  // Calls curl_easy_init; ok() is false if libcurl could not allocate.
  CurlEasy();
  // Takes ownership of `handle` (may be null: an empty object).
  explicit CurlEasy(CURL* handle);
  ~CurlEasy();
  CurlEasy(CurlEasy&& other) noexcept;
  CurlEasy& operator=(CurlEasy&& other) noexcept;
  CurlEasy(const CurlEasy&) = delete;
  CurlEasy& operator=(const CurlEasy&) = delete;

  bool ok() const { return handle_ != nullptr; }
  CURL* get() const { return handle_; }

  // Sets one option.  Allowed value types are the ones curl_easy_setopt
  // takes: long, curl_off_t, a C string, a data pointer or a callback.
  // Strings are copied by libcurl.
  template <typename T>
  CURLcode Set(CURLoption option, T value) {
    static_assert(std::is_same_v<T, long> || std::is_same_v<T, curl_off_t> ||
                      std::is_pointer_v<T>,
                  "curl_easy_setopt takes long, curl_off_t or a pointer");
    return curl_easy_setopt(handle_, option, value);
  }
  CURLcode Set(CURLoption option, const std::string& value) {
    return curl_easy_setopt(handle_, option, value.c_str());
  }

  // Replaces the request header list (CURLOPT_HTTPHEADER); each entry is a
  // full "Name: value" line.  The list lives as long as this object or the
  // next call; the same lines as last time cost nothing.  Returns an
  // Internal error if libcurl cannot allocate.
  Status SetHeaders(const std::vector<std::string>& lines);

  // Points CURLOPT_ERRORBUFFER at this object's buffer and clears it.
  void UseErrorBuffer();
  // The text libcurl left in the error buffer ("" if none).
  std::string_view error_text() const;

  // curl_easy_reset: every option back to its default; keeps the handle's
  // connection and DNS caches.  Drops the header list.
  void Reset();

  // CURLINFO_* getters; 0 or "" if libcurl does not know.
  long GetLong(CURLINFO info) const;
  curl_off_t GetOffT(CURLINFO info) const;
  std::string GetString(CURLINFO info) const;

 private:
  struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
  };

  CURL* handle_ = nullptr;
  std::unique_ptr<curl_slist, SlistDeleter> headers_;
  std::vector<std::string> header_lines_;  // what headers_ holds
  std::unique_ptr<std::array<char, CURL_ERROR_SIZE>> error_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_CURL_EASY_H_
