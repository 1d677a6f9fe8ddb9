#include "store/zstd_codec.h"

#include <zstd.h>

namespace newscrawl {

struct ZstdCodec::Contexts {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  ~Contexts() {
    ZSTD_freeCCtx(cctx);
    ZSTD_freeDCtx(dctx);
  }
};

ZstdCodec::ZstdCodec() : contexts_(std::make_unique<Contexts>()) {}
ZstdCodec::~ZstdCodec() = default;

Status ZstdCodec::Compress(std::string_view input, int level, std::string* out) {
  if (contexts_->cctx == nullptr) return Status::Internal("zstd: no context");
  const std::size_t start = out->size();
  const std::size_t bound = ZSTD_compressBound(input.size());
  out->resize(start + bound);
  const std::size_t n = ZSTD_compressCCtx(contexts_->cctx, out->data() + start,
                                          bound, input.data(), input.size(),
                                          level);
  if (ZSTD_isError(n)) {
    out->resize(start);
    return Status::Internal(std::string("zstd compress: ") +
                            ZSTD_getErrorName(n));
  }
  out->resize(start + n);
  return Status::Ok();
}

Status ZstdCodec::Decompress(std::string_view input, std::size_t max_size,
                             std::string* out) {
  if (contexts_->dctx == nullptr) return Status::Internal("zstd: no context");
  const unsigned long long size =
      ZSTD_getFrameContentSize(input.data(), input.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Status::Corruption("zstd frame without a valid content size");
  }
  if (size > max_size) {
    return Status::Corruption("zstd frame of " + std::to_string(size) +
                              " bytes exceeds the limit");
  }
  out->resize(static_cast<std::size_t>(size));
  const std::size_t n = ZSTD_decompressDCtx(contexts_->dctx, out->data(),
                                            out->size(), input.data(),
                                            input.size());
  if (ZSTD_isError(n) || n != size) {
    out->clear();
    return Status::Corruption(std::string("zstd decompress: ") +
                              (ZSTD_isError(n) ? ZSTD_getErrorName(n)
                                               : "short frame"));
  }
  return Status::Ok();
}

}  // namespace newscrawl
