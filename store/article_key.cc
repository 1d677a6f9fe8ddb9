#include "store/article_key.h"

#include <xxhash.h>

#include "store/text_normalizer.h"

namespace newscrawl {

bool ArticleKey::empty() const {
  for (std::uint8_t b : bytes) {
    if (b != 0) return false;
  }
  return true;
}

std::string ArticleKey::ToHex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(kSize * 2, '0');
  for (std::size_t i = 0; i < kSize; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xF];
  }
  return out;
}

Result<ArticleKey> ArticleKey::FromHex(std::string_view hex) {
  if (hex.size() != kSize * 2) {
    return Status::InvalidArgument("an article id has 32 hex digits: " +
                                   std::string(hex.substr(0, 64)));
  }
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  ArticleKey key;
  for (std::size_t i = 0; i < kSize; ++i) {
    const int hi = nibble(hex[2 * i]);
    const int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument("not a hex article id: " + std::string(hex));
    }
    key.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return key;
}

Result<ArticleKey> ArticleKey::FromBytes(std::string_view raw) {
  if (raw.size() != kSize) {
    return Status::Corruption("article key of " + std::to_string(raw.size()) +
                              " bytes");
  }
  ArticleKey key;
  for (std::size_t i = 0; i < kSize; ++i) {
    key.bytes[i] = static_cast<std::uint8_t>(raw[i]);
  }
  return key;
}

ArticleKey ArticleKey::ForNormalizedBody(std::string_view normalized_body) {
  const XXH128_hash_t h =
      XXH3_128bits(normalized_body.data(), normalized_body.size());
  ArticleKey key;
  for (std::size_t i = 0; i < 8; ++i) {
    key.bytes[i] = static_cast<std::uint8_t>(h.high64 >> (56 - 8 * i));
    key.bytes[8 + i] = static_cast<std::uint8_t>(h.low64 >> (56 - 8 * i));
  }
  return key;
}

ArticleKey ArticleKey::ForBody(std::string_view body) {
  std::string normalized;
  NormalizeBody(body, &normalized);
  return ForNormalizedBody(normalized);
}

}  // namespace newscrawl
