// DOCX, ODT and EPUB: small files written here with libzip (our own XML, as
// Word, LibreOffice and EPUB tools lay it out), read back by the extractors
// and by the whole pipeline; and the containers a hostile or broken file can
// be (not a zip, an OLE file, a zip bomb, an entity bomb, malformed XML).
#include <gtest/gtest.h>
#include <xapian.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "extract/extractors.h"
#include "extract/zip_archive.h"
#include "pipeline/process_file.h"
#include "store/documents.h"

namespace grappe {
namespace {

namespace fs = std::filesystem;

class OfficeFiles : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("grappe-office-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // A zip holding `members` in order (the first stored, as the mimetype of
    // ODT and EPUB must be; the rest deflated).
    std::string zip(const std::string& name, const std::vector<std::pair<std::string, std::string>>& members) {
        const std::string path = (dir_ / name).string();
        int error = 0;
        zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
        EXPECT_NE(z, nullptr) << "zip_open error " << error;
        for (size_t i = 0; i < members.size(); ++i) {
            const auto& [member, bytes] = members[i];
            zip_source_t* source = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
            const zip_int64_t index = zip_file_add(z, member.c_str(), source, ZIP_FL_ENC_UTF_8);
            EXPECT_GE(index, 0);
            if (i == 0) zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
        }
        EXPECT_EQ(zip_close(z), 0);  // the buffers are read here, while `members` lives
        return path;
    }

    std::string file(const std::string& name, const std::string& bytes) {
        const std::string path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }

    fs::path dir_;
};

std::string docx_document(const std::string& body) {
    return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>)" +
           body + "<w:sectPr><w:pgSz w:w=\"11906\"/></w:sectPr></w:body></w:document>";
}

std::string p(const std::string& runs, const std::string& style = "") {
    std::string ppr = style.empty() ? "" : "<w:pPr><w:pStyle w:val=\"" + style + "\"/><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>";
    return "<w:p>" + ppr + runs + "</w:p>";
}

std::string r(const std::string& text) { return "<w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r>"; }

const char* kCore = R"(<?xml version="1.0" encoding="UTF-8"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">
<dc:title>Microsoft Word - rapport_final.docx</dc:title><dc:creator>Marie Dupont</dc:creator>
<dcterms:created>2024-01-02T10:00:00Z</dcterms:created></cp:coreProperties>)";

const char* kFootnotes = R"(<?xml version="1.0" encoding="UTF-8"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>Voir Becattini (1979) sur le district marshallien.</w:t></w:r></w:p></w:footnote>
</w:footnotes>)";

// The lines the file marks as headings.
std::vector<std::string> headings_of(const RawPage& page) {
    std::vector<std::string> out;
    for (const auto& line : page.lines)
        if (line.heading) out.push_back(line.text);
    return out;
}

std::vector<std::string> lines_of(const RawPage& page, bool notes) {
    std::vector<std::string> out;
    for (const auto& line : page.lines)
        if (line.footnote == notes) out.push_back(line.text);
    return out;
}

