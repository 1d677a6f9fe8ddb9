#include "extractor/gumbo_arena.h"

#include <cstdio>
#include <cstdlib>

namespace newscrawl {

namespace {

// What malloc guarantees, so any Gumbo struct fits at any handed-out
// address.
constexpr std::size_t kAlign = alignof(std::max_align_t);

// Larger requests would wrap in RoundUp; no parse of a bounded input makes
// them, and malloc could not meet them either.
constexpr std::size_t kMaxRequest = std::size_t{1} << 48;

constexpr std::size_t RoundUp(std::size_t size) {
  return (size + kAlign - 1) & ~(kAlign - 1);
}

// Gumbo has no way to report a failed allocation, and with its default
// allocator (malloc) it would crash on the null pointer a little later.
[[noreturn]] void OutOfMemory(std::size_t size) {
  std::fprintf(stderr, "newscrawl: out of memory parsing HTML (%zu bytes)\n",
               size);
  std::abort();
}

}  // namespace

GumboArena::~GumboArena() {
  for (char* block : blocks_) std::free(block);
}

GumboOptions GumboArena::Options(const GumboOptions& base) {
  GumboOptions options = base;
  options.allocator = &GumboArena::Allocate;
  options.deallocator = &GumboArena::Deallocate;
  options.userdata = this;
  return options;
}

void* GumboArena::Allocate(void* arena, std::size_t size) {
  return static_cast<GumboArena*>(arena)->AllocateBytes(size);
}

void GumboArena::Deallocate(void* /*arena*/, void* /*ptr*/) {}

void* GumboArena::AllocateBytes(std::size_t size) {
  if (size > kMaxRequest) OutOfMemory(size);
  const std::size_t rounded = RoundUp(size == 0 ? 1 : size);
  if (rounded > kOwnBlockBytes) return NewBlock(rounded);
  if (rounded > left_) {
    next_ = NewBlock(kBlockBytes);
    left_ = kBlockBytes;
  }
  void* out = next_;
  next_ += rounded;
  left_ -= rounded;
  return out;
}

char* GumboArena::NewBlock(std::size_t size) {
  char* block = static_cast<char*>(std::malloc(size));
  if (block == nullptr) OutOfMemory(size);
  blocks_.push_back(block);
  reserved_ += size;
  return block;
}

}  // namespace newscrawl
