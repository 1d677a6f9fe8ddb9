// near_duplicate_bench: how well the store's SimHash threshold
// (StoreOptions::near_duplicate_bits) tells edits of one article from
// different articles, on synthetic Vietnamese text.
//
// For each kind of pair it prints the Hamming distance of the two
// SimHashes (as the store computes them: NormalizeBody, then SimHash) at
// the 1st/50th/99th percentile, and the share of pairs within 3, 4, 5 and
// 6 bits.  Edits should be within the threshold (else a false negative: a
// second full article); different articles should not (else a false
// positive: an article recorded as a duplicate and its body not kept).
// The peer in the same run is the distance between unrelated articles.
//
//   near_duplicate_bench [--pairs 4000] [--words 450]
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "store/simhash.h"
#include "store/text_normalizer.h"

namespace {

using newscrawl::HammingDistance;

// Phrases of union news, written for this benchmark.
constexpr std::array<std::string_view, 80> kPhrases = {
    "ban thường vụ", "liên đoàn lao động", "công nhân viên chức", "người lao động",
    "doanh nghiệp", "khu chế xuất", "nhà máy", "xí nghiệp", "ca làm việc",
    "tiền thưởng", "lương tối thiểu", "bảo hiểm y tế", "bảo hiểm thất nghiệp",
    "nghỉ phép năm", "an toàn lao động", "tai nạn lao động", "bệnh nghề nghiệp",
    "nhà ở xã hội", "chuyến xe", "vé tàu", "phiên chợ", "nghĩa tình",
    "mái ấm công đoàn", "học bổng", "khen thưởng", "biểu dương", "đoàn viên",
    "cơ sở", "tỉnh", "thành phố", "huyện", "xã", "đại hội", "nhiệm kỳ",
    "báo cáo", "tổng kết", "phương hướng", "nhiệm vụ", "chỉ tiêu", "vượt",
    "hoàn thành", "kịp thời", "thăm hỏi", "động viên", "hỗ trợ", "khó khăn",
    "ốm đau", "hoàn cảnh", "gia đình", "con em", "trường học", "mầm non",
    "nhà trẻ", "bữa ăn ca", "chất lượng", "giám sát", "kiểm tra", "đối thoại",
    "thương lượng", "thỏa ước", "tập thể", "pháp luật", "tư vấn", "miễn phí",
    "văn phòng", "luật sư", "quyền lợi", "nghĩa vụ", "hợp đồng", "thời hạn",
    "sắp xếp", "tinh gọn", "chuyển đổi số", "ứng dụng", "nền tảng", "trực tuyến",
    "phong trào", "thi đua", "lao động giỏi", "sáng tạo"};

// Deterministic draws: the same pairs on every run.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t Next() { return engine_(); }
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(engine_() % n); }

 private:
  std::mt19937_64 engine_;
};

// A sentence of 8-15 phrases drawn from the first `vocabulary` phrases;
// with `number` >= 0 a figure is put in the middle ("... 1234 ...").
std::string Sentence(Rng& rng, std::size_t vocabulary, long number = -1) {
  std::string s;
  const std::size_t n = 8 + rng.Below(8);
  for (std::size_t w = 0; w < n; ++w) {
    if (w > 0) s += ' ';
    if (number >= 0 && w == n / 2) s.append(std::to_string(number)).push_back(' ');
    s += kPhrases[rng.Below(vocabulary)];
  }
  s += '.';
  return s;
}

// An article: sentences grouped four to a paragraph.
std::string Join(const std::vector<std::string>& sentences) {
  std::string text;
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    if (i > 0) text += i % 4 == 0 ? "\n\n" : " ";
    text += sentences[i];
  }
  return text;
}

// About `words` words (a phrase is ~2.2 words, a sentence ~25 words).
std::vector<std::string> Sentences(Rng& rng, std::size_t words,
                                   std::size_t vocabulary = kPhrases.size()) {
  std::vector<std::string> out(std::max<std::size_t>(1, words / 25));
  for (std::string& s : out) s = Sentence(rng, vocabulary);
  return out;
}

std::uint64_t Hash(const std::string& text) {
  std::string normalized;
  newscrawl::NormalizeBody(text, &normalized);
  return newscrawl::SimHash(normalized).hash;
}

struct Kind {
  const char* name;
  bool same_article;  // an edit (should be found) or a different article
  std::vector<int> distances;
};