TEST_F(OfficeFiles, DocxParagraphsPagesFootnotesAndTitleStyle) {
    const std::string body =
        p(r("Les districts industriels"), "Titre") + p(r("Une longue introduction aux districts, systèmes et milieux."), "Titre1") +
        p(r("La notion de ") + r("compéti") + r("tivité") + "<w:r><w:footnoteReference w:id=\"1\"/></w:r>" +
          r(" territoriale") + "<w:r><w:tab/></w:r>" + r("reste floue.")) +
        // Tracked deletion, a field code and the fallback copy of a text box are not text.
        p(std::string("<w:del><w:r><w:delText>texte supprimé</w:delText></w:r></w:del>") +
          R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \h </w:instrText></w:r>)" +
          r("Le milieu innovateur ") +
          R"(<mc:AlternateContent><mc:Choice><w:r><w:t>encadré</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>encadré</w:t></w:r></mc:Fallback></mc:AlternateContent>)") +
        // Word last broke the page in the middle of this paragraph.
        p(r("Une phrase commencée sur une page ") + "<w:r><w:lastRenderedPageBreak/><w:t>et finie sur la suivante.</w:t></w:r>") +
        // A forced break, then the same break as Word rendered it: one page.
        p("<w:r><w:br w:type=\"page\"/></w:r>") + p("<w:r><w:lastRenderedPageBreak/><w:t>Troisième page.</w:t></w:r>");
    const std::string path = zip("rapport.docx", {{"[Content_Types].xml", "<Types/>"},
                                                  {"word/document.xml", docx_document(body)},
                                                  {"word/footnotes.xml", kFootnotes},
                                                  {"docProps/core.xml", kCore}});
    const RawDocument doc = extract_file(path);
    EXPECT_EQ(doc.format, "docx");
    EXPECT_EQ(doc.title.value, "Les districts industriels");  // the Word placeholder title is refused
    EXPECT_EQ(doc.title.source, "docx-title-style");
    EXPECT_EQ(doc.authors.value, "Marie Dupont");
    EXPECT_EQ(doc.date.value, "");  // a file's creation date is not the work's
    ASSERT_EQ(doc.pages.size(), 3u);
    EXPECT_EQ(doc.pages[0].label, "1");
    EXPECT_EQ(lines_of(doc.pages[0], false),
              (std::vector<std::string>{"Les districts industriels", "Une longue introduction aux districts, systèmes et milieux.",
                                        "La notion de compétitivité territoriale reste floue.",
                                        "Le milieu innovateur encadré", "Une phrase commencée sur une page"}));
    EXPECT_EQ(lines_of(doc.pages[0], true), (std::vector<std::string>{"1 Voir Becattini (1979) sur le district marshallien."}));
    // Word's heading styles (localised ids) mark headings, whatever their words.
    EXPECT_EQ(headings_of(doc.pages[0]),
              (std::vector<std::string>{"Les districts industriels", "Une longue introduction aux districts, systèmes et milieux."}));
    ASSERT_EQ(doc.pages[1].lines.size(), 1u);
    EXPECT_EQ(doc.pages[1].lines[0].text, "et finie sur la suivante.");
    EXPECT_FALSE(doc.pages[1].lines[0].starts_paragraph);
    EXPECT_EQ(lines_of(doc.pages[2], false), (std::vector<std::string>{"Troisième page."}));
}

TEST_F(OfficeFiles, DocxThroughThePipelineIsSearchableByPageAndKind) {
    const std::string body = p(r("Les pôles de compétitivité et les clusters régionaux forment un objet d’étude."));
    const std::string path = zip("court.docx", {{"[Content_Types].xml", "<Types/>"},
                                                {"word/document.xml", docx_document(body + p("<w:r><w:footnoteReference w:id=\"1\"/></w:r>"))},
                                                {"word/footnotes.xml", kFootnotes}});
    static const Analyzer analyzer;
    static const WordList words;
    const FileResult result = process_file(path, analyzer, words);
    ASSERT_TRUE(result.ok) << result.error;
    EXPECT_EQ(result.format, "docx");
    bool footnote = false, body_found = false;
    for (const auto& bytes : result.passage_documents) {
        const PassageData passage = read_passage(Xapian::Document::unserialise(bytes));
        if (passage.kind == "footnote") footnote = passage.text.find("Becattini") != std::string::npos;
        if (passage.text.find("compétitivité") != std::string::npos) body_found = passage.kind == "body" && passage.label == "1";
    }
    EXPECT_TRUE(footnote);
    EXPECT_TRUE(body_found);
}

