#include "config/ascii.h"
#include "store/warc_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "store/gzip.h"

namespace newscrawl {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

// The end of a header block ("\n\n" or "\n\r\n") in `text`: the offset just
// past it, or npos.
std::size_t FindHeaderEnd(std::string_view text) {
  for (std::size_t i = text.find('\n'); i != std::string_view::npos;
       i = text.find('\n', i + 1)) {
    std::size_t j = i + 1;
    if (j < text.size() && text[j] == '\r') ++j;
    if (j < text.size() && text[j] == '\n') return j + 1;
  }
  return std::string_view::npos;
}

// A short printable excerpt of untrusted bytes for an error message.
std::string Excerpt(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, 32)) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u >= 0x20 && u < 0x7f ? c : '?');
  }
  return out;
}

}  // namespace

std::string WarcRecord::type() const { return AsciiLower(Field("WARC-Type")); }

std::string WarcRecord::target_uri() const {
  std::string_view uri = Field("WARC-Target-URI");
  if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') {
    uri = uri.substr(1, uri.size() - 2);
  }
  return std::string(uri);
}

Result<std::unique_ptr<WarcReader>> WarcReader::Open(
    const std::string& path, const WarcReaderOptions& options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("open " + path, errno);
  return std::unique_ptr<WarcReader>(new WarcReader(path, fd, options));
}

WarcReader::WarcReader(std::string path, int fd, const WarcReaderOptions& options)
    : path_(std::move(path)), fd_(fd), options_(options) {}

WarcReader::~WarcReader() { ::close(fd_); }

Status WarcReader::Fatal(Status status) {
  fatal_ = status.WithContext(path_);
  return fatal_;
}

std::string WarcReader::Where(std::uint64_t offset) const {
  if (!gzip_) return "the record at offset " + std::to_string(offset);
  std::uint64_t member = 0;
  for (const auto& [start, compressed] : members_) {
    if (start > offset) break;
    member = compressed;
  }
  return "the record in the gzip member at offset " + std::to_string(member) +
         " (uncompressed offset " + std::to_string(offset) + ")";
}

std::uint64_t WarcReader::MemberOffsetAt(std::uint64_t offset) {
  while (members_.size() >= 2 && members_[1].first <= offset) members_.pop_front();
  if (members_.empty() || members_.front().first > offset) return 0;
  return members_.front().second;
}

Result<std::size_t> WarcReader::ReadRaw(char* out, std::size_t size) {
  while (true) {
    const ssize_t n = ::read(fd_, out, size);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) return Fatal(PosixError("read", errno));
  }
}

void WarcReader::Compact() {
  if (pos_ == 0 || pos_ < buffer_.size() / 2) return;
  buffer_.erase(0, pos_);
  base_ += pos_;
  pos_ = 0;
}

Result<bool> WarcReader::Fill() {
  if (!fatal_.ok()) return fatal_;
  if (eof_) return false;
  Compact();
  if (!started_) {
    // Read until the format can be told from the first two bytes.
    started_ = true;
    raw_.resize(kChunk);
    std::size_t have = 0;
    while (have < 2) {
      NEWSCRAWL_ASSIGN_OR_RETURN(const std::size_t n,
                                 ReadRaw(raw_.data() + have, raw_.size() - have));
      if (n == 0) break;
      have += n;
    }
    raw_.resize(have);
    if (LooksLikeGzip(raw_)) {
      NEWSCRAWL_ASSIGN_OR_RETURN(gzip_, GzipInflater::Create());
    } else {
      buffer_.append(raw_);
      raw_.clear();
      if (have == 0) eof_ = true;
      return have > 0;
    }
  }
  if (!gzip_) {
    const std::size_t old = buffer_.size();
    buffer_.resize(old + kChunk);
    Result<std::size_t> n = ReadRaw(buffer_.data() + old, kChunk);
    buffer_.resize(old + (n.ok() ? *n : 0));
    if (!n.ok()) return n.status();
    if (*n == 0) eof_ = true;
    return *n > 0;
  }
  while (true) {
    if (raw_pos_ == raw_.size()) {
      raw_.resize(kChunk);
      Result<std::size_t> n = ReadRaw(raw_.data(), kChunk);
      raw_.resize(n.ok() ? *n : 0);
      raw_pos_ = 0;
      if (!n.ok()) return n.status();
      if (*n == 0) {
        eof_ = true;
        if (!gzip_->between_members()) {
          return Fatal(Status::Corruption(
              "file cut short inside the gzip member at offset " +
              std::to_string(gzip_->member_offset())));
        }
        return false;
      }
    }
    if (gzip_->between_members()) {
      members_.emplace_back(base_ + buffer_.size(), gzip_->consumed());
    }
    std::string_view input(raw_.data() + raw_pos_, raw_.size() - raw_pos_);
    const std::size_t old = buffer_.size();
    buffer_.resize(old + kChunk);
    Result<std::size_t> n = gzip_->Inflate(&input, buffer_.data() + old, kChunk);
    buffer_.resize(old + (n.ok() ? *n : 0));
    if (!n.ok()) return Fatal(n.status());
    raw_pos_ = raw_.size() - input.size();
    if (*n > 0) return true;
  }
}

