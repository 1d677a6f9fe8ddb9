// GumboArena: the memory of one Gumbo parse, handed out from large blocks
// and released all at once.  Gumbo frees every node, string and vector of
// its tree one by one (gumbo_destroy_output walks the whole tree), and
// mallocs about as often while parsing; with an arena an allocation is a
// pointer bump, a free does nothing, and the tree goes in one pass over the
// blocks.  HtmlDocument parses with one (a few percent of a crawl's CPU).
//
// The cost: memory Gumbo frees during the parse (a grown buffer's old copy,
// a token's temporaries) is not reused until the document goes, so an
// arena holds more than malloc would at the parse's peak.  Buffers grow by
// doubling, so the old copies add up to less than the final ones; the
// extractor's input limit (HtmlLimits::max_bytes) bounds the rest.
//
// Not thread-safe: one arena serves one parse at a time.  Neither copied
// nor moved: the options it makes point at it.
#ifndef NEWSCRAWL_EXTRACTOR_GUMBO_ARENA_H_
#define NEWSCRAWL_EXTRACTOR_GUMBO_ARENA_H_

#include <gumbo.h>

#include <cstddef>
#include <vector>

namespace newscrawl {

class GumboArena {
 public:
  GumboArena() = default;
  GumboArena(const GumboArena&) = delete;
  GumboArena& operator=(const GumboArena&) = delete;
  ~GumboArena();

  // `base` with allocator, deallocator and userdata set to this arena.
  GumboOptions Options(const GumboOptions& base);

  // Bytes taken from malloc (all blocks); what the parse holds.
  std::size_t reserved_bytes() const { return reserved_; }

  // Gumbo's GumboAllocatorFunction / GumboDeallocatorFunction.
  static void* Allocate(void* arena, std::size_t size);
  static void Deallocate(void* arena, void* ptr);

 private:
  static constexpr std::size_t kBlockBytes = std::size_t{64} << 10;
  // An allocation larger than this gets a block of its own, so a block
  // wastes at most this much at its end.
  static constexpr std::size_t kOwnBlockBytes = kBlockBytes / 4;

  void* AllocateBytes(std::size_t size);
  char* NewBlock(std::size_t size);

  std::vector<char*> blocks_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
  std::size_t reserved_ = 0;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_GUMBO_ARENA_H_
