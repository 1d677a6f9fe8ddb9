// ByteWriter / ByteReader: the primitive encodings of the store's records
// (leveldb util/coding.h style): LEB128 varints, zigzag for signed values,
// big-endian fixed 64-bit integers, length-prefixed byte strings.  A reader
// never reads past its input: every Get* returns false instead.
#ifndef NEWSCRAWL_STORE_BYTE_CODING_H_
#define NEWSCRAWL_STORE_BYTE_CODING_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace newscrawl {

class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}

  void PutByte(std::uint8_t b) { out_->push_back(static_cast<char>(b)); }
  void PutVarint(std::uint64_t v) {
    while (v >= 0x80) {
      out_->push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out_->push_back(static_cast<char>(v));
  }
  void PutSigned(std::int64_t v) {
    PutVarint((static_cast<std::uint64_t>(v) << 1) ^
              static_cast<std::uint64_t>(v >> 63));
  }
  void PutFixed64(std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out_->push_back(static_cast<char>((v >> shift) & 0xFF));
    }
  }
  void PutRaw(std::string_view bytes) { out_->append(bytes); }
  void PutBytes(std::string_view bytes) {
    PutVarint(bytes.size());
    out_->append(bytes);
  }

 private:
  std::string* out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  bool empty() const { return in_.empty(); }
  std::string_view rest() const { return in_; }

  bool GetByte(std::uint8_t* b) {
    if (in_.empty()) return false;
    *b = static_cast<std::uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return true;
  }
  bool GetVarint(std::uint64_t* v) {
    std::uint64_t result = 0;
    for (int shift = 0; shift <= 63 && !in_.empty(); shift += 7) {
      const auto byte = static_cast<std::uint8_t>(in_[0]);
      in_.remove_prefix(1);
      result |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        *v = result;
        return true;
      }
    }
    return false;
  }
  template <typename T>
  bool GetVarintAs(T* v) {
    std::uint64_t raw = 0;
    if (!GetVarint(&raw) ||
        raw > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
      return false;
    }
    *v = static_cast<T>(raw);
    return true;
  }
  bool GetSigned(std::int64_t* v) {
    std::uint64_t raw = 0;
    if (!GetVarint(&raw)) return false;
    *v = static_cast<std::int64_t>(raw >> 1) ^ -static_cast<std::int64_t>(raw & 1);
    return true;
  }
  bool GetFixed64(std::uint64_t* v) {
    if (in_.size() < 8) return false;
    std::uint64_t result = 0;
    for (int i = 0; i < 8; ++i) {
      result = (result << 8) | static_cast<std::uint8_t>(in_[static_cast<std::size_t>(i)]);
    }
    in_.remove_prefix(8);
    *v = result;
    return true;
  }
  bool GetRaw(std::size_t n, std::string_view* bytes) {
    if (in_.size() < n) return false;
    *bytes = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }
  bool GetBytes(std::string_view* bytes) {
    std::uint64_t n = 0;
    if (!GetVarint(&n) || n > in_.size()) return false;
    return GetRaw(static_cast<std::size_t>(n), bytes);
  }
  bool GetString(std::string* s) {
    std::string_view bytes;
    if (!GetBytes(&bytes)) return false;
    s->assign(bytes);
    return true;
  }

 private:
  std::string_view in_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_BYTE_CODING_H_