Result<bool> WarcReader::Ensure(std::size_t n) {
  while (buffer_.size() - pos_ < n) {
    NEWSCRAWL_ASSIGN_OR_RETURN(const bool more, Fill());
    if (!more) return false;
  }
  return true;
}

Result<bool> WarcReader::Next(WarcRecord* record) {
  if (!fatal_.ok()) return fatal_;
  // Records are separated by two CRLFs; tolerate more, fewer or bare LFs.
  while (true) {
    if (pos_ == buffer_.size()) {
      NEWSCRAWL_ASSIGN_OR_RETURN(const bool more, Fill());
      if (!more) return false;
    }
    const char c = buffer_[pos_];
    if (c != '\r' && c != '\n') break;
    ++pos_;
  }
  const std::uint64_t offset = base_ + pos_;
  record->offset = offset;
  record->member_offset = gzip_ ? MemberOffsetAt(offset) : offset;

  std::size_t header_size = std::string_view::npos;
  while (true) {
    const std::string_view pending(buffer_.data() + pos_, buffer_.size() - pos_);
    header_size = FindHeaderEnd(pending.substr(0, options_.max_header_bytes));
    if (header_size != std::string_view::npos) break;
    if (pending.size() >= options_.max_header_bytes) {
      return Fatal(Status::TooLarge(
          "WARC header of " + Where(offset) + " exceeds " +
          std::to_string(options_.max_header_bytes) + " bytes"));
    }
    NEWSCRAWL_ASSIGN_OR_RETURN(const bool more, Fill());
    if (!more) {
      return Fatal(Status::Corruption("file ends inside the WARC header of " +
                                      Where(offset)));
    }
  }
  const std::string_view head(buffer_.data() + pos_, header_size);
  const std::size_t line_end = head.find('\n');
  std::string_view version = head.substr(0, line_end);
  if (!version.empty() && version.back() == '\r') version.remove_suffix(1);
  if (version.substr(0, 5) != "WARC/") {
    return Fatal(Status::Corruption("no WARC record at " + Where(offset) +
                                    ": found '" + Excerpt(version) + "'"));
  }
  record->version.assign(version);
  record->headers.clear();
  ParseHeaderFields(head.substr(line_end + 1), &record->headers);
  const std::string_view length_text = record->Field("Content-Length");
  std::uint64_t length = 0;
  bool valid = !length_text.empty() && length_text.size() <= 18;
  for (const char c : length_text) {
    if (c < '0' || c > '9') valid = false;
    length = length * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (!valid) {
    return Fatal(Status::Corruption("missing or bad Content-Length '" +
                                    Excerpt(length_text) + "' in " + Where(offset)));
  }
  pos_ += header_size;

  if (length > options_.max_record_bytes) {
    // Skip the block as it streams by; never hold it.
    std::uint64_t left = length;
    while (left > 0) {
      const std::size_t take = static_cast<std::size_t>(
          std::min<std::uint64_t>(left, buffer_.size() - pos_));
      pos_ += take;
      left -= take;
      if (left == 0) break;
      NEWSCRAWL_ASSIGN_OR_RETURN(const bool more, Fill());
      if (!more) {
        return Fatal(Status::Corruption("file ends inside " + Where(offset)));
      }
    }
    return Status::TooLarge(path_ + ": " + Where(offset) + " has " +
                            std::to_string(length) + " bytes, over the limit of " +
                            std::to_string(options_.max_record_bytes) +
                            "; skipped");
  }
  const std::size_t size = static_cast<std::size_t>(length);
  NEWSCRAWL_ASSIGN_OR_RETURN(const bool complete, Ensure(size));
  if (!complete) {
    return Fatal(Status::Corruption(
        "file ends inside " + Where(offset) + ": Content-Length " +
        std::to_string(size) + " but only " +
        std::to_string(buffer_.size() - pos_) + " bytes left"));
  }
  record->block.assign(buffer_, pos_, size);
  pos_ += size;
  return true;
}

}  // namespace newscrawl
