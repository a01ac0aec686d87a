// Works (works/works.h): which documents are one text.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analyze/analyzer.h"
#include "works/works.h"

namespace grappe {
namespace {

// A few hundred distinct words in sentences, so that shingles are many.
std::string long_text(int seed, int sentences) {
    std::string text;
    for (int s = 0; s < sentences; ++s) {
        text += "Le district numéro " + std::to_string(seed * 1000 + s) + " réunit des entreprises de la vallée " +
                std::to_string(s * 7 + seed) + " autour du pôle " + std::to_string(s * 13) + ". ";
    }
    return text;
}

std::vector<std::uint32_t> sketch(const Analyzer& analyzer, const std::vector<std::string>& passages) {
    std::vector<std::vector<Token>> tokens;
    for (const auto& p : passages) tokens.push_back(analyzer.analyze(Analyzer::prepare(p)));
    return text_fingerprint(tokens);
}

TEST(Works, ResemblanceOfCopiesRenderingsAndOtherTexts) {
    const Analyzer analyzer;
    const std::string text = long_text(1, 120);
    const auto original = sketch(analyzer, {text});
    ASSERT_EQ(original.size(), 256u);
    EXPECT_TRUE(std::is_sorted(original.begin(), original.end()));
    // The same words cut into other passages: one text.
    const std::size_t half = text.size() / 2;
    const std::size_t cut = text.find(' ', half);
    EXPECT_DOUBLE_EQ(resemblance(original, sketch(analyzer, {text.substr(0, cut), text.substr(cut)})), 1.0);
    // A rendering that adds a title page and drops a tenth of the text.
    const auto rendering = sketch(analyzer, {"Titre du rapport, juin 2011", text.substr(0, text.size() * 9 / 10)});
    EXPECT_GT(resemblance(original, rendering), kSameWork);
    // Another text of the same words in another order is another work.
    EXPECT_LT(resemblance(original, sketch(analyzer, {long_text(2, 120)})), 0.2);
    // Too short to tell: no fingerprint, never a work with anything.
    EXPECT_TRUE(sketch(analyzer, {"Un cluster."}).empty());
    EXPECT_EQ(resemblance({}, original), 0.0);
}

TEST(Works, GroupsAreClosedAndKeyedByTheirFirstDocument) {
    const Analyzer analyzer;
    const auto a = sketch(analyzer, {long_text(1, 100)});
    const auto b = sketch(analyzer, {long_text(1, 95)});
    const auto c = sketch(analyzer, {long_text(1, 90)});
    const auto other = sketch(analyzer, {long_text(3, 100)});
    const Works works = Works::group({{40, a}, {7, b}, {12, other}, {31, c}});
    ASSERT_EQ(works.groups().size(), 1u);
    EXPECT_EQ(works.members(40), (std::vector<std::uint32_t>{7, 31, 40}));
    EXPECT_EQ(works.key(31), 7u);
    EXPECT_EQ(works.members(12), (std::vector<std::uint32_t>{12}));
    EXPECT_EQ(works.key(12), 12u);
    // As the index keeps them, and garbage read as no works.
    const Works read = Works::from_json(works.to_json());
    EXPECT_EQ(read.groups(), works.groups());
    EXPECT_TRUE(Works::from_json("{not json").groups().empty());
    EXPECT_TRUE(Works::from_json("[[5]]").groups().empty()) << "a work of one document is no group";
    // A fingerprint as a value slot's bytes, and back.
    EXPECT_EQ(decode_fingerprint(encode_fingerprint(a)), a);
    EXPECT_TRUE(decode_fingerprint("abc").empty());
}

}  // namespace
}  // namespace grappe
