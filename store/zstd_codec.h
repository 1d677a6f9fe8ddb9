// ZstdCodec: zstd compression with reused contexts (one ZSTD_CCtx and one
// ZSTD_DCtx per codec, so no allocation per call).  Decompression is
// bounded: a frame that claims (or turns out) to be larger than `max_size`
// is Corruption, never a huge allocation.
//
// Thread safety: none; give each thread its own codec.
#ifndef NEWSCRAWL_STORE_ZSTD_CODEC_H_
#define NEWSCRAWL_STORE_ZSTD_CODEC_H_

#include <memory>
#include <string>
#include <string_view>

#include "config/status.h"

namespace newscrawl {

class ZstdCodec {
 public:
  ZstdCodec();
  ~ZstdCodec();
  ZstdCodec(const ZstdCodec&) = delete;
  ZstdCodec& operator=(const ZstdCodec&) = delete;

  // Appends the zstd frame of `input` to *out.
  Status Compress(std::string_view input, int level, std::string* out);
  // Replaces *out with the content of the frame `input`.
  Status Decompress(std::string_view input, std::size_t max_size,
                    std::string* out);

 private:
  struct Contexts;
  std::unique_ptr<Contexts> contexts_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_ZSTD_CODEC_H_
