#include "crawler/percent_encoding.h"

#include <cstring>

namespace newscrawl {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

bool MustEscape(unsigned char c) {
  return c <= 0x20 || c >= 0x7f || std::strchr("\"<>\\^`{|}#", c) != nullptr;
}

void AppendEscaped(unsigned char b, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('%');
  out->push_back(kHex[b >> 4]);
  out->push_back(kHex[b & 0xf]);
}

}  // namespace

std::string NormalizePercentEncoding(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == '%') {
      const int hi = i + 2 < in.size() ? HexValue(in[i + 1]) : -1;
      const int lo = i + 2 < in.size() ? HexValue(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        out += "%25";
        continue;
      }
      const auto b = static_cast<unsigned char>(hi * 16 + lo);
      if (IsUnreserved(b)) {
        out.push_back(static_cast<char>(b));
      } else {
        AppendEscaped(b, &out);
      }
      i += 2;
    } else if (MustEscape(c)) {
      AppendEscaped(c, &out);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace newscrawl
