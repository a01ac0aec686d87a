#include "export/excerpts.h"

#include "text/folding.h"

#include <algorithm>
#include <cctype>

namespace grappe {

namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Where a sentence may begin: a capital (ASCII or a Latin letter with an
// accent: "É", "À"), a digit-free quote mark or a bracket.
bool starts_sentence(const std::string& text, std::size_t at) {
    if (at >= text.size()) return false;
    const unsigned char c = static_cast<unsigned char>(text[at]);
    if (c >= 'A' && c <= 'Z') return true;
    if (c == '"' || c == '(' || c == '[' || c == '*') return true;
    if (c == 0xC3 && at + 1 < text.size()) {  // À..Þ
        const unsigned char d = static_cast<unsigned char>(text[at + 1]);
        return d >= 0x80 && d <= 0x9E;
    }
    if (c == 0xC2 && at + 1 < text.size() && static_cast<unsigned char>(text[at + 1]) == 0xAB) return true;  // «
    if (c == 0xE2 && text.compare(at, 3, "\xE2\x80\x9C") == 0) return true;                                   // “
    return false;
}

std::string spaced(std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    return s;
}

}  // namespace

std::vector<ByteRange> sentence_spans(const std::string& text) {
    std::vector<ByteRange> out;
    std::size_t begin = 0;
    auto close = [&](std::size_t end) {
        std::size_t b = begin, e = end;
        while (b < e && (text[b] == ' ' || text[b] == '\n')) ++b;
        while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\n')) --e;
        if (e > b) out.emplace_back(b, e);
        begin = end;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            close(i);
            continue;
        }
        std::size_t stop = 0;  // bytes of the sentence's final mark
        if (text[i] == '.' || text[i] == '!' || text[i] == '?') stop = 1;
        else if (text.compare(i, 3, "\xE2\x80\xA6") == 0) stop = 3;  // …
        if (stop == 0) continue;
        std::size_t after = i + stop;
        // A closing quote or bracket stays with its sentence.
        while (after < text.size() && (text[after] == ')' || text[after] == '"' || text.compare(after, 2, "\xC2\xBB") == 0))
            after += text[after] == ')' || text[after] == '"' ? 1 : 2;
        if (after >= text.size() || text[after] != ' ') continue;
        std::size_t next = after;
        while (next < text.size() && text[next] == ' ') ++next;
        if (!starts_sentence(text, next)) continue;
        // "M. Porter", "p. 3", "et al. (2011)": a short word before the period is an abbreviation.
        if (stop == 1 && text[i] == '.') {
            std::size_t w = i;
            while (w > 0 && std::isalpha(static_cast<unsigned char>(text[w - 1]))) --w;
            if (i - w <= 2 || text.compare(w, i - w, "al") == 0) continue;
        }
        close(after);
    }
    close(text.size());
    return out;
}

std::string quote_sentences(const std::string& text, const std::vector<ByteRange>& ranges) {
    const std::vector<ByteRange> sentences = sentence_spans(text);
    if (sentences.empty()) return spaced(text);
    if (ranges.empty()) return spaced(text.substr(sentences.front().first, sentences.back().second - sentences.front().first));
    std::vector<bool> taken(sentences.size(), false);
    for (const auto& [b, e] : ranges)
        for (std::size_t s = 0; s < sentences.size(); ++s)
            if (b < sentences[s].second && e > sentences[s].first) taken[s] = true;
    std::string out;
    std::size_t s = 0;
    bool any = false;
    while (s < sentences.size()) {
        if (!taken[s]) {
            ++s;
            continue;
        }
        std::size_t last = s;
        while (last + 1 < sentences.size() && taken[last + 1]) ++last;
        if (any) out += " […] ";
        else if (s > 0) out += "[…] ";
        out += spaced(text.substr(sentences[s].first, sentences[last].second - sentences[s].first));
        any = true;
        s = last + 1;
        if (s < sentences.size() && std::none_of(taken.begin() + static_cast<std::ptrdiff_t>(s), taken.end(), [](bool t) { return t; }))
            out += " […]";
    }
    if (!any) return spaced(text);
    // A passage that begins mid-sentence (its sentence began on the page before).
    if (out.rfind("[…]", 0) != 0 && starts_lowercase(out)) out = "[…] " + out;
    return out;
}

ContextLine context_line(const std::string& text, ByteRange match, std::size_t width) {
    ContextLine line;
    line.match = spaced(text.substr(match.first, match.second - match.first));
    // Left: back `width` characters, then forward to a word's start.
    std::size_t begin = match.first, chars = 0;
    while (begin > 0 && chars < width) {
        --begin;
        while (begin > 0 && continuation(static_cast<unsigned char>(text[begin]))) --begin;
        ++chars;
    }
    if (begin > 0 && chars >= width) {
        while (begin < match.first && text[begin] != ' ' && text[begin] != '\n') ++begin;
        while (begin < match.first && (text[begin] == ' ' || text[begin] == '\n')) ++begin;
    }
    line.left = spaced(text.substr(begin, match.first - begin));
    line.space_before = !line.left.empty() && line.left.back() == ' ';
    while (!line.left.empty() && line.left.back() == ' ') line.left.pop_back();
    std::size_t end = match.second;
    chars = 0;
    while (end < text.size() && chars < width) {
        ++end;
        while (end < text.size() && continuation(static_cast<unsigned char>(text[end]))) ++end;
        ++chars;
    }
    if (end < text.size()) {
        while (end > match.second && text[end - 1] != ' ' && text[end - 1] != '\n') --end;
        while (end > match.second && (text[end - 1] == ' ' || text[end - 1] == '\n')) --end;
    }
    line.right = spaced(text.substr(match.second, end - match.second));
    line.space_after = !line.right.empty() && line.right.front() == ' ';
    line.right.erase(0, line.right.find_first_not_of(' ') == std::string::npos ? line.right.size() : line.right.find_first_not_of(' '));
    return line;
}

}  // namespace grappe
