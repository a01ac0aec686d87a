// Scanned PDFs and --ocr. The scans are made here: a page of our own sample
// corpus rendered by Poppler and wrapped in a PDF with no text layer (as a
// scanner writes it), beside a page with a text layer for mixed documents.
// Needs tesseract with the French model (`tools/setup --ocr`, which
// tools/test runs); skipped with that message where it is missing.
#include <gtest/gtest.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <memory>

#include "extract/ocr.h"
#include "integration/run_grappe.h"
#include "pdf_file.h"

namespace grappe::testing {
namespace {

const fs::path kSample = fs::path(GRAPPE_SOURCE_DIR) / "corpus" / "sample";

// A page of a PDF file: either a gray image filling it, or one line of
// Helvetica text.
struct PdfPage {
    int width = 595, height = 842;  // points (A4)
    int image_width = 0, image_height = 0;
    std::string gray;  // image_width * image_height bytes, or empty
    std::string text;  // ASCII, when there is no image
};

PdfPage rendered(const fs::path& pdf, int index, int dpi) {
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(pdf.string()));
    std::unique_ptr<poppler::page> page(doc->create_page(index));
    poppler::page_renderer renderer;
    renderer.set_image_format(poppler::image::format_gray8);
    renderer.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
    const poppler::image image = renderer.render_page(page.get(), dpi, dpi);
    PdfPage p;
    p.width = static_cast<int>(page->page_rect().width());
    p.height = static_cast<int>(page->page_rect().height());
    p.image_width = image.width();
    p.image_height = image.height();
    for (int y = 0; y < image.height(); ++y)
        p.gray.append(image.const_data() + static_cast<size_t>(y) * static_cast<size_t>(image.bytes_per_row()),
                      static_cast<size_t>(image.width()));
    return p;
}

// A valid PDF 1.4 with an exact cross-reference table.
void write_pdf(const fs::path& path, const std::vector<PdfPage>& pages) {
    // Objects: 1 catalog, 2 pages, 3 font, then per page: page, contents, image.
    std::vector<std::string> objects;
    std::string kids;
    for (size_t i = 0; i < pages.size(); ++i) kids += std::to_string(4 + 3 * i) + " 0 R ";
    objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
    objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>");
    objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    for (size_t i = 0; i < pages.size(); ++i) {
        const PdfPage& p = pages[i];
        const std::string w = std::to_string(p.width), h = std::to_string(p.height);
        objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + w + " " + h + "] /Resources << /Font << /F1 3 0 R >> " +
                          "/XObject << /Im0 " + std::to_string(6 + 3 * i) + " 0 R >> >> /Contents " + std::to_string(5 + 3 * i) + " 0 R >>");
        const std::string contents = p.gray.empty() ? "BT /F1 14 Tf 72 " + std::to_string(p.height - 100) + " Td (" + p.text + ") Tj ET"
                                                    : "q " + w + " 0 0 " + h + " 0 0 cm /Im0 Do Q";
        objects.push_back(pdf_stream("", contents));
        objects.push_back(pdf_stream("/Type /XObject /Subtype /Image /Width " + std::to_string(std::max(1, p.image_width)) + " /Height " +
                                         std::to_string(std::max(1, p.image_height)) + " /ColorSpace /DeviceGray /BitsPerComponent 8",
                                     p.gray.empty() ? std::string(1, '\xFF') : p.gray));
    }
    std::ofstream(path, std::ios::binary) << pdf_file(objects);
}

class Ocr : public ::testing::Test {
  protected:
    void SetUp() override {
        if (const std::string missing = ocr_unavailable("fra"); !missing.empty()) GTEST_SKIP() << missing;
    }
};

