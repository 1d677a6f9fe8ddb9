// Helpers for the 16-byte (SSE2) scans of the text fast paths
// (store/text_normalizer.cc, store/article_jsonl.cc).  Only with __SSE2__
// (every x86-64); elsewhere the callers keep their byte-wise loops.
#ifndef NEWSCRAWL_STORE_BYTE_BLOCKS_H_
#define NEWSCRAWL_STORE_BYTE_BLOCKS_H_

#if defined(__SSE2__)
#include <emmintrin.h>

#include <cstdint>

namespace newscrawl {

// The 16 bytes at p (unaligned).
inline __m128i LoadBlock(const unsigned char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// Lanes of v with lo <= v <= hi (unsigned) as 0xFF, others 0.
inline __m128i BytesInRange(__m128i v, unsigned char lo, unsigned char hi) {
  const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>(lo)));
  const __m128i span = _mm_set1_epi8(static_cast<char>(hi - lo));
  return _mm_cmpeq_epi8(_mm_min_epu8(d, span), d);
}

// Lanes of v equal to b as 0xFF, others 0.
inline __m128i BytesEqual(__m128i v, unsigned char b) {
  return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(b)));
}

// Bit i set if lane i of v is 0xFF.
inline std::uint32_t LaneMask(__m128i v) {
  return static_cast<std::uint32_t>(_mm_movemask_epi8(v));
}

}  // namespace newscrawl

#endif  // __SSE2__

#endif  // NEWSCRAWL_STORE_BYTE_BLOCKS_H_
