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
// in ../shared/notes/poppler-core-api.md). Two things pdftotext does not:
// each font's objects are read once per document, not once per page
// (FontKeeper), and no colour transform is built per page from a PDF/A
// output profile (forget_output_intents); together about half of
// pdftotext's CPU on corpus-fr, the same words.
#include "extract/pdf_reading.h"

#include <poppler/Catalog.h>
#include <poppler/Error.h>
#include <poppler/ErrorCodes.h>
#include <poppler/GlobalParams.h>
#include <poppler/Object.h>
#include <poppler/PDFDoc.h>
#include <poppler/PDFDocEncoding.h>
#include <poppler/Page.h>
#include <poppler/SplashOutputDev.h>
#include <poppler/Stream.h>
#include <poppler/TextOutputDev.h>
#include <poppler/XRef.h>
#include <poppler/goo/GooString.h>
#include <poppler/splash/SplashBitmap.h>

#include <cmath>
#include <cstring>
#include <mutex>
#include <unordered_set>
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

// Poppler builds a page's fonts anew on every page (GfxResources ->
// GfxFontDict -> GfxFont::makeFont): it parses the font's dictionaries from
// the file again, inflates its ToUnicode map again and, for a Type 1 font,
// its whole embedded font program again, to learn an encoding it learnt on
// the previous page. On a LaTeX paper, where every page uses the same few
// Type 1 fonts, that was most of the extraction (perf, an index run of
// corpus-fr: GfxFont::makeFont 36% of all samples, pdftotext pays the
// same). The keeper reads each font's objects once and leaves them in the
// cross-reference table as "updated" objects (XRef::setModifiedObject;
// XRef::fetch returns those before reading the file), streams decoded in
// memory: Poppler reads the same bytes, without the work. Only what
// Poppler reads to extract text is kept (not a TrueType program, which it
// never reads here), within a memory budget per document.
class FontKeeper {
  public:
    explicit FontKeeper(XRef* xref) : xref_(xref) {}

    // The fonts of a page's resources, and of the forms it draws.
    void keep_fonts_of(Dict* resources, int depth = 0) {
        if (resources == nullptr || depth > kMaxFormDepth) return;
        if (const Object fonts = keep(resources->lookupNF("Font")); fonts.isDict()) {
            Dict* dict = fonts.getDict();
            for (int i = 0; i < dict->getLength(); ++i) keep_font(dict->getValNF(i));
        }
        const Object xobjects = keep(resources->lookupNF("XObject"));
        if (!xobjects.isDict()) return;
        Dict* dict = xobjects.getDict();
        for (int i = 0; i < dict->getLength(); ++i) {
            const Object& entry = dict->getValNF(i);
            if (!entry.isRef() || !first_time(entry.getRef())) continue;
            const Object xobject = xref_->fetch(entry.getRef());
            if (!xobject.isStream() || !xobject.streamGetDict()->lookupNF("Subtype").isName("Form")) continue;
            const Object form_resources = xobject.streamGetDict()->lookup("Resources");
            if (form_resources.isDict()) keep_fonts_of(form_resources.getDict(), depth + 1);
        }
    }

  private:
    static constexpr int kMaxFormDepth = 4;
    static constexpr std::size_t kMaxStreamBytes = std::size_t{8} << 20;
    static constexpr std::size_t kMaxKeptBytes = std::size_t{48} << 20;

    bool first_time(Ref ref) { return ref.num >= 0 && seen_.insert(ref.num).second; }

    // The object `entry` names, kept where it is a reference met for the
    // first time; the object itself either way (a direct one as it is).
    Object keep(const Object& entry) {
        if (!entry.isRef()) return entry.copy();
        const Ref ref = entry.getRef();
        const bool first = first_time(ref);
        Object object = xref_->fetch(ref);
        if (first && (object.isDict() || object.isArray())) xref_->setModifiedObject(&object, ref);
        // A stream is kept decoded, by keep_decoded, not met here for good.
        if (first && object.isStream()) seen_.erase(ref.num);
        return object;
    }