TEST_F(Ocr, AScannedPdfIsReportedWithoutOcrAndReadWithIt) {
    TempDir dir;
    fs::create_directories(dir.path() / "docs");
    write_pdf(dir.path() / "docs" / "scan.pdf", {rendered(kSample / "07-poles-competitivite-2005.pdf", 0, 200)});
    const std::string db = dir / "db";

    const Outcome plain = grappe({"index", "--db", db, "--format", "json", dir / "docs"});
    EXPECT_EQ(plain.code, 1) << plain.out << plain.err;
    EXPECT_NE(plain.out.find("no text layer on any page: scanned? index it with --ocr"), std::string::npos) << plain.out;

    const Outcome read = grappe({"index", "--db", db, "--ocr", dir / "docs"});
    EXPECT_EQ(read.code, 0) << read.out << read.err;
    EXPECT_NE(read.out.find("1 indexed"), std::string::npos) << read.out;
    EXPECT_NE(read.out.find("1 pages read by OCR (tesseract)."), std::string::npos) << read.out;

    // The recognised words are searchable, French rules included.
    const auto found = json(grappe({"search", "--db", db, "--format", "json", "\"pôles de compétitivité\""}).out);
    ASSERT_TRUE(found.IsObject());
    ASSERT_EQ(found["hits"].Size(), 1u);
    EXPECT_EQ(fs::path(found["hits"][0]["path"].GetString()).filename(), "scan.pdf");
    const auto record = json(grappe({"show", "--db", db, "--format", "json", std::to_string(found["hits"][0]["doc_id"].GetUint())}).out);
    ASSERT_TRUE(record["ocr_pages"].IsArray());
    ASSERT_EQ(record["ocr_pages"].Size(), 1u);
    EXPECT_EQ(record["ocr_pages"][0].GetUint(), 1u);
    const Outcome shown = grappe({"show", "--db", db, std::to_string(found["hits"][0]["doc_id"].GetUint())});
    EXPECT_NE(shown.out.find("OCR (tesseract) on page 1"), std::string::npos) << shown.out;
}

TEST_F(Ocr, AMixedPdfIsIndexedWithAWarningAndOcrCompletesItNextRun) {
    TempDir dir;
    fs::create_directories(dir.path() / "docs");
    PdfPage typed;
    typed.text = "Les districts industriels marshalliens";
    PdfPage blank;  // the white back of a chapter: nothing for tesseract
    blank.image_width = 400;
    blank.image_height = 566;
    blank.gray.assign(static_cast<size_t>(blank.image_width * blank.image_height), '\xFF');
    write_pdf(dir.path() / "docs" / "mixte.pdf", {typed, rendered(kSample / "02-districts-italiens-1989.pdf", 0, 200), blank});
    const std::string db = dir / "db";

    const Outcome plain = grappe({"index", "--db", db, dir / "docs"});
    EXPECT_EQ(plain.code, 0) << plain.out << plain.err;
    EXPECT_NE(plain.out.find("2 pages have no text layer (scans or images) and were not read: index again with --ocr"),
              std::string::npos) << plain.out;
    EXPECT_EQ(json(grappe({"search", "--db", db, "--format", "json", "marshalliens"}).out)["hits"].Size(), 1u);
    const std::string scanned_word = "Bagnasco";
    EXPECT_EQ(grappe({"search", "--db", db, scanned_word}).code, 1) << "page 2 is not read without --ocr";

    // Unchanged on disk, but its unread page makes --ocr read it again.
    const Outcome read = grappe({"index", "--db", db, "--ocr", dir / "docs"});
    EXPECT_EQ(read.code, 0) << read.out << read.err;
    EXPECT_NE(read.out.find("1 indexed, 0 unchanged"), std::string::npos) << read.out;
    EXPECT_NE(read.out.find("1 pages read by OCR (tesseract)."), std::string::npos) << read.out;  // not the blank one
    const auto found = json(grappe({"search", "--db", db, "--format", "json", scanned_word}).out);
    ASSERT_TRUE(found.IsObject());
    ASSERT_EQ(found["hits"].Size(), 1u);
    EXPECT_EQ(found["hits"][0]["page_index"].GetUint(), 2u);
    // And a third run has nothing left to do.
    EXPECT_NE(grappe({"index", "--db", db, "--ocr", dir / "docs"}).out.find("0 indexed, 1 unchanged"), std::string::npos);
}

TEST(OcrSetup, MissingLanguageModelIsAUsageErrorThatSaysWhatToInstall) {
    TempDir dir;
    const Outcome run = grappe({"index", "--db", dir / "db", "--ocr", "--ocr-lang", "xyz", dir.path().string()});
    EXPECT_EQ(run.code, 2);
    EXPECT_TRUE(run.err.find("tesseract has no 'xyz' model: install tesseract-ocr-xyz") != std::string::npos ||
                run.err.find("OCR needs the tesseract program: run tools/setup --ocr") != std::string::npos)
        << run.err;
}

}  // namespace
}  // namespace grappe::testing
