// PDF text: Poppler reads the words (pdf_reading.h, the only file that
// calls it), pdf_layout.h makes them lines and paragraphs; here the two
// meet, with what the file declares about itself (Info, XMP) and what its
// first page shows (the title in the largest type, the authors under it).
//
// We read word boxes rather than a page's text, because a page's text joins
// every line-end hyphen on its own ("Saint-" + "Martin" becomes
// "SaintMartin"); repair makes that decision with evidence instead. Word
// boxes come in Poppler's reading order (columns already separated), and
// their geometry tells lines, paragraphs, running headers and page numbers.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <optional>
#include <string_view>

#include "extract/declared_text.h"
#include "extract/extractors.h"
#include "extract/ocr.h"
#include "extract/pdf_layout.h"
#include "extract/pdf_reading.h"
#include "metadata/names.h"
#include "text/folding.h"
#include "text/utf8.h"

namespace grappe {
namespace {

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

// XML character references and the five named entities.
std::string xml_text(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        const size_t semi = s.find(';', i);
        if (semi == std::string_view::npos || semi - i > 10) {
            out += s[i];
            continue;
        }
        const std::string_view name = s.substr(i + 1, semi - i - 1);
        static const std::pair<std::string_view, const char*> named[] = {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
        bool done = false;
        for (const auto& [n, c] : named)
            if (name == n) {
                out += c;
                done = true;
            }
        if (!done && name.size() > 1 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const unsigned long cp = std::strtoul(std::string(name.substr(hex ? 2 : 1)).c_str(), nullptr, hex ? 16 : 10);
            if (cp > 0 && cp < 0x110000) {
                append_utf8(out, static_cast<char32_t>(cp));
                done = true;
            }
        }
        if (!done) {
            out += s[i];
            continue;
        }
        i = semi;
    }
    return out;
}

// The rdf:li texts of an XMP property (<dc:title>, <dc:creator>), or its
// simple text content.
std::vector<std::string> xmp_values(std::string_view xmp, std::string_view property) {
    std::vector<std::string> values;
    std::string open = "<", close = "</";
    open += property;
    close += property;
    close += '>';
    const size_t at = xmp.find(open);
    if (at == std::string_view::npos) return values;
    const size_t body = xmp.find('>', at);
    const size_t end = xmp.find(close, at);
    if (body == std::string_view::npos || end == std::string_view::npos || body > end) return values;
    const std::string_view inside = xmp.substr(body + 1, end - body - 1);
    size_t li = inside.find("<rdf:li");
    if (li == std::string_view::npos) {
        values.push_back(trimmed(xml_text(inside)));
        return values;
    }
    while (li != std::string_view::npos) {
        const size_t text = inside.find('>', li);
        const size_t stop = inside.find("</rdf:li>", li);
        if (text == std::string_view::npos || stop == std::string_view::npos || text > stop) break;
        values.push_back(trimmed(xml_text(inside.substr(text + 1, stop - text - 1))));
        li = inside.find("<rdf:li", stop);
    }
    return values;
}

// Title, authors and date from the XMP packet (Dublin Core, as LaTeX's
// hyperxmp, Word and InDesign write it).
void read_xmp(const PdfFile& pdf, RawDocument& doc) {
    const std::string xmp = pdf.xmp();
    if (xmp.empty()) return;
    if (auto titles = xmp_values(xmp, "dc:title"); !titles.empty()) doc.title.set(plausible_title(titles.front()), "pdf-xmp");
    std::string authors;
    for (const auto& a : xmp_values(xmp, "dc:creator"))
        if (!plausible_author(a).empty()) {
            if (!authors.empty()) authors += "; ";
            authors += a;
        }
    // One creator may itself be a list ("A. Torre, J.-B. Zimmermann"): keep it as written.
    if (authors.find(';') != std::string::npos && authors.find(',') == std::string::npos) {
        std::string commas;
        for (char c : authors) commas += c == ';' ? ',' : c;
        authors = commas;
    }
    doc.authors.set(authors, "pdf-xmp");
    // The work's date only as publishers state it (PRISM); Dublin Core's
    // dc:date is what the producing tool wrote, the day the file was made
    // (hyperxmp's default is the compilation date), like CreationDate.
    for (std::string_view prism : {"prism:publicationDate", "prism:coverDate", "prism:coverDisplayDate"})
        if (auto dates = xmp_values(xmp, prism); !dates.empty()) doc.date.set(dates.front(), "pdf-xmp");
}

// The title found on the first page: its text, and where its lines are.
struct TitleBlock {
    std::string text;
    const RawPage* page = nullptr;
    size_t last = 0;  // index of its last line on the page
};

// The largest text at the top of the first page with text: its title, in
// most articles, reports and theses. Line height stands for font size; the
// title must be clearly larger than the page's body text.
TitleBlock largest_text_on_first_page(const std::vector<RawPage>& pages) {
    for (const RawPage& page : pages) {
        if (page.lines.empty() || !page.lines[0].has_geometry()) continue;
        std::vector<float> heights;
        for (const auto& l : page.lines) heights.push_back(l.height());
        std::vector<float> sorted = heights;
        std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
        const float body = sorted[sorted.size() / 2];
        size_t best = page.lines.size();
        for (size_t i = 0; i < page.lines.size(); ++i) {
            const TextLine& l = page.lines[i];
            if (page.height > 0 && l.y0 > 0.6f * page.height) continue;  // titles stand in the upper part
            if (l.height() < 1.3f * body) continue;
            if (best == page.lines.size() || l.height() > page.lines[best].height() + 0.5f) best = i;
        }
        if (best == page.lines.size()) return {};
        // The title's other lines: neighbours of about the same size.
        const float h = page.lines[best].height();
        size_t first = best, last = best;
        // The title's other lines: same size, and close above or below (a
        // line of the same size further away is another element: "Par NOM").
        auto same_block = [&](const TextLine& a, const TextLine& b) {
            return std::fabs(a.height() - h) < 0.15f * h && std::fabs(b.height() - h) < 0.15f * h && b.y0 - a.y1 < 0.8f * h &&
                   b.y0 > a.y0;
        };
        while (first > 0 && same_block(page.lines[first - 1], page.lines[first])) --first;
        while (last + 1 < page.lines.size() && same_block(page.lines[last], page.lines[last + 1])) ++last;
        if (last - first >= 4) return {};  // a large-print page, not a title
        std::string title;
        for (size_t i = first; i <= last; ++i) {
            std::string line = page.lines[i].text;
            if (!title.empty()) {
                if (title.back() == '-' && !line.empty() && starts_lowercase(line)) title.pop_back();
                else title += ' ';
            }
            title += line;
        }
        const size_t words = static_cast<size_t>(std::count(title.begin(), title.end(), ' ')) + 1;
        if (words > 40) return {};
        return {title, &page, last};
    }
    return {};
}

// The authors printed on the first page: after "Par" / "By" (a thesis's
// cover), else the first line of names among the few under the title.
std::string authors_under_title(const TitleBlock& title) {
    if (title.page == nullptr) return "";
    const std::vector<TextLine>& lines = title.page->lines;
    std::string names;
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string f = fold_text(lines[i].text);
        if ((f == "par" || f == "by" || f == "presentee par" || f == "presented by") && i + 1 < lines.size() &&
            reads_as_names(lines[i + 1].text, &names))
            return names;
        for (std::string_view cue : {"par ", "by "})
            if (f.rfind(cue, 0) == 0 && reads_as_names(std::string_view(lines[i].text).substr(cue.size()), &names)) return names;
    }
    for (size_t i = title.last + 1; i < lines.size() && i <= title.last + 4; ++i) {
        if (title.page->height > 0 && lines[i].y0 > 0.75f * title.page->height) break;
        if (fold_text(lines[i].text) == fold_text(title.text)) continue;  // the title again (a running head)
        if (reads_as_names(lines[i].text, &names)) return names;
    }
    return "";
}

// A page without a text layer, rendered in gray and read by tesseract; a
// blank one is not (nullopt). The resolution drops for very large pages
// (posters, plans) so that the image stays under 40 megapixels.
std::optional<std::vector<TextLine>> recognise(PdfFile& pdf, int index, const ExtractOptions& options) {
    const auto [width, height] = pdf.page_size(index);
    const double square_inches = std::max(1.0, static_cast<double>(width) * height / (72.0 * 72.0));
    const int dpi = std::max(72, std::min(options.ocr_dpi, static_cast<int>(std::sqrt(40e6 / square_inches))));
    const std::optional<GrayImage> gray = pdf.render_gray(index, dpi);
    if (!gray) throw ExtractionError("OCR: Poppler could not render a page");
    if (looks_blank(*gray)) return std::nullopt;
    return recognise_page(*gray, dpi, options.ocr_languages);
}

}  // namespace

