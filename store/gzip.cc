#include "store/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <utility>

namespace newscrawl {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // gzip wrapper only
constexpr int kZlibWindowBits = 15;       // zlib wrapper
constexpr int kRawWindowBits = -15;       // no wrapper

Bytef* InputBytes(std::string_view data) {
  // zlib's next_in is not const-qualified, but it never writes through it.
  return reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
}

uInt ClampToUInt(std::size_t n) {
  return static_cast<uInt>(std::min<std::size_t>(n, UINT_MAX));
}

std::string ZlibMessage(const z_stream& z, int rc) {
  if (z.msg != nullptr) return z.msg;
  return "zlib error " + std::to_string(rc);
}

// Inflates all of `data` with the given window bits.  *produced_any tells
// whether any output came out before an error (to decide on a retry as raw
// deflate).
Result<std::string> InflateAll(std::string_view data, int window_bits,
                               bool multi_member, std::size_t max_output,
                               bool* produced_any) {
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) {
    return Status::Internal("inflateInit2 failed");
  }
  std::string out;
  char chunk[64 * 1024];
  Status status;
  bool ended = false;
  *produced_any = false;
  while (true) {
    if (ended) {
      if (data.empty() || !multi_member) break;
      inflateReset(&z);
      ended = false;
    }
    z.next_in = InputBytes(data);
    const uInt in_avail = ClampToUInt(data.size());
    z.avail_in = in_avail;
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof(chunk);
    const int rc = inflate(&z, Z_NO_FLUSH);
    data.remove_prefix(in_avail - z.avail_in);
    const std::size_t n = sizeof(chunk) - z.avail_out;
    if (n > 0) *produced_any = true;
    if (out.size() + n > max_output) {
      status = Status::TooLarge("decompressed body exceeds " +
                                std::to_string(max_output) + " bytes");
      break;
    }
    out.append(chunk, n);
    if (rc == Z_STREAM_END) {
      ended = true;
      continue;
    }
    if (rc == Z_BUF_ERROR || (rc == Z_OK && data.empty() && n == 0)) {
      status = Status::Corruption("compressed body is truncated");
      break;
    }
    if (rc != Z_OK) {
      status = Status::Corruption("compressed body: " + ZlibMessage(z, rc));
      break;
    }
  }
  inflateEnd(&z);
  if (!status.ok()) return status;
  return out;
}

}  // namespace

bool LooksLikeGzip(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

Status GzipCompress(std::string_view data, std::string* out, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, kGzipWindowBits, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::Internal("deflateInit2 failed");
  }
  const std::size_t start = out->size();
  out->resize(start + deflateBound(&z, static_cast<uLong>(data.size())) + 32);
  z.next_out = reinterpret_cast<Bytef*>(out->data() + start);
  std::size_t out_room = out->size() - start;
  int rc = Z_OK;
  while (true) {
    const uInt in_avail = ClampToUInt(data.size());
    z.next_in = InputBytes(data);
    z.avail_in = in_avail;
    const uInt out_avail = ClampToUInt(out_room);
    z.avail_out = out_avail;
    const bool last = in_avail == data.size();
    rc = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
    data.remove_prefix(in_avail - z.avail_in);
    out_room -= out_avail - z.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK && rc != Z_BUF_ERROR) break;
    if (out_room == 0) break;  // cannot happen: deflateBound is an upper bound
  }
  deflateEnd(&z);
  if (rc != Z_STREAM_END) {
    out->resize(start);
    return Status::Internal("gzip compression failed: zlib error " +
                            std::to_string(rc));
  }
  out->resize(out->size() - out_room);
  return Status::Ok();
}

Result<std::string> Decompress(std::string_view data, Encoding encoding,
                               std::size_t max_output) {
  bool produced_any = false;
  if (encoding == Encoding::kGzip) {
    return InflateAll(data, kGzipWindowBits, true, max_output, &produced_any);
  }
  Result<std::string> zlib =
      InflateAll(data, kZlibWindowBits, false, max_output, &produced_any);
  if (zlib.ok() || produced_any || zlib.status().IsTooLarge()) return zlib;
  return InflateAll(data, kRawWindowBits, false, max_output, &produced_any);
}

Result<std::string> Gzip(std::string_view data, int level) {
  std::string out;
  NEWSCRAWL_RETURN_IF_ERROR(GzipCompress(data, &out, level));
  return out;
}

Status InflateIfGzipped(std::string_view what, std::size_t max_bytes,
                        std::string_view* bytes, std::string* storage) {
  if (LooksLikeGzip(*bytes)) {
    Result<std::string> inflated = Decompress(*bytes, Encoding::kGzip, max_bytes);
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

struct GzipInflater::Stream {
  z_stream z{};
  ~Stream() { inflateEnd(&z); }
};

Result<std::unique_ptr<GzipInflater>> GzipInflater::Create() {
  auto stream = std::make_unique<Stream>();
  if (inflateInit2(&stream->z, kGzipWindowBits) != Z_OK) {
    return Status::Internal("inflateInit2 failed");
  }
  return std::unique_ptr<GzipInflater>(new GzipInflater(std::move(stream)));
}

GzipInflater::GzipInflater(std::unique_ptr<Stream> stream)
    : stream_(std::move(stream)) {}

GzipInflater::~GzipInflater() = default;

Result<std::size_t> GzipInflater::Inflate(std::string_view* input, char* out,
                                          std::size_t out_size) {
  z_stream& z = stream_->z;
  std::size_t produced = 0;
  while (produced < out_size && !input->empty()) {
    if (between_members_) {
      between_members_ = false;
      member_offset_ = consumed_;
    }
    const uInt in_avail = ClampToUInt(input->size());
    const uInt out_avail = ClampToUInt(out_size - produced);
    z.next_in = InputBytes(*input);
    z.avail_in = in_avail;
    z.next_out = reinterpret_cast<Bytef*>(out + produced);
    z.avail_out = out_avail;
    const int rc = inflate(&z, Z_NO_FLUSH);
    const uInt used = in_avail - z.avail_in;
    input->remove_prefix(used);
    consumed_ += used;
    produced += out_avail - z.avail_out;
    if (rc == Z_STREAM_END) {
      inflateReset(&z);
      between_members_ = true;
      break;
    }
    if (rc == Z_BUF_ERROR) break;
    if (rc != Z_OK) {
      return Status::Corruption("bad gzip data in the member at offset " +
                                std::to_string(member_offset_) + ": " +
                                ZlibMessage(z, rc));
    }
  }
  return produced;
}

}  // namespace newscrawl