// A Word table: each row one line of its cells joined by " | ", a passage
// of kind table; a table of one cell (a box) keeps its paragraphs.
TEST_F(OfficeFiles, DocxTableRowsAreReadAcrossTheirCells) {
    auto row = [](std::initializer_list<const char*> cells) {
        std::string tr = "<w:tr><w:trPr/>";
        for (const char* c : cells) tr += std::string("<w:tc><w:tcPr/>") + (*c ? p(r(c)) : "<w:p/>") + "</w:tc>";
        return tr + "</w:tr>";
    };
    const std::string body = p(r("Les pôles de compétitivité labellisés en 2005 comptent des projets collaboratifs.")) +
                             "<w:tbl><w:tblPr/>" + row({"Pôle", "Région", "Projets"}) + row({"Minalogic", "Rhône-Alpes", "412"}) +
                             row({"Cap Digital", "", "287"}) + "</w:tbl>" +
                             "<w:tbl><w:tr><w:tc>" + p(r("Encadré 1 : la grappe Mecanic Vallée")) + p(r("Une grappe d’entreprises du Lot.")) +
                             "</w:tc></w:tr></w:tbl>";
    const std::string path = zip("tableau.docx", {{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", docx_document(body)}});
    const RawDocument doc = extract_file(path);
    ASSERT_EQ(doc.pages.size(), 1u);
    std::vector<std::string> rows;
    for (const auto& line : doc.pages[0].lines) rows.push_back(line.text + (line.table_row ? " [row]" : ""));
    EXPECT_EQ(rows, (std::vector<std::string>{"Les pôles de compétitivité labellisés en 2005 comptent des projets collaboratifs.",
                                              "Pôle | Région | Projets [row]", "Minalogic | Rhône-Alpes | 412 [row]",
                                              "Cap Digital | 287 [row]", "Encadré 1 : la grappe Mecanic Vallée",
                                              "Une grappe d’entreprises du Lot."}));
    static const Analyzer analyzer;
    static const WordList words;
    const FileResult result = process_file(path, analyzer, words);
    ASSERT_TRUE(result.ok) << result.error;
    bool table = false;
    for (const auto& bytes : result.passage_documents) {
        const PassageData passage = read_passage(Xapian::Document::unserialise(bytes));
        if (passage.text.find("Minalogic | Rhône-Alpes | 412") != std::string::npos) table = passage.kind == "table";
    }
    EXPECT_TRUE(table);
}

std::string odt_content(const std::string& text) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<office:automatic-styles><style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/></office:automatic-styles>
<office:body><office:text><text:sequence-decls><text:sequence-decl text:name="Figure"/></text:sequence-decls>)" +
           text + "</office:text></office:body></office:document-content>";
}

const char* kOdtMeta = R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<office:meta><meta:initial-creator>Torre, André</meta:initial-creator><dc:creator>secretariat</dc:creator></office:meta>
</office:document-meta>)";

TEST_F(OfficeFiles, OdtHeadingsNotesSoftPageBreaksAndMeta) {
    const std::string text =
        R"(<text:p text:style-name="P1">Proximités et <text:span>territoires</text:span></text:p>)"
        R"(<text:h text:outline-level="1">Introduction</text:h>)"
        R"(<text:p>La proximité<text:s text:c="3"/>géographique<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>)"
        R"(<text:note-body><text:p>Rallet et Torre (2004).</text:p></text:note-body></text:note> compte.)"
        R"(<office:annotation><text:p>à revoir</text:p></office:annotation></text:p>)"
        R"(<table:table><table:table-row><table:table-cell><text:p>Cellule</text:p></table:table-cell></table:table-row></table:table>)"
        R"(<table:table><table:table-row><table:table-cell><text:p>Grappe</text:p></table:table-cell>)"
        R"(<table:table-cell><text:p>Lot</text:p></table:table-cell></table:table-row></table:table>)"
        R"(<text:p>Avant la coupure <text:soft-page-break/>après la coupure.</text:p>)";
    const std::string path = zip("note.odt", {{"mimetype", "application/vnd.oasis.opendocument.text"},
                                              {"content.xml", odt_content(text)},
                                              {"meta.xml", kOdtMeta}});
    const RawDocument doc = extract_file(path);
    EXPECT_EQ(doc.format, "odt");
    EXPECT_EQ(doc.title.value, "Proximités et territoires");
    EXPECT_EQ(doc.title.source, "odt-title-style");
    EXPECT_EQ(doc.authors.value, "Torre, André");  // the initial creator, not the last to save it
    ASSERT_EQ(doc.pages.size(), 2u);
    EXPECT_EQ(lines_of(doc.pages[0], false),
              (std::vector<std::string>{"Proximités et territoires", "Introduction", "La proximité géographique compte.",
                                        "Cellule", "Grappe | Lot", "Avant la coupure"}));
    EXPECT_EQ(lines_of(doc.pages[0], true), (std::vector<std::string>{"1 Rallet et Torre (2004)."}));
    EXPECT_EQ(headings_of(doc.pages[0]), (std::vector<std::string>{"Proximités et territoires", "Introduction"}));
    ASSERT_EQ(doc.pages[1].lines.size(), 1u);
    EXPECT_EQ(doc.pages[1].lines[0].text, "après la coupure.");
    EXPECT_FALSE(doc.pages[1].lines[0].starts_paragraph);
}

