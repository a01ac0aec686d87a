// Metadata, reference lists and page lists as JSON, shared by the record
// documents and the worker results.
// Private to grappe_index (RapidJSON stays inside it).
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <vector>

#include "cite/citations.h"
#include "metadata/metadata.h"

namespace grappe {

// {"title": {"value": ..., "source": ...}, ..., "authors": {"value": [{"family", "given"}], "source": ...}}
// Empty fields are left out.
void write_metadata(rapidjson::Writer<rapidjson::StringBuffer>& w, const Metadata& m);
[[nodiscard]] Metadata read_metadata(const rapidjson::Value& v);

// "references": [{"authors": [...], "year", "title"}] as a member of the
// object being written; read back from that object (missing: none).
void write_references(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::vector<Reference>& references);
[[nodiscard]] std::vector<Reference> read_references(const rapidjson::Value& object);

// "ocr_pages": [1, 4] as a member of the object being written; read back
// from that object (missing: none).
void write_ocr_pages(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::vector<std::uint32_t>& pages);
[[nodiscard]] std::vector<std::uint32_t> read_ocr_pages(const rapidjson::Value& object);

}  // namespace grappe
