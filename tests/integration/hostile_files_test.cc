// Hostile files: one `grappe index` run over damaged copies of real PDFs
// (cut at random offsets, bytes overwritten at random), pathological PDFs
// built here (deep nesting, a reference cycle, a page count of a billion, a
// decompression bomb, a font program of garbage, an XMP packet and a font
// program of a gigabyte and a half), and damaged DOCX, ODT, EPUB, HTML and Markdown, with sound
// files among them. Each file is indexed or reported with its reason within
// the run's per-file time and memory budgets, the run completes, and the
// sound files are found. tools/bench-hostile runs the same over every PDF
// of ../shared/corpus-fr.
#include <gtest/gtest.h>
#include <zip.h>
#include <zlib.h>

#include <random>
#include <set>

#include "integration/run_grappe.h"
#include "mutations.h"
#include "pdf_file.h"

namespace grappe::testing {
namespace {

void write(const fs::path& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

// `size` bytes of spaces deflated (zlib format): what a FlateDecode stream
// holding them is, a few kilobytes per megabyte.
std::string deflated_spaces(std::size_t size) {
    z_stream z{};
    EXPECT_EQ(deflateInit(&z, 9), Z_OK);
    const std::string chunk(1 << 20, ' ');
    std::string out;
    std::vector<unsigned char> buffer(1 << 16);
    for (std::size_t fed = 0; fed < size;) {
        const std::size_t n = std::min(chunk.size(), size - fed);
        fed += n;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
        z.avail_in = static_cast<uInt>(n);
        const int flush = fed == size ? Z_FINISH : Z_NO_FLUSH;
        do {
            z.next_out = buffer.data();
            z.avail_out = static_cast<uInt>(buffer.size());
            deflate(&z, flush);
            out.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    return out;
}

const char* kFont = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
const char* kText = "BT /F1 12 Tf 72 720 Td (Les grappes d'entreprises et leurs territoires.) Tj ET";

std::string page(const std::string& contents_ref, const std::string& font_ref = "5 0 R") {
    return "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents " + contents_ref + " /Resources << /Font << /F1 " + font_ref +
           " >> >> >>";
}

// PDFs that break readers in the ways attackers and accidents do.
std::vector<std::pair<std::string, std::string>> pathological_pdfs() {
    std::vector<std::pair<std::string, std::string>> files;
    const std::string pages = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
    files.emplace_back("nesting.pdf", pdf_file({"<< /Type /Catalog /Pages 2 0 R /Deep " + std::string(100000, '[') + std::string(100000, ']') + " >>",
                                                pages, page("4 0 R"), pdf_stream("", kText), kFont}));
    files.emplace_back("cycle.pdf", pdf_file({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >>",
                                              page("4 0 R"), pdf_stream("", kText), kFont}));
    files.emplace_back("billion-pages.pdf", pdf_file({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>",
                                                      page("4 0 R"), pdf_stream("", kText), kFont}));
    // A content stream that inflates to 256 MB (of spaces: what a reader
    // must get through without keeping it).
    files.emplace_back("bomb.pdf", pdf_file({"<< /Type /Catalog /Pages 2 0 R >>", pages, page("[4 0 R 6 0 R]"),
                                             pdf_stream("/Filter /FlateDecode", deflated_spaces(std::size_t{256} << 20)), kFont,
                                             pdf_stream("", kText)}));
    // XMP that inflates to a gigabyte and a half: a reader that kept it
    // would be over its memory budget.
    const std::string gigabyte_and_half = deflated_spaces(std::size_t{1536} << 20);
    files.emplace_back("xmp-bomb.pdf", pdf_file({"<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R >>", pages, page("4 0 R"), pdf_stream("", kText),
                                                 kFont, pdf_stream("/Type /Metadata /Subtype /XML /Filter /FlateDecode", gigabyte_and_half)}));
    // The same as the embedded program of a Type 1 font three pages use:
    // Poppler reads a Type 1 program whole, on every page, for its encoding.
    files.emplace_back("font-bomb.pdf",
                       pdf_file({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 8 0 R 9 0 R] /Count 3 >>", page("4 0 R"),
                                 pdf_stream("", kText),
                                 "<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+Bomb /FirstChar 32 /LastChar 126 /FontDescriptor 6 0 R >>",
                                 "<< /Type /FontDescriptor /FontName /ABCDEF+Bomb /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
                                 "/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile 7 0 R >>",
                                 pdf_stream("/Filter /FlateDecode /Length1 100 /Length2 0 /Length3 0", gigabyte_and_half), page("10 0 R"),
                                 page("11 0 R"), pdf_stream("", "BT /F1 12 Tf 72 720 Td (Un district industriel italien.) Tj ET"),
                                 pdf_stream("", "BT /F1 12 Tf 72 720 Td (Un milieu innovateur jurassien.) Tj ET")}));
    std::mt19937 random(7);
    std::string garbage(20000, '\0');
    for (char& c : garbage) c = static_cast<char>(random());
    files.emplace_back("garbage-font.pdf",
                       pdf_file({"<< /Type /Catalog /Pages 2 0 R >>", pages, page("4 0 R"), pdf_stream("", kText),
                                 "<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Garbage /FirstChar 32 /LastChar 126 /FontDescriptor 6 0 R >>",
                                 "<< /Type /FontDescriptor /FontName /ABCDEF+Garbage /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
                                 "/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>",
                                 pdf_stream("/Length1 20000", garbage)}));
    return files;
}

// A zip of `members` written to `path` (the first stored, as ODT's and EPUB's mimetype must be).
void write_zip(const fs::path& path, const std::vector<std::pair<std::string, std::string>>& members) {
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(z, nullptr) << error;
    for (std::size_t i = 0; i < members.size(); ++i) {
        zip_source_t* source = zip_source_buffer(z, members[i].second.data(), members[i].second.size(), 0);
        const zip_int64_t index = zip_file_add(z, members[i].first.c_str(), source, ZIP_FL_ENC_UTF_8);
        if (i == 0) zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
    ASSERT_EQ(zip_close(z), 0);
}

const char* kSentence = "Les pôles de compétitivité rassemblent entreprises, laboratoires et centres de formation.";

void write_office_files(const fs::path& dir) {
    write_zip(dir / "sound.docx",
              {{"[Content_Types].xml", "<Types/>"},
               {"word/document.xml", std::string("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/"
                                                 "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>") +
                                         kSentence + "</w:t></w:r></w:p></w:body></w:document>"}});
    write_zip(dir / "sound.odt",
              {{"mimetype", "application/vnd.oasis.opendocument.text"},
               {"content.xml", std::string("<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:"
                                           "xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body>"
                                           "<office:text><text:p>") +
                                   kSentence + "</text:p></office:text></office:body></office:document-content>"}});
    write_zip(dir / "sound.epub",
              {{"mimetype", "application/epub+zip"},
               {"META-INF/container.xml", "<?xml version=\"1.0\"?><container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:"
                                          "container\"><rootfiles><rootfile full-path=\"c.opf\" media-type=\"application/oebps-package+xml\"/>"
                                          "</rootfiles></container>"},
               {"c.opf", "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata/><manifest>"
                         "<item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/></manifest><spine><itemref idref=\"a\"/>"
                         "</spine></package>"},
               {"a.xhtml", std::string("<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>a</title></head><body><p>") + kSentence +
                               "</p></body></html>"}});
    write(dir / "sound.html", std::string("<!DOCTYPE html><html><head><title>Pôles</title></head><body><article><h1>Pôles</h1><p>") +
                                  kSentence + "</p></article></body></html>");
    write(dir / "sound.md", std::string("---\ntitle: Pôles\n---\n\n# Pôles\n\n") + kSentence + "\n");
}

TEST(HostileFiles, EachDamagedOrPathologicalFileIsReportedOrReadAndTheRunCompletes) {
    const TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    fs::create_directories(corpus);
    std::mt19937 random(20261202);  // fixed: a failure can be run again
    std::size_t files = 0;
    // Real PDFs, the six smallest of ../shared/corpus-fr outside its faults/.
    std::vector<std::pair<std::uintmax_t, fs::path>> pdfs;
    if (fs::exists(shared_dir() / "corpus-fr"))
        for (const auto& e : fs::recursive_directory_iterator(shared_dir() / "corpus-fr"))
            if (e.path().extension() == ".pdf" && e.path().parent_path().filename() != "faults" && e.file_size() > 0)
                pdfs.emplace_back(e.file_size(), e.path());
    std::sort(pdfs.begin(), pdfs.end());
    pdfs.resize(std::min<std::size_t>(pdfs.size(), 6));
    for (const auto& [size, path] : pdfs) {
        const std::string bytes = slurp(path);
        const std::string stem = path.stem().string();
        for (int i = 0; i < 5; ++i, files += 2) {
            write(corpus / (stem + "-cut" + std::to_string(i) + ".pdf"), mutations::truncated(bytes, random));
            write(corpus / (stem + "-flip" + std::to_string(i) + ".pdf"), mutations::flipped(bytes, random));
        }
    }
    for (const auto& [name, bytes] : pathological_pdfs()) {
        write(corpus / name, bytes);
        ++files;
    }
    // Sound files of each other format, then damaged copies of each.
    const fs::path sound = dir.path() / "sound";
    fs::create_directories(sound);
    write_office_files(sound);
    for (const auto& e : fs::directory_iterator(sound)) {
        const std::string bytes = slurp(e.path());
        const std::string ext = e.path().extension().string();
        for (int i = 0; i < 3; ++i, files += 2) {
            write(corpus / ("cut" + std::to_string(i) + ext), mutations::truncated(bytes, random, 2));
            write(corpus / ("flip" + std::to_string(i) + ext), mutations::flipped(bytes, random, 12, 2));
        }
    }
    for (const auto& e : fs::directory_iterator(sound)) {
        fs::copy_file(e.path(), corpus / e.path().filename());
        ++files;
    }
    fs::copy_file(source_dir() / "corpus" / "sample" / "07-poles-competitivite-2005.pdf", corpus / "sound.pdf");
    ++files;

    const std::string db = dir / "db";
    const Outcome run = grappe({"index", "--db", db, "-j", "2", "--timeout", "30", "--memory-mb", "1024", "--format", "json", corpus.string()});
    ASSERT_TRUE(run.code == 0 || run.code == 1) << run.code << "\n" << run.err;
    const auto summary = json(run.out);
    ASSERT_TRUE(summary.IsObject()) << run.out << run.err;
    EXPECT_EQ(summary["indexed"].GetUint() + summary["failed"].GetUint(), files) << run.out;
    EXPECT_FALSE(summary["interrupted"].GetBool());
    std::set<std::string> failed;
    for (const auto& f : summary["failures"].GetArray()) {
        const std::string path = f["path"].GetString(), reason = f["reason"].GetString();
        failed.insert(fs::path(path).filename().string());
        std::cerr << fs::path(path).filename().string() << ": " << reason << "\n";  // what a user reads, in the test's log
        EXPECT_FALSE(reason.empty()) << path;
        EXPECT_EQ(reason.find("internal error"), std::string::npos) << path << ": " << reason;
    }
    // A bomb costs what it holds, never the document: its text is read.
    for (const char* name : {"bomb.pdf", "xmp-bomb.pdf", "font-bomb.pdf", "garbage-font.pdf", "nesting.pdf", "sound.pdf", "sound.docx", "sound.odt", "sound.epub", "sound.html", "sound.md"})
        EXPECT_EQ(failed.count(name), 0u) << name << " was lost among the hostile files";
    const Outcome found = grappe({"list", "--db", db, "--format", "json", "pôles de compétitivité"});
    ASSERT_EQ(found.code, 0) << found.err;
    std::set<std::string> listed;
    const auto documents = json(found.out);  // named: a loop over a temporary's member would outlive it
    for (const auto& d : documents["documents"].GetArray()) listed.insert(fs::path(d["path"].GetString()).filename().string());
    for (const char* name : {"sound.pdf", "sound.docx", "sound.odt", "sound.epub", "sound.html", "sound.md"})
        EXPECT_EQ(listed.count(name), 1u) << name << " cannot be found";
    const Outcome check = grappe({"check", "--db", db});
    EXPECT_EQ(check.code, 0) << check.out << check.err;
}

}  // namespace
}  // namespace grappe::testing
