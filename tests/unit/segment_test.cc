// Passages: 40 to 250 words, never across a page.
#include <gtest/gtest.h>

#include <algorithm>

#include "segment/passages.h"

namespace grappe {
namespace {

std::string words(size_t n, const std::string& w = "mot") {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += (i ? " " : "") + w;
    return s;
}

TEST(Segment, ShortParagraphsJoinUntilFortyWords) {
    CleanDocument doc;
    doc.pages.push_back(CleanPage{0, "7", {words(10), words(15), words(20), words(120), words(100)}, {}});
    const auto passages = segment(doc);
    ASSERT_EQ(passages.size(), 3u);
    EXPECT_EQ(count_words(passages[0].text), 45u);
    EXPECT_EQ(count_words(passages[1].text), 120u);
    EXPECT_EQ(count_words(passages[2].text), 100u);
    EXPECT_EQ(passages[0].page_label, "7");
    EXPECT_EQ(std::count(passages[0].text.begin(), passages[0].text.end(), '\n'), 2) << "paragraphs stay separated";
}

TEST(Segment, AShortTailNeverMakesAPassageLongerThan250Words) {
    CleanDocument doc;
    doc.pages.push_back(CleanPage{0, "1", {words(240), words(20)}, {}});
    const auto passages = segment(doc);
    ASSERT_EQ(passages.size(), 2u);
}

TEST(Segment, AShortTailJoinsThePassageBeforeIt) {
    CleanDocument doc;
    doc.pages.push_back(CleanPage{0, "1", {words(100), words(10)}, {}});
    const auto passages = segment(doc);
    ASSERT_EQ(passages.size(), 1u);
    EXPECT_EQ(count_words(passages[0].text), 110u);
}

TEST(Segment, LongParagraphsAreCutAtSentenceEnds) {
    std::string text;
    for (int i = 0; i < 60; ++i) text += words(9) + " fin. ";
    CleanDocument doc;
    doc.pages.push_back(CleanPage{0, "1", {text}, {}});
    const auto passages = segment(doc);
    ASSERT_GE(passages.size(), 3u);
    for (const auto& p : passages) {
        EXPECT_LE(count_words(p.text), 250u);
        EXPECT_EQ(p.text.substr(p.text.size() - 4), "fin.") << p.text;
    }
}

TEST(Segment, ARunOnSentenceIsCutBetweenWords) {
    CleanDocument doc;
    doc.pages.push_back(CleanPage{0, "1", {words(600)}, {}});
    const auto passages = segment(doc);
    ASSERT_EQ(passages.size(), 3u);
    EXPECT_EQ(count_words(passages[0].text), 250u);
}

TEST(Segment, NeverAcrossPagesAndOrdinalsRunThroughTheDocument) {
    CleanDocument doc;
    doc.pages.push_back(CleanPage{0, "ix", {words(5)}, {}});
    doc.pages.push_back(CleanPage{1, "x", {words(5)}, {}});
    const auto passages = segment(doc);
    ASSERT_EQ(passages.size(), 2u);
    EXPECT_EQ(passages[0].page_index, 0u);
    EXPECT_EQ(passages[1].page_index, 1u);
    EXPECT_EQ(passages[1].page_label, "x");
    EXPECT_EQ(passages[1].ordinal, 1u);
}

}  // namespace
}  // namespace grappe
