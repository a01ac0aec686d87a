// Poppler's core API, the one file that calls it (see pdf_reading.h).
//
// Built against Debian 12's Poppler 22.12 (CMake checks the version): in
// later releases TextWord::getText() and getSpaceAfter() change, and the
// soname changes with every release. What this file does is what pdftotext
// does: one PDFDoc, one TextOutputDev pass per page in reading order
// (physLayout and rawOrder off), the word list with each word's box, and
// each glyph's font at no extra pass (Poppler's C++ wrapper copied the
// cross-reference table for every page and scanned the page's fonts again
// to name a glyph's font: 1.2x to 2x pdftotext where this is 1.0x; measured
// in ../shared/notes/poppler-core-api.md).
#include "extract/pdf_reading.h"

#include <poppler/Catalog.h>
#include <poppler/Error.h>
#include <poppler/ErrorCodes.h>
#include <poppler/GlobalParams.h>
#include <poppler/Object.h>
#include <poppler/PDFDoc.h>
#include <poppler/PDFDocEncoding.h>
#include <poppler/SplashOutputDev.h>
#include <poppler/TextOutputDev.h>
#include <poppler/XRef.h>
#include <poppler/goo/GooString.h>
#include <poppler/splash/SplashBitmap.h>

#include <mutex>
#include <utility>

#include "extract/glyph_fonts.h"
#include "extract/raw_document.h"
#include "text/utf8.h"

namespace grappe {
namespace {

// Poppler reports a file's syntax errors through one process-wide callback;
// each worker thread points it at the warnings of the document it reads.
thread_local std::vector<std::string>* messages_to = nullptr;

void keep_message(ErrorCategory, Goffset position, const char* message) {
    std::vector<std::string>* warnings = messages_to;
    if (warnings == nullptr || warnings->size() >= 5) return;
    std::string warning = "poppler: error";
    if (position >= 0) {
        warning += " (";
        warning += std::to_string(position);
        warning += ")";
    }
    warning += ": ";
    warning += message;
    warnings->push_back(std::move(warning));
}

// Poppler's global parameters, made once before any document is opened.
void start_poppler() {
    static std::once_flag once;
    std::call_once(once, [] {
        globalParams = std::make_unique<GlobalParams>();
        setErrorCallback(keep_message);
    });
}

// Messages go to `warnings` for the guard's life, in this thread.
class MessagesTo {
  public:
    explicit MessagesTo(std::vector<std::string>* warnings) : previous_(messages_to) { messages_to = warnings; }
    ~MessagesTo() { messages_to = previous_; }
    MessagesTo(const MessagesTo&) = delete;
    MessagesTo& operator=(const MessagesTo&) = delete;

  private:
    std::vector<std::string>* previous_;
};

void append_char(std::string& out, char32_t c) {
    if (c == 0) return;
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    append_utf8(out, c);
}

// A PDF text string (Info entries, page labels) to UTF-8: UTF-16 behind a
// byte order mark (big-endian as the standard says, little-endian as some
// tools write), UTF-8 behind its mark (PDF 2.0), else PDFDocEncoding.
std::string text_string(const GooString& s) {
    const std::string& bytes = s.toStr();
    std::string out;
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
    const bool be = bytes.size() >= 2 && byte(0) == 0xFE && byte(1) == 0xFF;
    const bool le = bytes.size() >= 2 && byte(0) == 0xFF && byte(1) == 0xFE;
    if (be || le) {
        for (size_t i = 2; i + 1 < bytes.size(); i += 2) {
            char32_t c = be ? (byte(i) << 8 | byte(i + 1)) : (byte(i + 1) << 8 | byte(i));
            if (c >= 0xD800 && c <= 0xDBFF && i + 3 < bytes.size()) {
                const char32_t low = be ? (byte(i + 2) << 8 | byte(i + 3)) : (byte(i + 3) << 8 | byte(i + 2));
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                    i += 2;
                }
            }
            append_char(out, c);
        }
        return out;
    }
    if (bytes.size() >= 3 && byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return valid_utf8(std::string_view(bytes).substr(3));
    for (size_t i = 0; i < bytes.size(); ++i) {
        const Unicode u = pdfDocEncoding[byte(i)];
        append_char(out, u != 0 ? static_cast<char32_t>(u) : static_cast<char32_t>(byte(i)));
    }
    return out;
}

// The role of each font met on a page, looked up by its name once: a page
// has a handful of fonts and thousands of glyphs.
class FontRoles {
  public:
    GlyphFont of(const TextFontInfo* font) {
        if (font == last_font_) return last_role_;
        GlyphFont role = GlyphFont::Text;
        bool known = false;
        for (const auto& [f, r] : roles_)
            if (f == font) {
                role = r;
                known = true;
                break;
            }
        if (!known) {
            const GooString* name = font != nullptr ? font->getFontName() : nullptr;
            role = name != nullptr ? glyph_font_of(name->toStr()) : GlyphFont::Text;
            roles_.emplace_back(font, role);
        }
        last_font_ = font;
        last_role_ = role;
        return role;
    }