TEST_F(OfficeFiles, OdtOfAnotherKindIsRefused) {
    const std::string path = zip("tableur.odt", {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                                                 {"content.xml", odt_content("")}});
    EXPECT_THROW(
        {
            try {
                (void)extract_file(path);
            } catch (const ExtractionError& e) {
                EXPECT_STREQ(e.what(), "not an OpenDocument text: its mimetype is application/vnd.oasis.opendocument.spreadsheet");
                throw;
            }
        },
        ExtractionError);
}

std::string xhtml(const std::string& title, const std::string& body) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>" +
           title + "</title></head><body>" + body + "</body></html>";
}

TEST_F(OfficeFiles, EpubChaptersInSpineOrderWithPackageMetadata) {
    const char* container = R"(<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>)";
    const char* opf = R"(<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Les écosystèmes d’affaires</dc:title>
<dc:creator>Moore, James F.</dc:creator><dc:creator>Petit, Anne</dc:creator><dc:date>1996-05-01</dc:date><dc:language>fr</dc:language></metadata>
<manifest><item id="c2" href="text/chap%202.xhtml" media-type="application/xhtml+xml"/>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="c1" href="text/chap1.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>)";
    const std::string path =
        zip("livre.epub", {{"mimetype", "application/epub+zip"},
                           {"META-INF/container.xml", container},
                           {"OEBPS/content.opf", opf},
                           {"OEBPS/nav.xhtml", xhtml("Sommaire", "<nav><ol><li>Chapitre 1</li></ol></nav>")},
                           {"OEBPS/text/chap1.xhtml", xhtml("Un", "<h1>Chapitre premier</h1><p>La coévolution des firmes.</p>")},
                           {"OEBPS/text/chap 2.xhtml", xhtml("Deux", "<p>Le leader de l’écosystème.</p>")}});
    const RawDocument doc = extract_file(path);
    EXPECT_EQ(doc.format, "epub");
    EXPECT_EQ(doc.title.value, "Les écosystèmes d’affaires");
    EXPECT_EQ(doc.title.source, "epub-package");
    EXPECT_EQ(doc.authors.value, "Moore, James F.; Petit, Anne");
    EXPECT_EQ(doc.date.value, "1996-05-01");
    ASSERT_EQ(doc.pages.size(), 2u);
    EXPECT_EQ(doc.pages[0].label, "ch. 1");
    EXPECT_EQ(lines_of(doc.pages[0], false), (std::vector<std::string>{"Chapitre premier", "La coévolution des firmes."}));
    EXPECT_EQ(doc.pages[1].label, "ch. 2");
    EXPECT_EQ(lines_of(doc.pages[1], false), (std::vector<std::string>{"Le leader de l’écosystème."}));
}

// The reason process_file gives for a file it cannot read.
std::string failure_of(const std::string& path) {
    static const Analyzer analyzer;
    static const WordList words;
    const FileResult result = process_file(path, analyzer, words);
    EXPECT_FALSE(result.ok);
    return result.error;
}

