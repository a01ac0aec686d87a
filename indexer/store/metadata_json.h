// Metadata as JSON, shared by the record documents and the worker results.
// Private to grappe_index (RapidJSON stays inside it).
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "metadata/metadata.h"

namespace grappe {

// {"title": {"value": ..., "source": ...}, ..., "authors": {"value": [{"family", "given"}], "source": ...}}
// Empty fields are left out.
void write_metadata(rapidjson::Writer<rapidjson::StringBuffer>& w, const Metadata& m);
[[nodiscard]] Metadata read_metadata(const rapidjson::Value& v);

}  // namespace grappe
