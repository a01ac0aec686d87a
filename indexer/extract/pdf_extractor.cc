// PDF text through Poppler's C++ API: the only file that includes Poppler.
//
// We read word boxes (page::text_list) rather than page::text(), because
// page::text() joins every line-end hyphen on its own ("Saint-" + "Martin"
// becomes "SaintMartin"); repair makes that decision with evidence instead.
// Word boxes come in Poppler's reading order (columns already separated), and
// their geometry tells lines, paragraphs, running headers and page numbers.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>

#include "extract/extractors.h"

namespace grappe {
namespace {

std::string utf8(const poppler::ustring& u) {
    const poppler::byte_array bytes = u.to_utf8();
    return std::string(bytes.begin(), bytes.end());
}

// Poppler reports syntax errors on stderr by default; keep the first few as
// warnings of the document instead.
void collect_poppler_message(const std::string& message, void* closure) {
    auto* warnings = static_cast<std::vector<std::string>*>(closure);
    if (warnings != nullptr && warnings->size() < 5) warnings->push_back("poppler: " + message);
}

// Points Poppler's messages at one document's warnings while it is read.
class PopplerMessagesTo {
  public:
    explicit PopplerMessagesTo(std::vector<std::string>* warnings) {
        poppler::set_debug_error_function(collect_poppler_message, warnings);
    }
    ~PopplerMessagesTo() { poppler::set_debug_error_function(collect_poppler_message, nullptr); }
    PopplerMessagesTo(const PopplerMessagesTo&) = delete;
    PopplerMessagesTo& operator=(const PopplerMessagesTo&) = delete;
};

bool ends_sentence(const std::string& text) {
    if (text.empty()) return false;
    static const std::string_view enders[] = {".", ":", "!", "?", "»", "\"", ")", ";", "”"};
    for (auto e : enders)
        if (text.size() >= e.size() && text.compare(text.size() - e.size(), e.size(), e) == 0) return true;
    return false;
}

bool ends_with_hyphen(const std::string& text) { return !text.empty() && text.back() == '-'; }

bool starts_lowercase(const std::string& text) {
    if (text.empty()) return false;
    const unsigned char c = static_cast<unsigned char>(text[0]);
    if (c >= 'a' && c <= 'z') return true;
    // Lower-case accented Latin letters in UTF-8 (à..ÿ) start with 0xC3 0xA0..0xBF.
    return c == 0xC3 && text.size() > 1 && static_cast<unsigned char>(text[1]) >= 0xA0;
}

// "1", "12", "*", "†": what a footnote call looks like.
bool looks_like_note_call(const std::string& word) {
    if (word.empty() || word.size() > 3) return word == "\xE2\x80\xA0" || word == "\xE2\x80\xA1";  // † ‡
    for (char c : word)
        if (!(c >= '0' && c <= '9') && c != '*') return false;
    return true;
}

// Footnote calls are kept in the stored text as superscript digits, which the
// analyzer never takes for (part of) a word: "affaires¹", not "affaires 1".
std::string as_superscript(const std::string& word) {
    static const char* const digits[] = {"\u2070", "\u00B9", "\u00B2", "\u00B3", "\u2074",
                                         "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
    std::string out;
    for (char c : word) out += (c >= '0' && c <= '9') ? digits[c - '0'] : std::string(1, c);
    return out;
}

// Groups word boxes into lines: a new line starts where the baseline moves by
// more than half a line or the next word starts left of the previous one.
std::vector<TextLine> build_lines(const std::vector<poppler::text_box>& boxes) {
    std::vector<TextLine> lines;
    bool space_pending = false;
    for (const auto& box : boxes) {
        const poppler::rectf r = box.bbox();
        const float x0 = static_cast<float>(r.left()), x1 = static_cast<float>(r.right());
        const float y0 = static_cast<float>(r.top()), y1 = static_cast<float>(r.bottom());
        std::string word = utf8(box.text());
        if (word.empty()) continue;
        bool new_line = lines.empty();
        if (!new_line) {
            const TextLine& cur = lines.back();
            const float h = std::max(cur.height(), y1 - y0);
            const float centre_shift = std::fabs((y0 + y1) / 2 - (cur.y0 + cur.y1) / 2);
            new_line = centre_shift > 0.5f * h || x0 < cur.x1 - 0.5f * h;
        }
        if (new_line) {
            lines.push_back(TextLine{word, x0, y0, x1, y1, false});
        } else {
            TextLine& cur = lines.back();
            // A small raised box right after a word: a footnote call.
            const bool superscript = (y1 - y0) < 0.85f * cur.height() && y1 < cur.y1 - 0.12f * cur.height() &&
                                     looks_like_note_call(word) && x0 - cur.x1 < 0.5f * cur.height();
            if (superscript) {
                cur.text += as_superscript(word);
                cur.x1 = std::max(cur.x1, x1);
                space_pending = box.has_space_after();
                continue;
            }
            if (space_pending || x0 - cur.x1 > 0.15f * cur.height()) cur.text += ' ';
            cur.text += word;
            cur.x1 = std::max(cur.x1, x1);
            cur.y0 = std::min(cur.y0, y0);
            cur.y1 = std::max(cur.y1, y1);
        }
        space_pending = box.has_space_after();
    }
    return lines;
}

// Marks the lines that start a paragraph, from whitespace, indentation,
// short last lines and size changes. A line that continues a hyphenated or
// unfinished sentence in lower case never starts one, even across a column.
void mark_paragraphs(std::vector<TextLine>& lines) {
    float column_right = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
        TextLine& line = lines[i];
        if (i == 0) {
            line.starts_paragraph = true;
            column_right = line.x1;
            continue;
        }
        const TextLine& prev = lines[i - 1];
        const float h = std::max(prev.height(), line.height());
        const bool continues = starts_lowercase(line.text) && (ends_with_hyphen(prev.text) || !ends_sentence(prev.text));
        bool starts = false;
        const bool new_column = line.y0 < prev.y0 - 0.5f * h;
        if (new_column) column_right = line.x1;
        if (line.y0 - prev.y1 > 0.7f * h || new_column) {
            starts = !continues;
        } else if (std::fabs(line.height() - prev.height()) > 0.3f * h) {
            starts = !continues;
        } else if (ends_sentence(prev.text) && line.x0 > prev.x0 + 0.8f * h) {
            starts = true;  // indented first line
        } else if (ends_sentence(prev.text) && prev.x1 < column_right - 2.5f * h) {
            starts = true;  // the previous line stopped short: last line of a paragraph
        }
        column_right = std::max(column_right, line.x1);
        line.starts_paragraph = starts;
    }
}

void check_looks_like_pdf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ExtractionError("cannot open the file");
    char head[1024] = {};
    in.read(head, sizeof head);
    const std::streamsize n = in.gcount();
    if (n == 0) throw ExtractionError("empty file (0 bytes)");
    const std::string_view start(head, static_cast<size_t>(n));
    if (start.find("%PDF-") == std::string_view::npos) {
        const bool html = start.find("<html") != std::string_view::npos || start.find("<!DOCTYPE") != std::string_view::npos ||
                          start.find("<!doctype") != std::string_view::npos;
        throw ExtractionError(html ? "not a PDF: the file is HTML with a .pdf name" : "not a PDF: no %PDF- header");
    }
}

// An Info dictionary entry, trimmed, and its ASCII-lower-cased form for checks.
std::string info_value(const poppler::document& pdf, const char* key, std::string& lower) {
    std::string value = utf8(pdf.info_key(key));
    while (!value.empty() && (value.back() == ' ' || value.back() == '\0')) value.pop_back();
    lower.clear();
    for (char c : value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return value;
}

// The Info dictionary's title, unless it is a tool's placeholder
// ("Microsoft Word - doc1.docx", "untitled", a file name).
std::string plausible_info_title(const poppler::document& pdf) {
    std::string lower;
    const std::string title = info_value(pdf, "Title", lower);
    if (title.size() < 4) return "";
    for (std::string_view bad : {"microsoft word", "untitled", "sans titre", "document1", "powerpoint"})
        if (lower.find(bad) != std::string::npos) return "";
    if (title[0] == '%') return "";  // a TeX comment copied into the Info dictionary
    for (std::string_view ext : {".doc", ".pdf", ".tex", ".dvi", ".odt", ".indd", ".qxd"})
        if (lower.find(ext) != std::string::npos) return "";
    return title;
}

// The Info dictionary's author, unless it is an account name.
std::string plausible_info_author(const poppler::document& pdf) {
    std::string lower;
    const std::string author = info_value(pdf, "Author", lower);
    if (author.size() < 3) return "";
    for (std::string_view bad : {"user", "admin", "owner", "utilisateur", "unknown", "anonymous", "windows"})
        if (lower == bad || lower.rfind(bad, 0) == 0) return "";
    return author;
}

}  // namespace

RawDocument extract_pdf(const std::string& path) {
    check_looks_like_pdf(path);
    RawDocument doc;
    doc.format = "pdf";
    PopplerMessagesTo messages(&doc.warnings);
    std::unique_ptr<poppler::document> pdf(poppler::document::load_from_file(path));
    if (!pdf) {
        const bool encrypted_hint = std::any_of(doc.warnings.begin(), doc.warnings.end(),
                                                [](const std::string& w) { return w.find("ncrypt") != std::string::npos; });
        throw ExtractionError(encrypted_hint ? "encrypted: needs a password"
                                             : "damaged PDF: Poppler cannot open it (truncated or corrupt)");
    }
    if (pdf->is_locked()) throw ExtractionError("encrypted: needs a password");
    doc.title.set(plausible_info_title(*pdf), "pdf-info");
    doc.authors.set(plausible_info_author(*pdf), "pdf-info");
    const int page_count = pdf->pages();
    if (page_count <= 0) throw ExtractionError("damaged PDF: no pages");

    size_t words = 0;
    doc.pages.reserve(static_cast<size_t>(page_count));
    for (int i = 0; i < page_count; ++i) {
        RawPage page;
        std::unique_ptr<poppler::page> p(pdf->create_page(i));
        if (!p) {
            doc.warnings.push_back("page " + std::to_string(i + 1) + " could not be read");
            page.label = std::to_string(i + 1);
            doc.pages.push_back(std::move(page));
            continue;
        }
        page.label = utf8(p->label());
        if (page.label.empty()) page.label = std::to_string(i + 1);
        if (page.label != std::to_string(i + 1)) doc.has_page_labels = true;
        page.height = static_cast<float>(p->page_rect().height());
        const std::vector<poppler::text_box> boxes = p->text_list();
        words += boxes.size();
        page.lines = build_lines(boxes);
        mark_paragraphs(page.lines);
        doc.pages.push_back(std::move(page));
    }
    if (words == 0) throw ExtractionError("no text layer on any page: scanned? OCR it first");
    return doc;
}

}  // namespace grappe
