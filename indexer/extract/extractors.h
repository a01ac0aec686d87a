// Extractors: a file on disk in, a RawDocument out (see raw_document.h).
// Each throws ExtractionError with a user-facing reason when the file cannot
// be read; anything else thrown is a bug, reported as such by the worker.
#pragma once

#include <string>

#include "extract/raw_document.h"

namespace grappe {

// What a run asks of the extractors beyond reading the file.
struct ExtractOptions {
    bool ocr = false;                  // recognise PDF pages without a text layer (ocr.h)
    std::string ocr_languages = "fra";  // tesseract's -l: "fra", "fra+eng"
    int ocr_dpi = 300;
};

enum class FileFormat { Pdf, Html, Text, Docx, Odt, Epub, Unsupported };

// By extension: .pdf, .html/.htm/.xhtml, .txt/.md/.markdown, .docx, .odt,
// .epub (case-insensitive).
[[nodiscard]] FileFormat format_of(const std::string& path);

[[nodiscard]] RawDocument extract_pdf(const std::string& path, const ExtractOptions& options = {});
[[nodiscard]] RawDocument extract_html(const std::string& path);
[[nodiscard]] RawDocument extract_text(const std::string& path);
// Office and EPUB files are zip containers of XML (office_extractors.cc).
[[nodiscard]] RawDocument extract_docx(const std::string& path);
[[nodiscard]] RawDocument extract_odt(const std::string& path);
[[nodiscard]] RawDocument extract_epub(const std::string& path);
[[nodiscard]] RawDocument extract_file(const std::string& path, const ExtractOptions& options = {});
// Makes what the readers share across files (Poppler's tables) before a
// first file needs it: the indexer calls it before forking its workers,
// which then share it instead of each making it again.
void prepare_extractors();

// The paragraphs of an HTML or XHTML text (already UTF-8) as one page; its
// <title> and <meta> tags are declared on `doc` (first statement wins).
[[nodiscard]] RawPage html_page(const std::string& html, RawDocument& doc);

// A Markdown file's text (UTF-8) as one page: its front matter declared on
// `doc`, its body read by cmark (markdown_extractor.cc). `file_name` may
// date a blog post ("2011-07-27-titre.md").
[[nodiscard]] RawPage markdown_page(const std::string& text, RawDocument& doc, const std::string& file_name);

// Reads a whole file; throws ExtractionError with the OS reason.
[[nodiscard]] std::string read_file(const std::string& path);

// Text of unknown encoding to UTF-8: valid UTF-8 (with or without BOM) is
// kept; anything else is identified with ICU's charset detector
// (Windows-1252, ISO-8859-1/15, UTF-16...) and converted. `detected` gets the
// encoding's name when a conversion happened.
[[nodiscard]] std::string to_utf8(const std::string& bytes, std::string* detected = nullptr);

}  // namespace grappe
