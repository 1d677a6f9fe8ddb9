// ArticleKey: the 128-bit identity of an article, XXH3-128 of its normalised
// body (NormalizeText: whitespace folded, NFC).  Two pages whose bodies only
// differ in white space or Unicode composition have the same key.  Stored
// big-endian (high 64 bits first), printed as 32 lower-case hex digits.
//
// Thread safety: a value type.
#ifndef NEWSCRAWL_STORE_ARTICLE_KEY_H_
#define NEWSCRAWL_STORE_ARTICLE_KEY_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/result.h"

namespace newscrawl {

struct ArticleKey {
  static constexpr std::size_t kSize = 16;
  std::array<std::uint8_t, kSize> bytes{};  // all zero: "no article"

  bool empty() const;  // all bytes zero
  std::string ToHex() const;
  std::string_view AsBytes() const {
    return {reinterpret_cast<const char*>(bytes.data()), kSize};
  }
  // 32 hex digits (either case); InvalidArgument otherwise.
  static Result<ArticleKey> FromHex(std::string_view hex);
  // Exactly kSize raw bytes; Corruption otherwise.
  static Result<ArticleKey> FromBytes(std::string_view raw);
  // The key of an article whose body is `body` (normalised here).
  static ArticleKey ForBody(std::string_view body);
  // The key of an already normalised body (no normalisation).
  static ArticleKey ForNormalizedBody(std::string_view normalized_body);

  auto operator<=>(const ArticleKey&) const = default;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_ARTICLE_KEY_H_
