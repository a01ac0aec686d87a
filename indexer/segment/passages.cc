#include "segment/passages.h"

namespace grappe {
namespace {

// Sentence ends: ". ", "! ", "? ", "… " followed by anything. Returns byte
// offsets just after each sentence's final punctuation and space.
std::vector<size_t> sentence_ends(const std::string& text) {
    std::vector<size_t> ends;
    for (size_t i = 0; i + 1 < text.size(); ++i) {
        const char c = text[i];
        if ((c == '.' || c == '!' || c == '?') && text[i + 1] == ' ') ends.push_back(i + 2);
    }
    return ends;
}

// Splits a paragraph longer than max_words at sentence ends, each piece
// between roughly 60% of max_words and max_words; a sentence too long for
// that is cut between words.
std::vector<std::string> split_long(const std::string& text, const SegmentLimits& limits) {
    std::vector<std::string> pieces;
    const std::vector<size_t> ends = sentence_ends(text);
    size_t start = 0;
    while (start < text.size()) {
        const std::string rest = text.substr(start);
        if (count_words(rest) <= limits.max_words) {
            std::string last = rest;
            while (!last.empty() && (last.back() == ' ' || last.back() == '\n')) last.pop_back();
            pieces.push_back(std::move(last));
            break;
        }
        // The last sentence end that keeps the piece under max_words.
        size_t cut = std::string::npos;
        for (size_t e : ends) {
            if (e <= start) continue;
            const size_t words = count_words(text.substr(start, e - start));
            if (words > limits.max_words) break;
            if (words >= limits.max_words * 3 / 5) cut = e;
        }
        if (cut == std::string::npos) {
            // Between words, after max_words of them.
            size_t words = 0, i = start;
            bool in_word = false;
            for (; i < text.size(); ++i) {
                const bool space = text[i] == ' ' || text[i] == '\n';
                if (!space && !in_word && ++words > limits.max_words) break;
                in_word = !space;
            }
            cut = i;
        }
        std::string piece = text.substr(start, cut - start);
        while (!piece.empty() && (piece.back() == ' ' || piece.back() == '\n')) piece.pop_back();
        pieces.push_back(std::move(piece));
        start = cut;
        while (start < text.size() && (text[start] == ' ' || text[start] == '\n')) ++start;
    }
    return pieces;
}

}  // namespace

std::size_t count_words(const std::string& text) {
    std::size_t words = 0;
    bool in_word = false;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

std::vector<Passage> segment(const CleanDocument& doc, SegmentLimits limits) {
    std::vector<Passage> passages;
    std::uint32_t ordinal = 0;
    for (const CleanPage& page : doc.pages) {
        std::vector<std::string> pieces;
        for (const std::string& paragraph : page.paragraphs) {
            if (count_words(paragraph) > limits.max_words) {
                for (auto& piece : split_long(paragraph, limits)) pieces.push_back(std::move(piece));
            } else {
                pieces.push_back(paragraph);
            }
        }
        // Join short pieces with their followers until min_words is reached.
        std::vector<std::string> joined;
        std::string current;
        size_t current_words = 0;
        for (auto& piece : pieces) {
            const size_t words = count_words(piece);
            if (!current.empty() && (current_words >= limits.min_words || current_words + words > limits.max_words)) {
                joined.push_back(std::move(current));
                current.clear();
                current_words = 0;
            }
            if (!current.empty()) current += '\n';
            current += piece;
            current_words += words;
        }
        if (!current.empty()) {
            // A short tail joins the passage before it when both fit.
            if (current_words < limits.min_words && !joined.empty() &&
                count_words(joined.back()) + current_words <= limits.max_words) {
                joined.back() += '\n';
                joined.back() += current;
            } else {
                joined.push_back(std::move(current));
            }
        }
        for (auto& text : joined) {
            passages.push_back(Passage{static_cast<std::uint32_t>(page.index), page.label, ordinal++, std::move(text)});
        }
    }
    return passages;
}

}  // namespace grappe