  private:
    std::vector<std::pair<const TextFontInfo*, GlyphFont>> roles_;
    const TextFontInfo* last_font_ = nullptr;
    GlyphFont last_role_ = GlyphFont::Text;
};

}  // namespace

struct PdfFile::State {
    std::unique_ptr<PDFDoc> doc;
    std::vector<std::string>* warnings = nullptr;
    std::unique_ptr<TextOutputDev> text_device;
    std::unique_ptr<SplashOutputDev> renderer;  // keeps the last rendered page's pixels
};

PdfFile::PdfFile(const std::string& path, std::vector<std::string>& warnings) : state_(std::make_unique<State>()) {
    start_poppler();
    state_->warnings = &warnings;
    MessagesTo messages(state_->warnings);
    state_->doc = std::make_unique<PDFDoc>(std::make_unique<GooString>(path));
    if (!state_->doc->isOk()) {
        if (state_->doc->getErrorCode() == errEncrypted) throw ExtractionError("encrypted: needs a password");
        if (state_->doc->getErrorCode() == errOpenFile) throw ExtractionError("cannot open the file");
        throw ExtractionError("damaged PDF: Poppler cannot open it (truncated or corrupt)");
    }
    if (state_->doc->getNumPages() <= 0) throw ExtractionError("damaged PDF: no pages");
}

PdfFile::~PdfFile() = default;

int PdfFile::page_count() const { return state_->doc->getNumPages(); }

std::string PdfFile::info(const char* key) const {
    MessagesTo messages(state_->warnings);
    const std::unique_ptr<GooString> value = state_->doc->getDocInfoStringEntry(key);
    return value ? text_string(*value) : std::string();
}

std::string PdfFile::xmp() const {
    MessagesTo messages(state_->warnings);
    // Read up to a limit, where Catalog::readMetadata() reads it all: a
    // packet is a few kilobytes, and a stream that inflates to gigabytes
    // must cost its XMP, not the whole document.
    constexpr std::size_t kLimit = std::size_t{8} << 20;
    Object catalog = state_->doc->getXRef()->getCatalog();
    if (!catalog.isDict()) return "";
    Object stream = catalog.dictLookup("Metadata");
    if (!stream.isStream()) return "";
    std::string bytes;
    stream.streamReset();
    unsigned char buffer[65536];
    for (int n; bytes.size() < kLimit && (n = stream.streamGetChars(sizeof buffer, buffer)) > 0;)
        bytes.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(n));
    stream.streamClose();
    if (bytes.size() >= kLimit) {
        if (state_->warnings->size() < 5) state_->warnings->push_back("XMP metadata over 8 MB: left unread");
        return "";
    }
    // XMP is UTF-8 by its standard; an old tool's Latin-1 is read as such.
    if (is_valid_utf8(bytes)) return bytes;
    std::string out;
    for (const char c : bytes) append_utf8(out, static_cast<unsigned char>(c));
    return out;
}

