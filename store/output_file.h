// OutputFile: a buffered, write-only file that appears under its final name
// only when it is complete.
//
// A regular file is written to a hidden temporary name in the same directory
// (".NAME.tmp-PID-N") and renamed over PATH by Commit(), so a dump that is
// killed, interrupted or runs out of disk never leaves a half-written PATH.
// If the object dies without a successful Commit() (an error, an early
// return), the temporary file is removed.  "-" writes to standard output;
// an existing non-regular PATH (a pipe, /dev/null, /dev/full) is written in
// place.
//
// Every failure is a Status naming the path: a full disk reads
// "IOError: write out.jsonl: No space left on device".  After an error the
// object refuses further writes and Commit() returns the same error.
//
// Thread safety: none; one writer at a time.
#ifndef NEWSCRAWL_STORE_OUTPUT_FILE_H_
#define NEWSCRAWL_STORE_OUTPUT_FILE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "config/result.h"

namespace newscrawl {

class OutputFile {
 public:
  // Opens PATH for writing ("-" for standard output).  The directory of PATH
  // must exist.
  static Result<std::unique_ptr<OutputFile>> Create(const std::string& path);

  ~OutputFile();  // without Commit(): the temporary file is removed
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Appends `data` (buffered).
  Status Append(std::string_view data);

  // Flushes and closes the file, then renames it to PATH.  For standard
  // output and devices only flushes.  Call once.  There is no fsync: the
  // rename protects against a killed process, not against a power cut.
  Status Commit();

  const std::string& path() const { return path_; }
  // Bytes accepted by Append() so far.
  std::uint64_t bytes_written() const { return bytes_written_; }

 private:
  OutputFile(std::string path, std::string temp_path, int fd, bool owns_fd);
  Status Flush();
  Status Fail(Status status);

  const std::string path_;       // the final name, or "-"
  const std::string temp_path_;  // "" when writing in place
  int fd_;
  const bool owns_fd_;  // false for standard output
  std::string buffer_;
  std::uint64_t bytes_written_ = 0;
  Status error_;        // the first error; sticky
  bool committed_ = false;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_OUTPUT_FILE_H_