TEST_F(OfficeFiles, BrokenAndHostileContainersAreReportedWithAReason) {
    EXPECT_EQ(failure_of(file("texte.docx", "Ceci n'est pas un document Word.\n")),
              "not a zip archive (Office and EPUB files are zip containers)");
    EXPECT_EQ(failure_of(file("vide.odt", "")), "empty file (0 bytes)");
    EXPECT_EQ(failure_of(file("ancien.docx", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'))),
              "encrypted or legacy binary file (OLE compound document), not a DOCX zip: remove the password or save it as DOCX");
    EXPECT_EQ(failure_of(zip("sans-corps.docx", {{"[Content_Types].xml", "<Types/>"}})), "no word/document.xml in the archive");

    const std::string laughs = R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>)"
                               R"(<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>)";
    EXPECT_EQ(failure_of(zip("rires.docx", {{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", laughs}})),
              "XML entity declarations in word/document.xml (refused: an entity bomb?)");

    const std::string broken = "<?xml version=\"1.0\"?>\n<office:document-content xmlns:office=\"o\">\n<office:body>\n</office:document-content>";
    const std::string error = failure_of(zip("casse.odt", {{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", broken}}));
    EXPECT_EQ(error.rfind("malformed XML in content.xml, line 4: ", 0), 0u) << error;

    const char* drm = R"(<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><EncryptedData>)"
                      R"(<CipherData><CipherReference URI="OEBPS/chap1.xhtml"/></CipherData></EncryptedData></encryption>)";
    EXPECT_EQ(failure_of(zip("verrou.epub", {{"mimetype", "application/epub+zip"}, {"META-INF/encryption.xml", drm}})),
              "encrypted (DRM): its chapters cannot be read");
}

TEST_F(OfficeFiles, MalformedPropertiesAreAWarningAndTheTextIsRead) {
    const std::string path = zip("proprietes.docx", {{"[Content_Types].xml", "<Types/>"},
                                                     {"word/document.xml", docx_document(p(r("Le texte reste lisible.")))},
                                                     {"docProps/core.xml", "<cp:coreProperties><dc:title>Sans fin"}});
    const RawDocument doc = extract_file(path);
    ASSERT_EQ(doc.pages.size(), 1u);
    EXPECT_EQ(lines_of(doc.pages[0], false), (std::vector<std::string>{"Le texte reste lisible."}));
    ASSERT_EQ(doc.warnings.size(), 1u);
    EXPECT_EQ(doc.warnings[0].rfind("malformed XML in docProps/core.xml", 0), 0u) << doc.warnings[0];
    EXPECT_NE(doc.warnings[0].find(": read without it"), std::string::npos) << doc.warnings[0];
}

TEST_F(OfficeFiles, ZipBombIsRefusedBeforeItFillsMemory) {
    // 80 MB of spaces inside a paragraph: a few hundred KB once deflated.
    const std::string inflated = docx_document("<w:p><w:r><w:t>" + std::string(80u << 20, ' ') + "</w:t></w:r></w:p>");
    const std::string path = zip("bombe.docx", {{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", inflated}});
    EXPECT_LT(fs::file_size(path), 1u << 20);
    EXPECT_EQ(failure_of(path), "zip bomb? word/document.xml expands past 64 MB (or the archive past 256 MB)");
}

TEST_F(OfficeFiles, ZipBombWithForgedSizesIsStillRefused) {
    // The same bomb, its headers rewritten to claim 1,000 bytes: the limit
    // holds on the bytes inflated, whatever the headers say.
    const std::string inflated = docx_document("<w:p><w:r><w:t>" + std::string(80u << 20, ' ') + "</w:t></w:r></w:p>");
    const std::string path = zip("menteuse.docx", {{"word/document.xml", inflated}});
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const auto patch_size = [&](const char* signature, size_t size_offset) {
        const size_t at = bytes.find(std::string(signature, 4));
        ASSERT_NE(at, std::string::npos);
        const char forged[4] = {static_cast<char>(0xE8), 0x03, 0, 0};  // 1000, little-endian
        bytes.replace(at + size_offset, 4, forged, 4);
    };
    patch_size("PK\x03\x04", 22);  // local header: uncompressed size
    patch_size("PK\x01\x02", 24);  // central directory: uncompressed size
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    const std::string error = failure_of(path);
    EXPECT_TRUE(error.rfind("zip bomb? word/document.xml", 0) == 0 || error.rfind("corrupt zip archive", 0) == 0) << error;
}

}  // namespace
}  // namespace grappe