void prepare_extractors() { prepare_pdf_reading(); }

RawDocument extract_pdf(const std::string& path, const ExtractOptions& options) {
    check_looks_like_pdf(path);
    RawDocument doc;
    doc.format = "pdf";
    PdfFile pdf(path, doc.warnings);
    doc.title.set(plausible_title(pdf.info("Title")), "pdf-info");
    doc.authors.set(plausible_author(pdf.info("Author")), "pdf-info");
    read_xmp(pdf, doc);
    const int page_count = pdf.page_count();

    size_t words = 0, blank_pages = 0;
    bool in_references = false;  // lay_out_page()
    doc.pages.reserve(static_cast<size_t>(page_count));
    std::vector<std::vector<TextLine>> turned(static_cast<size_t>(page_count));
    PdfPageWords page_words;
    GlyphFontCounts glyph_fonts;
    for (int i = 0; i < page_count; ++i) {
        RawPage& page = doc.pages.emplace_back();
        page.label = pdf.page_label(i);
        if (page.label.empty()) page.label = std::to_string(i + 1);
        if (page.label != std::to_string(i + 1)) doc.has_page_labels = true;
        if (!pdf.read_page(i, page_words, glyph_fonts)) {
            doc.warnings.push_back("page " + std::to_string(i + 1) + " could not be read");
            continue;
        }
        page.height = page_words.height;
        if (!page_words.words.empty()) {
            words += page_words.words.size();
            PageLines laid_out = lay_out_page(page_words, in_references);
            page.lines = std::move(laid_out.lines);
            turned[static_cast<size_t>(i)] = std::move(laid_out.turned);
        } else if (options.ocr) {
            // Tesseract has found the columns and paragraphs already. A blank
            // page (a chapter's back) is neither read nor a scan to report.
            if (std::optional<std::vector<TextLine>> lines = recognise(pdf, i, options)) {
                page.lines = std::move(*lines);
                doc.ocr_pages.push_back(static_cast<std::uint32_t>(i + 1));
                for (const TextLine& line : page.lines) words += static_cast<size_t>(std::count(line.text.begin(), line.text.end(), ' ')) + 1;
            } else {
                ++blank_pages;
            }
        } else {
            ++doc.pages_without_text;
        }
    }
    // Footnotes are told by their type size against the whole document's
    // body text: a page of code or tables has no body text to measure by.
    doc.body_type_size = body_type_size(doc);
    for (RawPage& page : doc.pages) mark_footnotes(page, doc.body_type_size);
    // Turned words come after the page's text and its notes, as paragraphs
    // of their own, once the notes have been told by the page's own lines.
    for (size_t i = 0; i < doc.pages.size(); ++i)
        for (TextLine& line : turned[i]) doc.pages[i].lines.push_back(std::move(line));
    if (words == 0 && blank_pages == static_cast<size_t>(page_count)) throw ExtractionError("every page is blank");
    if (words == 0 && !doc.ocr_pages.empty()) throw ExtractionError("no text found by OCR on any page");
    // No word anywhere, and Poppler met errors: a damaged file, not a scan.
    const auto damage = std::find_if(doc.warnings.begin(), doc.warnings.end(), [](const std::string& w) { return w.rfind("poppler: ", 0) == 0; });
    if (words == 0 && damage != doc.warnings.end()) throw ExtractionError("damaged PDF: no text could be read (" + *damage + ")");
    if (words == 0) throw ExtractionError("no text layer on any page: scanned? index it with --ocr");
    if (doc.pages_without_text > 0)
        doc.warnings.push_back(std::to_string(doc.pages_without_text) + " of " + std::to_string(page_count) +
                               " pages have no text layer (scans or images): index with --ocr to read them");
    const TitleBlock title = largest_text_on_first_page(doc.pages);
    doc.title.set(title.text, "largest-text");
    if (doc.authors.empty()) doc.authors.set(authors_under_title(title), "under-title");
    return doc;
}

}  // namespace grappe
