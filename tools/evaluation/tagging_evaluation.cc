#include "evaluation/tagging_evaluation.h"

#include <cctype>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "store/schema.h"

namespace grappe {
namespace {

// White space at either end, no-break spaces (U+00A0, U+202F) included, as
// a person (and Python's str.strip) sees it.
std::string strip_spaces(const std::string& s) {
    std::size_t begin = 0, end = s.size();
    auto space_at = [&](std::size_t i) -> std::size_t {  // bytes of a space starting at i, or 0
        if (i >= s.size()) return 0;
        if (std::string_view(" \t\r\n\f\v").find(s[i]) != std::string_view::npos) return 1;
        if (s.compare(i, 2, "\xC2\xA0") == 0) return 2;
        if (s.compare(i, 3, "\xE2\x80\xAF") == 0) return 3;
        return 0;
    };
    auto space_before = [&](std::size_t e) -> std::size_t {  // bytes of a space ending at e, or 0
        for (std::size_t n = 1; n <= 3 && n <= e; ++n)
            if (space_at(e - n) == n) return n;
        return 0;
    };
    while (begin < end)
        if (const std::size_t n = space_at(begin)) begin += n;
        else break;
    while (end > begin)
        if (const std::size_t n = space_before(end)) end -= n;
        else break;
    return s.substr(begin, end - begin);
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot read it");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::vector<std::vector<std::string>> annotation_rows(const std::string& path, std::size_t columns, const char* shape) {
    std::istringstream in(read_all(path));
    std::vector<std::vector<std::string>> rows;
    bool header = true;
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        if (header) {
            header = false;
            continue;
        }
        std::vector<std::string> cols;
        std::stringstream fields(line);
        for (std::string col; std::getline(fields, col, '\t');) cols.push_back(col);
        if (cols.size() != columns) throw std::runtime_error(path + ":" + std::to_string(number) + ": expected " + shape);
        rows.push_back(std::move(cols));
    }
    return rows;
}

namespace {

std::set<std::string> concept_ids(const std::string& list) {
    std::set<std::string> out;
    std::stringstream ids(list);
    for (std::string id; std::getline(ids, id, ',');)
        if (id != "-") out.insert(id);
    return out;
}

}  // namespace

std::vector<AnnotatedPassage> read_annotations(const std::string& path) {
    std::vector<AnnotatedPassage> out;
    for (auto& cols : annotation_rows(path, 3, "file<TAB>fingerprint<TAB>concepts"))
        out.push_back({std::move(cols[0]), std::move(cols[1]), concept_ids(cols[2])});
    return out;
}

std::vector<AnnotatedSentence> read_annotated_sentences(const std::string& path) {
    std::vector<AnnotatedSentence> out;
    for (auto& cols : annotation_rows(path, 2, "concepts<TAB>sentence")) out.push_back({std::move(cols[1]), concept_ids(cols[0])});
    return out;
}

std::vector<std::string> blank_line_paragraphs(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    bool has_lines = false;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (strip_spaces(line).empty()) {
            if (has_lines) out.push_back(strip_spaces(current));
            current.clear();
            has_lines = false;
            continue;
        }
        if (has_lines) current += '\n';
        current += line;
        has_lines = true;
    }
    if (has_lines) out.push_back(strip_spaces(current));
    return out;
}

std::string paragraph_fingerprint(const std::string& trimmed_paragraph) {
    return schema::hex64(schema::fnv1a64(trimmed_paragraph));
}

double TaggingScore::precision() const {
    const std::size_t said = true_positives + false_positives;
    return said == 0 ? 1.0 : static_cast<double>(true_positives) / static_cast<double>(said);
}

double TaggingScore::recall() const {
    const std::size_t there = true_positives + false_negatives;
    return there == 0 ? 1.0 : static_cast<double>(true_positives) / static_cast<double>(there);
}

void TaggingScore::add(const std::set<std::string>& expected, const std::set<std::string>& found) {
    ++passages;
    for (const auto& id : found) {
        const bool right = expected.count(id) > 0;
        ++(right ? true_positives : false_positives);
        ++by_concept[id][right ? 0 : 1];
    }
    for (const auto& id : expected)
        if (!found.count(id)) {
            ++false_negatives;
            ++by_concept[id][2];
        }
}

TaggingScore score_annotations(const std::vector<AnnotatedPassage>& annotations, const std::string& root, const ConceptTagger& tagger) {
    return score_annotations(annotations, root, [&tagger](const std::string& text) {
        std::set<std::string> found;
        for (const auto& m : tagger.tag(text)) found.insert(m.id);
        return found;
    });
}

namespace {

// A Markdown paragraph as the index holds it: the Markdown reader (cmark)
// keeps a link's text and drops its target, and drops inline HTML tags, so
// neither is read for concepts here ("...les-poles-de-competitivite.html"
// in a link's address names nothing).
std::string as_indexed(const std::string& file, const std::string& paragraph) {
    if (file.size() < 3 || file.compare(file.size() - 3, 3, ".md") != 0) return paragraph;
    std::string out;
    for (std::size_t i = 0; i < paragraph.size(); ++i) {
        if (paragraph[i] == ']' && i + 1 < paragraph.size() && paragraph[i + 1] == '(') {
            std::size_t depth = 0, j = i + 1;
            for (; j < paragraph.size(); ++j) {
                if (paragraph[j] == '(') ++depth;
                else if (paragraph[j] == ')' && --depth == 0) break;
            }
            if (j < paragraph.size()) {
                out += ']';
                i = j;
                continue;
            }
        }
        if (paragraph[i] == '<' && i + 1 < paragraph.size() && (std::isalpha(static_cast<unsigned char>(paragraph[i + 1])) || paragraph[i + 1] == '/')) {
            const std::size_t close = paragraph.find('>', i);
            if (close != std::string::npos) {
                i = close;
                continue;
            }
        }
        out += paragraph[i];
    }
    return out;
}

}  // namespace

TaggingScore score_annotations(const std::vector<AnnotatedPassage>& annotations, const std::string& root, const ParagraphReader& read) {
    TaggingScore score;
    std::unordered_map<std::string, std::unordered_map<std::string, std::string>> paragraphs;  // file -> fingerprint -> text
    for (const AnnotatedPassage& a : annotations) {
        auto [file, fresh] = paragraphs.try_emplace(a.file);
        if (fresh)
            for (std::string& p : blank_line_paragraphs(read_all(root + "/" + a.file))) {
                const std::string fingerprint = paragraph_fingerprint(p);
                file->second.emplace(fingerprint, std::move(p));
            }
        const auto it = file->second.find(a.fingerprint);
        if (it == file->second.end())
            throw std::runtime_error(a.file + ": no paragraph with fingerprint " + a.fingerprint + " (has the text changed?)");
        const std::set<std::string> found = read(Analyzer::prepare(as_indexed(a.file, it->second)));
        score.add(a.expected, found);
        if (found != a.expected) score.disagreements.push_back({a.file, it->second, a.expected, found});
    }
    return score;
}

}  // namespace grappe
