#include "crawler/curl_easy.h"

#include <utility>

namespace newscrawl {

CurlEasy::CurlEasy()
    : handle_(curl_easy_init()),
      error_(std::make_unique<std::array<char, CURL_ERROR_SIZE>>()) {
  (*error_)[0] = '\0';
}

CurlEasy::CurlEasy(CURL* handle)
    : handle_(handle),
      error_(std::make_unique<std::array<char, CURL_ERROR_SIZE>>()) {
  (*error_)[0] = '\0';
}

CurlEasy::~CurlEasy() {
  if (handle_ != nullptr) curl_easy_cleanup(handle_);
}

CurlEasy::CurlEasy(CurlEasy&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)),
      headers_(std::move(other.headers_)),
      header_lines_(std::move(other.header_lines_)),
      error_(std::move(other.error_)) {}

CurlEasy& CurlEasy::operator=(CurlEasy&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) curl_easy_cleanup(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
    headers_ = std::move(other.headers_);
    header_lines_ = std::move(other.header_lines_);
    error_ = std::move(other.error_);
  }
  return *this;
}

Status CurlEasy::SetHeaders(const std::vector<std::string>& lines) {
  if (headers_ && lines == header_lines_) return Status::Ok();
  curl_slist* list = nullptr;
  for (const std::string& line : lines) {
    curl_slist* next = curl_slist_append(list, line.c_str());
    if (next == nullptr) {
      curl_slist_free_all(list);
      return Status::Internal("curl_slist_append: out of memory");
    }
    list = next;
  }
  // Install the new list before freeing the old one: libcurl must never see
  // a dangling pointer.
  curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, list);
  headers_.reset(list);
  header_lines_ = lines;
  return Status::Ok();
}

void CurlEasy::UseErrorBuffer() {
  if (!error_) error_ = std::make_unique<std::array<char, CURL_ERROR_SIZE>>();
  (*error_)[0] = '\0';
  curl_easy_setopt(handle_, CURLOPT_ERRORBUFFER, error_->data());
}

std::string_view CurlEasy::error_text() const {
  if (!error_) return {};
  return std::string_view(error_->data());
}

void CurlEasy::Reset() {
  if (handle_ != nullptr) curl_easy_reset(handle_);
  headers_.reset();
  header_lines_.clear();
  if (error_) (*error_)[0] = '\0';
}

long CurlEasy::GetLong(CURLINFO info) const {
  long value = 0;
  if (curl_easy_getinfo(handle_, info, &value) != CURLE_OK) return 0;
  return value;
}

curl_off_t CurlEasy::GetOffT(CURLINFO info) const {
  curl_off_t value = 0;
  if (curl_easy_getinfo(handle_, info, &value) != CURLE_OK) return 0;
  return value;
}

std::string CurlEasy::GetString(CURLINFO info) const {
  char* value = nullptr;
  if (curl_easy_getinfo(handle_, info, &value) != CURLE_OK || !value) {
    return {};
  }
  return value;
}

}  // namespace newscrawl
