#include "segment/passages.h"

#include <algorithm>

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

std::size_t count_words(std::string_view text) {
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
    const std::vector<std::vector<PassageKind>> kinds = classify_paragraphs(doc);
    std::vector<Passage> passages;
    std::uint32_t ordinal = 0;
    struct Piece {
        std::string text;
        PassageKind kind;
    };
    // What a passage being built holds: a passage has one kind, except that
    // headings lead into whatever follows them.
    struct Building {
        std::string text;
        std::size_t words = 0;
        std::vector<PassageKind> kinds;
        [[nodiscard]] bool headings_only() const {
            return std::all_of(kinds.begin(), kinds.end(), [](PassageKind k) { return k == PassageKind::Heading; });
        }
        [[nodiscard]] PassageKind main_kind() const {
            for (PassageKind k : kinds)
                if (k != PassageKind::Heading) return k;
            return PassageKind::Heading;
        }
        [[nodiscard]] bool accepts(PassageKind k) const {
            return text.empty() || headings_only() || (k == main_kind() && k != PassageKind::Heading);
        }
        void add(const std::string& piece, std::size_t piece_words, PassageKind k) {
            if (!text.empty()) text += '\n';
            text += piece;
            words += piece_words;
            if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.push_back(k);
        }
    };
    for (size_t page_at = 0; page_at < doc.pages.size(); ++page_at) {
        const CleanPage& page = doc.pages[page_at];
        std::vector<Piece> pieces;
        auto add_piece = [&](const std::string& paragraph, PassageKind kind) {
            if (count_words(paragraph) > limits.max_words) {
                for (auto& piece : split_long(paragraph, limits)) pieces.push_back({std::move(piece), kind});
            } else {
                pieces.push_back({paragraph, kind});
            }
        };
        for (size_t i = 0; i < page.paragraphs.size(); ++i) add_piece(page.paragraphs[i], kinds[page_at][i]);
        for (const std::string& note : page.notes) add_piece(note, PassageKind::Footnote);

        // Join short pieces of one kind with their followers until min_words is reached.
        std::vector<Building> joined;
        Building current;
        for (auto& piece : pieces) {
            const size_t words = count_words(piece.text);
            if (!current.text.empty() && (current.words >= limits.min_words || current.words + words > limits.max_words ||
                                          !current.accepts(piece.kind))) {
                joined.push_back(std::move(current));
                current = Building{};
            }
            current.add(piece.text, words, piece.kind);
        }
        if (!current.text.empty()) {
            // A short tail joins the passage before it when both fit and are of
            // one kind (a tail that opens with a heading starts a section).
            Building* before = joined.empty() ? nullptr : &joined.back();
            if (current.words < limits.min_words && before && before->words + current.words <= limits.max_words &&
                current.kinds.size() == 1 && current.kinds[0] != PassageKind::Heading && before->main_kind() == current.kinds[0]) {
                before->add(current.text, current.words, current.main_kind());
            } else {
                joined.push_back(std::move(current));
            }
        }
        for (auto& b : joined) {
            Passage p{static_cast<std::uint32_t>(page.index), page.label, ordinal++, std::move(b.text), b.main_kind(), b.kinds};
            passages.push_back(std::move(p));
        }
    }
    return passages;
}

}  // namespace grappe
