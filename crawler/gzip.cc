#include "crawler/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <utility>

namespace newscrawl {
namespace {

// RAII over a z_stream set up for inflate.
class Inflater {
 public:
  Inflater() = default;
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater() {
    if (initialised_) inflateEnd(&stream_);
  }

  bool Init() {
    // 15 window bits + 32: detect a gzip or zlib header.
    initialised_ = inflateInit2(&stream_, 15 + 32) == Z_OK;
    return initialised_;
  }
  z_stream* get() { return &stream_; }

 private:
  z_stream stream_{};
  bool initialised_ = false;
};

}  // namespace

bool LooksGzipped(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

Result<std::string> Gunzip(std::string_view data, std::size_t max_output) {
  Inflater inflater;
  if (!inflater.Init()) return Status::Internal("gunzip: inflateInit2 failed");
  z_stream* z = inflater.get();
  std::string out;
  char buffer[64 * 1024];
  std::size_t offset = 0;  // of the next input byte not yet given to zlib
  while (true) {
    if (z->avail_in == 0 && offset < data.size()) {
      const std::size_t n =
          std::min<std::size_t>(data.size() - offset, UINT_MAX);
      // zlib's API is not const-correct; it does not write to the input.
      z->next_in =
          reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + offset));
      z->avail_in = static_cast<uInt>(n);
      offset += n;
    }
    z->next_out = reinterpret_cast<Bytef*>(buffer);
    z->avail_out = sizeof(buffer);
    const int rc = inflate(z, Z_NO_FLUSH);
    const std::size_t produced = sizeof(buffer) - z->avail_out;
    if (out.size() + produced > max_output) {
      return Status::TooLarge("gunzip: output exceeds " +
                              std::to_string(max_output) + " bytes");
    }
    out.append(buffer, produced);
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow; trailing zero padding is ignored.
      const std::size_t rest = z->avail_in + (data.size() - offset);
      const std::string_view tail = data.substr(data.size() - rest);
      if (!LooksGzipped(tail)) return out;
      if (inflateReset(z) != Z_OK)
        return Status::Internal("gunzip: reset failed");
      continue;
    }
    if (rc == Z_BUF_ERROR && z->avail_in == 0 && offset >= data.size()) {
      return Status::Corruption("gunzip: truncated data");
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return Status::Corruption(std::string("gunzip: ") +
                                (z->msg != nullptr ? z->msg : "bad data"));
    }
  }
}

Status InflateIfGzipped(std::string_view what, std::size_t max_bytes,
                        std::string_view* bytes, std::string* storage) {
  if (LooksGzipped(*bytes)) {
    Result<std::string> inflated = Gunzip(*bytes, max_bytes);
    if (!inflated.ok()) return inflated.status().WithContext(what);
    *storage = std::move(*inflated);
    *bytes = *storage;
  }
  if (bytes->size() > max_bytes) {
    return Status::TooLarge(
        std::string(what) + " of " + std::to_string(bytes->size()) +
        " bytes exceeds the limit of " + std::to_string(max_bytes));
  }
  return Status::Ok();
}

Result<std::string> Gzip(std::string_view data, int level) {
  z_stream z{};
  // 15 window bits + 16: write a gzip header.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return Status::Internal("gzip: deflateInit2 failed");
  }
  std::string out;
  char buffer[64 * 1024];
  std::size_t offset = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (z.avail_in == 0 && offset < data.size()) {
      const std::size_t n =
          std::min<std::size_t>(data.size() - offset, UINT_MAX);
      z.next_in =
          reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + offset));
      z.avail_in = static_cast<uInt>(n);
      offset += n;
    }
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof(buffer);
    rc = deflate(&z, offset >= data.size() ? Z_FINISH : Z_NO_FLUSH);
    if (rc == Z_STREAM_ERROR) {
      deflateEnd(&z);
      return Status::Internal("gzip: deflate failed");
    }
    out.append(buffer, sizeof(buffer) - z.avail_out);
  }
  deflateEnd(&z);
  return out;
}

}  // namespace newscrawl