void Report(Kind& kind) {
  std::vector<int>& d = kind.distances;
  std::sort(d.begin(), d.end());
  auto pct = [&d](double p) {
    return d[std::min(d.size() - 1, static_cast<std::size_t>(p * static_cast<double>(d.size())))];
  };
  auto within = [&d](int bits) {
    return 100.0 * static_cast<double>(std::upper_bound(d.begin(), d.end(), bits) - d.begin()) /
           static_cast<double>(d.size());
  };
  std::printf("  %-34s %-9s %4d %4d %4d   %6.2f%% %6.2f%% %6.2f%% %6.2f%%\n", kind.name,
              kind.same_article ? "edit" : "different", pct(0.01), pct(0.5), pct(0.99),
              within(3), within(4), within(5), within(6));
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t pairs = 4000;
  std::size_t words = 450;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 < argc && arg == "--pairs") {
      pairs = std::stoul(argv[++i]);
    } else if (i + 1 < argc && arg == "--words") {
      words = std::stoul(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: near_duplicate_bench [--pairs N] [--words N]\n");
      return 2;
    }
  }
  std::vector<Kind> kinds = {
      {"one phrase inserted", true, {}},
      {"one sentence changed", true, {}},
      {"one sentence added", true, {}},
      {"two sentences changed", true, {}},
      {"clutter: caption + 'Xem thêm' line", true, {}},
      {"last paragraph cut", true, {}},
      {"same topic, same lead and ending", false, {}},
      {"same template, other figures", false, {}},
      {"half of the sentences shared", false, {}},
      {"unrelated (peer)", false, {}},
  };
  Rng rng(0x5EED);
  for (std::size_t p = 0; p < pairs; ++p) {
    const std::vector<std::string> base = Sentences(rng, words);
    const std::string text = Join(base);
    const std::uint64_t h = Hash(text);
    std::size_t k = 0;
    auto add = [&](const std::vector<std::string>& other) {
      kinds[k++].distances.push_back(HammingDistance(h, Hash(Join(other))));
    };
    {  // one phrase inserted into one sentence
      std::vector<std::string> s = base;
      std::string& t = s[rng.Below(s.size())];
      std::string phrase(" ");
      phrase.append(kPhrases[rng.Below(kPhrases.size())]);
      t.insert(t.find(' '), phrase);
      add(s);
    }
    {
      std::vector<std::string> s = base;
      s[rng.Below(s.size())] = Sentence(rng, kPhrases.size());
      add(s);
    }
    {
      std::vector<std::string> s = base;
      s.insert(s.begin() + static_cast<long>(rng.Below(s.size() + 1)), Sentence(rng, kPhrases.size()));
      add(s);
    }
    {
      std::vector<std::string> s = base;
      s[rng.Below(s.size())] = Sentence(rng, kPhrases.size());
      s[rng.Below(s.size())] = Sentence(rng, kPhrases.size());
      add(s);
    }
    {
      std::vector<std::string> s = base;
      s.insert(s.begin(), "Ảnh: Minh Hòa.");
      s.push_back(std::string("Xem thêm: ").append(Sentence(rng, kPhrases.size())));
      add(s);
    }
    {
      std::vector<std::string> s = base;
      s.resize(s.size() - std::min<std::size_t>(s.size() - 1, s.size() % 4 == 0 ? 4 : s.size() % 4));
      add(s);
    }
    {  // another report on the same subject: 20-phrase vocabulary,
       // the same opening and closing sentences
      Rng topic(rng.Next());
      std::vector<std::string> a = Sentences(topic, words, 20);
      std::vector<std::string> b = Sentences(topic, words, 20);
      b.front() = a.front();
      b.back() = a.back();
      kinds[k++].distances.push_back(HammingDistance(Hash(Join(a)), Hash(Join(b))));
    }
    {  // a daily bulletin: the same sentences, every figure different
      Rng tmpl(rng.Next());
      Rng copy = tmpl;
      std::vector<std::string> a(base.size());
      std::vector<std::string> b(base.size());
      for (std::size_t i = 0; i < a.size(); ++i) {
        a[i] = Sentence(tmpl, kPhrases.size(), static_cast<long>(rng.Below(100000)));
        b[i] = Sentence(copy, kPhrases.size(), static_cast<long>(rng.Below(100000)));
      }
      kinds[k++].distances.push_back(HammingDistance(Hash(Join(a)), Hash(Join(b))));
    }
    {
      std::vector<std::string> s = base;
      for (std::size_t i = 0; i < s.size(); i += 2) s[i] = Sentence(rng, kPhrases.size());
      add(s);
    }
    add(Sentences(rng, words));
  }
  std::printf("near_duplicate_bench: %zu pairs per kind, ~%zu words per article\n", pairs,
              words);
  std::printf("  %-34s %-9s %4s %4s %4s   %7s %7s %7s %7s\n", "pair", "kind", "p1", "p50",
              "p99", "<=3", "<=4", "<=5", "<=6");
  for (Kind& kind : kinds) Report(kind);
  return 0;
}