    // A stream `entry` names, decoded once and kept decoded.
    void keep_decoded(const Object& entry) {
        if (!entry.isRef() || !first_time(entry.getRef())) return;
        const Ref ref = entry.getRef();
        Object stream = xref_->fetch(ref);
        if (!stream.isStream()) return;
        std::string bytes;
        unsigned char buffer[16384];
        stream.streamReset();
        for (int n; bytes.size() < kMaxStreamBytes && (n = stream.streamGetChars(sizeof buffer, buffer)) > 0;)
            bytes.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(n));
        stream.streamClose();
        // No font program, map or table is near 8 MB (a CID font's maps are
        // at most 1.3 MB); one that inflates past it is a bomb, kept cut
        // there: Poppler reads an encoding from a program's start, and no
        // longer inflates the whole bomb on every page. Past the document's
        // budget, streams are left to Poppler to read as before.
        if (bytes.size() > kMaxStreamBytes) bytes.resize(kMaxStreamBytes);
        if (kept_bytes_ + bytes.size() > kMaxKeptBytes) return;
        kept_bytes_ += bytes.size();
        Dict* dict = stream.streamGetDict()->copy(xref_);
        dict->remove("Filter");
        dict->remove("DecodeParms");
        dict->set("Length", Object(static_cast<int>(bytes.size())));
        // The bytes stay with the keeper, which outlives the document.
        buffers_.push_back(std::make_unique<char[]>(bytes.size() + 1));
        std::memcpy(buffers_.back().get(), bytes.data(), bytes.size());
        const Object decoded(static_cast<Stream*>(new MemStream(buffers_.back().get(), 0, static_cast<Goffset>(bytes.size()), Object(dict))));
        xref_->setModifiedObject(&decoded, ref);
    }

    void keep_font(const Object& entry) {
        if (entry.isRef() && seen_.count(entry.getRef().num) != 0) return;
        const Object font = keep(entry);
        if (!font.isDict()) return;
        Dict* dict = font.getDict();
        keep_decoded(dict->lookupNF("ToUnicode"));
        keep(dict->lookupNF("Widths"));
        const Object encoding = keep(dict->lookupNF("Encoding"));
        if (encoding.isStream()) keep_decoded(dict->lookupNF("Encoding"));  // an embedded CMap
        const Object subtype = dict->lookup("Subtype");
        if (subtype.isName("Type0")) {
            const Object descendants = keep(dict->lookupNF("DescendantFonts"));
            if (!descendants.isArray() || descendants.arrayGetLength() < 1) return;
            const Object descendant = keep(descendants.arrayGetNF(0));
            if (!descendant.isDict()) return;
            keep(descendant.dictLookupNF("FontDescriptor"));
            keep(descendant.dictLookupNF("W"));
            keep_decoded(descendant.dictLookupNF("CIDToGIDMap"));
            return;
        }
        const Object descriptor = keep(dict->lookupNF("FontDescriptor"));
        // Poppler reads the embedded program of a Type 1 font (FontFile, or
        // FontFile3 for its compact form) for its encoding; never a
        // TrueType one (FontFile2) to extract text.
        if (descriptor.isDict() && (subtype.isName("Type1") || subtype.isName("MMType1"))) {
            keep_decoded(descriptor.dictLookupNF("FontFile"));
            keep_decoded(descriptor.dictLookupNF("FontFile3"));
        }
    }

    XRef* xref_;
    std::vector<std::unique_ptr<char[]>> buffers_;
    std::unordered_set<int> seen_;
    std::size_t kept_bytes_ = 0;
};

// A PDF/A file names an output profile (the catalog's OutputIntents), and
// Poppler, for every page it displays, reads that ICC profile and builds a
// colour transform from it (Gfx::initDisplayProfile): 19 ms a page on one
// manual of corpus-fr, 86% of its extraction, for colours text extraction
// never uses. The catalog is left in the cross-reference table without
// that entry (as an updated object, see FontKeeper). Rendering a page for
// OCR then converts colours without the profile: grey levels may differ
// slightly, the text does not.
void forget_output_intents(XRef* xref) {
    const Ref root{xref->getRootNum(), xref->getRootGen()};
    if (root.num < 0) return;
    const Object catalog = xref->fetch(root);
    if (!catalog.isDict() || catalog.getDict()->lookupNF("OutputIntents").isNull()) return;
    Dict* without = catalog.getDict()->copy(xref);
    without->remove("OutputIntents");
    const Object updated(without);
    xref->setModifiedObject(&updated, root);
}

}  // namespace

struct PdfFile::State {
    std::unique_ptr<FontKeeper> fonts;  // declared first: the document it keeps bytes for goes before it
    std::unique_ptr<PDFDoc> doc;
    std::vector<std::string>* warnings = nullptr;
    std::unique_ptr<TextOutputDev> text_device;
    std::unique_ptr<SplashOutputDev> renderer;  // keeps the last rendered page's pixels
};

void prepare_pdf_reading() { start_poppler(); }

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
    forget_output_intents(state_->doc->getXRef());
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
    Page* pdf_page = index < 0 || index >= page_count() ? nullptr : state_->doc->getPage(index + 1);
    if (pdf_page == nullptr) return false;
    std::tie(page.width, page.height) = page_size(index);
    if (!state_->fonts) state_->fonts = std::make_unique<FontKeeper>(state_->doc->getXRef());
    state_->fonts->keep_fonts_of(pdf_page->getResourceDict());
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
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        word->getBBox(&x0, &y0, &x1, &y1);
        // A text matrix can put a word at infinity, or so far off that its
        // size overflows what the layout counts in (a size in quarter
        // points, an int): no reader sees it, so it is no word.
        constexpr double kFarOff = 1e6;  // points; a page is at most 14,400
        if (!(std::fabs(x0) < kFarOff && std::fabs(y0) < kFarOff && std::fabs(x1) < kFarOff && std::fabs(y1) < kFarOff)) continue;
        PdfWord& out = page.words.emplace_back();
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