std::string PdfFile::page_label(int index) const {
    MessagesTo messages(state_->warnings);
    Catalog* catalog = state_->doc->getCatalog();
    GooString label;
    if (catalog == nullptr || !catalog->indexToLabel(index, &label)) return "";
    return text_string(label);
}

std::pair<float, float> PdfFile::page_size(int index) const {
    PDFDoc& doc = *state_->doc;
    const float w = static_cast<float>(doc.getPageCropWidth(index + 1)), h = static_cast<float>(doc.getPageCropHeight(index + 1));
    const bool turned = doc.getPageRotate(index + 1) % 180 != 0;
    return turned ? std::pair{h, w} : std::pair{w, h};
}

bool PdfFile::read_page(int index, PdfPageWords& page, GlyphFontCounts& counts) {
    MessagesTo messages(state_->warnings);
    page.words.clear();
    if (index < 0 || index >= page_count() || state_->doc->getPage(index + 1) == nullptr) return false;
    std::tie(page.width, page.height) = page_size(index);
    if (!state_->text_device) {
        // Reading order as pdftotext's: neither physical layout nor raw order.
        state_->text_device = std::make_unique<TextOutputDev>(nullptr, false, 0.0, false, false);
        if (!state_->text_device->isOk()) return false;
    }
    TextOutputDev& device = *state_->text_device;
    // The crop box, not the media box: the page as a reader sees it.
    state_->doc->displayPage(&device, index + 1, 72, 72, 0, false, false, false);
    const std::unique_ptr<TextWordList> list = device.makeWordList();
    if (!list) return true;
    FontRoles fonts;
    page.words.reserve(static_cast<size_t>(list->getLength()));
    for (int w = 0; w < list->getLength(); ++w) {
        const TextWord* word = list->get(w);
        PdfWord& out = page.words.emplace_back();
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        word->getBBox(&x0, &y0, &x1, &y1);
        out.x0 = static_cast<float>(x0), out.y0 = static_cast<float>(y0);
        out.x1 = static_cast<float>(x1), out.y1 = static_cast<float>(y1);
        out.rotation = word->getRotation() & 3;
        out.space_after = word->getSpaceAfter();
        out.text.reserve(static_cast<size_t>(word->getLength()));
        for (int i = 0; i < word->getLength(); ++i) {
            char32_t c = *word->getChar(i);
            switch (fonts.of(word->getFontInfo(i))) {
            case GlyphFont::Icon:
                ++counts.icons;
                continue;
            case GlyphFont::TexSymbol:
                if (c == 'h' || c == 'i') {
                    c = c == 'h' ? 0x27E8 : 0x27E9;
                    ++counts.brackets;
                }
                break;
            case GlyphFont::Text:
                break;
            }
            append_char(out.text, c);
        }
    }
    return true;
}

std::optional<GrayImage> PdfFile::render_gray(int index, int dpi) {
    MessagesTo messages(state_->warnings);
    if (index < 0 || index >= page_count()) return std::nullopt;
    SplashColor white = {255, 255, 255};
    state_->renderer = std::make_unique<SplashOutputDev>(splashModeMono8, 4, false, white, true);
    SplashOutputDev& renderer = *state_->renderer;
    renderer.setFontAntialias(true);
    renderer.setVectorAntialias(true);
    renderer.startDoc(state_->doc.get());
    state_->doc->displayPage(&renderer, index + 1, dpi, dpi, 0, false, true, false);
    SplashBitmap* bitmap = renderer.getBitmap();
    if (bitmap == nullptr || bitmap->getDataPtr() == nullptr) return std::nullopt;
    return GrayImage{bitmap->getDataPtr(), bitmap->getWidth(), bitmap->getHeight(), bitmap->getRowSize()};
}

}  // namespace grappe
